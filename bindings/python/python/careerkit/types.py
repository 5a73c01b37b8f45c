"""Typed shapes of careerkit's results: plain dicts, described for type checkers."""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

if sys.version_info >= (3, 11):
    from typing import Literal, NotRequired, TypedDict
else:  # pragma: no cover - exercised on older interpreters only
    from typing_extensions import Literal, NotRequired, TypedDict

DocumentFormat = Literal["pdf", "docx", "text", "markdown"]
Qualifier = Literal["plain", "negated", "hedged"]
Stage = Literal["applied", "interview", "offer", "accepted"]


class ExtractedText(TypedDict):
    """Text of a document in reading order; pages are separated by a form feed."""

    format: DocumentFormat
    text: str
    page_starts: List[int]
    warnings: List[Dict[str, Any]]


class ParsedResume(TypedDict):
    """A resume's text and its profile (every profile field has ``value`` and ``provenance``)."""

    text: ExtractedText
    profile: Dict[str, Any]


class JobDescription(TypedDict):
    """An analysed job description; ``skills`` lists each asked-for skill with its importance."""

    text: str
    title: Optional[Dict[str, Any]]
    seniority: Optional[str]
    skills: List[Dict[str, Any]]


class ScoreFactor(TypedDict):
    """One factor of the score: its points sum with the others' to the score."""

    id: str
    label: str
    weight: float
    raw: float
    points: float
    detail: str


class Suggestion(TypedDict):
    """A change and the points it adds."""

    kind: Dict[str, Any]
    gain: float
    message: str


class GapAnalysis(TypedDict):
    """The explainable match score and the gaps behind it."""

    score: float
    factors: List[ScoreFactor]
    matched: List[Dict[str, Any]]
    partial: List[Dict[str, Any]]
    missing: List[Dict[str, Any]]
    suggestions: List[Suggestion]


class Preferences(TypedDict, total=False):
    """What a person wants from a job beyond fitting it; every key is optional."""

    locations: List[str]
    remote: List[Literal["remote", "hybrid", "onsite"]]
    min_salary_per_year: float
    seniority: str


class RankedJob(TypedDict):
    """One job in a ranking: match score, preference fit and what it does not meet."""

    id: str
    match_score: float
    preference_fit: float
    rank_score: float
    unmet: List[str]


class AtsCheck(TypedDict):
    """One ATS readiness check."""

    id: str
    passed: bool
    message: str


class AtsReport(TypedDict):
    """ATS readiness checks on a resume."""

    checks: List[AtsCheck]
    passed: int


class SkillMention(TypedDict):
    """One skill mention with character offsets into the text."""

    skill_id: str
    name: str
    category: str
    text: str
    start: int
    end: int
    qualifier: Qualifier


class DocBullet(TypedDict):
    """One bullet of a resume entry."""

    id: str
    text: str


class DocEntry(TypedDict):
    """A job, degree, project or block of text."""

    id: str
    title: Optional[str]
    subtitle: Optional[str]
    meta: Optional[str]
    paragraphs: List[str]
    bullets: List[DocBullet]


class DocSection(TypedDict):
    """A section of a resume."""

    id: str
    kind: str
    title: str
    entries: List[DocEntry]


class ResumeDocument(TypedDict):
    """An editable resume, as exporters render it."""

    name: str
    headline: Optional[str]
    contact: List[str]
    sections: List[DocSection]


class JobPage(TypedDict):
    """A job page reduced to its description's text."""

    url: str
    page_title: Optional[str]
    from_structured_data: bool
    text: str


class JobPosting(TypedDict):
    """A tracked job posting."""

    id: str
    title: str
    company: str
    url: NotRequired[Optional[str]]
    location: NotRequired[Optional[str]]


class DuplicateGroup(TypedDict):
    """Postings that are one job, and why."""

    ids: List[str]
    reason: Dict[str, Any]


class Application(TypedDict):
    """A tracked application and the furthest stage it reached."""

    job_id: str
    furthest_stage: Stage


class FunnelStep(TypedDict):
    """One step of the funnel."""

    stage: Stage
    count: int
    conversion: Optional[float]


class Funnel(TypedDict):
    """The application funnel and its Vega-Lite chart."""

    steps: List[FunnelStep]
    chart: Dict[str, Any]


SessionState = Literal[
    "draft", "resume_uploaded", "jd_provided", "gap_analyzed", "rewrite_applied", "exported", "cancelled"
]
RunStatus = Literal["running", "waiting_for_approval", "completed", "failed", "interrupted"]
ApprovalStatus = Literal["pending", "approved", "rejected", "consumed"]
EventType = Literal[
    "run_started",
    "assistant_delta",
    "tool_call_proposed",
    "tool_call_approved",
    "tool_call_rejected",
    "tool_result",
    "run_interrupted",
    "run_completed",
    "run_failed",
]


class Session(TypedDict):
    """A tailoring session: where it is in the workflow and who owns it."""

    id: str
    owner: str
    state: SessionState
    auto_approve: bool
    title: str
    created_at: str
    updated_at: str


class FileMeta(TypedDict):
    """A stored file's metadata; ``path`` is relative to the session's workspace."""

    path: str
    size: int
    content_type: str
    sha256: str
    modified_at: str


class ParsedUpload(TypedDict):
    """The resume parsed from a session's upload, as stored."""

    text: ExtractedText
    profile: Dict[str, Any]
    path: str
    document_id: str


class Approval(TypedDict):
    """A write tool call waiting for (or having had) a person's decision."""

    id: str
    run_id: str
    session_id: str
    tool_call_id: str
    tool_name: str
    arguments_hash: str
    arguments: Dict[str, Any]
    status: ApprovalStatus
    created_at: str
    decided_at: Optional[str]


class Event(TypedDict):
    """One stored run event; ``event_id`` increases within a session (SSE's ``Last-Event-ID``)."""

    event_id: int
    run_id: str
    session_id: str
    type: EventType
    ts: str
    payload: Any


class Segment(TypedDict):
    """One timed piece of a spoken answer's transcript (seconds from the start)."""

    start_s: float
    end_s: float
    text: str


class CharSpan(TypedDict):
    """Characters ``[start, end)`` of a text (Unicode scalar values)."""

    start: int
    end: int


class Citation(TypedDict):
    """Where a knowledge-base passage came from: document, heading path and span."""

    document: str
    title: str
    heading_path: List[str]
    span: CharSpan


class Passage(TypedDict):
    """A ranked knowledge-base passage with its citation."""

    text: str
    score: float
    citation: Citation
    source: str
    tags: List[str]


class SourceDocument(TypedDict):
    """A document to add to a knowledge base: Markdown (or plain) text under a unique id.

    ``source`` (default ``"local"``) and ``tags`` are what search filters select by.
    """

    id: str
    text: str
    source: NotRequired[str]
    tags: NotRequired[List[str]]


class UpsertReport(TypedDict):
    """What adding documents did: unchanged documents and chunks are not embedded again."""

    documents_indexed: int
    documents_unchanged: int
    chunks: int
    chunks_embedded: int


class LetterEvidence(TypedDict):
    """A resume bullet a cover letter quotes, as written, with the posting's skills it names."""

    bullet: str
    employer: Optional[str]
    skills: List[str]


class CoverLetter(TypedDict):
    """A cover letter whose achievements are the resume's own bullets."""

    subject: str
    greeting: str
    paragraphs: List[str]
    closing: str
    signature: str
    evidence: List[LetterEvidence]


class QuestionPlan(TypedDict):
    """A planned interview question: what it tests, why it is asked, the passages it draws on."""

    id: str
    kind: Literal["behavioural", "technical", "role_specific", "system_design"]
    difficulty: Literal["easy", "medium", "hard"]
    text: str
    probe: Dict[str, Any]
    rationale: str
    evidence: List[Dict[str, Any]]
    kb_query: str
    sources: List[Passage]


class Recommendation(TypedDict):
    """Something to do better, with the knowledge-base passages that back it."""

    area: str
    part: Optional[Literal["situation", "task", "action", "result"]]
    message: str
    kb_query: str
    points_at_stake: float
    sources: List[Passage]


class FeedbackReport(TypedDict):
    """Feedback on one answer: STAR analysis, delivery metrics, score and cited advice."""

    question: str
    kind: str
    answer_text: str
    star: List[Dict[str, Any]]
    delivery: Dict[str, Any]
    overall: float
    breakdown: List[Dict[str, Any]]
    recommendations: List[Recommendation]

