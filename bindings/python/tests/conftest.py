"""Shared fixtures: the engine, the fictional samples, and an HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.server
import pathlib
import threading
from typing import Iterator

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
