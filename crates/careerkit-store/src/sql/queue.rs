//! [`Queue`] on the SQL engine: one `jobs` table in the store's database. A claim is one
//! `UPDATE ... WHERE id = (SELECT ... LIMIT 1) RETURNING`; on PostgreSQL the inner select takes
//! `FOR UPDATE SKIP LOCKED`, so concurrent workers on many machines each get a different job
//! without waiting on one another; on SQLite the write transaction already excludes them.

use std::time::Duration;

use async_trait::async_trait;
use careerkit_core::store::{Enqueued, Job, JobStatus, NewJob, Queue};
use careerkit_core::{Error, Result};
use rand::Rng;
use serde_json::Value;
use sqlx::AnyConnection;

use super::rows::{col, job, new_id, now_ms, JOB_COLUMNS};
use super::{storage, Dialect, SqlStore};

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

fn lease_lost(job_id: &str) -> Error {
    Error::Conflict {
        message: format!("the lease on job {job_id} was lost (expired and taken, or finished)"),
    }
}

impl SqlStore {
    /// Inserts a job unless its idempotency key is taken; `true` when it was inserted.
    pub(crate) async fn insert_job(&self, conn: &mut AnyConnection, job: &NewJob) -> Result<bool> {
        if job.kind.is_empty() || job.idempotency_key.is_empty() {
            return Err(Error::invalid("a job needs a kind and an idempotency key"));
        }
        let now = now_ms();
        let inserted = sqlx::query(
            "INSERT INTO jobs (id, kind, payload, idempotency_key, run_at, attempts, \
             max_attempts, lease_until, lease_token, status, last_error, progress, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, NULL, NULL, $7, NULL, NULL, $8, $8) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(new_id())
        .bind(&job.kind)
        .bind(serde_json::to_string(&job.payload)?)
        .bind(&job.idempotency_key)
        .bind(now.saturating_add(millis(job.delay)))
        .bind(i64::from(job.max_attempts.max(1)))
        .bind(JobStatus::Queued.as_str())
        .bind(now)
        .execute(conn)
        .await
        .map_err(storage)?
        .rows_affected();
        Ok(inserted == 1)
    }

    async fn job_by(&self, conn: &mut AnyConnection, column: &str, value: &str) -> Result<Job> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE {column} = $1");
        let row = sqlx::query(&sql)
            .bind(value)
            .fetch_optional(conn)
            .await
            .map_err(storage)?
            .ok_or_else(|| Error::NotFound {
                kind: "job",
                id: value.to_owned(),
            })?;
        job(&row)
    }

    /// Ends a held lease with `status` (and the given run time and error); `false` when the
    /// lease was lost.
    #[allow(clippy::too_many_arguments)] // one column each; the three callers name them
    async fn end_lease(
        &self,
        conn: &mut AnyConnection,
        job_id: &str,
        lease_token: &str,
        status: JobStatus,
        run_at: Option<i64>,
        error: Option<&str>,
        uncount_attempt: bool,
    ) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), \
             last_error = COALESCE($3, last_error), lease_until = NULL, lease_token = NULL, \
             attempts = attempts - $4, updated_at = $5 \
             WHERE id = $6 AND lease_token = $7 AND status = $8",
        )
        .bind(status.as_str())
        .bind(run_at)
        .bind(error)
        .bind(i64::from(uncount_attempt))
        .bind(now_ms())
        .bind(job_id)
        .bind(lease_token)
        .bind(JobStatus::Running.as_str())
        .execute(conn)
        .await
        .map_err(storage)?
        .rows_affected();
        Ok(changed == 1)
    }
}

#[async_trait]
impl Queue for SqlStore {
    async fn enqueue(&self, new: NewJob) -> Result<Enqueued> {
        let mut w = self.write().await?;
        let created = self.insert_job(&mut w.tx, &new).await?;
        let stored = self
            .job_by(&mut w.tx, "idempotency_key", &new.idempotency_key)
            .await?;
        w.commit().await?;
        Ok(Enqueued {
            job: stored,
            created,
        })
    }

    async fn claim(&self, kinds: &[String], lease: Duration) -> Result<Option<Job>> {
        let now = now_ms();
        let mut w = self.write().await?;
        // A job whose last attempt's lease ran out is dead, not due again.
        sqlx::query(
            "UPDATE jobs SET status = $1, lease_until = NULL, lease_token = NULL, \
             last_error = 'the worker lost its lease on the last attempt', updated_at = $2 \
             WHERE status = $3 AND lease_until < $2 AND attempts >= max_attempts",
        )
        .bind(JobStatus::Dead.as_str())
        .bind(now)
        .bind(JobStatus::Running.as_str())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?;
        let kind_filter = if kinds.is_empty() {
            String::new()
        } else {
            let params: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 6)).collect();
            format!(" AND kind IN ({})", params.join(", "))
        };
        let skip_locked = match self.dialect {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE jobs SET status = $1, attempts = attempts + 1, lease_until = $2, \
             lease_token = $3, updated_at = $4 WHERE id = (SELECT id FROM jobs \
             WHERE ((status = $5 AND run_at <= $4) OR (status = $1 AND lease_until < $4))\
             {kind_filter} ORDER BY run_at, id LIMIT 1{skip_locked}) RETURNING {JOB_COLUMNS}"
        );
        let mut query = sqlx::query(&sql)
            .bind(JobStatus::Running.as_str())
            .bind(now.saturating_add(millis(lease)))
            .bind(new_id())
            .bind(now)
            .bind(JobStatus::Queued.as_str());
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        let row = query.fetch_optional(&mut *w.tx).await.map_err(storage)?;
        let claimed = row.as_ref().map(job).transpose()?;
        w.commit().await?;
        Ok(claimed)
    }

    async fn heartbeat(
        &self,
        job_id: &str,
        lease_token: &str,
        lease: Duration,
        progress: Option<&Value>,
    ) -> Result<()> {
        let progress = progress.map(serde_json::to_string).transpose()?;
        let now = now_ms();
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE jobs SET lease_until = $1, progress = COALESCE($2, progress), updated_at = $3 \
             WHERE id = $4 AND lease_token = $5 AND status = $6",
        )
        .bind(now.saturating_add(millis(lease)))
        .bind(progress)
        .bind(now)
        .bind(job_id)
        .bind(lease_token)
        .bind(JobStatus::Running.as_str())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        if changed != 1 {
            return Err(lease_lost(job_id));
        }
        w.commit().await
    }

    async fn complete(&self, job_id: &str, lease_token: &str) -> Result<()> {
        let mut w = self.write().await?;
        if !self
            .end_lease(
                &mut w.tx,
                job_id,
                lease_token,
                JobStatus::Done,
                None,
                None,
                false,
            )
            .await?
        {
            return Err(lease_lost(job_id));
        }
        w.commit().await
    }

    async fn fail(&self, job_id: &str, lease_token: &str, error: &str) -> Result<Job> {
        let mut w = self.write().await?;
        let sql = format!(
            "SELECT attempts, max_attempts FROM jobs WHERE id = $1 AND lease_token = $2{}",
            self.for_update()
        );
        let row = sqlx::query(&sql)
            .bind(job_id)
            .bind(lease_token)
            .fetch_optional(&mut *w.tx)
            .await
            .map_err(storage)?
            .ok_or_else(|| lease_lost(job_id))?;
        let attempts: i64 = col(&row, "attempts")?;
        let max_attempts: i64 = col(&row, "max_attempts")?;
        let (status, run_at) = if attempts >= max_attempts {
            (JobStatus::Dead, None)
        } else {
            let attempt = u32::try_from(attempts).unwrap_or(u32::MAX);
            let delay = self.retry.delay(attempt, rand::rng().random::<f64>());
            (
                JobStatus::Queued,
                Some(now_ms().saturating_add(millis(delay))),
            )
        };
        if !self
            .end_lease(
                &mut w.tx,
                job_id,
                lease_token,
                status,
                run_at,
                Some(error),
                false,
            )
            .await?
        {
            return Err(lease_lost(job_id));
        }
        let failed = self.job_by(&mut w.tx, "id", job_id).await?;
        w.commit().await?;
        Ok(failed)
    }

    async fn release(&self, job_id: &str, lease_token: &str) -> Result<()> {
        let mut w = self.write().await?;
        if !self
            .end_lease(
                &mut w.tx,
                job_id,
                lease_token,
                JobStatus::Queued,
                None,
                None,
                true,
            )
            .await?
        {
            return Err(lease_lost(job_id));
        }
        w.commit().await
    }

    async fn get_job(&self, job_id: &str) -> Result<Job> {
        let mut conn = self.pool.acquire().await.map_err(storage)?;
        self.job_by(&mut conn, "id", job_id).await
    }

    async fn list_dead(&self, limit: u32) -> Result<Vec<Job>> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE status = $1 ORDER BY updated_at, id LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(JobStatus::Dead.as_str())
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        rows.iter().map(job).collect()
    }

    async fn requeue_dead(&self, job_id: &str) -> Result<Job> {
        let now = now_ms();
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE jobs SET status = $1, attempts = 0, run_at = $2, updated_at = $2 \
             WHERE id = $3 AND status = $4",
        )
        .bind(JobStatus::Queued.as_str())
        .bind(now)
        .bind(job_id)
        .bind(JobStatus::Dead.as_str())
        .execute(&mut *w.tx)
        .await
        .map_err(storage)?
        .rows_affected();
        let current = self.job_by(&mut w.tx, "id", job_id).await?;
        if changed != 1 {
            return Err(Error::Conflict {
                message: format!("job {job_id} is {}, not dead", current.status.as_str()),
            });
        }
        w.commit().await?;
        Ok(current)
    }

    async fn counts(&self) -> Result<Vec<(JobStatus, u64)>> {
        let rows = sqlx::query(
            "SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM jobs GROUP BY status ORDER BY status",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?;
        rows.iter()
            .map(|row| {
                let status = JobStatus::parse(&col::<String>(row, "status")?)?;
                let n: i64 = col(row, "n")?;
                Ok((status, u64::try_from(n).unwrap_or(0)))
            })
            .collect()
    }
}
