//! The queued resume-parse job: enqueued with the upload's state change, run by a worker.

use std::time::Duration;

use serde_json::{json, Value};

use super::{ParsedUpload, Workflow};
use crate::document::ResumeDocument;
use crate::extract::parse_resume as parse_resume_file;
use crate::store::{FileMeta, NewJob, OwnerId, WorkspacePath};
use crate::{Error, ErrorKind, Result};

/// The queue job kind that parses an uploaded resume.
pub const PARSE_RESUME_JOB: &str = "careerkit.parse_resume";

/// How long a worker holds a parse job before another may take it.
const LEASE: Duration = Duration::from_secs(120);

/// The job for one upload; its idempotency key is the file's hash, so the same upload is
/// parsed once however often it is enqueued.
pub(super) fn parse_job(owner: &OwnerId, session_id: &str, file: &FileMeta) -> NewJob {
    NewJob::new(
        PARSE_RESUME_JOB,
        format!("parse:{owner}:{session_id}:{}", file.sha256),
        json!({"owner": owner.as_str(), "session_id": session_id, "path": file.path.as_str()}),
    )
    .max_attempts(3)
}

/// The profile record id of a session's parsed resume.
pub(super) fn profile_id(session_id: &str) -> String {
    format!("resume-{session_id}")
}

fn field<'a>(payload: &'a Value, name: &str) -> Result<&'a str> {
    payload
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid(format!("parse job payload has no {name}")))
}

/// Parses the uploaded file (off the async threads), stores the working document and the
/// parsed resume.
pub(super) async fn parse_resume(workflow: &Workflow, payload: &Value) -> Result<()> {
    let inner = &workflow.inner;
    let owner = OwnerId::new(field(payload, "owner")?)?;
    let session_id = field(payload, "session_id")?;
    let path = WorkspacePath::parse(field(payload, "path")?)?;
    let (_, bytes) = inner.workspace.get(&owner, session_id, &path).await?;
    let file_name = path.segments().last().map(str::to_string);
    let intake = inner.intake.clone();
    let (text, profile) = tokio::task::spawn_blocking(move || {
        parse_resume_file(&bytes, file_name.as_deref(), &intake)
    })
    .await
    .map_err(|err| Error::ParserCrashed {
        message: err.to_string(),
    })??;
    let document = ResumeDocument::from_profile(&profile);
    let created = inner
        .store
        .create_document(
            &owner,
            session_id,
            "upload",
            &serde_json::to_value(&document)?,
        )
        .await?;
    let parsed = ParsedUpload {
        text,
        profile,
        path: path.as_str().to_string(),
        document_id: created.document_id,
    };
    let id = profile_id(session_id);
    let expected = match inner.store.get_profile(&owner, &id).await {
        Ok(record) => Some(record.version),
        Err(err) if err.kind() == ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    inner
        .store
        .save_profile(&owner, &id, expected, &serde_json::to_value(&parsed)?)
        .await?;
    Ok(())
}

/// Claims and runs due parse jobs until none is left.
pub(super) async fn run_due(workflow: &Workflow) -> Result<usize> {
    let kinds = [PARSE_RESUME_JOB.to_string()];
    let mut ran = 0;
    while let Some(job) = workflow.inner.queue.claim(&kinds, LEASE).await? {
        let token = job.lease_token.clone().unwrap_or_default();
        match parse_resume(workflow, &job.payload).await {
            Ok(()) => workflow.inner.queue.complete(&job.id, &token).await?,
            Err(err) => {
                workflow
                    .inner
                    .queue
                    .fail(&job.id, &token, &err.to_string())
                    .await?;
            }
        }
        ran += 1;
    }
    Ok(ran)
}
