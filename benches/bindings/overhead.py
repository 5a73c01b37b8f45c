"""The Python side of the binding-overhead benchmark: the same work as
crates/careerkit/examples/parse_match_timing.rs (parse every resume PDF, match it against the
sample job), through careerkit.sync, timed the same way."""

from __future__ import annotations

import pathlib
import sys
import time

import careerkit

ROOT = pathlib.Path(__file__).resolve().parents[2]
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
files = sorted((ROOT.parent / "shared" / "data" / "resumes" / "pdf").glob("*.pdf"))
blobs = [(f.name, f.read_bytes()) for f in files]
kit = careerkit.sync.Careerkit()
job = kit.parse_job((ROOT / "samples" / "jd_platform_engineer.txt").read_text())
start = time.perf_counter()
scored = 0.0
for _ in range(rounds):
    for name, data in blobs:
        resume = kit.parse_resume(data, name)
        scored += kit.analyze(resume, job)["score"]
per_resume = (time.perf_counter() - start) * 1e6 / (rounds * len(blobs))
print(f"python\t{per_resume:.1f} us per resume (parse + match)\t{len(blobs)} resumes x {rounds} rounds\tchecksum {scored:.1f}")
