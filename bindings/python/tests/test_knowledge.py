"""The knowledge base from Python: a product's own documents added, searched with filters and
citations, updated without re-embedding what did not change, deleted, and cited by interview
practice in a workflow."""

from __future__ import annotations

import asyncio
import pathlib

import pytest

import careerkit
from conftest import SAMPLES, TestPeer

OWNER = "user-42"

ONBOARDING = """# Engineering onboarding at Acme

## Incident review
Every production incident gets a blameless review within five working days. The review names
the trigger, the detection gap and one follow-up owned by the on-call engineer.

## Code review
Pull requests need one approval from the owning team. Reviews focus on correctness and tests.
"""

BENEFITS = """# Benefits

## Parental leave
Acme offers twenty weeks of paid parental leave to every parent.
"""


def test_own_documents_are_searched_filtered_updated_and_deleted(tmp_path: pathlib.Path) -> None:
    async def scenario() -> None:
        kb = await careerkit.KnowledgeBase.open(tmp_path, seed_builtin=False)
        assert await kb.chunk_count() == 0
        report = await kb.upsert(
            [
                {"id": "onboarding.md", "text": ONBOARDING, "source": "handbook", "tags": ["engineering"]},
                {"id": "benefits.md", "text": BENEFITS, "source": "hr"},
            ]
        )
        assert report["documents_indexed"] == 2 and report["chunks_embedded"] == report["chunks"] > 0
        assert await kb.document_ids() == ["benefits.md", "onboarding.md"]

        hits = await kb.search("what happens after an outage in production", k=3)
        top = hits[0]
        assert top["citation"]["document"] == "onboarding.md", hits
        assert top["citation"]["heading_path"][-1] == "Incident review"
        assert "blameless" in top["text"] and top["source"] == "handbook"
        only_hr = await kb.search("what happens after an outage in production", k=3, sources=["hr"])
        assert only_hr and all(p["citation"]["document"] == "benefits.md" for p in only_hr)
        tagged = await kb.search("parental leave", k=3, tags=["engineering"])
        assert tagged and all(p["citation"]["document"] == "onboarding.md" for p in tagged)

        again = await kb.upsert([{"id": "benefits.md", "text": BENEFITS, "source": "hr"}])
        assert again["documents_unchanged"] == 1 and again["chunks_embedded"] == 0
        assert await kb.delete_documents(["benefits.md", "missing.md"]) == 1
        assert await kb.document_ids() == ["onboarding.md"]

        with pytest.raises(careerkit.InvalidInputError):
            await kb.upsert([{"text": "no id"}])  # type: ignore[typeddict-item]
        assert await kb.document_ids() == ["onboarding.md"]

    asyncio.run(scenario())


def test_reopening_keeps_the_index_and_a_workflow_cites_it(tmp_path: pathlib.Path, peer: TestPeer) -> None:
    kb = careerkit.sync.KnowledgeBase.open(tmp_path / "kb", seed_builtin=False)
    kb.upsert([{"id": "onboarding.md", "text": ONBOARDING}])
    reopened = careerkit.sync.KnowledgeBase.open(tmp_path / "kb", seed_builtin=False)
    assert reopened.document_ids() == ["onboarding.md"]
    assert reopened.search("blameless incident review", 1)[0]["source"] == "local"

    wf = careerkit.sync.Workflow.open(tmp_path / "sessions", "openai:scripted", base_url=peer.base_url, knowledge_base=kb)
    sid = wf.create_session(OWNER, "practice")["id"]
    wf.upload_resume(OWNER, sid, "resume.md", (SAMPLES / "resume_jordan_rivera.md").read_bytes())
    assert wf.run_due_jobs() == 1
    wf.submit_job(OWNER, sid, (SAMPLES / "jd_platform_engineer.txt").read_text())
    questions = wf.interview_questions(OWNER, sid, count=3)
    cited = {p["citation"]["document"] for q in questions for p in q["sources"]}
    assert cited == {"onboarding.md"}
