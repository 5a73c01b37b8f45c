#!/usr/bin/env bash
# Embedding throughput, side by side: careerkit's BertEmbedder and sentence-transformers on
# the CPU, same weights (all-MiniLM-L6-v2), same 256 sentences (sentences.txt), 2 threads, one
# run each (best of 3 passes).
# Usage: benches/rag_embed/run.sh   (needs a venv with sentence-transformers; default
#        /root/.cache/careerkit/st-venv, override with ST_VENV; see scripts/make_reference_vectors.py)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CAREERKIT_MODELS_DIR="${CAREERKIT_MODELS_DIR:-$HOME/.cache/careerkit/models}"
THREADS="${THREADS:-2}"
BATCH="${BATCH:-16}"
ST_VENV="${ST_VENV:-$HOME/.cache/careerkit/st-venv}"
SENTENCES=benches/rag_embed/sentences.txt

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
cargo build --release --quiet -p careerkit-rag --example embed_throughput
RAYON_NUM_THREADS="$THREADS" "${CARGO_TARGET_DIR:-target}/release/examples/embed_throughput" "$SENTENCES" "$BATCH"
OMP_NUM_THREADS="$THREADS" "$ST_VENV/bin/python" benches/rag_embed/st_throughput.py \
  "$CAREERKIT_MODELS_DIR/all-MiniLM-L6-v2" "$SENTENCES" "$THREADS" "$BATCH"
