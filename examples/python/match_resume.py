"""Score a resume against a job description with careerkit's asyncio API.

Run from the repository root after `scripts/test` (which builds the module into
~/.cache/careerkit/venv), or after `pip install ./bindings/python`:

    python examples/python/match_resume.py samples/resume_jordan_rivera.md samples/jd_platform_engineer.txt
"""

from __future__ import annotations

import asyncio
import pathlib
import sys

import careerkit


async def main(resume_path: str, jd_path: str) -> int:
    kit = careerkit.Careerkit()
    try:
        resume = await kit.parse_resume(pathlib.Path(resume_path).read_bytes(), pathlib.Path(resume_path).name)
        job = await kit.parse_job(pathlib.Path(jd_path).read_text())
    except careerkit.CareerkitError as err:
        print(f"careerkit: {err}", file=sys.stderr)
        return 1
    gap = await kit.analyze(resume, job)
    name = (resume["profile"]["contact"].get("name") or {}).get("value", "(unnamed)")
    print(f"{name}: {gap['score']:.1f} / 100")
    for factor in gap["factors"]:
        print(f"  {factor['label']:<22} {factor['points']:>5.1f} of {factor['weight']:>4.1f}  {factor['detail']}")
    for suggestion in gap["suggestions"][:3]:
        print(f"  {suggestion['message']}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:] or ["samples/resume_jordan_rivera.md", "samples/jd_platform_engineer.txt"]
    sys.exit(asyncio.run(main(*args)))
