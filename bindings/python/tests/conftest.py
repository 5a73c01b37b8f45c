"""Shared fixtures: the engine, the fictional samples, an HTTP server on 127.0.0.1 and the
scripted model server (careerkit-testpeer)."""

from __future__ import annotations

import http.server
import json
import os
import pathlib
import subprocess
import threading
import urllib.request
from typing import Any, Dict, Iterator, List

import pytest

import careerkit

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def kit() -> careerkit.Careerkit:
    return careerkit.Careerkit()


@pytest.fixture(scope="session")
def sync_kit() -> careerkit.sync.Careerkit:
    return careerkit.sync.Careerkit()


class _JobPages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/job":
            body = (
                b"<html><body><nav>Menu</nav><main><h1>Data Engineer</h1>"
                b"<ul><li>Python</li><li>Airflow</li></ul></main></body></html>"
            )
            self.send_response(200)
        else:
            body = b"gone"
            self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def job_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _JobPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class TestPeer:
    """The scripted OpenAI-compatible server (crates/careerkit-testpeer) in a child process."""

    __test__ = False  # a fixture, not a test class for pytest to collect

    def __init__(self) -> None:
        binary = os.environ.get("CAREERKIT_TESTPEER") or str(
            pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug" / "careerkit-testpeer"
        )
        if not os.path.exists(binary):
            pytest.fail(f"careerkit-testpeer not found at {binary}: run `cargo build -p careerkit-testpeer` (scripts/test does)")
        self.process = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.process.kill()
            pytest.fail(f"careerkit-testpeer did not start: {line!r}")
        self.base_url = line.removeprefix("listening on ")
        self.root = self.base_url.removesuffix("/v1")

    def add_steps(self, steps: List[Dict[str, Any]]) -> None:
        """Append scripted answers, taken by the next chat requests in order."""
        request = urllib.request.Request(
            f"{self.root}/_peer/steps",
            data=json.dumps(steps).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 200

    def requests(self) -> List[Dict[str, Any]]:
        """The requests the peer received so far."""
        with urllib.request.urlopen(f"{self.root}/_peer/requests") as response:
            return json.loads(response.read())  # type: ignore[no-any-return]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def peer() -> Iterator[TestPeer]:
    server = TestPeer()
    yield server
    server.stop()


def rewrite_steps(bullet_id: str, text: str) -> List[Dict[str, Any]]:
    """The scripted agent turn: read the gaps, propose a bullet rewrite (edit_resume), then answer."""
    return [
        {"answer": {"tool_calls": [{"name": "get_gaps", "arguments": {}}]}},
        {"answer": {"tool_calls": [{"name": "edit_resume", "arguments": {"kind": "rewrite_bullet", "bullet_id": bullet_id, "text": text}}]}},
        {"answer": {"text": "I rewrote the mentoring bullet to lead with ownership."}},
    ]


def mentoring_bullet(document: Dict[str, Any]) -> Dict[str, Any]:
    """The sample resume's 'Mentored four engineers...' bullet in a resume document."""
    for section in document["sections"]:
        for entry in section["entries"]:
            for bullet in entry["bullets"]:
                if bullet["text"].startswith("Mentored"):
                    return bullet  # type: ignore[no-any-return]
    raise AssertionError("no mentoring bullet in the document")
