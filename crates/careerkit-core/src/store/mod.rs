//! Persistence ports: the [`Store`] of sessions and everything hanging off them, the durable job
//! [`Queue`], and a session's files in a [`Workspace`]. Engines live in the `careerkit-store`
//! crate (SQLite and local files by default; PostgreSQL and S3 to scale out); this module holds
//! the traits, their records, and the conformance suite every engine runs.
//!
//! Owner scoping is by construction: every [`Store`] method takes the [`OwnerId`] first, and an
//! item of another owner reads as [`Error::NotFound`]. A unit test below parses this file and
//! fails if a `Store` method does not take `owner: &OwnerId` first, or if the method list
//! changed without the conformance suite's list ([`STORE_METHODS`]) changing with it.

use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::run::{Event, RunStatus};
use crate::{Error, Result};

pub mod keys;
pub mod queue;
pub mod records;
pub mod workspace;

#[cfg(feature = "test-utils")]
pub mod conformance;

pub use keys::KeyProvider;
pub use queue::{Enqueued, Job, JobStatus, NewJob, Queue, RetryPolicy};
pub use records::*;
pub use workspace::{FileMeta, Workspace, WorkspacePath, WorkspacePolicy};

/// The tenant every stored item belongs to. Ids are 1 to 128 characters of ASCII letters,
/// digits, `-`, `_`, `.` and `@` (no `/`, so an owner id is also a safe path segment), and never
/// `.` or `..`.
///
/// ```
/// use careerkit_core::store::OwnerId;
/// assert!(OwnerId::new("user-42").is_ok());
/// assert!(OwnerId::new("../etc").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OwnerId(String);

impl OwnerId {
    /// Validates and wraps an owner id.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty, too long or otherwise malformed id.
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@');
        if id.is_empty() || id.len() > 128 || !id.chars().all(allowed) || id == "." || id == ".." {
            return Err(Error::invalid(format!(
                "owner id {id:?} must be 1-128 characters of letters, digits, '-', '_', '.', '@'"
            )));
        }
        Ok(OwnerId(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OwnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OwnerId {
    type Error = Error;
    fn try_from(id: String) -> Result<Self> {
        OwnerId::new(id)
    }
}

impl From<OwnerId> for String {
    fn from(owner: OwnerId) -> String {
        owner.0
    }
}

/// The `Store` methods, in trait order. The conformance suite exercises each one with a
/// foreign owner; a unit test checks this list against the trait's source.
pub const STORE_METHODS: &[&str] = &[
    "create_session",
    "get_session",
    "list_sessions",
    "transition_session",
    "set_auto_approve",
    "save_profile",
    "get_profile",
    "create_document",
    "append_document_version",
    "get_document",
    "list_document_versions",
    "put_artifact",
    "get_artifact",
    "list_artifacts",
    "create_run",
    "get_run",
    "list_runs",
    "set_run_status",
    "save_checkpoint",
    "append_event",
    "events_after",
    "create_approval",
    "get_approval",
    "list_approvals",
    "decide_approval",
    "consume_approval",
    "append_audit",
    "list_audit",
    "record_usage",
    "session_usage",
    "delete_owner",
    "export_owner",
];

/// Sessions, profiles, resume documents and their versions, job descriptions and analyses,
/// runs with their events and checkpoints, approvals, the audit log, and usage with cost.
///
/// Every method takes the owner first; items of another owner are [`Error::NotFound`].
/// Changes are atomic: a method that fails changed nothing.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates a session in [`crate::session::SessionState::Draft`].
    ///
    /// # Errors
    /// [`Error::Storage`] when the engine fails.
    async fn create_session(
        &self,
        owner: &OwnerId,
        title: &str,
        auto_approve: bool,
    ) -> Result<SessionRecord>;

    /// One session.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it does not exist or belongs to another owner.
    async fn get_session(&self, owner: &OwnerId, session_id: &str) -> Result<SessionRecord>;

    /// The owner's sessions, newest first.
    ///
    /// # Errors
    /// [`Error::Storage`] when the engine fails.
    async fn list_sessions(&self, owner: &OwnerId) -> Result<Vec<SessionRecord>>;

    /// Moves a session from `transition.from` to `transition.to` atomically (compare and set),
    /// records the run that did it, and enqueues `transition.enqueue` in the same transaction.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the move is illegal or the stored state is not `from` (nothing
    /// changes, no job is enqueued); [`Error::NotFound`] for an unknown session.
    async fn transition_session(
        &self,
        owner: &OwnerId,
        session_id: &str,
        transition: Transition,
    ) -> Result<SessionRecord>;

    /// Turns auto-approval of write tools on or off.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn set_auto_approve(
        &self,
        owner: &OwnerId,
        session_id: &str,
        auto_approve: bool,
    ) -> Result<SessionRecord>;

    /// Saves a profile. `expected_version` is the version the caller read (`None` to create):
    /// a save based on a stale read is refused, so concurrent edits are never silently lost.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the stored version is not `expected_version`.
    async fn save_profile(
        &self,
        owner: &OwnerId,
        profile_id: &str,
        expected_version: Option<i64>,
        data: &Value,
    ) -> Result<ProfileRecord>;

    /// The latest version of a profile.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it does not exist or belongs to another owner.
    async fn get_profile(&self, owner: &OwnerId, profile_id: &str) -> Result<ProfileRecord>;

    /// Creates a resume document in a session with its version 1.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn create_document(
        &self,
        owner: &OwnerId,
        session_id: &str,
        author: &str,
        data: &Value,
    ) -> Result<DocumentVersion>;

    /// Appends a version derived from `parent_version`, which must be the latest version (a
    /// rewrite based on an older version is a conflict, not a silent overwrite).
    ///
    /// # Errors
    /// [`Error::Conflict`] when `parent_version` is not the latest; [`Error::NotFound`] for an
    /// unknown document.
    async fn append_document_version(
        &self,
        owner: &OwnerId,
        document_id: &str,
        parent_version: i64,
        author: &str,
        data: &Value,
    ) -> Result<DocumentVersion>;

    /// One version of a document (`None`: the latest).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown document or version.
    async fn get_document(
        &self,
        owner: &OwnerId,
        document_id: &str,
        version: Option<i64>,
    ) -> Result<DocumentVersion>;

    /// Every version of a document, oldest first.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown document.
    async fn list_document_versions(
        &self,
        owner: &OwnerId,
        document_id: &str,
    ) -> Result<Vec<DocumentVersion>>;

    /// Stores a job description or an analysis with a session.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn put_artifact(
        &self,
        owner: &OwnerId,
        session_id: &str,
        kind: ArtifactKind,
        data: &Value,
    ) -> Result<ArtifactRecord>;

    /// One artifact.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it does not exist or belongs to another owner.
    async fn get_artifact(&self, owner: &OwnerId, artifact_id: &str) -> Result<ArtifactRecord>;

    /// A session's artifacts of one kind, oldest first.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn list_artifacts(
        &self,
        owner: &OwnerId,
        session_id: &str,
        kind: ArtifactKind,
    ) -> Result<Vec<ArtifactRecord>>;

    /// Starts a run ([`RunStatus::Running`]) in a session.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn create_run(&self, owner: &OwnerId, session_id: &str) -> Result<RunRecord>;

    /// One run, with its summed usage and its checkpoint.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it does not exist or belongs to another owner.
    async fn get_run(&self, owner: &OwnerId, run_id: &str) -> Result<RunRecord>;

    /// A session's runs, oldest first.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn list_runs(&self, owner: &OwnerId, session_id: &str) -> Result<Vec<RunRecord>>;

    /// Sets a run's status; the first finished status also sets `finished_at`.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the run has already finished.
    async fn set_run_status(
        &self,
        owner: &OwnerId,
        run_id: &str,
        status: RunStatus,
    ) -> Result<RunRecord>;

    /// Replaces a run's durable checkpoint.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown run.
    async fn save_checkpoint(
        &self,
        owner: &OwnerId,
        run_id: &str,
        checkpoint: &Value,
    ) -> Result<()>;

    /// Appends a run event; the store assigns `event_id` (increasing within a session: a
    /// reader that saw id `n` never misses a later event by asking for ids after `n`) and `ts`.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the run is unknown or not in the given session.
    async fn append_event(&self, owner: &OwnerId, event: NewEvent) -> Result<Event>;

    /// A session's events with `event_id > after_event_id`, oldest first, at most `limit`,
    /// optionally only one run's.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn events_after(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: Option<&str>,
        after_event_id: i64,
        limit: u32,
    ) -> Result<Vec<Event>>;

    /// Records a proposed write tool call as pending.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the run is unknown or not in the given session;
    /// [`Error::Conflict`] when the run already has an approval for that tool call id.
    async fn create_approval(
        &self,
        owner: &OwnerId,
        approval: NewApproval,
    ) -> Result<ApprovalRecord>;

    /// One approval.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it does not exist or belongs to another owner.
    async fn get_approval(&self, owner: &OwnerId, approval_id: &str) -> Result<ApprovalRecord>;

    /// A run's approvals, oldest first, optionally only those with one status.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown run.
    async fn list_approvals(
        &self,
        owner: &OwnerId,
        run_id: &str,
        status: Option<ApprovalStatus>,
    ) -> Result<Vec<ApprovalRecord>>;

    /// Approves or rejects a pending approval.
    ///
    /// # Errors
    /// [`Error::Conflict`] when it is not pending any more.
    async fn decide_approval(
        &self,
        owner: &OwnerId,
        approval_id: &str,
        approve: bool,
    ) -> Result<ApprovalRecord>;

    /// Uses an approved approval for the call whose arguments hash to `arguments_hash`; it
    /// succeeds once (an approval cannot be replayed) and only for the approved arguments.
    ///
    /// # Errors
    /// [`Error::Conflict`] when it is not approved (pending, rejected, already consumed) or the
    /// arguments differ from what was approved.
    async fn consume_approval(
        &self,
        owner: &OwnerId,
        approval_id: &str,
        arguments_hash: &str,
    ) -> Result<ApprovalRecord>;

    /// Appends an audit-log entry.
    ///
    /// # Errors
    /// [`Error::NotFound`] when `session_id` names an unknown session.
    async fn append_audit(&self, owner: &OwnerId, entry: NewAudit) -> Result<AuditRecord>;

    /// The owner's audit log (optionally one session's), oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`Error::Storage`] when the engine fails.
    async fn list_audit(
        &self,
        owner: &OwnerId,
        session_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>>;

    /// Records one model call's usage and cost.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session or run.
    async fn record_usage(&self, owner: &OwnerId, entry: UsageEntry) -> Result<()>;

    /// Usage and cost summed over a session.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown session.
    async fn session_usage(&self, owner: &OwnerId, session_id: &str) -> Result<UsageTotals>;

    /// Deletes everything of one owner; returns how many records went.
    ///
    /// # Errors
    /// [`Error::Storage`] when the engine fails (nothing is deleted then).
    async fn delete_owner(&self, owner: &OwnerId) -> Result<u64>;

    /// Everything of one owner as a zip archive with one JSON-lines file per record type
    /// (`sessions.jsonl`, `documents.jsonl`, ...), decrypted.
    ///
    /// # Errors
    /// [`Error::Storage`] when the engine fails.
    async fn export_owner(&self, owner: &OwnerId) -> Result<Vec<u8>>;
}

/// SHA-256 (hex) of the canonical JSON of `arguments` (object keys sorted at every level), as
/// kept in [`ApprovalRecord::arguments_hash`]: equal arguments hash equal whatever their key order.
pub fn arguments_hash(arguments: &Value) -> String {
    fn canonical(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    if let Some(item) = map.get(key) {
                        canonical(item, out);
                    }
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    canonical(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut text = String::new();
    canonical(arguments, &mut text);
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses the `Store` trait out of this file: every method must take `owner: &OwnerId`
    /// right after `&self`, and the method list must equal [`STORE_METHODS`].
    #[test]
    fn every_store_method_is_owner_scoped_and_listed() {
        let source = include_str!("mod.rs");
        let start = source.find("pub trait Store: Send + Sync {").unwrap();
        let end = start + source[start..].find("\n}\n").unwrap();
        let body = &source[start..end];
        let mut names = Vec::new();
        for piece in body.split("async fn ").skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let params = &piece[name.len()..piece.find(')').unwrap()];
            let params: String = params.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                params.starts_with("( &self, owner: &OwnerId")
                    || params.starts_with("(&self, owner: &OwnerId"),
                "Store::{name} must take `owner: &OwnerId` first, found {params:?}"
            );
            names.push(name);
        }
        assert_eq!(names, STORE_METHODS);
        // Nothing but methods (and their docs) inside the trait: no default-bodied helpers that
        // could bypass the owner.
        assert!(!body.contains("fn ") || body.matches("fn ").count() == names.len());
    }

    #[test]
    fn owner_ids_are_safe_path_segments() {
        for good in ["u1", "user-42", "a.b@example.com", "A_b"] {
            assert_eq!(OwnerId::new(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "a b",
            "é",
            &"x".repeat(129),
            "a\0b",
        ] {
            assert!(OwnerId::new(bad).is_err(), "{bad:?} accepted");
        }
        assert!(serde_json::from_str::<OwnerId>("\"../x\"").is_err());
    }

    #[test]
    fn argument_hash_ignores_key_order_only() {
        let a = serde_json::json!({"b": 1, "a": {"y": [1, 2], "x": "s"}});
        let b = serde_json::json!({"a": {"x": "s", "y": [1, 2]}, "b": 1});
        let c = serde_json::json!({"a": {"x": "s", "y": [2, 1]}, "b": 1});
        assert_eq!(arguments_hash(&a), arguments_hash(&b));
        assert_ne!(arguments_hash(&a), arguments_hash(&c));
        assert_eq!(arguments_hash(&a).len(), 64);
    }
}
