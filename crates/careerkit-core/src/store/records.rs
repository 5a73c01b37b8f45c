//! The records the [`Store`](super::Store) keeps, and the inputs that create them. Plain data:
//! every engine maps its rows to exactly these types, so the conformance suite can compare them.

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;

use crate::llm::Usage;
use crate::run::{EventType, RunStatus};
use crate::session::SessionState;
use crate::Result;

use super::queue::NewJob;

/// A tailoring session: where it is in the workflow and who owns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Store-assigned id (a UUID v7 string).
    pub id: String,
    /// The owner every read and write is scoped by.
    pub owner: String,
    /// Workflow state.
    pub state: SessionState,
    /// Whether write tools run without waiting for a person's approval.
    pub auto_approve: bool,
    /// A caller-chosen title (sealed at rest when encryption is on).
    pub title: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Time of the last change.
    pub updated_at: DateTime<Utc>,
    /// The run that made the last state transition, if a run did.
    pub state_run_id: Option<String>,
}

/// A state change to apply atomically with
/// [`Store::transition_session`](super::Store::transition_session).
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// The state the caller believes the session is in; anything else is a conflict.
    pub from: SessionState,
    /// The state to move to; must be legal from `from`.
    pub to: SessionState,
    /// The run making the change, recorded as the session's `state_run_id`.
    pub run_id: Option<String>,
    /// Jobs to enqueue in the same transaction: they exist if and only if the transition
    /// happened (an engine that keeps its queue elsewhere rejects a non-empty list).
    pub enqueue: Vec<NewJob>,
}

impl Transition {
    /// A transition from `from` to `to` with no run and no jobs.
    pub fn new(from: SessionState, to: SessionState) -> Self {
        Transition {
            from,
            to,
            run_id: None,
            enqueue: Vec::new(),
        }
    }

    /// Records the run that makes the change.
    pub fn by_run(mut self, run_id: impl Into<String>) -> Self {
        self.run_id = Some(run_id.into());
        self
    }

    /// Enqueues `job` if and only if the transition commits.
    pub fn and_enqueue(mut self, job: NewJob) -> Self {
        self.enqueue.push(job);
        self
    }
}

/// A JSON record with a version: profiles, and the common shape of stored JSON values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileRecord {
    /// Caller-chosen id (one owner may keep several profiles).
    pub id: String,
    /// 1 for the first save, +1 for each save after.
    pub version: i64,
    /// The [`crate::profile::Profile`] as JSON.
    pub data: Value,
    /// Time of the save.
    pub updated_at: DateTime<Utc>,
}

impl ProfileRecord {
    /// Decodes `data` into a typed value (usually [`crate::profile::Profile`]).
    ///
    /// # Errors
    /// [`crate::Error::Json`] when the stored JSON does not fit `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        Ok(T::deserialize(&self.data)?)
    }
}

/// One version of a resume document. Versions are append-only; each names its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentVersion {
    /// The document's id (store-assigned when it was created).
    pub document_id: String,
    /// The session the document belongs to.
    pub session_id: String,
    /// 1 for the first version, +1 for each after.
    pub version: i64,
    /// The version this one was derived from (`None` for version 1).
    pub parent_version: Option<i64>,
    /// Who or what made it (`"upload"`, `"user"`, `"agent:rewrite"`, ...).
    pub author: String,
    /// The [`crate::document::ResumeDocument`] as JSON.
    pub data: Value,
    /// Time of the version.
    pub created_at: DateTime<Utc>,
}

impl DocumentVersion {
    /// Decodes `data` into a typed value (usually [`crate::document::ResumeDocument`]).
    ///
    /// # Errors
    /// [`crate::Error::Json`] when the stored JSON does not fit `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        Ok(T::deserialize(&self.data)?)
    }
}

/// What kind of JSON artifact a session keeps besides its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactKind {
    /// A [`crate::jd::JobDescription`] as JSON.
    JobDescription,
    /// A gap analysis (or another analysis result) as JSON.
    Analysis,
    /// Planned interview questions (a list of [`crate::interview::questions::QuestionPlan`]).
    InterviewQuestions,
    /// Feedback on one answer ([`crate::interview::feedback::FeedbackReport`]).
    AnswerFeedback,
    /// A cover letter ([`crate::letter::CoverLetter`]).
    CoverLetter,
}

impl ArtifactKind {
    /// Every kind.
    pub const ALL: [ArtifactKind; 5] = [
        ArtifactKind::JobDescription,
        ArtifactKind::Analysis,
        ArtifactKind::InterviewQuestions,
        ArtifactKind::AnswerFeedback,
        ArtifactKind::CoverLetter,
    ];

    /// The wire name (`"job_description"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ArtifactKind::JobDescription => "job_description",
            ArtifactKind::Analysis => "analysis",
            ArtifactKind::InterviewQuestions => "interview_questions",
            ArtifactKind::AnswerFeedback => "answer_feedback",
            ArtifactKind::CoverLetter => "cover_letter",
        }
    }

    /// Parses a wire name.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] for an unknown name (only a corrupt row has one).
    pub fn parse(name: &str) -> Result<Self> {
        parse_name(&Self::ALL, name, Self::as_str, "artifact kind")
    }
}

/// A job description, analysis, question plan or feedback stored with a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactRecord {
    /// Store-assigned id.
    pub id: String,
    /// The session it belongs to.
    pub session_id: String,
    /// What it is.
    pub kind: ArtifactKind,
    /// The JSON value.
    pub data: Value,
    /// Time it was stored.
    pub created_at: DateTime<Utc>,
}

impl ArtifactRecord {
    /// Decodes `data` into a typed value.
    ///
    /// # Errors
    /// [`crate::Error::Json`] when the stored JSON does not fit `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        Ok(T::deserialize(&self.data)?)
    }
}

/// An agent run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Store-assigned id.
    pub id: String,
    /// The session it works on.
    pub session_id: String,
    /// Where it is.
    pub status: RunStatus,
    /// Start time.
    pub created_at: DateTime<Utc>,
    /// When it finished (set with the first finished status).
    pub finished_at: Option<DateTime<Utc>>,
    /// Tokens used by every call recorded for this run.
    pub usage: Usage,
    /// The runtime's durable checkpoint (messages, pending tool call...), to resume after a
    /// restart or an approval.
    pub checkpoint: Option<Value>,
}

/// A run event before the store gives it an id and a time.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The run that emitted it.
    pub run_id: String,
    /// The run's session.
    pub session_id: String,
    /// What happened.
    pub kind: EventType,
    /// Type-specific data.
    pub payload: Value,
}

/// Where an approval is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// Waiting for a person.
    Pending,
    /// Approved; may be consumed once.
    Approved,
    /// Rejected; the call must not run.
    Rejected,
    /// Approved and used by the run; cannot be used again.
    Consumed,
}

impl ApprovalStatus {
    /// Every status.
    pub const ALL: [ApprovalStatus; 4] = [
        ApprovalStatus::Pending,
        ApprovalStatus::Approved,
        ApprovalStatus::Rejected,
        ApprovalStatus::Consumed,
    ];

    /// The wire name (`"pending"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
            ApprovalStatus::Consumed => "consumed",
        }
    }

    /// Parses a wire name.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] for an unknown name (only a corrupt row has one).
    pub fn parse(name: &str) -> Result<Self> {
        parse_name(&Self::ALL, name, Self::as_str, "approval status")
    }
}

/// A write tool call waiting for (or having had) a person's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalRecord {
    /// Store-assigned id.
    pub id: String,
    /// The run that proposed the call.
    pub run_id: String,
    /// The run's session.
    pub session_id: String,
    /// The model's tool call id.
    pub tool_call_id: String,
    /// The tool's name.
    pub tool_name: String,
    /// SHA-256 (hex) of the canonical JSON of `arguments`: what was approved is what runs.
    pub arguments_hash: String,
    /// The proposed arguments.
    pub arguments: Value,
    /// Where it is.
    pub status: ApprovalStatus,
    /// When it was proposed.
    pub created_at: DateTime<Utc>,
    /// When a person approved or rejected it.
    pub decided_at: Option<DateTime<Utc>>,
}

/// A proposed write tool call to record as pending.
#[derive(Debug, Clone, PartialEq)]
pub struct NewApproval {
    /// The run that proposed the call.
    pub run_id: String,
    /// The run's session.
    pub session_id: String,
    /// The model's tool call id.
    pub tool_call_id: String,
    /// The tool's name.
    pub tool_name: String,
    /// The proposed arguments.
    pub arguments: Value,
}

/// An audit-log entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudit {
    /// The session concerned, if any.
    pub session_id: Option<String>,
    /// Who acted (`"user"`, `"agent:rewrite"`, `"system"`).
    pub actor: String,
    /// What was done (`"approval.approved"`, `"file.put"`, ...).
    pub action: String,
    /// What it was done to (a path, an approval id...).
    pub target: String,
    /// Details.
    pub detail: Value,
}

/// A stored audit-log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Store-assigned, increasing id.
    pub id: i64,
    /// The session concerned, if any.
    pub session_id: Option<String>,
    /// Who acted.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// What it was done to.
    pub target: String,
    /// Details.
    pub detail: Value,
    /// When.
    pub ts: DateTime<Utc>,
}

/// One model call's usage and cost, to record.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageEntry {
    /// The session billed.
    pub session_id: String,
    /// The run that made the call, if any.
    pub run_id: Option<String>,
    /// The provider (`"openai"`, `"local"`).
    pub provider: String,
    /// Tokens.
    pub usage: Usage,
    /// Cost in millionths of the product's currency unit.
    pub cost_micros: i64,
}

/// Usage and cost summed over a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UsageTotals {
    /// Number of calls recorded.
    pub calls: i64,
    /// Tokens summed (estimated if any call's were).
    pub usage: Usage,
    /// Cost summed, in millionths of a currency unit.
    pub cost_micros: i64,
}

/// Parses a wire name among `all` (shared by the small enums here and in the queue).
pub(crate) fn parse_name<T: Copy>(
    all: &[T],
    name: &str,
    as_str: fn(T) -> &'static str,
    what: &str,
) -> Result<T> {
    all.iter()
        .copied()
        .find(|item| as_str(*item) == name)
        .ok_or_else(|| crate::Error::Storage {
            message: format!("unknown {what} {name:?}"),
        })
}
