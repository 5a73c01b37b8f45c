"""A resume-tailoring HTTP API on careerkit's session workflow (FastAPI).

Run it (after ``pip install`` of the careerkit package and ``requirements.txt``)::

    CAREERKIT_DATA_DIR=/var/lib/tailor CAREERKIT_LLM=openai:gpt-4o-mini OPENAI_API_KEY=... \\
        uvicorn app:app

Every request names its user in the ``X-User-Id`` header (a real service takes it from its
authentication); careerkit scopes every session, run and file by it.

Routes: ``POST /sessions``, ``GET /sessions/{id}``, ``POST /sessions/{id}/resume`` (multipart),
``POST /sessions/{id}/jd``, ``POST /sessions/{id}/analysis``, ``GET /sessions/{id}/document``, ``POST /sessions/{id}/messages``
(returns the run id), ``GET /sessions/{id}/runs/{run_id}/events`` (Server-Sent Events,
honouring ``Last-Event-ID``), ``GET /sessions/{id}/runs/{run_id}/approvals``,
``POST /approvals/{id}/approve|reject``, ``GET /sessions/{id}/files``,
``GET /sessions/{id}/files/{path}``, ``POST /sessions/{id}/export``.
"""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict, List, Optional

from fastapi import Depends, FastAPI, File, Header, Request, UploadFile
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel

import careerkit

# Error kinds as HTTP statuses; anything else is a 500.
STATUS = {
    careerkit.NotFoundError: 404,
    careerkit.ConflictError: 409,
    careerkit.PermissionDeniedError: 403,
    careerkit.InvalidInputError: 422,
    careerkit.UnsupportedFormatError: 415,
    careerkit.LimitExceededError: 413,
    careerkit.RateLimitedError: 503,
    careerkit.ProviderError: 502,
}

EXPORT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


class NewSession(BaseModel):
    title: str


class JobText(BaseModel):
    text: str


class Message(BaseModel):
    message: str


class ExportRequest(BaseModel):
    format: str = "pdf"


def create_app(
    data_dir: str,
    provider: Optional[str] = None,
    *,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
) -> FastAPI:
    """The API over one careerkit data directory; the provider defaults to ``CAREERKIT_LLM``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.workflow = await careerkit.Workflow.open(
            data_dir, provider, base_url=base_url, api_key=api_key
        )
        yield

    app = FastAPI(title="Resume tailoring on careerkit", lifespan=lifespan)

    @app.exception_handler(careerkit.CareerkitError)
    async def careerkit_error(_: Request, err: careerkit.CareerkitError) -> JSONResponse:
        status = next((code for cls, code in STATUS.items() if isinstance(err, cls)), 500)
        return JSONResponse({"error": type(err).__name__, "message": str(err)}, status_code=status)

    def workflow(request: Request) -> careerkit.Workflow:
        return request.app.state.workflow  # type: ignore[no-any-return]

    def user(x_user_id: str = Header()) -> str:
        return x_user_id

    @app.post("/sessions", status_code=201)
    async def create_session(
        body: NewSession, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Dict[str, Any]:
        return await wf.create_session(owner, body.title)

    @app.get("/sessions/{session_id}")
    async def get_session(
        session_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Dict[str, Any]:
        return await wf.session(owner, session_id)

    @app.post("/sessions/{session_id}/resume", status_code=201)
    async def upload_resume(
        session_id: str,
        file: UploadFile = File(),
        owner: str = Depends(user),
        wf: careerkit.Workflow = Depends(workflow),
    ) -> Dict[str, Any]:
        meta = await wf.upload_resume(owner, session_id, file.filename or "resume", await file.read())
        # A product runs a worker for queued parse jobs; this example parses inline.
        await wf.run_due_jobs()
        parsed = await wf.parsed_resume(owner, session_id)
        return {"file": meta, "profile": parsed["profile"]}

    @app.post("/sessions/{session_id}/jd")
    async def submit_job(
        session_id: str, body: JobText, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Dict[str, Any]:
        return await wf.submit_job(owner, session_id, body.text)

    @app.post("/sessions/{session_id}/analysis")
    async def analyze(
        session_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Dict[str, Any]:
        return await wf.analyze(owner, session_id)

    @app.get("/sessions/{session_id}/document")
    async def resume_document(
        session_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Dict[str, Any]:
        return dict(await wf.resume_document(owner, session_id))

    @app.post("/sessions/{session_id}/messages", status_code=202)
    async def send_message(
        session_id: str, body: Message, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Dict[str, str]:
        return {"run_id": await wf.send_message(owner, session_id, body.message)}

    @app.get("/sessions/{session_id}/runs/{run_id}/events")
    async def run_events(
        session_id: str,
        run_id: str,
        last_event_id: Optional[int] = Header(default=None),
        owner: str = Depends(user),
        wf: careerkit.Workflow = Depends(workflow),
    ) -> StreamingResponse:
        # Fail before the stream starts if the session is not this user's.
        await wf.session(owner, session_id)
        events = wf.run_events(owner, session_id, run_id, after=last_event_id or 0)

        async def sse() -> AsyncIterator[str]:
            # A client that disconnects cancels this generator; the iterator then closes the
            # native stream, so no thread keeps waiting.
            async for event in events:
                yield f"id: {event['event_id']}\nevent: {event['type']}\ndata: {json.dumps(event)}\n\n"

        return StreamingResponse(sse(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    @app.get("/sessions/{session_id}/runs/{run_id}/approvals")
    async def pending_approvals(
        session_id: str, run_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> List[Dict[str, Any]]:
        return [a for a in await wf.pending_approvals(owner, run_id) if a["session_id"] == session_id]

    @app.post("/approvals/{approval_id}/approve", status_code=204)
    async def approve(
        approval_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Response:
        await wf.approve(owner, approval_id)
        return Response(status_code=204)

    @app.post("/approvals/{approval_id}/reject", status_code=204)
    async def reject(
        approval_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Response:
        await wf.reject(owner, approval_id)
        return Response(status_code=204)

    @app.get("/sessions/{session_id}/files")
    async def files(
        session_id: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> List[Dict[str, Any]]:
        return await wf.files(owner, session_id)

    @app.get("/sessions/{session_id}/files/{path:path}")
    async def read_file(
        session_id: str, path: str, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Response:
        meta, data = await wf.read_file(owner, session_id, path)
        return Response(data, media_type=meta["content_type"])

    @app.post("/sessions/{session_id}/export")
    async def export(
        session_id: str, body: ExportRequest, owner: str = Depends(user), wf: careerkit.Workflow = Depends(workflow)
    ) -> Response:
        meta, data = await wf.export(owner, session_id, body.format)
        return Response(
            data,
            media_type=EXPORT_TYPES.get(body.format, meta["content_type"]),
            headers={"Content-Disposition": f'attachment; filename="{meta["path"].rsplit("/", 1)[-1]}"'},
        )

    return app


if os.environ.get("CAREERKIT_DATA_DIR"):
    app = create_app(os.environ["CAREERKIT_DATA_DIR"])
