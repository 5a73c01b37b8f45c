#!/usr/bin/env bash
# PDF -> text on the resume PDFs in ../shared/data/resumes/pdf: throughput (resumes/s) and
# quality (word F1 against poppler's reference text, share of labelled name/email/phone/link
# fields found intact) for careerkit, poppler `pdftotext` and pdfminer.six, side by side; the
# quality of pdf-extract's own plain text (careerkit's PDF text before its layout pass) too.
#
# Needs: poppler-utils (apt), pdfminer.six (pip). Run from the repository root:
#     benches/pdf_text/run.sh [ROUNDS]
# Each tool extracts every PDF ROUNDS times (default 20); one process per file for pdftotext
# (that is how it is used), one warm Python process for pdfminer, one Rust process for careerkit.
set -euo pipefail

ROUNDS="${1:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="$ROOT/../shared/data/resumes/pdf"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

cd "$ROOT"
cargo build --release -q -p careerkit-core --example pdf_text_bench
BENCH="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/pdf_text_bench"
FILES=("$DATA"/*.pdf)
N=${#FILES[@]}

echo "== throughput ($N PDFs x $ROUNDS rounds)"
"$BENCH" extract "$OUT/careerkit" "$ROUNDS"

mkdir -p "$OUT/pdftotext"
for f in "${FILES[@]}"; do
  pdftotext -enc UTF-8 "$f" "$OUT/pdftotext/$(basename "${f%.pdf}").txt"
done
start=$(date +%s.%N)
for _ in $(seq "$ROUNDS"); do
  for f in "${FILES[@]}"; do pdftotext -enc UTF-8 "$f" /dev/null; done
done
end=$(date +%s.%N)
python3 -c "n=$N*$ROUNDS; s=$end-$start; print(f'pdftotext\t{n/s:.1f} resumes/s\t({n} extractions in {s:.2f} s)')"

python3 - "$OUT/pdfminer" "$ROUNDS" "${FILES[@]}" <<'PY'
import os, sys, time
import logging
from pdfminer.high_level import extract_text
logging.disable(logging.WARNING)  # pdfminer warns about every font without a FontBBox
out, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
os.makedirs(out, exist_ok=True)
for f in files:
    with open(os.path.join(out, os.path.basename(f)[:-4] + ".txt"), "w") as fh:
        fh.write(extract_text(f))
start = time.perf_counter()
for _ in range(rounds):
    for f in files:
        extract_text(f)
s = time.perf_counter() - start
n = len(files) * rounds
print(f"pdfminer.six\t{n / s:.1f} resumes/s\t({n} extractions in {s:.2f} s)")
PY

"$BENCH" baseline "$OUT/pdf-extract"

echo "== quality (word F1 vs poppler's reference text; labelled fields intact)"
for tool in careerkit pdf-extract pdftotext pdfminer; do
  "$BENCH" score "$tool" "$OUT/$tool" | if [ "${VERBOSE:-0}" = 1 ]; then cat; else grep SUMMARY; fi
done
