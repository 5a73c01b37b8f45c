"""The session API end to end against the scripted model server: upload, parse job, JD,
analysis, an agent run that proposes a rewrite, the approval, the run's events and export."""

from __future__ import annotations

import asyncio
import pathlib
import threading
from typing import List, Tuple

import pytest

import careerkit
from careerkit.types import Event

from conftest import SAMPLES, TestPeer, mentoring_bullet, rewrite_steps

OWNER = "user-42"


async def _journey(data_dir: pathlib.Path, peer: TestPeer) -> None:
    wf = await careerkit.Workflow.open(data_dir, "openai:scripted", base_url=peer.base_url, api_key="test-key")
    session = await wf.create_session(OWNER, "Platform engineer at Acme")
    assert session["state"] == "draft"
    sid = session["id"]

    meta = await wf.upload_resume(OWNER, sid, "resume.md", (SAMPLES / "resume_jordan_rivera.md").read_bytes())
    assert meta["path"] == "originals/resume.md"
    assert await wf.run_due_jobs() == 1
    parsed = await wf.parsed_resume(OWNER, sid)
    assert parsed["profile"]["contact"]["emails"][0]["value"] == "jordan.rivera@example.com"

    job = await wf.submit_job(OWNER, sid, (SAMPLES / "jd_platform_engineer.txt").read_text())
    assert job["skills"]
    analysis = await wf.analyze(OWNER, sid)
    assert 0 <= analysis["score"] <= 100
    assert (await wf.session(OWNER, sid))["state"] == "gap_analyzed"

    bullet = mentoring_bullet(await wf.resume_document(OWNER, sid))
    new_text = "Mentored four engineers and ran the weekly architecture review for the backend team"
    peer.add_steps(rewrite_steps(bullet["id"], new_text))
    run_id = await wf.send_message(OWNER, sid, "Make the mentoring bullet stronger.")

    seen: List[Event] = []
    events = wf.run_events(OWNER, sid, run_id)
    async for event in events:
        seen.append(event)
        if event["type"] == "tool_call_proposed" and event["payload"]["name"] == "edit_resume":
            break
    proposed = seen[-1]
    assert proposed["type"] == "tool_call_proposed"
    assert all(e["run_id"] == run_id and e["session_id"] == sid for e in seen)

    # The proposal event is stored before the approval record: wait for the record.
    pending = await wf.pending_approvals(OWNER, run_id)
    while not pending:
        await asyncio.sleep(0.02)
        pending = await wf.pending_approvals(OWNER, run_id)
    assert [a["tool_name"] for a in pending] == ["edit_resume"]
    assert pending[0]["arguments"] == {"kind": "rewrite_bullet", "bullet_id": bullet["id"], "text": new_text}
    await wf.approve(OWNER, pending[0]["id"])

    # Resume after the last event seen, as an SSE client with Last-Event-ID would.
    async for event in wf.run_events(OWNER, sid, run_id, after=proposed["event_id"]):
        seen.append(event)
    types = [e["type"] for e in seen]
    assert types[0] == "run_started"
    assert types[-1] == "run_completed"
    assert "tool_call_approved" in types
    ids = [e["event_id"] for e in seen]
    assert ids == sorted(set(ids)), "events arrive once each, in order"
    assert await wf.pending_approvals(OWNER, run_id) == []

    assert mentoring_bullet(await wf.resume_document(OWNER, sid))["text"] == new_text
    assert (await wf.session(OWNER, sid))["state"] == "rewrite_applied"

    exported, pdf = await wf.export(OWNER, sid, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert exported["path"] == "exports/resume.pdf"
    assert (await wf.session(OWNER, sid))["state"] == "exported"
    paths = {f["path"] for f in await wf.files(OWNER, sid)}
    assert {"originals/resume.md", "exports/resume.pdf"} <= paths
    _, stored = await wf.read_file(OWNER, sid, "exports/resume.pdf")
    assert stored == pdf

    chat = [r for r in peer.requests() if r.get("path", "").endswith("/chat/completions")]
    assert len(chat) >= 3
    assert any(r["headers"].get("authorization") == "Bearer test-key" for r in chat)


def _analysed_sync(
    tmp_path: pathlib.Path, peer: TestPeer, title: str
) -> Tuple[careerkit.sync.Workflow, str]:
    """A synchronous workflow with one session analysed against the sample resume and job."""
    wf = careerkit.sync.Workflow.open(tmp_path, "openai:scripted", base_url=peer.base_url)
    sid = wf.create_session(OWNER, title)["id"]
    wf.upload_resume(OWNER, sid, "resume.md", (SAMPLES / "resume_jordan_rivera.md").read_bytes())
    wf.run_due_jobs()
    wf.submit_job(OWNER, sid, (SAMPLES / "jd_platform_engineer.txt").read_text())
    wf.analyze(OWNER, sid)
    return wf, sid


def test_the_whole_journey_with_an_approval(tmp_path: pathlib.Path, peer: TestPeer) -> None:
    asyncio.run(_journey(tmp_path, peer))


def test_an_illegal_transition_is_a_conflict_and_changes_nothing(tmp_path: pathlib.Path, peer: TestPeer) -> None:
    wf = careerkit.sync.Workflow.open(tmp_path, "openai:scripted", base_url=peer.base_url)
    sid = wf.create_session(OWNER, "draft only")["id"]
    with pytest.raises(careerkit.ConflictError, match="cannot move from draft to exported"):
        wf.export(OWNER, sid, "pdf")
    assert wf.session(OWNER, sid)["state"] == "draft"
    with pytest.raises(careerkit.NotFoundError):
        wf.session("someone-else", sid)
    with pytest.raises(careerkit.InvalidInputError):
        wf.session("../etc", sid)


def test_sync_events_iterate_to_the_end_and_close_stops_a_waiting_reader(
    tmp_path: pathlib.Path, peer: TestPeer
) -> None:
    wf, sid = _analysed_sync(tmp_path, peer, "sync")
    bullet = mentoring_bullet(wf.resume_document(OWNER, sid))
    peer.add_steps(rewrite_steps(bullet["id"], bullet["text"] + " weekly"))
    run_id = wf.send_message(OWNER, sid, "Tighten the mentoring bullet.")

    events = wf.run_events(OWNER, sid, run_id)
    for event in events:
        if event["type"] == "tool_call_proposed" and event["payload"]["name"] == "edit_resume":
            break
    # The run now waits for a decision: a reader would wait forever; close() releases it.
    threading.Timer(0.2, events.close).start()
    assert events.next_event() is None
    assert list(events) == []

    approval = wf.pending_approvals(OWNER, run_id)[0]
    wf.reject(OWNER, approval["id"])
    types = [e["type"] for e in wf.run_events(OWNER, sid, run_id)]
    assert "tool_call_rejected" in types and types[-1] == "run_completed"
    assert mentoring_bullet(wf.resume_document(OWNER, sid))["text"] == bullet["text"]


def test_a_requested_edit_of_a_picked_bullet_forces_the_edit_tool(
    tmp_path: pathlib.Path, peer: TestPeer
) -> None:
    wf, sid = _analysed_sync(tmp_path, peer, "suggest an edit")
    bullet = mentoring_bullet(wf.resume_document(OWNER, sid))
    new_text = "Mentored four engineers through weekly design reviews"
    edit = {"kind": "rewrite_bullet", "bullet_id": bullet["id"], "text": new_text}
    peer.add_steps([{"answer": {"tool_calls": [{"name": "edit_resume", "arguments": edit}]}}])
    before = len(peer.requests())
    run_id = wf.send_message(OWNER, sid, "Improve this bullet.", propose_edit=True, bullet_id=bullet["id"])

    for event in wf.run_events(OWNER, sid, run_id):
        if event["type"] == "tool_call_proposed":
            assert event["payload"]["origin"] == "model"
            break
    sent = [r["body"] for r in peer.requests()[before:] if r["path"].endswith("/chat/completions")]
    assert sent[0]["tool_choice"] == {"type": "function", "function": {"name": "edit_resume"}}
    tool = next(t for t in sent[0]["tools"] if t["function"]["name"] == "edit_resume")
    assert tool["function"]["parameters"]["properties"]["bullet_id"] == {"const": bullet["id"]}
    approval = wf.pending_approvals(OWNER, run_id)[0]
    assert approval["arguments"] == edit
    wf.approve(OWNER, approval["id"])
    with pytest.raises(careerkit.InvalidInputError):
        wf.send_message(OWNER, sid, "Improve it.", propose_edit=True, bullet_id="no-such-bullet")


def test_a_chat_turn_streams_its_answer(tmp_path: pathlib.Path, peer: TestPeer) -> None:
    async def chat() -> None:
        wf = await careerkit.Workflow.open(tmp_path, "openai:scripted", base_url=peer.base_url)
        sid = (await wf.create_session(OWNER, "chat"))["id"]
        await wf.upload_resume(OWNER, sid, "resume.md", (SAMPLES / "resume_jordan_rivera.md").read_bytes())
        await wf.run_due_jobs()
        answer = "Lead with the Terraform migration; it is what the job asks for first."
        peer.add_steps([{"answer": {"text": answer}, "chunk_bytes": 6}])
        run_id = await wf.chat(OWNER, sid, "What should I lead with?")
        deltas = []
        async for event in wf.run_events(OWNER, sid, run_id):
            if event["type"] == "assistant_delta":
                deltas.append(event["payload"]["text"])
            last = event
        assert len(deltas) > 3 and "".join(deltas) == answer
        assert last["type"] == "run_completed"
        assert (await wf.session(OWNER, sid))["state"] == "resume_uploaded"

    asyncio.run(chat())


def test_a_cover_letter_quotes_the_resume_and_exports_beside_it(tmp_path: pathlib.Path, peer: TestPeer) -> None:
    async def letter() -> None:
        wf = await careerkit.Workflow.open(tmp_path, "openai:scripted", base_url=peer.base_url)
        sid = (await wf.create_session(OWNER, "letter"))["id"]
        with pytest.raises(careerkit.ConflictError):
            await wf.cover_letter(OWNER, sid)
        await wf.upload_resume(OWNER, sid, "resume.md", (SAMPLES / "resume_jordan_rivera.md").read_bytes())
        await wf.run_due_jobs()
        await wf.submit_job(OWNER, sid, (SAMPLES / "jd_platform_engineer.txt").read_text())
        written = await wf.cover_letter(OWNER, sid, tone="warm", length="short")
        assert written["closing"] == "Warm regards,"
        assert len(written["evidence"]) == 1
        quoted = written["evidence"][0]["bullet"]
        assert quoted[1:] in "\n".join(written["paragraphs"])
        with pytest.raises(careerkit.InvalidInputError):
            await wf.cover_letter(OWNER, sid, tone="sarcastic")
        meta, data = await wf.export_cover_letter(OWNER, sid, "docx")
        assert meta["path"] == "exports/cover-letter.docx"
        assert data.startswith(b"PK")
        assert (await wf.session(OWNER, sid))["state"] == "jd_provided"

    asyncio.run(letter())


def test_interview_practice_cites_the_knowledge_base(
    tmp_path: pathlib.Path, peer: TestPeer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The knowledge base lives under CAREERKIT_DATA_DIR and is seeded on first open.
    monkeypatch.setenv("CAREERKIT_DATA_DIR", str(tmp_path / "data"))

    async def practice() -> None:
        wf = await careerkit.Workflow.open(
            tmp_path / "sessions", "openai:scripted", base_url=peer.base_url, knowledge_base=True
        )
        sid = (await wf.create_session(OWNER, "practice"))["id"]
        await wf.upload_resume(OWNER, sid, "resume.md", (SAMPLES / "resume_jordan_rivera.md").read_bytes())
        assert await wf.run_due_jobs() == 1
        await wf.submit_job(OWNER, sid, (SAMPLES / "jd_platform_engineer.txt").read_text())

        questions = await wf.interview_questions(OWNER, sid, count=5, round="behavioural")
        assert len(questions) == 5
        assert len({q["text"] for q in questions}) == 5
        assert all(q["sources"] and q["sources"][0]["citation"]["document"].endswith(".md") for q in questions)
        assert any(q["kind"] == "behavioural" for q in questions)

        # A timed transcript: pace comes from the timestamps; the missing result is cited.
        report = await wf.answer_feedback(
            OWNER,
            sid,
            "Tell me about a time you improved a process",
            [
                {"start_s": 0.0, "end_s": 6.0, "text": "At my last job deploys failed every week."},
                {"start_s": 9.5, "end_s": 16.0, "text": "I rewrote the pipeline and added canary releases."},
            ],
        )
        assert report["delivery"]["words_per_minute"] > 0
        assert report["delivery"]["long_pauses"]
        result = next(r for r in report["recommendations"] if r["part"] == "result")
        assert any(p["citation"]["document"] == "star-method.md" for p in result["sources"])

        with pytest.raises(careerkit.InvalidInputError):
            await wf.answer_feedback(OWNER, sid, "Why this role?", "   ")

    asyncio.run(practice())
