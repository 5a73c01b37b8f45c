"""The synchronous facade, for scripts and notebooks without an event loop.

Every call releases the GIL while the native work runs, so threads run in parallel.
"""

from __future__ import annotations

import json
import os
from typing import Iterator, List, Optional, Sequence, Tuple, Union, cast

from . import _native
from .types import (
    Application,
    Approval,
    AtsReport,
    CoverLetter,
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
    ParsedUpload,
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
        return cast(ExtractedText, self._engine.read_text(data, filename))

    def parse_resume(self, data: bytes, filename: Optional[str] = None) -> ParsedResume:
        """Read a resume file into its text and a profile whose fields carry provenance."""
        return cast(ParsedResume, self._engine.parse_resume(data, filename))

    def parse_job(self, text: str) -> JobDescription:
        """Analyse a job description: title, level, years, required and preferred skills, ..."""
        return cast(JobDescription, self._engine.parse_job(text))

    def analyze(self, resume: ParsedResume, job: JobDescription) -> GapAnalysis:
        """The explainable match score and gap analysis of a resume against a job."""
        return cast(GapAnalysis, self._engine.analyze(resume, job))

    def rank_jobs(
        self,
        resume: ParsedResume,
        jobs: Sequence[Tuple[str, JobDescription]],
        preferences: Optional[Preferences] = None,
    ) -> List[RankedJob]:
        """Jobs ranked for one person, best first; each unmet preference is explained."""
        ranked = self._engine.rank_jobs(resume, [list(j) for j in jobs], preferences or {})
        return cast(List[RankedJob], ranked)

    def ats_check(self, resume: ParsedResume) -> AtsReport:
        """ATS readiness checks on the resume itself."""
        return cast(AtsReport, self._engine.ats_check(resume))

    def extract_skills(self, text: str) -> List[SkillMention]:
        """Skill mentions in ``text`` with character offsets."""
        return cast(List[SkillMention], self._engine.extract_skills(text))

    def export(self, document: ResumeDocument, format: str) -> bytes:
        """Render a resume document as ``md``, ``html``, ``pdf`` or ``docx``."""
        return self._engine.export(document, format)

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


class RunEvents:
    """A run's events as a blocking iterator; it ends after the run's terminal event."""

    def __init__(self, native: _native.RunEvents) -> None:
        self._native = native

    def __iter__(self) -> Iterator[Event]:
        return self

    def __next__(self) -> Event:
        event = self.next_event()
        if event is None:
            raise StopIteration
        return event

    def next_event(self) -> Optional[Event]:
        """The next event, waiting for it (GIL released); ``None`` at the end of the stream."""
        raw = self._native.next_event()
        return None if raw is None else cast(Event, json.loads(raw))

    def close(self) -> None:
        """End the stream; a waiting :meth:`next_event` (in another thread) returns ``None``."""
        self._native.close()


class Workflow:
    """The session engine over one data directory, with blocking methods.

    See :class:`careerkit.Workflow` for the asyncio version; the methods are the same.
    """

    def __init__(self, native: _native.Workflow) -> None:
        self._native = native

    @classmethod
    def open(
        cls,
        data_dir: Union[str, "os.PathLike[str]"],
        provider: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        api_key: Optional[str] = None,
        knowledge_base: Union[bool, "KnowledgeBase"] = False,
    ) -> "Workflow":
        """Open (creating if needed) the workflow under ``data_dir``.

        ``provider`` is ``kind:model`` (``openai:gpt-4o-mini``, ``ollama:llama3.2``...), else
        ``CAREERKIT_LLM``; ``base_url`` and ``api_key`` default to ``CAREERKIT_LLM_BASE_URL``
        and ``CAREERKIT_LLM_API_KEY``. Interview questions and feedback cite ``knowledge_base``
        when it is a :class:`KnowledgeBase`; ``True`` opens the one under ``CAREERKIT_DATA_DIR``
        (the shipped one is seeded when it is empty; the sentence model comes from
        ``CAREERKIT_MODELS_DIR``).
        """
        given = knowledge_base._native if isinstance(knowledge_base, KnowledgeBase) else None
        return cls(
            _native.Workflow.open(
                os.fspath(data_dir), provider, base_url, api_key, knowledge_base is True, given
            )
        )

    def create_session(self, owner: str, title: str) -> Session:
        """Create a session in ``draft``."""
        return cast(Session, json.loads(self._native.create_session(owner, title)))

    def session(self, owner: str, session_id: str) -> Session:
        """One session."""
        return cast(Session, json.loads(self._native.session(owner, session_id)))

    def upload_resume(self, owner: str, session_id: str, file_name: str, data: bytes) -> FileMeta:
        """Store a resume file and enqueue its parse job (session -> ``resume_uploaded``)."""
        return cast(FileMeta, json.loads(self._native.upload_resume(owner, session_id, file_name, data)))

    def run_due_jobs(self) -> int:
        """Run the parse jobs that are due; how many ran (a worker's job, or a test's)."""
        return cast(int, json.loads(self._native.run_due_jobs()))

    def parsed_resume(self, owner: str, session_id: str) -> ParsedUpload:
        """The parsed resume of a session."""
        return cast(ParsedUpload, json.loads(self._native.parsed_resume(owner, session_id)))

    def submit_job(self, owner: str, session_id: str, text: str) -> JobDescription:
        """Analyse and store a job description text (session -> ``jd_provided``)."""
        return cast(JobDescription, json.loads(self._native.submit_job(owner, session_id, text)))

    def job(self, owner: str, session_id: str) -> JobDescription:
        """The session's latest job description."""
        return cast(JobDescription, json.loads(self._native.job(owner, session_id)))

    def analyze(self, owner: str, session_id: str) -> GapAnalysis:
        """Run and store the gap analysis (session -> ``gap_analyzed``)."""
        return cast(GapAnalysis, json.loads(self._native.analyze(owner, session_id)))

    def send_message(
        self,
        owner: str,
        session_id: str,
        message: str,
        *,
        propose_edit: bool = False,
        bullet_id: Optional[str] = None,
    ) -> str:
        """Start a rewrite-agent run with ``message``; returns its run id at once.

        ``propose_edit=True`` (a "suggest an edit" button) makes the agent answer with an edit
        proposal, of the bullet ``bullet_id`` when given; if the model's proposals are refused
        twice, careerkit proposes its own rule-based edit (event payload ``origin: "fallback"``).
        """
        return cast(
            str,
            json.loads(
                self._native.send_message(owner, session_id, message, propose_edit, bullet_id)
            ),
        )

    def chat(self, owner: str, session_id: str, message: str) -> str:
        """Start a chat turn about the session (resume, job, gap analysis); returns its run id.

        The answer streams as the run's ``assistant_delta`` events; the chat agent only reads.
        """
        return cast(str, json.loads(self._native.chat(owner, session_id, message)))

    def run_events(self, owner: str, session_id: str, run_id: str, after: int = 0) -> RunEvents:
        """A run's events after event id ``after`` (0 for all): ``for event in ...``."""
        return RunEvents(self._native.run_events(owner, session_id, run_id, after))

    def interrupt(self, owner: str, run_id: str) -> RunStatus:
        """Interrupt a run; partial output is kept in its ``run_interrupted`` event."""
        return cast(RunStatus, json.loads(self._native.interrupt(owner, run_id)))

    def pending_approvals(self, owner: str, run_id: str) -> List[Approval]:
        """Tool calls of a run that wait for a decision."""
        return cast(List[Approval], json.loads(self._native.pending_approvals(owner, run_id)))

    def approve(self, owner: str, approval_id: str) -> None:
        """Approve a pending tool call; the run resumes in the background."""
        self._native.approve(owner, approval_id)

    def reject(self, owner: str, approval_id: str) -> None:
        """Reject a pending tool call; the document stays as it was and the run resumes."""
        self._native.reject(owner, approval_id)

    def set_auto_approve(self, owner: str, session_id: str, on: bool) -> Session:
        """Turn auto-approval of write tools on or off for the session."""
        return cast(Session, json.loads(self._native.set_auto_approve(owner, session_id, on)))

    def files(self, owner: str, session_id: str) -> List[FileMeta]:
        """The session's files."""
        return cast(List[FileMeta], json.loads(self._native.files(owner, session_id)))

    def read_file(self, owner: str, session_id: str, path: str) -> Tuple[FileMeta, bytes]:
        """One file of the session: its metadata and content."""
        meta, data = self._native.read_file(owner, session_id, path)
        return cast(FileMeta, json.loads(meta)), data

    def upload_file(self, owner: str, session_id: str, name: str, content_type: str, data: bytes) -> FileMeta:
        """Store a file the person uploads under ``uploads/``."""
        raw = self._native.upload_file(owner, session_id, name, content_type, data)
        return cast(FileMeta, json.loads(raw))

    def resume_document(self, owner: str, session_id: str) -> ResumeDocument:
        """The session's working resume (latest version)."""
        return cast(ResumeDocument, json.loads(self._native.resume_document(owner, session_id)))

    def export(self, owner: str, session_id: str, format: str) -> Tuple[FileMeta, bytes]:
        """Render the working resume (``md``, ``html``, ``pdf``, ``docx``), store it under
        ``exports/`` and move the session to ``exported``."""
        meta, data = self._native.export(owner, session_id, format)
        return cast(FileMeta, json.loads(meta)), data

    def cover_letter(
        self, owner: str, session_id: str, *, tone: str = "formal", length: str = "standard"
    ) -> CoverLetter:
        """Write a cover letter quoting the resume's own achievements for the job's skills
        (``tone``: formal, warm, direct; ``length``: short, standard, long); kept with the session."""
        options = json.dumps({"tone": tone, "length": length})
        return cast(CoverLetter, json.loads(self._native.cover_letter(owner, session_id, options)))

    def export_cover_letter(self, owner: str, session_id: str, format: str) -> Tuple[FileMeta, bytes]:
        """Render the latest cover letter (``md``, ``html``, ``pdf``, ``docx``) under the person's
        header and store it as ``exports/cover-letter.<ext>``; the session does not move."""
        meta, data = self._native.export_cover_letter(owner, session_id, format)
        return cast(FileMeta, json.loads(meta)), data

    def interview_questions(
        self,
        owner: str,
        session_id: str,
        *,
        count: int = 6,
        round: str = "mixed",
        focus_skill: Optional[str] = None,
    ) -> List[QuestionPlan]:
        """Plan interview questions aimed at the session's gaps and riskiest claims, cited."""
        options = json.dumps({"count": count, "round": round, "focus_skill": focus_skill})
        return cast(List[QuestionPlan], json.loads(self._native.interview_questions(owner, session_id, options)))

    def answer_feedback(
        self, owner: str, session_id: str, question: str, answer: Union[str, Sequence[Segment]]
    ) -> FeedbackReport:
        """Feedback on an answer: text, or timed transcript segments (``start_s``, ``end_s``, ``text``)."""
        if isinstance(answer, str):
            payload = {"kind": "text", "value": answer}
        else:
            payload = {"kind": "transcript", "value": {"segments": list(answer)}}
        raw = self._native.answer_feedback(owner, session_id, question, json.dumps(payload))
        return cast(FeedbackReport, json.loads(raw))

    def cancel(self, owner: str, session_id: str) -> Session:
        """Cancel the session (from any state but ``cancelled``)."""
        return cast(Session, json.loads(self._native.cancel(owner, session_id)))


class KnowledgeBase:
    """Hybrid retrieval (BM25 and sentence embeddings) over Markdown documents, persisted in a
    directory, with blocking methods. See :class:`careerkit.KnowledgeBase` for asyncio."""

    def __init__(self, native: _native.KnowledgeBase) -> None:
        self._native = native

    @classmethod
    def open(
        cls, data_dir: Optional[Union[str, "os.PathLike[str]"]] = None, *, seed_builtin: bool = True
    ) -> "KnowledgeBase":
        """Open (creating if needed) the knowledge base under ``data_dir`` (default:
        ``CAREERKIT_DATA_DIR`` or the per-user data directory), loading the sentence model from
        ``CAREERKIT_MODELS_DIR``. With ``seed_builtin``, an empty one gets careerkit's own
        (STAR method, resume and ATS guidance, interview questions by competency, ...)."""
        path = os.fspath(data_dir) if data_dir is not None else None
        return cls(_native.KnowledgeBase.open(path, seed_builtin))

    def upsert(self, documents: Sequence[SourceDocument]) -> UpsertReport:
        """Add or replace documents; unchanged ones (same content hash) are skipped."""
        return cast(UpsertReport, json.loads(self._native.upsert(json.dumps(list(documents)))))

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        sources: Sequence[str] = (),
        tags: Sequence[str] = (),
    ) -> List[Passage]:
        """The ``k`` best passages for ``query``, each with its citation; ``sources`` keeps
        passages from any of those sources, ``tags`` those carrying every tag."""
        filter_json = json.dumps({"sources": list(sources), "tags": list(tags)})
        return cast(List[Passage], json.loads(self._native.search(query, k, filter_json)))

    def delete_documents(self, ids: Sequence[str]) -> int:
        """Remove documents by id; how many there were."""
        return self._native.delete_documents(list(ids))

    def document_ids(self) -> List[str]:
        """The ids of the indexed documents, sorted."""
        return self._native.document_ids()

    def chunk_count(self) -> int:
        """How many chunks are indexed."""
        return self._native.chunk_count()

    def reset(self) -> None:
        """Empty the knowledge base."""
        self._native.reset()
