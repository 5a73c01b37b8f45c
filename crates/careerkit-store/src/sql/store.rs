//! [`Store`] on the SQL engine. Every statement filters by `owner`; a row of another owner is
//! simply not found.

use async_trait::async_trait;
use careerkit_core::run::{Event, RunStatus};
use careerkit_core::session::SessionState;
use careerkit_core::store::{
    arguments_hash, ApprovalRecord, ApprovalStatus, ArtifactKind, ArtifactRecord, AuditRecord,
    DocumentVersion, NewApproval, NewAudit, NewEvent, OwnerId, ProfileRecord, RunRecord,
    SessionRecord, Store, Transition, UsageEntry, UsageTotals,
};
use careerkit_core::{Error, Result};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use super::rows::{audit_record_key, col, new_id, now_ms, run_status_name, usage, Reader};
use super::{storage, SqlStore};
use crate::seal::Slot;

const SESSION_COLUMNS: &str =
    "id, owner, state, auto_approve, title, created_at, updated_at, state_run_id";
const VERSION_COLUMNS: &str =
    "document_id, version, session_id, parent_version, author, data, created_at";
const ARTIFACT_COLUMNS: &str = "id, session_id, kind, data, created_at";
const EVENT_COLUMNS: &str = "event_id, run_id, session_id, kind, ts, payload";
const APPROVAL_COLUMNS: &str = "id, run_id, session_id, tool_call_id, tool_name, \
     arguments_hash, arguments, status, created_at, decided_at";
const AUDIT_COLUMNS: &str = "id, session_id, actor, action, target, detail, ts";
/// A run with its usage summed from `usage_log`.
pub(super) const RUN_SELECT: &str =
    "SELECT r.id, r.session_id, r.status, r.created_at, r.finished_at, \
     r.checkpoint, \
     CAST(COALESCE(SUM(u.prompt_tokens), 0) AS BIGINT) AS prompt_tokens, \
     CAST(COALESCE(SUM(u.completion_tokens), 0) AS BIGINT) AS completion_tokens, \
     CAST(COALESCE(SUM(u.cached_tokens), 0) AS BIGINT) AS cached_tokens, \
     CAST(COALESCE(MAX(u.estimated), 0) AS BIGINT) AS estimated \
     FROM runs r LEFT JOIN usage_log u ON u.owner = r.owner AND u.run_id = r.id";
pub(super) const RUN_GROUP: &str =
    "GROUP BY r.id, r.session_id, r.status, r.created_at, r.finished_at, \
     r.checkpoint";

fn not_found(kind: &'static str, id: &str) -> Error {
    Error::NotFound {
        kind,
        id: id.to_owned(),
    }
}

fn conflict(message: String) -> Error {
    Error::Conflict { message }
}

impl SqlStore {
    fn reader<'a>(&'a self, owner: &'a OwnerId) -> Reader<'a> {
        Reader {
            codec: &self.codec,
            owner,
        }
    }

    fn seal(&self, owner: &OwnerId, table: &str, record: &str, value: &Value) -> Result<Vec<u8>> {
        self.codec.seal(
            &Slot {
                owner,
                table,
                record,
            },
            value,
        )
    }

    /// Checks that the owner has the session (locking its row on PostgreSQL when `lock`).
    async fn ensure_session(
        &self,
        conn: &mut AnyConnection,
        owner: &OwnerId,
        session_id: &str,
        lock: bool,
    ) -> Result<()> {
        let sql = format!(
            "SELECT id FROM sessions WHERE id = $1 AND owner = $2{}",
            if lock { self.for_update() } else { "" }
        );
        sqlx::query(&sql)
            .bind(session_id)
            .bind(owner.as_str())
            .fetch_optional(conn)
            .await
            .map_err(storage)?
            .map(|_| ())
            .ok_or_else(|| not_found("session", session_id))
    }

    /// The session of a run the owner has.
    async fn run_session(
        &self,
        conn: &mut AnyConnection,
        owner: &OwnerId,
        run_id: &str,
    ) -> Result<String> {
        let row = sqlx::query("SELECT session_id FROM runs WHERE id = $1 AND owner = $2")
            .bind(run_id)
            .bind(owner.as_str())
            .fetch_optional(conn)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("run", run_id))?;
        col(&row, "session_id")
    }

    async fn fetch_session(
        &self,
        conn: &mut AnyConnection,
        owner: &OwnerId,
        session_id: &str,
    ) -> Result<SessionRecord> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1 AND owner = $2");
        let row = sqlx::query(&sql)
            .bind(session_id)
            .bind(owner.as_str())
            .fetch_optional(conn)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("session", session_id))?;
        self.reader(owner).session(&row)
    }

    async fn fetch_run(
        &self,
        conn: &mut AnyConnection,
        owner: &OwnerId,
        run_id: &str,
    ) -> Result<RunRecord> {
        let sql = format!("{RUN_SELECT} WHERE r.id = $1 AND r.owner = $2 {RUN_GROUP}");
        let row = sqlx::query(&sql)
            .bind(run_id)
            .bind(owner.as_str())
            .fetch_optional(conn)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("run", run_id))?;
        self.reader(owner).run(&row)
    }

    async fn fetch_approval(
        &self,
        conn: &mut AnyConnection,
        owner: &OwnerId,
        approval_id: &str,
    ) -> Result<ApprovalRecord> {
        let sql = format!(
            "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE id = $1 AND owner = $2{}",
            self.for_update()
        );
        let row = sqlx::query(&sql)
            .bind(approval_id)
            .bind(owner.as_str())
            .fetch_optional(conn)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("approval", approval_id))?;
        self.reader(owner).approval(&row)
    }

    async fn read_conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        self.pool.acquire().await.map_err(storage)
    }

    fn rows<T>(&self, rows: Vec<AnyRow>, decode: impl Fn(&AnyRow) -> Result<T>) -> Result<Vec<T>> {
        rows.iter().map(decode).collect()
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn create_session(
        &self,
        owner: &OwnerId,
        title: &str,
        auto_approve: bool,
    ) -> Result<SessionRecord> {
        let id = new_id();
        let now = now_ms();
        let sealed = self.seal(owner, "sessions", &id, &Value::String(title.to_owned()))?;
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO sessions (id, owner, state, auto_approve, title, created_at, updated_at, \
             state_run_id) VALUES ($1, $2, $3, $4, $5, $6, $6, NULL)",
        )
        .bind(&id)
        .bind(owner.as_str())
        .bind(SessionState::Draft.as_str())
        .bind(i64::from(auto_approve))
        .bind(sealed)
        .bind(now)
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        let record = self.fetch_session(&mut w.tx, owner, &id).await?;
        w.commit().await?;
        Ok(record)
    }

    async fn get_session(&self, owner: &OwnerId, session_id: &str) -> Result<SessionRecord> {
        let mut conn = self.read_conn().await?;
        self.fetch_session(&mut conn, owner, session_id).await
    }

    async fn list_sessions(&self, owner: &OwnerId) -> Result<Vec<SessionRecord>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE owner = $1 \
             ORDER BY created_at DESC, id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(owner.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.session(row))
    }

    async fn transition_session(
        &self,
        owner: &OwnerId,
        session_id: &str,
        transition: Transition,
    ) -> Result<SessionRecord> {
        transition.from.check_transition(transition.to)?;
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE sessions SET state = $1, state_run_id = $2, updated_at = $3 \
             WHERE id = $4 AND owner = $5 AND state = $6",
        )
        .bind(transition.to.as_str())
        .bind(transition.run_id.as_deref())
        .bind(now_ms())
        .bind(session_id)
        .bind(owner.as_str())
        .bind(transition.from.as_str())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        if changed != 1 {
            let current = self.fetch_session(&mut w.tx, owner, session_id).await?;
            return Err(conflict(format!(
                "session {session_id} is {}, not {}",
                current.state, transition.from
            )));
        }
        for job in &transition.enqueue {
            self.insert_job(&mut w.tx, job).await?;
        }
        let record = self.fetch_session(&mut w.tx, owner, session_id).await?;
        w.commit().await?;
        Ok(record)
    }

    async fn set_auto_approve(
        &self,
        owner: &OwnerId,
        session_id: &str,
        auto_approve: bool,
    ) -> Result<SessionRecord> {
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE sessions SET auto_approve = $1, updated_at = $2 WHERE id = $3 AND owner = $4",
        )
        .bind(i64::from(auto_approve))
        .bind(now_ms())
        .bind(session_id)
        .bind(owner.as_str())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        if changed != 1 {
            return Err(not_found("session", session_id));
        }
        let record = self.fetch_session(&mut w.tx, owner, session_id).await?;
        w.commit().await?;
        Ok(record)
    }

    async fn save_profile(
        &self,
        owner: &OwnerId,
        profile_id: &str,
        expected_version: Option<i64>,
        data: &Value,
    ) -> Result<ProfileRecord> {
        if profile_id.is_empty() {
            return Err(Error::invalid("a profile id must not be empty"));
        }
        let sealed = self.seal(owner, "profiles", profile_id, data)?;
        let now = now_ms();
        let mut w = self.write().await?;
        let changed = match expected_version {
            None => {
                sqlx::query(
                    "INSERT INTO profiles (owner, id, version, data, updated_at) \
                 VALUES ($1, $2, 1, $3, $4) ON CONFLICT (owner, id) DO NOTHING",
                )
                .bind(owner.as_str())
                .bind(profile_id)
                .bind(sealed)
                .bind(now)
                .execute(&mut *w.tx)
                .await
            }
            Some(version) => {
                sqlx::query(
                    "UPDATE profiles SET version = version + 1, data = $1, updated_at = $2 \
                 WHERE owner = $3 AND id = $4 AND version = $5",
                )
                .bind(sealed)
                .bind(now)
                .bind(owner.as_str())
                .bind(profile_id)
                .bind(version)
                .execute(&mut *w.tx)
                .await
            }
        }
        .map_err(storage)?
        .rows_affected();
        if changed != 1 {
            return Err(conflict(format!(
                "profile {profile_id} is not at version {}",
                expected_version.map_or("none (it exists)".to_owned(), |v| v.to_string())
            )));
        }
        let row = sqlx::query(
            "SELECT id, version, data, updated_at FROM profiles WHERE owner = $1 AND id = $2",
        )
        .bind(owner.as_str())
        .bind(profile_id)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(storage)?;
        let record = self.reader(owner).profile(&row)?;
        w.commit().await?;
        Ok(record)
    }

    async fn get_profile(&self, owner: &OwnerId, profile_id: &str) -> Result<ProfileRecord> {
        let row = sqlx::query(
            "SELECT id, version, data, updated_at FROM profiles WHERE owner = $1 AND id = $2",
        )
        .bind(owner.as_str())
        .bind(profile_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?
        .ok_or_else(|| not_found("profile", profile_id))?;
        self.reader(owner).profile(&row)
    }

    async fn create_document(
        &self,
        owner: &OwnerId,
        session_id: &str,
        author: &str,
        data: &Value,
    ) -> Result<DocumentVersion> {
        let id = new_id();
        let now = now_ms();
        let sealed = self.seal(owner, "document_versions", &format!("{id}/1"), data)?;
        let mut w = self.write().await?;
        self.ensure_session(&mut w.tx, owner, session_id, false)
            .await?;
        sqlx::query(
            "INSERT INTO documents (id, owner, session_id, latest_version, created_at) \
             VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(&id)
        .bind(owner.as_str())
        .bind(session_id)
        .bind(now)
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        insert_version(
            &mut w.tx, owner, session_id, &id, 1, None, author, sealed, now,
        )
        .await?;
        w.commit().await?;
        self.get_document(owner, &id, Some(1)).await
    }

    async fn append_document_version(
        &self,
        owner: &OwnerId,
        document_id: &str,
        parent_version: i64,
        author: &str,
        data: &Value,
    ) -> Result<DocumentVersion> {
        let version = parent_version + 1;
        let sealed = self.seal(
            owner,
            "document_versions",
            &format!("{document_id}/{version}"),
            data,
        )?;
        let now = now_ms();
        let mut w = self.write().await?;
        let row = sqlx::query(
            "SELECT session_id, latest_version FROM documents WHERE id = $1 AND owner = $2",
        )
        .bind(document_id)
        .bind(owner.as_str())
        .fetch_optional(&mut *w.tx)
        .await
        .map_err(storage)?
        .ok_or_else(|| not_found("document", document_id))?;
        let session_id: String = col(&row, "session_id")?;
        let changed = sqlx::query(
            "UPDATE documents SET latest_version = $1 \
             WHERE id = $2 AND owner = $3 AND latest_version = $4",
        )
        .bind(version)
        .bind(document_id)
        .bind(owner.as_str())
        .bind(parent_version)
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        if changed != 1 {
            let latest: i64 = col(&row, "latest_version")?;
            return Err(conflict(format!(
                "document {document_id} is at version {latest}, not {parent_version}"
            )));
        }
        insert_version(
            &mut w.tx,
            owner,
            &session_id,
            document_id,
            version,
            Some(parent_version),
            author,
            sealed,
            now,
        )
        .await?;
        w.commit().await?;
        self.get_document(owner, document_id, Some(version)).await
    }

    async fn get_document(
        &self,
        owner: &OwnerId,
        document_id: &str,
        version: Option<i64>,
    ) -> Result<DocumentVersion> {
        let sql = format!(
            "SELECT v.{} FROM document_versions v JOIN documents d ON d.id = v.document_id \
             WHERE v.document_id = $1 AND v.owner = $2 AND d.owner = $2 \
             AND v.version = COALESCE($3, d.latest_version)",
            VERSION_COLUMNS.replace(", ", ", v.")
        );
        let row = sqlx::query(&sql)
            .bind(document_id)
            .bind(owner.as_str())
            .bind(version)
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("document version", document_id))?;
        self.reader(owner).document_version(&row)
    }

    async fn list_document_versions(
        &self,
        owner: &OwnerId,
        document_id: &str,
    ) -> Result<Vec<DocumentVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM document_versions \
             WHERE document_id = $1 AND owner = $2 ORDER BY version"
        );
        let rows = sqlx::query(&sql)
            .bind(document_id)
            .bind(owner.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        if rows.is_empty() {
            return Err(not_found("document", document_id));
        }
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.document_version(row))
    }

    async fn put_artifact(
        &self,
        owner: &OwnerId,
        session_id: &str,
        kind: ArtifactKind,
        data: &Value,
    ) -> Result<ArtifactRecord> {
        let id = new_id();
        let sealed = self.seal(owner, "artifacts", &id, data)?;
        let mut w = self.write().await?;
        self.ensure_session(&mut w.tx, owner, session_id, false)
            .await?;
        sqlx::query(
            "INSERT INTO artifacts (id, owner, session_id, kind, data, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(owner.as_str())
        .bind(session_id)
        .bind(kind.as_str())
        .bind(sealed)
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        w.commit().await?;
        self.get_artifact(owner, &id).await
    }

    async fn get_artifact(&self, owner: &OwnerId, artifact_id: &str) -> Result<ArtifactRecord> {
        let sql = format!("SELECT {ARTIFACT_COLUMNS} FROM artifacts WHERE id = $1 AND owner = $2");
        let row = sqlx::query(&sql)
            .bind(artifact_id)
            .bind(owner.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("artifact", artifact_id))?;
        self.reader(owner).artifact(&row)
    }

    async fn list_artifacts(
        &self,
        owner: &OwnerId,
        session_id: &str,
        kind: ArtifactKind,
    ) -> Result<Vec<ArtifactRecord>> {
        let mut conn = self.read_conn().await?;
        self.ensure_session(&mut conn, owner, session_id, false)
            .await?;
        let sql = format!(
            "SELECT {ARTIFACT_COLUMNS} FROM artifacts WHERE owner = $1 AND session_id = $2 \
             AND kind = $3 ORDER BY created_at, id"
        );
        let rows = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(session_id)
            .bind(kind.as_str())
            .fetch_all(&mut *conn)
            .await
            .map_err(storage)?;
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.artifact(row))
    }

    async fn create_run(&self, owner: &OwnerId, session_id: &str) -> Result<RunRecord> {
        let id = new_id();
        let mut w = self.write().await?;
        self.ensure_session(&mut w.tx, owner, session_id, false)
            .await?;
        sqlx::query(
            "INSERT INTO runs (id, owner, session_id, status, created_at, finished_at, checkpoint) \
             VALUES ($1, $2, $3, $4, $5, NULL, NULL)",
        )
        .bind(&id)
        .bind(owner.as_str())
        .bind(session_id)
        .bind(run_status_name(RunStatus::Running)?)
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        let record = self.fetch_run(&mut w.tx, owner, &id).await?;
        w.commit().await?;
        Ok(record)
    }

    async fn get_run(&self, owner: &OwnerId, run_id: &str) -> Result<RunRecord> {
        let mut conn = self.read_conn().await?;
        self.fetch_run(&mut conn, owner, run_id).await
    }

    async fn list_runs(&self, owner: &OwnerId, session_id: &str) -> Result<Vec<RunRecord>> {
        let mut conn = self.read_conn().await?;
        self.ensure_session(&mut conn, owner, session_id, false)
            .await?;
        let sql = format!(
            "{RUN_SELECT} WHERE r.owner = $1 AND r.session_id = $2 {RUN_GROUP} \
             ORDER BY r.created_at, r.id"
        );
        let rows = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(session_id)
            .fetch_all(&mut *conn)
            .await
            .map_err(storage)?;
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.run(row))
    }

    async fn set_run_status(
        &self,
        owner: &OwnerId,
        run_id: &str,
        status: RunStatus,
    ) -> Result<RunRecord> {
        let finished: Vec<String> = [
            RunStatus::Completed,
            RunStatus::Failed,
            RunStatus::Interrupted,
        ]
        .into_iter()
        .map(run_status_name)
        .collect::<Result<_>>()?;
        let now = now_ms();
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE runs SET status = $1, finished_at = $2 \
             WHERE id = $3 AND owner = $4 AND status NOT IN ($5, $6, $7)",
        )
        .bind(run_status_name(status)?)
        .bind(status.is_finished().then_some(now))
        .bind(run_id)
        .bind(owner.as_str())
        .bind(&finished[0])
        .bind(&finished[1])
        .bind(&finished[2])
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        let record = self.fetch_run(&mut w.tx, owner, run_id).await?;
        if changed != 1 {
            let current = run_status_name(record.status)?;
            return Err(conflict(format!(
                "run {run_id} has already finished ({current})"
            )));
        }
        w.commit().await?;
        Ok(record)
    }

    async fn save_checkpoint(
        &self,
        owner: &OwnerId,
        run_id: &str,
        checkpoint: &Value,
    ) -> Result<()> {
        let sealed = self.seal(owner, "runs", run_id, checkpoint)?;
        let mut w = self.write().await?;
        let changed = sqlx::query("UPDATE runs SET checkpoint = $1 WHERE id = $2 AND owner = $3")
            .bind(sealed)
            .bind(run_id)
            .bind(owner.as_str())
            .execute(&mut *w.tx)
            .await
            .map_err(storage)?
            .rows_affected();
        if changed != 1 {
            return Err(not_found("run", run_id));
        }
        w.commit().await
    }

    async fn append_event(&self, owner: &OwnerId, event: NewEvent) -> Result<Event> {
        let payload = self.seal(owner, "events", &event.run_id, &event.payload)?;
        let mut w = self.write().await?;
        // The session row lock orders a session's appends, so ids commit in increasing order
        // and a reader polling "after n" never skips one.
        self.ensure_session(&mut w.tx, owner, &event.session_id, true)
            .await?;
        if self.run_session(&mut w.tx, owner, &event.run_id).await? != event.session_id {
            return Err(not_found("run", &event.run_id));
        }
        let sql = format!(
            "INSERT INTO events (owner, session_id, run_id, kind, ts, payload) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {EVENT_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(&event.session_id)
            .bind(&event.run_id)
            .bind(event.kind.as_str())
            .bind(now_ms())
            .bind(payload)
            .fetch_one(&mut *w.tx)
            .await
            .map_err(storage)?;
        let stored = self.reader(owner).event(&row)?;
        w.commit().await?;
        Ok(stored)
    }

    async fn events_after(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: Option<&str>,
        after_event_id: i64,
        limit: u32,
    ) -> Result<Vec<Event>> {
        let mut conn = self.read_conn().await?;
        self.ensure_session(&mut conn, owner, session_id, false)
            .await?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE owner = $1 AND session_id = $2 \
             AND event_id > $3 AND ($4 IS NULL OR run_id = $4) ORDER BY event_id LIMIT $5"
        );
        let rows = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(session_id)
            .bind(after_event_id)
            .bind(run_id)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await
            .map_err(storage)?;
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.event(row))
    }

    async fn create_approval(
        &self,
        owner: &OwnerId,
        approval: NewApproval,
    ) -> Result<ApprovalRecord> {
        let id = new_id();
        let sealed = self.seal(owner, "approvals", &id, &approval.arguments)?;
        let mut w = self.write().await?;
        if self.run_session(&mut w.tx, owner, &approval.run_id).await? != approval.session_id {
            return Err(not_found("run", &approval.run_id));
        }
        sqlx::query(
            "INSERT INTO approvals (id, owner, run_id, session_id, tool_call_id, tool_name, \
             arguments_hash, arguments, status, created_at, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)",
        )
        .bind(&id)
        .bind(owner.as_str())
        .bind(&approval.run_id)
        .bind(&approval.session_id)
        .bind(&approval.tool_call_id)
        .bind(&approval.tool_name)
        .bind(arguments_hash(&approval.arguments))
        .bind(sealed)
        .bind(ApprovalStatus::Pending.as_str())
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        let record = self.fetch_approval(&mut w.tx, owner, &id).await?;
        w.commit().await?;
        Ok(record)
    }

    async fn get_approval(&self, owner: &OwnerId, approval_id: &str) -> Result<ApprovalRecord> {
        let sql = format!("SELECT {APPROVAL_COLUMNS} FROM approvals WHERE id = $1 AND owner = $2");
        let row = sqlx::query(&sql)
            .bind(approval_id)
            .bind(owner.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?
            .ok_or_else(|| not_found("approval", approval_id))?;
        self.reader(owner).approval(&row)
    }

    async fn list_approvals(
        &self,
        owner: &OwnerId,
        run_id: &str,
        status: Option<ApprovalStatus>,
    ) -> Result<Vec<ApprovalRecord>> {
        let mut conn = self.read_conn().await?;
        self.run_session(&mut conn, owner, run_id).await?;
        let sql = format!(
            "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE owner = $1 AND run_id = $2 \
             AND ($3 IS NULL OR status = $3) ORDER BY created_at, id"
        );
        let rows = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(run_id)
            .bind(status.map(ApprovalStatus::as_str))
            .fetch_all(&mut *conn)
            .await
            .map_err(storage)?;
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.approval(row))
    }

    async fn decide_approval(
        &self,
        owner: &OwnerId,
        approval_id: &str,
        approve: bool,
    ) -> Result<ApprovalRecord> {
        let to = if approve {
            ApprovalStatus::Approved
        } else {
            ApprovalStatus::Rejected
        };
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE approvals SET status = $1, decided_at = $2 \
             WHERE id = $3 AND owner = $4 AND status = $5",
        )
        .bind(to.as_str())
        .bind(now_ms())
        .bind(approval_id)
        .bind(owner.as_str())
        .bind(ApprovalStatus::Pending.as_str())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        let record = self.fetch_approval(&mut w.tx, owner, approval_id).await?;
        if changed != 1 {
            return Err(conflict(format!(
                "approval {approval_id} is already {}",
                record.status.as_str()
            )));
        }
        w.commit().await?;
        Ok(record)
    }

    async fn consume_approval(
        &self,
        owner: &OwnerId,
        approval_id: &str,
        arguments_hash: &str,
    ) -> Result<ApprovalRecord> {
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE approvals SET status = $1 WHERE id = $2 AND owner = $3 AND status = $4 \
             AND arguments_hash = $5",
        )
        .bind(ApprovalStatus::Consumed.as_str())
        .bind(approval_id)
        .bind(owner.as_str())
        .bind(ApprovalStatus::Approved.as_str())
        .bind(arguments_hash)
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        let record = self.fetch_approval(&mut w.tx, owner, approval_id).await?;
        if changed != 1 {
            let why = if record.status == ApprovalStatus::Approved {
                "the arguments differ from the approved ones".to_owned()
            } else {
                format!("it is {}, not approved", record.status.as_str())
            };
            return Err(conflict(format!(
                "approval {approval_id} cannot be used: {why}"
            )));
        }
        w.commit().await?;
        Ok(record)
    }

    async fn append_audit(&self, owner: &OwnerId, entry: NewAudit) -> Result<AuditRecord> {
        let ts = now_ms();
        let key = audit_record_key(&entry.actor, &entry.action, ts);
        let detail = self.seal(owner, "audit", &key, &entry.detail)?;
        let mut w = self.write().await?;
        if let Some(session_id) = &entry.session_id {
            self.ensure_session(&mut w.tx, owner, session_id, false)
                .await?;
        }
        let sql = format!(
            "INSERT INTO audit (owner, session_id, actor, action, target, detail, ts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {AUDIT_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(entry.session_id.as_deref())
            .bind(&entry.actor)
            .bind(&entry.action)
            .bind(&entry.target)
            .bind(detail)
            .bind(ts)
            .fetch_one(&mut *w.tx)
            .await
            .map_err(storage)?;
        let record = self.reader(owner).audit(&row)?;
        w.commit().await?;
        Ok(record)
    }

    async fn list_audit(
        &self,
        owner: &OwnerId,
        session_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>> {
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM audit WHERE owner = $1 \
             AND ($2 IS NULL OR session_id = $2) ORDER BY id LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(owner.as_str())
            .bind(session_id)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        let reader = self.reader(owner);
        self.rows(rows, |row| reader.audit(row))
    }

    async fn record_usage(&self, owner: &OwnerId, entry: UsageEntry) -> Result<()> {
        let mut w = self.write().await?;
        self.ensure_session(&mut w.tx, owner, &entry.session_id, false)
            .await?;
        if let Some(run_id) = &entry.run_id {
            if self.run_session(&mut w.tx, owner, run_id).await? != entry.session_id {
                return Err(not_found("run", run_id));
            }
        }
        sqlx::query(
            "INSERT INTO usage_log (owner, session_id, run_id, provider, prompt_tokens, \
             completion_tokens, cached_tokens, estimated, cost_micros, ts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(owner.as_str())
        .bind(&entry.session_id)
        .bind(entry.run_id.as_deref())
        .bind(&entry.provider)
        .bind(i64::from(entry.usage.prompt_tokens))
        .bind(i64::from(entry.usage.completion_tokens))
        .bind(i64::from(entry.usage.cached_tokens))
        .bind(i64::from(entry.usage.estimated))
        .bind(entry.cost_micros)
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        w.commit().await
    }

    async fn session_usage(&self, owner: &OwnerId, session_id: &str) -> Result<UsageTotals> {
        let mut conn = self.read_conn().await?;
        self.ensure_session(&mut conn, owner, session_id, false)
            .await?;
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS calls, \
             CAST(COALESCE(SUM(prompt_tokens), 0) AS BIGINT) AS prompt_tokens, \
             CAST(COALESCE(SUM(completion_tokens), 0) AS BIGINT) AS completion_tokens, \
             CAST(COALESCE(SUM(cached_tokens), 0) AS BIGINT) AS cached_tokens, \
             CAST(COALESCE(MAX(estimated), 0) AS BIGINT) AS estimated, \
             CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS cost_micros \
             FROM usage_log WHERE owner = $1 AND session_id = $2",
        )
        .bind(owner.as_str())
        .bind(session_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(storage)?;
        Ok(UsageTotals {
            calls: col(&row, "calls")?,
            usage: usage(&row)?,
            cost_micros: col(&row, "cost_micros")?,
        })
    }

    async fn delete_owner(&self, owner: &OwnerId) -> Result<u64> {
        let mut w = self.write().await?;
        let mut deleted = 0;
        for table in OWNED_TABLES {
            deleted += sqlx::query(&format!("DELETE FROM {table} WHERE owner = $1"))
                .bind(owner.as_str())
                .execute(&mut *w.tx)
                .await
                .map_err(storage)?
                .rows_affected();
        }
        w.commit().await?;
        Ok(deleted)
    }

    async fn export_owner(&self, owner: &OwnerId) -> Result<Vec<u8>> {
        self.export(owner).await
    }
}

/// Every table with an `owner` column (what [`Store::delete_owner`] clears).
pub(super) const OWNED_TABLES: [&str; 10] = [
    "events",
    "approvals",
    "usage_log",
    "audit",
    "runs",
    "artifacts",
    "document_versions",
    "documents",
    "profiles",
    "sessions",
];

#[allow(clippy::too_many_arguments)] // one column each, named at the call sites
async fn insert_version(
    conn: &mut AnyConnection,
    owner: &OwnerId,
    session_id: &str,
    document_id: &str,
    version: i64,
    parent_version: Option<i64>,
    author: &str,
    sealed: Vec<u8>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO document_versions (document_id, version, owner, session_id, \
         parent_version, author, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(document_id)
    .bind(version)
    .bind(owner.as_str())
    .bind(session_id)
    .bind(parent_version)
    .bind(author)
    .bind(sealed)
    .bind(now)
    .execute(conn)
    .await
    .map_err(storage)?;
    Ok(())
}
