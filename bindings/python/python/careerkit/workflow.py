"""The session API with asyncio coroutines: sessions, resume upload, job description, gap
analysis, agent runs and their event streams, approvals, files and export.

Each coroutine runs the native call on a worker thread (``asyncio.to_thread``) with the GIL
released; :meth:`Workflow.run_events` is an async iterator over a run's events.
"""

from __future__ import annotations

import asyncio
import os
from typing import AsyncIterator, List, Optional, Sequence, Tuple, Union

from . import sync
from .knowledge import KnowledgeBase
from .types import (
    Approval,
    CoverLetter,
    Event,
    FeedbackReport,
    FileMeta,
    GapAnalysis,
    JobDescription,
    ParsedUpload,
    QuestionPlan,
    ResumeDocument,
    RunStatus,
    Segment,
    Session,
)


class RunEvents:
    """A run's events as an async iterator; it ends after the run's terminal event.

    Leaving ``async for`` early, or cancelling the task that iterates, closes the native stream
    so no worker thread stays waiting for an event.
    """

    def __init__(self, events: sync.RunEvents) -> None:
        self._events = events

    def __aiter__(self) -> AsyncIterator[Event]:
        return self

    async def __anext__(self) -> Event:
        try:
            event = await asyncio.to_thread(self._events.next_event)
        except asyncio.CancelledError:
            self._events.close()
            raise
        if event is None:
            raise StopAsyncIteration
        return event

    async def aclose(self) -> None:
        """Stop the stream; a pending ``__anext__`` ends the iteration."""
        self._events.close()


class Workflow:
    """The session engine over one data directory, with coroutines for every method.

    Open it with :meth:`Workflow.open`; share one per process. ``owner`` scopes every call: a
    session is only visible to the owner that created it.
    """

    def __init__(self, workflow: sync.Workflow) -> None:
        self._sync = workflow

    @classmethod
    async def open(
        cls,
        data_dir: Union[str, "os.PathLike[str]"],
        provider: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        api_key: Optional[str] = None,
        knowledge_base: Union[bool, KnowledgeBase] = False,
    ) -> "Workflow":
        """Open (creating if needed) the workflow under ``data_dir``.

        ``provider`` is ``kind:model`` (``openai:gpt-4o-mini``, ``ollama:llama3.2``...), else
        ``CAREERKIT_LLM``; ``base_url`` and ``api_key`` default to ``CAREERKIT_LLM_BASE_URL``
        and ``CAREERKIT_LLM_API_KEY``. With ``knowledge_base``, interview questions and feedback
        cite the knowledge base (see :meth:`careerkit.sync.Workflow.open`).
        """
        workflow = await asyncio.to_thread(
            sync.Workflow.open,
            data_dir,
            provider,
            base_url=base_url,
            api_key=api_key,
            knowledge_base=knowledge_base.sync if isinstance(knowledge_base, KnowledgeBase) else knowledge_base,
        )
        return cls(workflow)

    async def create_session(self, owner: str, title: str) -> Session:
        """Create a session in ``draft``."""
        return await asyncio.to_thread(self._sync.create_session, owner, title)

    async def session(self, owner: str, session_id: str) -> Session:
        """One session."""
        return await asyncio.to_thread(self._sync.session, owner, session_id)

    async def upload_resume(self, owner: str, session_id: str, file_name: str, data: bytes) -> FileMeta:
        """Store a resume file and enqueue its parse job (session -> ``resume_uploaded``)."""
        return await asyncio.to_thread(self._sync.upload_resume, owner, session_id, file_name, data)

    async def run_due_jobs(self) -> int:
        """Run the parse jobs that are due; how many ran (a worker's job, or a test's)."""
        return await asyncio.to_thread(self._sync.run_due_jobs)

    async def parsed_resume(self, owner: str, session_id: str) -> ParsedUpload:
        """The parsed resume of a session."""
        return await asyncio.to_thread(self._sync.parsed_resume, owner, session_id)

    async def submit_job(self, owner: str, session_id: str, text: str) -> JobDescription:
        """Analyse and store a job description text (session -> ``jd_provided``)."""
        return await asyncio.to_thread(self._sync.submit_job, owner, session_id, text)

    async def job(self, owner: str, session_id: str) -> JobDescription:
        """The session's latest job description."""
        return await asyncio.to_thread(self._sync.job, owner, session_id)

    async def analyze(self, owner: str, session_id: str) -> GapAnalysis:
        """Run and store the gap analysis (session -> ``gap_analyzed``)."""
        return await asyncio.to_thread(self._sync.analyze, owner, session_id)

    async def send_message(
        self,
        owner: str,
        session_id: str,
        message: str,
        *,
        propose_edit: bool = False,
        bullet_id: Optional[str] = None,
    ) -> str:
        """Start a rewrite-agent run with ``message``; returns its run id at once.

        ``propose_edit=True`` requires an edit proposal (of ``bullet_id`` when given); see
        :meth:`careerkit.sync.Workflow.send_message`.
        """
        return await asyncio.to_thread(
            self._sync.send_message,
            owner,
            session_id,
            message,
            propose_edit=propose_edit,
            bullet_id=bullet_id,
        )

    async def chat(self, owner: str, session_id: str, message: str) -> str:
        """Start a chat turn about the session; returns its run id at once (the answer streams
        as the run's ``assistant_delta`` events)."""
        return await asyncio.to_thread(self._sync.chat, owner, session_id, message)

    def run_events(self, owner: str, session_id: str, run_id: str, after: int = 0) -> RunEvents:
        """A run's events after event id ``after`` (0 for all): ``async for event in ...``."""
        return RunEvents(self._sync.run_events(owner, session_id, run_id, after))

    async def interrupt(self, owner: str, run_id: str) -> RunStatus:
        """Interrupt a run; partial output is kept in its ``run_interrupted`` event."""
        return await asyncio.to_thread(self._sync.interrupt, owner, run_id)

    async def pending_approvals(self, owner: str, run_id: str) -> List[Approval]:
        """Tool calls of a run that wait for a decision."""
        return await asyncio.to_thread(self._sync.pending_approvals, owner, run_id)

    async def approve(self, owner: str, approval_id: str) -> None:
        """Approve a pending tool call; the run resumes in the background."""
        await asyncio.to_thread(self._sync.approve, owner, approval_id)

    async def reject(self, owner: str, approval_id: str) -> None:
        """Reject a pending tool call; the document stays as it was and the run resumes."""
        await asyncio.to_thread(self._sync.reject, owner, approval_id)

    async def set_auto_approve(self, owner: str, session_id: str, on: bool) -> Session:
        """Turn auto-approval of write tools on or off for the session."""
        return await asyncio.to_thread(self._sync.set_auto_approve, owner, session_id, on)

    async def files(self, owner: str, session_id: str) -> List[FileMeta]:
        """The session's files."""
        return await asyncio.to_thread(self._sync.files, owner, session_id)

    async def read_file(self, owner: str, session_id: str, path: str) -> Tuple[FileMeta, bytes]:
        """One file of the session: its metadata and content."""
        return await asyncio.to_thread(self._sync.read_file, owner, session_id, path)

    async def upload_file(
        self, owner: str, session_id: str, name: str, content_type: str, data: bytes
    ) -> FileMeta:
        """Store a file the person uploads under ``uploads/``."""
        return await asyncio.to_thread(self._sync.upload_file, owner, session_id, name, content_type, data)

    async def resume_document(self, owner: str, session_id: str) -> ResumeDocument:
        """The session's working resume (latest version)."""
        return await asyncio.to_thread(self._sync.resume_document, owner, session_id)

    async def export(self, owner: str, session_id: str, format: str) -> Tuple[FileMeta, bytes]:
        """Render the working resume (``md``, ``html``, ``pdf``, ``docx``), store it under
        ``exports/`` and move the session to ``exported``."""
        return await asyncio.to_thread(self._sync.export, owner, session_id, format)

    async def cover_letter(
        self, owner: str, session_id: str, *, tone: str = "formal", length: str = "standard"
    ) -> CoverLetter:
        """Write a cover letter quoting the resume's own achievements; kept with the session."""
        return await asyncio.to_thread(self._sync.cover_letter, owner, session_id, tone=tone, length=length)

    async def export_cover_letter(self, owner: str, session_id: str, format: str) -> Tuple[FileMeta, bytes]:
        """Render the latest cover letter and store it as ``exports/cover-letter.<ext>``."""
        return await asyncio.to_thread(self._sync.export_cover_letter, owner, session_id, format)

    async def interview_questions(
        self,
        owner: str,
        session_id: str,
        *,
        count: int = 6,
        round: str = "mixed",
        focus_skill: Optional[str] = None,
    ) -> List[QuestionPlan]:
        """Plan interview questions aimed at the session's gaps and riskiest claims, cited."""
        return await asyncio.to_thread(
            self._sync.interview_questions, owner, session_id, count=count, round=round, focus_skill=focus_skill
        )

    async def answer_feedback(
        self, owner: str, session_id: str, question: str, answer: Union[str, Sequence[Segment]]
    ) -> FeedbackReport:
        """Feedback on an answer: text, or timed transcript segments (``start_s``, ``end_s``, ``text``)."""
        return await asyncio.to_thread(self._sync.answer_feedback, owner, session_id, question, answer)

    async def cancel(self, owner: str, session_id: str) -> Session:
        """Cancel the session (from any state but ``cancelled``)."""
        return await asyncio.to_thread(self._sync.cancel, owner, session_id)
