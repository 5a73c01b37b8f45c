"""careerkit: an embeddable engine for career products.

Asyncio-first: every method of :class:`Careerkit` and :class:`Workflow` (sessions, agent runs
and their events, approvals, export) is a coroutine that runs the native work on a
worker thread with the GIL released, so an event loop (FastAPI, aiohttp) never blocks. Scripts
that have no event loop use :mod:`careerkit.sync`.

Results are plain, typed dicts (see :mod:`careerkit.types`), ready for ``json.dumps``, pydantic
and FastAPI responses. Errors are subclasses of :class:`CareerkitError`, one per error kind.
"""

from __future__ import annotations

import asyncio
from typing import List, Optional, Sequence, Tuple

from . import sync
from ._native import __version__
from .errors import (
    BudgetExceededError,
    CareerkitError,
    ConflictError,
    CorruptFileError,
    InternalError,
    InvalidInputError,
    LimitExceededError,
    NetworkError,
    NoTextLayerError,
    NotFoundError,
    OperationCancelledError,
    ParseTimeoutError,
    PasswordProtectedError,
    PermissionDeniedError,
    ProviderError,
    RateLimitedError,
    StorageError,
    UnsupportedFormatError,
)
from .types import (
    Application,
    Approval,
    AtsReport,
    CoverLetter,
    Citation,
    DuplicateGroup,
    Event,
    ExtractedText,
    FeedbackReport,
    FileMeta,
    Funnel,
    GapAnalysis,
    JobDescription,
    JobPage,
    JobPosting,
    ParsedResume,
    Passage,
    Preferences,
    QuestionPlan,
    RankedJob,
    ResumeDocument,
    RunStatus,
    Segment,
    Session,
    SkillMention,
    SourceDocument,
    UpsertReport,
)
from .knowledge import KnowledgeBase
from .workflow import RunEvents, Workflow

__all__ = [
    "KnowledgeBase",
    "SourceDocument",
    "UpsertReport",
    "Citation",
    "CoverLetter",
    "FeedbackReport",
    "Passage",
    "QuestionPlan",
    "Segment",
    "Careerkit",
    "Workflow",
    "RunEvents",
    "Approval",
    "Event",
    "FileMeta",
    "RunStatus",
    "Session",
    "BudgetExceededError",
    "ConflictError",
    "OperationCancelledError",
    "PermissionDeniedError",
    "ProviderError",
    "RateLimitedError",
    "StorageError",
    "sync",
    "__version__",
    "CareerkitError",
    "CorruptFileError",
    "InternalError",
    "InvalidInputError",
    "LimitExceededError",
    "NetworkError",
    "NoTextLayerError",
    "NotFoundError",
    "ParseTimeoutError",
    "PasswordProtectedError",
    "UnsupportedFormatError",
    "Application",
    "AtsReport",
    "GapAnalysis",
    "JobDescription",
    "ParsedResume",
    "Preferences",
    "RankedJob",
    "DuplicateGroup",
    "ExtractedText",
    "Funnel",
    "JobPage",
    "JobPosting",
    "ResumeDocument",
    "SkillMention",
]


class Careerkit:
    """The careerkit engine on its embedded defaults, with asyncio coroutines.

    Create one per process and share it: it is thread-safe and holds the skill automaton.
    """

    def __init__(
        self,
        *,
        max_file_bytes: Optional[int] = None,
        max_pages: Optional[int] = None,
        parse_timeout_secs: Optional[float] = None,
    ) -> None:
        self._sync = sync.Careerkit(
            max_file_bytes=max_file_bytes,
            max_pages=max_pages,
            parse_timeout_secs=parse_timeout_secs,
        )

    async def read_text(self, data: bytes, filename: Optional[str] = None) -> ExtractedText:
        """Extract the text of a resume or JD file (PDF, DOCX, TXT, Markdown)."""
        return await asyncio.to_thread(self._sync.read_text, data, filename)

    async def parse_resume(self, data: bytes, filename: Optional[str] = None) -> ParsedResume:
        """Read a resume file into its text and a profile whose fields carry provenance."""
        return await asyncio.to_thread(self._sync.parse_resume, data, filename)

    async def parse_job(self, text: str) -> JobDescription:
        """Analyse a job description: title, level, years, required and preferred skills, ..."""
        return await asyncio.to_thread(self._sync.parse_job, text)

    async def analyze(self, resume: ParsedResume, job: JobDescription) -> GapAnalysis:
        """The explainable match score and gap analysis of a resume against a job."""
        return await asyncio.to_thread(self._sync.analyze, resume, job)

    async def rank_jobs(
        self,
        resume: ParsedResume,
        jobs: Sequence[Tuple[str, JobDescription]],
        preferences: Optional[Preferences] = None,
    ) -> List[RankedJob]:
        """Jobs ranked for one person, best first; each unmet preference is explained."""
        return await asyncio.to_thread(self._sync.rank_jobs, resume, jobs, preferences)

    async def ats_check(self, resume: ParsedResume) -> AtsReport:
        """ATS readiness checks on the resume itself."""
        return await asyncio.to_thread(self._sync.ats_check, resume)

    async def extract_skills(self, text: str) -> List[SkillMention]:
        """Skill mentions in ``text`` with character offsets."""
        return await asyncio.to_thread(self._sync.extract_skills, text)

    async def export(self, document: ResumeDocument, format: str) -> bytes:
        """Render a resume document as ``md``, ``html``, ``pdf`` or ``docx``."""
        return await asyncio.to_thread(self._sync.export, document, format)

    async def fetch_job(self, url: str, *, timeout_secs: float = 15.0) -> JobPage:
        """Fetch a job page and strip it to the job description's text."""
        return await asyncio.to_thread(self._sync.fetch_job, url, timeout_secs=timeout_secs)

    async def dedupe_jobs(
        self,
        postings: Sequence[JobPosting],
        not_duplicates: Sequence[Tuple[str, str]] = (),
    ) -> List[DuplicateGroup]:
        """Groups of postings that are the same job."""
        return await asyncio.to_thread(self._sync.dedupe_jobs, postings, not_duplicates)

    async def application_funnel(self, applications: Sequence[Application]) -> Funnel:
        """The applied -> interview -> offer -> accepted funnel with a Vega-Lite chart."""
        return await asyncio.to_thread(self._sync.application_funnel, applications)
