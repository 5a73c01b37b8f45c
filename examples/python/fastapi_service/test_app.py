"""The example API end to end over real HTTP (uvicorn on a free port, httpx), with the model
played by careerkit-testpeer: resume upload, JD, analysis, a message whose run proposes a
rewrite, SSE events resumed with Last-Event-ID after the approval, files and PDF export."""

from __future__ import annotations

import json
import os
import pathlib
import socket
import subprocess
import sys
import threading
import urllib.request
from typing import Any, Dict, Iterator, List, Tuple

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from app import create_app

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLES = REPO / "samples"
USER = {"X-User-Id": "user-42"}


@pytest.fixture(scope="module")
def peer() -> Iterator[Tuple[str, str]]:
    """careerkit-testpeer on a free port: (its /v1 base URL, its control root)."""
    binary = os.environ.get("CAREERKIT_TESTPEER") or str(
        pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug" / "careerkit-testpeer"
    )
    if not os.path.exists(binary):
        pytest.fail(f"careerkit-testpeer not found at {binary}: run `cargo build -p careerkit-testpeer`")
    process = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line.startswith("listening on "), line
    base_url = line.removeprefix("listening on ")
    yield base_url, base_url.removesuffix("/v1")
    process.terminate()
    process.wait(timeout=10)


def add_steps(root: str, steps: List[Dict[str, Any]]) -> None:
    request = urllib.request.Request(
        f"{root}/_peer/steps", data=json.dumps(steps).encode(), headers={"Content-Type": "application/json"}
    )
    urllib.request.urlopen(request).close()


@pytest.fixture()
def server(tmp_path: pathlib.Path, peer: Tuple[str, str]) -> Iterator[str]:
    """The app under uvicorn in a thread, on a socket bound to a free port."""
    app = create_app(str(tmp_path), "openai:scripted", base_url=peer[0], api_key="test-key")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(200):
        if uv.started or started.wait(0.05):
            break
    assert uv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    uv.should_exit = True
    thread.join(timeout=10)


def read_events(response: httpx.Response, stop_at: str) -> List[Dict[str, Any]]:
    """SSE events from a streaming response until one of type ``stop_at`` (or the end)."""
    events: List[Dict[str, Any]] = []
    for line in response.iter_lines():
        if line.startswith("data: "):
            events.append(json.loads(line[len("data: ") :]))
            if events[-1]["type"] == stop_at:
                break
    return events


def mentoring_bullet(document: Dict[str, Any]) -> Dict[str, Any]:
    for section in document["sections"]:
        for entry in section["entries"]:
            for bullet in entry["bullets"]:
                if bullet["text"].startswith("Mentored"):
                    return bullet  # type: ignore[no-any-return]
    raise AssertionError("no mentoring bullet")


def test_tailoring_over_http_with_sse_and_an_approval(server: str, peer: Tuple[str, str], tmp_path: pathlib.Path) -> None:
    with httpx.Client(base_url=server, headers=USER, timeout=30) as http:
        sid = http.post("/sessions", json={"title": "Platform engineer"}).json()["id"]
        resume = (SAMPLES / "resume_jordan_rivera.md").read_bytes()
        uploaded = http.post(f"/sessions/{sid}/resume", files={"file": ("resume.md", resume, "text/markdown")})
        assert uploaded.status_code == 201, uploaded.text
        assert uploaded.json()["profile"]["contact"]["emails"][0]["value"] == "jordan.rivera@example.com"
        jd = http.post(f"/sessions/{sid}/jd", json={"text": (SAMPLES / "jd_platform_engineer.txt").read_text()})
        assert jd.status_code == 200 and jd.json()["skills"]
        assert 0 <= http.post(f"/sessions/{sid}/analysis").json()["score"] <= 100

        document = http.get(f"/sessions/{sid}/document").json()
        bullet = mentoring_bullet(document)
        text = "Mentored four engineers and ran the weekly architecture review for the backend team"
        add_steps(
            peer[1],
            [
                {
                    "answer": {
                        "tool_calls": [
                            {"name": "edit_resume", "arguments": {"kind": "rewrite_bullet", "bullet_id": bullet["id"], "text": text}}
                        ]
                    }
                },
                {"answer": {"text": "Done: the mentoring bullet now leads with ownership."}},
            ],
        )
        sent = http.post(f"/sessions/{sid}/messages", json={"message": "Strengthen the mentoring bullet."})
        assert sent.status_code == 202
        run_id = sent.json()["run_id"]
        events_url = f"/sessions/{sid}/runs/{run_id}/events"

        # Stream until the proposal, then disconnect (the run is waiting for a person).
        with http.stream("GET", events_url) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            first = read_events(response, "tool_call_proposed")
        assert first[0]["type"] == "run_started" and first[-1]["type"] == "tool_call_proposed"

        pending = http.get(f"/sessions/{sid}/runs/{run_id}/approvals").json()
        assert [a["tool_name"] for a in pending] == ["edit_resume"]
        assert http.post(f"/approvals/{pending[0]['id']}/approve").status_code == 204

        # Reconnect with Last-Event-ID: only the events after it, to the end of the run.
        with http.stream("GET", events_url, headers={"Last-Event-ID": str(first[-1]["event_id"])}) as response:
            rest = read_events(response, "run_completed")
        assert rest[0]["event_id"] > first[-1]["event_id"]
        assert "tool_call_approved" in [e["type"] for e in rest]
        assert rest[-1]["type"] == "run_completed"

        exported = http.post(f"/sessions/{sid}/export", json={"format": "pdf"})
        assert exported.status_code == 200
        assert exported.headers["content-type"] == "application/pdf"
        assert exported.content.startswith(b"%PDF-")
        paths = [f["path"] for f in http.get(f"/sessions/{sid}/files").json()]
        assert "exports/resume.pdf" in paths
        assert http.get(f"/sessions/{sid}/files/exports/resume.pdf").content == exported.content
        assert http.get(f"/sessions/{sid}").json()["state"] == "exported"


def test_errors_map_to_http_statuses(tmp_path: pathlib.Path, peer: Tuple[str, str]) -> None:
    with TestClient(create_app(str(tmp_path), "openai:scripted", base_url=peer[0])) as client:
        sid = client.post("/sessions", json={"title": "t"}, headers=USER).json()["id"]
        conflict = client.post(f"/sessions/{sid}/export", json={"format": "pdf"}, headers=USER)
        assert conflict.status_code == 409
        assert conflict.json()["error"] == "ConflictError"
        assert client.get(f"/sessions/{sid}", headers={"X-User-Id": "someone-else"}).status_code == 404
        bad = client.post(f"/sessions/{sid}/resume", files={"file": ("cv.pdf", b"\x89PNG\r\n\x1a\n0000", "application/pdf")}, headers=USER)
        assert bad.status_code == 415
        assert client.get(f"/sessions/{sid}").status_code == 422  # no X-User-Id


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
