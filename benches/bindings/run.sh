#!/usr/bin/env bash
# Cost of crossing the binding boundary: the same parse + match work from Rust and from Python
# (careerkit.sync), in one run, release builds on both sides.
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
rust=$("$CARGO_TARGET_DIR/release/examples/parse_match_timing" "$ROUNDS")
py=$("$VENV/bin/python" benches/bindings/overhead.py "$ROUNDS")
echo "$rust"
echo "$py"
python3 - "$rust" "$py" <<'PY'
import sys
rust, py = (float(line.split("\t")[1].split()[0]) for line in sys.argv[1:3])
print(f"overhead\t{(py / rust - 1) * 100:+.1f}% (python over rust)")
PY
