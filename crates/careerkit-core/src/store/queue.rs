//! The durable job queue port: jobs with idempotency keys, delays, a visibility lease, retries
//! with exponential backoff and jitter, and a dead-letter state after the last attempt.
//!
//! Delivery is at least once: a worker that dies mid-job loses its lease and the job runs
//! again, so a handler's effects must be keyed by the job's idempotency key.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Result;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for `run_at`, then for a worker.
    Queued,
    /// Leased by a worker until `lease_until`.
    Running,
    /// Finished successfully.
    Done,
    /// Failed its last attempt; kept for inspection and [`Queue::requeue_dead`].
    Dead,
}

impl JobStatus {
    /// Every status.
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Dead,
    ];

    /// The wire name (`"queued"`).
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Dead => "dead",
        }
    }

    /// Parses a wire name.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] for an unknown name (only a corrupt row has one).
    pub fn parse(name: &str) -> Result<Self> {
        super::records::parse_name(&Self::ALL, name, Self::as_str, "job status")
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// Selects the handler (`"export.pdf"`).
    pub kind: String,
    /// The handler's input.
    pub payload: Value,
    /// Unique across the queue: enqueueing the same key again returns the existing job.
    pub idempotency_key: String,
    /// Not before this delay from now.
    pub delay: Duration,
    /// Attempts before the job goes dead (at least 1).
    pub max_attempts: u32,
}

impl NewJob {
    /// A job to run now, with 5 attempts.
    pub fn new(
        kind: impl Into<String>,
        idempotency_key: impl Into<String>,
        payload: Value,
    ) -> Self {
        NewJob {
            kind: kind.into(),
            payload,
            idempotency_key: idempotency_key.into(),
            delay: Duration::ZERO,
            max_attempts: 5,
        }
    }

    /// Runs no earlier than `delay` from now.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sets the number of attempts before the job goes dead.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Queue-assigned id.
    pub id: String,
    /// Selects the handler.
    pub kind: String,
    /// The handler's input.
    pub payload: Value,
    /// Unique key for idempotent enqueue and idempotent effects.
    pub idempotency_key: String,
    /// Not before this time.
    pub run_at: DateTime<Utc>,
    /// Attempts started so far (a claim counts as an attempt).
    pub attempts: u32,
    /// Attempts before the job goes dead.
    pub max_attempts: u32,
    /// While `Running`: the lease's end; another worker may take the job after it.
    pub lease_until: Option<DateTime<Utc>>,
    /// The current lease's token: completing, failing or extending needs it, so a worker
    /// whose lease expired cannot finish a job another worker now holds.
    pub lease_token: Option<String>,
    /// Where it is.
    pub status: JobStatus,
    /// The last failure's message.
    pub last_error: Option<String>,
    /// The last progress the handler reported.
    pub progress: Option<Value>,
    /// When it was enqueued.
    pub created_at: DateTime<Utc>,
}

/// How long to wait before the next attempt: `base * 2^(attempt-1)`, capped at `max`, then a
/// random share between one half and all of it (jitter, so failed jobs do not retry in step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Delay after the first failure, before jitter.
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(1),
            max: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// The delay after failed attempt number `attempt` (1-based); `unit` in `[0, 1]` picks
    /// the jitter (pass a random number).
    ///
    /// ```
    /// use std::time::Duration;
    /// use careerkit_core::store::RetryPolicy;
    /// let policy = RetryPolicy { base: Duration::from_secs(1), max: Duration::from_secs(60) };
    /// assert_eq!(policy.delay(3, 1.0), Duration::from_secs(4));
    /// assert_eq!(policy.delay(3, 0.0), Duration::from_secs(2));
    /// assert_eq!(policy.delay(30, 1.0), Duration::from_secs(60));
    /// ```
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let full = self.base.saturating_mul(1u32 << exponent).min(self.max);
        full.mul_f64(0.5 + 0.5 * unit.clamp(0.0, 1.0))
    }
}

/// What [`Queue::enqueue`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Enqueued {
    /// The job (new, or the one already holding the idempotency key).
    pub job: Job,
    /// False when the key was already taken and nothing was added.
    pub created: bool,
}

/// A durable job queue. Not owner-scoped: jobs are infrastructure, and a job's payload names
/// the owner it works for.
#[async_trait]
pub trait Queue: Send + Sync {
    /// Adds a job unless its idempotency key is already taken.
    ///
    /// # Errors
    /// [`crate::Error::InvalidInput`] for an empty kind or key.
    async fn enqueue(&self, job: NewJob) -> Result<Enqueued>;

    /// Leases the next due job of one of `kinds` (any kind when empty) for `lease`, counting
    /// an attempt. A job whose lease expired is due again.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when the engine fails.
    async fn claim(&self, kinds: &[String], lease: Duration) -> Result<Option<Job>>;

    /// Extends a held lease and records progress (when given).
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the lease was lost (expired and taken, or finished).
    async fn heartbeat(
        &self,
        job_id: &str,
        lease_token: &str,
        lease: Duration,
        progress: Option<&Value>,
    ) -> Result<()>;

    /// Marks a held job done.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the lease was lost.
    async fn complete(&self, job_id: &str, lease_token: &str) -> Result<()>;

    /// Records a failed attempt: the job is queued again after the retry policy's backoff, or
    /// goes dead after its last attempt. Returns the job as it now is.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the lease was lost.
    async fn fail(&self, job_id: &str, lease_token: &str, error: &str) -> Result<Job>;

    /// Gives a held job back without counting the attempt (graceful shutdown).
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the lease was lost.
    async fn release(&self, job_id: &str, lease_token: &str) -> Result<()>;

    /// One job.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown id.
    async fn get_job(&self, job_id: &str) -> Result<Job>;

    /// Dead jobs, oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when the engine fails.
    async fn list_dead(&self, limit: u32) -> Result<Vec<Job>>;

    /// Puts a dead job back in the queue with its attempts reset.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the job is not dead; [`crate::Error::NotFound`].
    async fn requeue_dead(&self, job_id: &str) -> Result<Job>;

    /// How many jobs are in each status.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when the engine fails.
    async fn counts(&self) -> Result<Vec<(JobStatus, u64)>>;
}
