"""The synchronous facade, for scripts and notebooks without an event loop.

Every call releases the GIL while the native work runs, so threads run in parallel.
"""

from __future__ import annotations

import json
from typing import List, Optional, Sequence, Tuple, cast

from . import _native
from .types import (
    Application,
    AtsReport,
    DuplicateGroup,
    ExtractedText,
    Funnel,
    GapAnalysis,
    JobDescription,
    JobPage,
    JobPosting,
    ParsedResume,
    Preferences,
    RankedJob,
    ResumeDocument,
    SkillMention,
)


class Careerkit:
    """The careerkit engine on its embedded defaults, with blocking methods."""

    def __init__(
        self,
        *,
        max_file_bytes: Optional[int] = None,
        max_pages: Optional[int] = None,
        parse_timeout_secs: Optional[float] = None,
    ) -> None:
        self._engine = _native.Engine(max_file_bytes, max_pages, parse_timeout_secs)

    def read_text(self, data: bytes, filename: Optional[str] = None) -> ExtractedText:
        """Extract the text of a resume or JD file (PDF, DOCX, TXT, Markdown)."""
        return cast(ExtractedText, json.loads(self._engine.read_text(data, filename)))

    def parse_resume(self, data: bytes, filename: Optional[str] = None) -> ParsedResume:
        """Read a resume file into its text and a profile whose fields carry provenance."""
        return cast(ParsedResume, json.loads(self._engine.parse_resume(data, filename)))

    def parse_job(self, text: str) -> JobDescription:
        """Analyse a job description: title, level, years, required and preferred skills, ..."""
        return cast(JobDescription, json.loads(self._engine.parse_job(text)))

    def analyze(self, resume: ParsedResume, job: JobDescription) -> GapAnalysis:
        """The explainable match score and gap analysis of a resume against a job."""
        return cast(GapAnalysis, json.loads(self._engine.analyze(json.dumps(resume), json.dumps(job))))

    def rank_jobs(
        self,
        resume: ParsedResume,
        jobs: Sequence[Tuple[str, JobDescription]],
        preferences: Optional[Preferences] = None,
    ) -> List[RankedJob]:
        """Jobs ranked for one person, best first; each unmet preference is explained."""
        raw = self._engine.rank_jobs(
            json.dumps(resume), json.dumps([list(j) for j in jobs]), json.dumps(preferences or {})
        )
        return cast(List[RankedJob], json.loads(raw))

    def ats_check(self, resume: ParsedResume) -> AtsReport:
        """ATS readiness checks on the resume itself."""
        return cast(AtsReport, json.loads(self._engine.ats_check(json.dumps(resume))))

    def extract_skills(self, text: str) -> List[SkillMention]:
        """Skill mentions in ``text`` with character offsets."""
        return cast(List[SkillMention], json.loads(self._engine.extract_skills(text)))

    def export(self, document: ResumeDocument, format: str) -> bytes:
        """Render a resume document as ``md``, ``html``, ``pdf`` or ``docx``."""
        return self._engine.export(json.dumps(document), format)

    def fetch_job(self, url: str, *, timeout_secs: float = 15.0) -> JobPage:
        """Fetch a job page and strip it to the job description's text."""
        return cast(JobPage, json.loads(_native.fetch_job(url, timeout_secs)))

    def dedupe_jobs(
        self,
        postings: Sequence[JobPosting],
        not_duplicates: Sequence[Tuple[str, str]] = (),
    ) -> List[DuplicateGroup]:
        """Groups of postings that are the same job."""
        raw = _native.dedupe_jobs(json.dumps(list(postings)), json.dumps([list(p) for p in not_duplicates]))
        return cast(List[DuplicateGroup], json.loads(raw))

    def application_funnel(self, applications: Sequence[Application]) -> Funnel:
        """The applied -> interview -> offer -> accepted funnel with a Vega-Lite chart."""
        return cast(Funnel, json.loads(_native.application_funnel(json.dumps(list(applications)))))
