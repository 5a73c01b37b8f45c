//! The job worker runtime: claims jobs from a [`Queue`] with N concurrent slots, runs the
//! handler registered for each job's kind while a heartbeat keeps its lease, and completes or
//! fails it. Shutdown is graceful: when the token is cancelled (see [`cancel_on_signals`] for
//! SIGTERM and Ctrl-C) no slot claims again, in-flight handlers get `shutdown_grace` to finish,
//! and any still running are stopped and their leases released, so no job is left "running".

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use careerkit_core::store::{Job, Queue};
use careerkit_core::{Error, Result};
use futures::FutureExt;
use serde_json::Value;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// Runs one kind of job. Delivery is at least once: make effects idempotent, keyed by
/// [`Job::idempotency_key`].
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// Does the job. An error fails the attempt (retried with backoff, then dead); a panic is
    /// caught and counts as an error.
    ///
    /// # Errors
    /// Whatever the work reports.
    async fn handle(&self, job: &Job, ctx: &JobContext) -> Result<()>;
}

/// What a handler can do besides its work: report progress (which also extends the lease) and
/// notice shutdown.
pub struct JobContext {
    queue: Arc<dyn Queue>,
    job_id: String,
    lease_token: String,
    lease: Duration,
    shutdown: CancellationToken,
}

impl JobContext {
    /// Records progress on the job and extends its lease.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the lease was lost (stop working: another worker has the job).
    pub async fn progress(&self, progress: Value) -> Result<()> {
        self.queue
            .heartbeat(&self.job_id, &self.lease_token, self.lease, Some(&progress))
            .await
    }

    /// Cancelled when the worker is shutting down; long handlers may stop early (the job is
    /// then released or failed, per what the handler returns).
    pub fn shutdown(&self) -> &CancellationToken {
        &self.shutdown
    }
}

/// Counts of what a [`Worker`] did.
#[derive(Debug, Default)]
pub struct WorkerStats {
    /// Jobs completed.
    pub completed: AtomicU64,
    /// Attempts failed (retried or dead).
    pub failed: AtomicU64,
    /// Jobs given back unfinished at shutdown.
    pub released: AtomicU64,
}

/// Builds a [`Worker`].
pub struct WorkerBuilder {
    queue: Arc<dyn Queue>,
    handlers: HashMap<String, Arc<dyn JobHandler>>,
    concurrency: usize,
    lease: Duration,
    poll_interval: Duration,
    shutdown_grace: Duration,
}

impl WorkerBuilder {
    /// Registers the handler of one job kind.
    pub fn handler(mut self, kind: impl Into<String>, handler: Arc<dyn JobHandler>) -> Self {
        self.handlers.insert(kind.into(), handler);
        self
    }

    /// Jobs run at once (default 1).
    pub fn concurrency(mut self, slots: usize) -> Self {
        self.concurrency = slots.max(1);
        self
    }

    /// How long a claim holds a job before another worker may take it (default 30 s); the
    /// heartbeat renews it every third of that.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// How long an idle slot waits before looking for work again (default 200 ms).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// How long in-flight jobs may run on after shutdown starts (default 10 s).
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// The worker.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when no handler is registered.
    pub fn build(self) -> Result<Worker> {
        if self.handlers.is_empty() {
            return Err(Error::invalid("a worker needs at least one handler"));
        }
        Ok(Worker {
            inner: Arc::new(self),
            stats: Arc::new(WorkerStats::default()),
        })
    }
}

/// Runs jobs from a queue until shut down.
///
/// ```no_run
/// # async fn demo(queue: std::sync::Arc<dyn careerkit_core::store::Queue>,
/// #               handler: std::sync::Arc<dyn careerkit_store::JobHandler>) -> careerkit_core::Result<()> {
/// use tokio_util::sync::CancellationToken;
/// let shutdown = CancellationToken::new();
/// careerkit_store::worker::cancel_on_signals(shutdown.clone());
/// careerkit_store::Worker::builder(queue)
///     .handler("export.pdf", handler)
///     .concurrency(4)
///     .build()?
///     .run(shutdown)
///     .await;
/// # Ok(()) }
/// ```
pub struct Worker {
    inner: Arc<WorkerBuilder>,
    stats: Arc<WorkerStats>,
}

impl Worker {
    /// Starts building a worker on `queue`.
    pub fn builder(queue: Arc<dyn Queue>) -> WorkerBuilder {
        WorkerBuilder {
            queue,
            handlers: HashMap::new(),
            concurrency: 1,
            lease: Duration::from_secs(30),
            poll_interval: Duration::from_millis(200),
            shutdown_grace: Duration::from_secs(10),
        }
    }

    /// What the worker has done so far.
    pub fn stats(&self) -> Arc<WorkerStats> {
        self.stats.clone()
    }

    /// Runs until `shutdown` is cancelled and every in-flight job is completed, failed or
    /// released.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut slots = JoinSet::new();
        for slot in 0..self.inner.concurrency {
            let inner = self.inner.clone();
            let stats = self.stats.clone();
            let shutdown = shutdown.clone();
            slots.spawn(
                run_slot(inner, stats, shutdown)
                    .instrument(tracing::info_span!("worker_slot", slot)),
            );
        }
        while slots.join_next().await.is_some() {}
    }
}

async fn run_slot(inner: Arc<WorkerBuilder>, stats: Arc<WorkerStats>, shutdown: CancellationToken) {
    let kinds: Vec<String> = inner.handlers.keys().cloned().collect();
    while !shutdown.is_cancelled() {
        match inner.queue.claim(&kinds, inner.lease).await {
            Ok(Some(job)) => {
                let span = tracing::info_span!(
                    "job",
                    job.id = %job.id,
                    job.kind = %job.kind,
                    job.attempt = job.attempts,
                    job.key = %job.idempotency_key
                );
                run_job(&inner, &stats, &shutdown, job)
                    .instrument(span)
                    .await;
            }
            Ok(None) => {
                tokio::select! {
                    () = shutdown.cancelled() => {}
                    () = tokio::time::sleep(inner.poll_interval) => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "claiming a job failed");
                tokio::select! {
                    () = shutdown.cancelled() => {}
                    () = tokio::time::sleep(inner.poll_interval) => {}
                }
            }
        }
    }
}

async fn run_job(
    inner: &WorkerBuilder,
    stats: &WorkerStats,
    shutdown: &CancellationToken,
    job: Job,
) {
    let Some(token) = job.lease_token.clone() else {
        tracing::error!("a claimed job came without a lease token");
        return;
    };
    let Some(handler) = inner.handlers.get(&job.kind).cloned() else {
        // Only registered kinds are claimed; this is a queue returning something else.
        finish(
            inner,
            stats,
            &job.id,
            &token,
            Err(Error::invalid("no handler for this kind")),
        )
        .await;
        return;
    };
    let ctx = JobContext {
        queue: inner.queue.clone(),
        job_id: job.id.clone(),
        lease_token: token.clone(),
        lease: inner.lease,
        shutdown: shutdown.clone(),
    };
    let work = async {
        match AssertUnwindSafe(handler.handle(&job, &ctx))
            .catch_unwind()
            .await
        {
            Ok(outcome) => outcome,
            Err(_) => Err(Error::ParserCrashed {
                message: "the job handler panicked".to_owned(),
            }),
        }
    };
    let mut work = std::pin::pin!(work);
    let heartbeat = heartbeat(inner, &job.id, &token);
    let mut heartbeat = std::pin::pin!(heartbeat);
    let outcome = tokio::select! {
        outcome = &mut work => Some(outcome),
        () = &mut heartbeat => None,
        () = shutdown.cancelled() => {
            tokio::select! {
                outcome = &mut work => Some(outcome),
                () = &mut heartbeat => None,
                () = tokio::time::sleep(inner.shutdown_grace) => {
                    release(inner, stats, &job.id, &token).await;
                    return;
                }
            }
        }
    };
    match outcome {
        Some(outcome) => finish(inner, stats, &job.id, &token, outcome).await,
        // The lease was lost: another worker owns the job now; do nothing more with it.
        None => tracing::warn!("lease lost; the job was abandoned to its new holder"),
    }
}

/// Renews the lease every third of its length; returns only when the lease is lost.
async fn heartbeat(inner: &WorkerBuilder, job_id: &str, token: &str) {
    let every = inner.lease / 3;
    loop {
        tokio::time::sleep(every).await;
        match inner
            .queue
            .heartbeat(job_id, token, inner.lease, None)
            .await
        {
            Ok(()) => {}
            Err(Error::Conflict { .. }) => return,
            Err(error) => tracing::warn!(%error, "renewing the lease failed; retrying"),
        }
    }
}

async fn finish(
    inner: &WorkerBuilder,
    stats: &WorkerStats,
    job_id: &str,
    token: &str,
    outcome: Result<()>,
) {
    match outcome {
        Ok(()) => match inner.queue.complete(job_id, token).await {
            Ok(()) => {
                stats.completed.fetch_add(1, Ordering::Relaxed);
                tracing::info!("job completed");
            }
            Err(error) => tracing::warn!(%error, "completing the job failed"),
        },
        Err(failure) => match inner.queue.fail(job_id, token, &failure.to_string()).await {
            Ok(job) => {
                stats.failed.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(error = %failure, status = job.status.as_str(), "job attempt failed");
            }
            Err(error) => tracing::warn!(%error, "recording the failure failed"),
        },
    }
}

async fn release(inner: &WorkerBuilder, stats: &WorkerStats, job_id: &str, token: &str) {
    match inner.queue.release(job_id, token).await {
        Ok(()) => {
            stats.released.fetch_add(1, Ordering::Relaxed);
            tracing::info!("job released at shutdown");
        }
        Err(error) => tracing::warn!(%error, "releasing the job failed; its lease will expire"),
    }
}

/// Cancels `token` on SIGTERM or Ctrl-C (SIGINT), for a worker process's graceful shutdown.
pub fn cancel_on_signals(token: CancellationToken) {
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = tokio::signal::ctrl_c() => {}
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM; Ctrl-C only");
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        token.cancel();
    });
}
