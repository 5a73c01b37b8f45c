#!/usr/bin/env bash
# Generates the Kotlin sources of careerkit from the built library (uniffi library mode) into
# kotlin/src/main/kotlin, which is not committed.
# Usage: bindings/swift/scripts/generate-kotlin.sh [path/to/libcareerkit_uniffi.so]
#   Without an argument it builds the library in debug first (cargo build -p careerkit-uniffi)
#   and uses $CARGO_TARGET_DIR/debug (default: target/ at the workspace root).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
lib="${1:-}"
if [ -z "$lib" ]; then
  (cd "$root" && cargo build -p careerkit-uniffi --locked)
  lib="$target_dir/debug/libcareerkit_uniffi.so"
fi
out="$here/kotlin/src/main/kotlin"
rm -rf "$out"
mkdir -p "$out"
# The bindgen binary is built from the same crate, so its uniffi version matches the library's.
(cd "$root" && cargo run -q -p careerkit-uniffi --locked --bin uniffi-bindgen -- \
  generate --library "$lib" --language kotlin --no-format --out-dir "$out")
echo "$out"
