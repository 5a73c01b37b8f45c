"""The Python examples in examples/python run and print what they promise."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_match_resume_example_prints_the_score_and_suggestions() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "match_resume.py")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    first = result.stdout.splitlines()[0]
    assert first.startswith("Jordan Rivera: ") and first.endswith(" / 100"), result.stdout
    assert "Required skills" in result.stdout


def test_match_resume_example_reports_bad_input_as_one_line(tmp_path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "match_resume.py"), str(empty), str(empty)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "careerkit: unsupported format: empty file"
