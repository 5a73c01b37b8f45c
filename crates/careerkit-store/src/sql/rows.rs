//! Reading rows into the port's records, and the time and id conventions of the schema.

use careerkit_core::llm::Usage;
use careerkit_core::run::{Event, EventType, RunStatus};
use careerkit_core::session::SessionState;
use careerkit_core::store::{
    ApprovalRecord, ApprovalStatus, ArtifactKind, ArtifactRecord, AuditRecord, DocumentVersion,
    Job, JobStatus, OwnerId, ProfileRecord, RunRecord, SessionRecord,
};
use careerkit_core::{Error, Result};
use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::storage;
use crate::seal::{Codec, Slot};

/// Now, in the schema's unit (milliseconds since the epoch).
pub(crate) fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// A stored time back as a `DateTime`.
pub(crate) fn time(ms: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| Error::Storage {
            message: format!("stored time {ms} is out of range"),
        })
}

/// A new time-ordered id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Reads one column.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(name).map_err(storage)
}

/// The JSON in a (possibly sealed) column.
pub(crate) fn json_col(
    codec: &Codec,
    row: &AnyRow,
    name: &str,
    slot: &Slot<'_>,
) -> Result<serde_json::Value> {
    let bytes: Vec<u8> = col(row, name)?;
    codec.open(slot, &bytes)
}

fn nonnegative_u32(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

fn run_status(name: &str) -> Result<RunStatus> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| Error::Storage {
        message: format!("unknown run status {name:?}"),
    })
}

/// The wire name of a run status.
pub(crate) fn run_status_name(status: RunStatus) -> Result<String> {
    match serde_json::to_value(status)? {
        serde_json::Value::String(name) => Ok(name),
        other => Err(Error::Storage {
            message: format!("run status serialised as {other}"),
        }),
    }
}

fn event_type(name: &str) -> Result<EventType> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| Error::Storage {
        message: format!("unknown event type {name:?}"),
    })
}

/// Decodes stored rows of one owner.
pub(crate) struct Reader<'a> {
    pub codec: &'a Codec,
    pub owner: &'a OwnerId,
}

impl Reader<'_> {
    fn slot<'s>(&'s self, table: &'s str, record: &'s str) -> Slot<'s> {
        Slot {
            owner: self.owner,
            table,
            record,
        }
    }

    pub(crate) fn session(&self, row: &AnyRow) -> Result<SessionRecord> {
        let id: String = col(row, "id")?;
        let title = json_col(self.codec, row, "title", &self.slot("sessions", &id))?;
        Ok(SessionRecord {
            owner: col(row, "owner")?,
            state: SessionState::parse(&col::<String>(row, "state")?).map_err(|e| {
                Error::Storage {
                    message: e.to_string(),
                }
            })?,
            auto_approve: col::<i64>(row, "auto_approve")? != 0,
            title: title.as_str().unwrap_or_default().to_owned(),
            created_at: time(col(row, "created_at")?)?,
            updated_at: time(col(row, "updated_at")?)?,
            state_run_id: col(row, "state_run_id")?,
            id,
        })
    }

    pub(crate) fn profile(&self, row: &AnyRow) -> Result<ProfileRecord> {
        let id: String = col(row, "id")?;
        Ok(ProfileRecord {
            version: col(row, "version")?,
            data: json_col(self.codec, row, "data", &self.slot("profiles", &id))?,
            updated_at: time(col(row, "updated_at")?)?,
            id,
        })
    }

    pub(crate) fn document_version(&self, row: &AnyRow) -> Result<DocumentVersion> {
        let document_id: String = col(row, "document_id")?;
        let version: i64 = col(row, "version")?;
        let record = format!("{document_id}/{version}");
        Ok(DocumentVersion {
            session_id: col(row, "session_id")?,
            parent_version: col(row, "parent_version")?,
            author: col(row, "author")?,
            data: json_col(
                self.codec,
                row,
                "data",
                &self.slot("document_versions", &record),
            )?,
            created_at: time(col(row, "created_at")?)?,
            document_id,
            version,
        })
    }

    pub(crate) fn artifact(&self, row: &AnyRow) -> Result<ArtifactRecord> {
        let id: String = col(row, "id")?;
        Ok(ArtifactRecord {
            session_id: col(row, "session_id")?,
            kind: ArtifactKind::parse(&col::<String>(row, "kind")?)?,
            data: json_col(self.codec, row, "data", &self.slot("artifacts", &id))?,
            created_at: time(col(row, "created_at")?)?,
            id,
        })
    }

    /// A run row joined with its usage sums (`prompt_tokens`, `completion_tokens`,
    /// `cached_tokens`, `estimated`).
    pub(crate) fn run(&self, row: &AnyRow) -> Result<RunRecord> {
        let id: String = col(row, "id")?;
        let checkpoint: Option<Vec<u8>> = col(row, "checkpoint")?;
        let checkpoint = match checkpoint {
            Some(bytes) => Some(self.codec.open(&self.slot("runs", &id), &bytes)?),
            None => None,
        };
        let finished_at: Option<i64> = col(row, "finished_at")?;
        Ok(RunRecord {
            session_id: col(row, "session_id")?,
            status: run_status(&col::<String>(row, "status")?)?,
            created_at: time(col(row, "created_at")?)?,
            finished_at: finished_at.map(time).transpose()?,
            usage: usage(row)?,
            checkpoint,
            id,
        })
    }

    pub(crate) fn event(&self, row: &AnyRow) -> Result<Event> {
        let run_id: String = col(row, "run_id")?;
        Ok(Event {
            event_id: col(row, "event_id")?,
            session_id: col(row, "session_id")?,
            kind: event_type(&col::<String>(row, "kind")?)?,
            ts: time(col(row, "ts")?)?,
            payload: json_col(self.codec, row, "payload", &self.slot("events", &run_id))?,
            run_id,
        })
    }

    pub(crate) fn approval(&self, row: &AnyRow) -> Result<ApprovalRecord> {
        let id: String = col(row, "id")?;
        let decided_at: Option<i64> = col(row, "decided_at")?;
        Ok(ApprovalRecord {
            run_id: col(row, "run_id")?,
            session_id: col(row, "session_id")?,
            tool_call_id: col(row, "tool_call_id")?,
            tool_name: col(row, "tool_name")?,
            arguments_hash: col(row, "arguments_hash")?,
            arguments: json_col(self.codec, row, "arguments", &self.slot("approvals", &id))?,
            status: ApprovalStatus::parse(&col::<String>(row, "status")?)?,
            created_at: time(col(row, "created_at")?)?,
            decided_at: decided_at.map(time).transpose()?,
            id,
        })
    }

    pub(crate) fn audit(&self, row: &AnyRow) -> Result<AuditRecord> {
        let id: i64 = col(row, "id")?;
        let actor: String = col(row, "actor")?;
        let action: String = col(row, "action")?;
        let ts: i64 = col(row, "ts")?;
        // The id is assigned on insert, after sealing: bind the entry by what it says instead.
        let record = audit_record_key(&actor, &action, ts);
        Ok(AuditRecord {
            session_id: col(row, "session_id")?,
            target: col(row, "target")?,
            detail: json_col(self.codec, row, "detail", &self.slot("audit", &record))?,
            ts: time(ts)?,
            id,
            actor,
            action,
        })
    }
}

/// The associated-data key of an audit entry (its id is not known before insert).
pub(crate) fn audit_record_key(actor: &str, action: &str, ts: i64) -> String {
    format!("{actor}\0{action}\0{ts}")
}

/// Summed usage columns of a row.
pub(crate) fn usage(row: &AnyRow) -> Result<Usage> {
    Ok(Usage {
        prompt_tokens: nonnegative_u32(col(row, "prompt_tokens")?),
        completion_tokens: nonnegative_u32(col(row, "completion_tokens")?),
        cached_tokens: nonnegative_u32(col(row, "cached_tokens")?),
        estimated: col::<i64>(row, "estimated")? != 0,
    })
}

/// The job columns every queue statement selects or returns.
pub(crate) const JOB_COLUMNS: &str = "id, kind, payload, idempotency_key, run_at, attempts, \
     max_attempts, lease_until, lease_token, status, last_error, progress, created_at";

/// A job row.
pub(crate) fn job(row: &AnyRow) -> Result<Job> {
    let payload: String = col(row, "payload")?;
    let progress: Option<String> = col(row, "progress")?;
    let lease_until: Option<i64> = col(row, "lease_until")?;
    Ok(Job {
        id: col(row, "id")?,
        kind: col(row, "kind")?,
        payload: serde_json::from_str(&payload)?,
        idempotency_key: col(row, "idempotency_key")?,
        run_at: time(col(row, "run_at")?)?,
        attempts: nonnegative_u32(col(row, "attempts")?),
        max_attempts: nonnegative_u32(col(row, "max_attempts")?),
        lease_until: lease_until.map(time).transpose()?,
        lease_token: col(row, "lease_token")?,
        status: JobStatus::parse(&col::<String>(row, "status")?)?,
        last_error: col(row, "last_error")?,
        progress: progress.map(|p| serde_json::from_str(&p)).transpose()?,
        created_at: time(col(row, "created_at")?)?,
    })
}
