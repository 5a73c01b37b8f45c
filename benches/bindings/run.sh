#!/usr/bin/env bash
# Cost of crossing the binding boundary: the same parse + match work from Rust, from Python
# (careerkit.sync) and from Node (Promises), in one run, release builds on every side.
# Prints each pass and the overhead of each binding's best pass over Rust's best.
# Run from the repository root: benches/bindings/run.sh [ROUNDS]
set -euo pipefail
ROUNDS="${1:-20}"
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/careerkit/target}"
VENV="${CAREERKIT_VENV:-$HOME/.cache/careerkit/bench-venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet "maturin>=1.9,<2"
(cd bindings/python && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" maturin develop --quiet --locked --release)
cargo build --quiet --locked --release -p careerkit --example parse_match_timing
# The Node addon in release, loaded from bindings/node like the debug one the tests build.
cargo build --quiet --locked --release -p careerkit-node
cp bindings/node/careerkit.node /tmp/careerkit-node-debug.node 2>/dev/null || true
cp "$CARGO_TARGET_DIR/release/libcareerkit_node.so" bindings/node/careerkit.node
trap 'cp /tmp/careerkit-node-debug.node bindings/node/careerkit.node 2>/dev/null || true' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
# Three passes, the sides taking turns, so a burst of load hits every side alike; the best
# pass of each side is compared.
for pass in 1 2 3; do
  "$CARGO_TARGET_DIR/release/examples/parse_match_timing" "$ROUNDS"
  "$VENV/bin/python" benches/bindings/overhead.py "$ROUNDS"
  node benches/bindings/overhead.mjs "$ROUNDS"
done | tee /dev/stderr | python3 -c '
import sys
best = {}
for line in sys.stdin:
    side, took = line.split("\t")[:2]
    best[side] = min(best.get(side, float("inf")), float(took.split()[0]))
rust = best["rust"]
print("best of 3: " + ", ".join(f"{side} {us / 1000:.2f} ms" for side, us in best.items()))
py, node = (100 * (best[side] / rust - 1) for side in ("python", "node"))
print(f"overhead\tpython {py:+.1f}%\tnode {node:+.1f}% (over rust)")
'
