"""The engine's coroutines and its synchronous facade on the fictional samples."""

from __future__ import annotations

import asyncio
import json

import careerkit
from conftest import SAMPLES


def test_read_text_and_skills_from_the_sample_resume(kit: careerkit.Careerkit) -> None:
    data = (SAMPLES / "resume_jordan_rivera.md").read_bytes()

    async def run() -> tuple:
        text = await kit.read_text(data, "resume.md")
        skills = await kit.extract_skills(text["text"])
        return text, skills

    text, skills = asyncio.run(run())
    assert text["format"] == "markdown"
    assert "jordan.rivera@example.com" in text["text"]
    names = {s["name"] for s in skills}
    assert {"Python", "Go", "PostgreSQL", "Terraform"} <= names
    first = skills[0]
    assert text["text"][first["start"] : first["end"]] == first["text"]
    json.dumps(skills)  # plain data, ready for FastAPI


def test_coroutines_run_concurrently_off_the_event_loop(kit: careerkit.Careerkit) -> None:
    data = (SAMPLES / "jd_platform_engineer.txt").read_bytes()

    async def run() -> list:
        return await asyncio.gather(*(kit.read_text(data, "jd.txt") for _ in range(8)))

    results = asyncio.run(run())
    assert len(results) == 8
    assert all(r["text"] == results[0]["text"] for r in results)


def test_export_renders_every_format(sync_kit: careerkit.sync.Careerkit) -> None:
    document: careerkit.ResumeDocument = {
        "name": "Jordan Rivera",
        "headline": "Backend Engineer",
        "contact": ["jordan.rivera@example.com"],
        "sections": [
            {
                "id": "experience",
                "kind": "experience",
                "title": "Experience",
                "entries": [
                    {
                        "id": "experience-0",
                        "title": "Senior Backend Engineer",
                        "subtitle": "Lumen Freight",
                        "meta": "Mar 2021 – Present",
                        "paragraphs": [],
                        "bullets": [{"id": "experience-0-b0", "text": "Cut AWS spend by 28%"}],
                    }
                ],
            }
        ],
    }
    pdf = sync_kit.export(document, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert sync_kit.export(document, "docx").startswith(b"PK")
    assert "Cut AWS spend by 28%" in sync_kit.export(document, "md").decode()
    reread = sync_kit.read_text(pdf, "resume.pdf")
    assert "Lumen Freight" in reread["text"]


def test_fetch_job_over_loopback_http(kit: careerkit.Careerkit, job_server: str) -> None:
    page = asyncio.run(kit.fetch_job(f"{job_server}/job"))
    assert page["text"] == "Data Engineer\n- Python\n- Airflow"


def test_jobs_dedupe_and_funnel(sync_kit: careerkit.sync.Careerkit) -> None:
    postings: list = [
        {"id": "a", "title": "Backend Engineer", "company": "Acme GmbH", "url": "https://x.example/1?utm_source=a"},
        {"id": "b", "title": "Backend Engineer", "company": "Acme", "url": "https://x.example/1"},
        {"id": "c", "title": "Designer", "company": "Acme"},
    ]
    groups = sync_kit.dedupe_jobs(postings)
    assert [g["ids"] for g in groups] == [["a", "b"]]
    assert sync_kit.dedupe_jobs(postings, [("a", "b")]) == []
    funnel = sync_kit.application_funnel(
        [{"job_id": "a", "furthest_stage": "offer"}, {"job_id": "b", "furthest_stage": "applied"}]
    )
    assert [s["count"] for s in funnel["steps"]] == [2, 1, 1, 0]
    assert funnel["chart"]["mark"] == "bar"


def test_parse_resume_job_and_analyze(kit: careerkit.Careerkit) -> None:
    resume_bytes = (SAMPLES / "resume_jordan_rivera.md").read_bytes()
    jd_text = (SAMPLES / "jd_platform_engineer.txt").read_text()

    async def run() -> tuple:
        resume = await kit.parse_resume(resume_bytes, "resume.md")
        job = await kit.parse_job(jd_text)
        return resume, job, await kit.analyze(resume, job), await kit.ats_check(resume)

    resume, job, gap, ats = asyncio.run(run())
    email = resume["profile"]["contact"]["emails"][0]
    assert email["value"] == "jordan.rivera@example.com"
    assert email["provenance"]["confidence"] > 0.9
    span = email["provenance"]["span"]
    assert resume["text"]["text"][span["start"] : span["end"]] == email["value"]
    assert job["title"]["value"] == "Senior Platform Engineer"
    assert abs(gap["score"] - sum(f["points"] for f in gap["factors"])) < 0.01
    assert "Rust" in {s["name"] for s in gap["missing"]}
    assert gap["suggestions"][0]["gain"] > 0
    assert ats["passed"] <= len(ats["checks"])
    json.dumps(gap)


def test_rank_jobs_with_preferences(sync_kit: careerkit.sync.Careerkit) -> None:
    resume = sync_kit.parse_resume((SAMPLES / "resume_jordan_rivera.md").read_bytes(), "resume.md")
    platform = sync_kit.parse_job((SAMPLES / "jd_platform_engineer.txt").read_text())
    onsite = sync_kit.parse_job(
        "Data Analyst\nLocation: Berlin, Germany\nOn-site\nRequirements:\n- Excel and Tableau reporting"
        " for the finance team\n- Strong communication skills and SQL for ad-hoc analysis"
    )
    ranked = sync_kit.rank_jobs(resume, [("analyst", onsite), ("platform", platform)], {"remote": ["remote"]})
    assert [r["id"] for r in ranked] == ["platform", "analyst"]
    assert ranked[0]["preference_fit"] == 1.0
    assert ranked[1]["preference_fit"] == 0.5
    assert any("onsite" in u for u in ranked[1]["unmet"])
