#!/usr/bin/env bash
# Local model speed, careerkit (candle) vs llama.cpp (llama-cpp-python built from source for this
# CPU's generic build), same GGUF file, same prompt, 2 threads, in one run.
# Usage: benches/local_llm/run.sh [MODEL.gguf]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
models="${CAREERKIT_MODELS_DIR:-$HOME/.cache/careerkit/models}"
model="${1:-$models/SmolLM2-135M-Instruct.Q4_1.gguf}"
threads="${THREADS:-2}"
venv="${LLAMA_VENV:-$HOME/.cache/careerkit/llama-venv}"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -P -c 'import llama_cpp' 2>/dev/null; then
  python3 -m venv "$venv"
  # A portable CPU build (no GPU backends); GGML_NATIVE=OFF so it matches careerkit's portable build.
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
    "$venv/bin/pip" install --quiet llama-cpp-python
fi

(cd "$root" && cargo build --release -p careerkit-llm --example local_bench)
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/local_bench"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads=$threads"
export RAYON_NUM_THREADS="$threads"
# -P (Python 3.11+): do not put this directory on sys.path, or llama_cpp.py shadows the llama_cpp package.
"$venv/bin/python" -P "$here/llama_cpp.py" "$model" "$threads" "$here/prompt.txt"
"$bin" "$model"
"$bin" "$model" --no-requant
