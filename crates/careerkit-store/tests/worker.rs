//! The worker runtime on the SQLite queue: every job runs, failures retry with backoff then go
//! dead, panics are contained, and shutdown leaves no job running.
// Test code: helpers outside #[test] functions unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use careerkit_core::store::{Job, JobStatus, NewJob, Queue, RetryPolicy};
use careerkit_core::{Error, Result};
use careerkit_store::{JobContext, JobHandler, SqlOptions, SqlStore, Worker};
use serde_json::json;
use tokio_util::sync::CancellationToken;

async fn queue(dir: &std::path::Path) -> Arc<SqlStore> {
    let options = SqlOptions {
        retry: RetryPolicy {
            base: Duration::from_millis(10),
            max: Duration::from_millis(50),
        },
        ..SqlOptions::default()
    };
    Arc::new(
        SqlStore::open_sqlite(dir.join("q.db"), options)
            .await
            .unwrap(),
    )
}

/// Counts runs per idempotency key; fails the first `failures` attempts of each job.
#[derive(Default)]
struct Counting {
    runs: Mutex<HashMap<String, u32>>,
    failures: u32,
}

#[async_trait]
impl JobHandler for Counting {
    async fn handle(&self, job: &Job, ctx: &JobContext) -> Result<()> {
        ctx.progress(json!({"step": "started"})).await?;
        let n = {
            let mut runs = self.runs.lock().unwrap();
            let n = runs.entry(job.idempotency_key.clone()).or_default();
            *n += 1;
            *n
        };
        if n <= self.failures {
            return Err(Error::invalid(format!("failure {n}")));
        }
        Ok(())
    }
}

async fn wait_until(queue: &dyn Queue, done: impl Fn(&[(JobStatus, u64)]) -> bool) {
    for _ in 0..2000 {
        if done(&queue.counts().await.unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("jobs did not finish: {:?}", queue.counts().await.unwrap());
}

fn count(counts: &[(JobStatus, u64)], status: JobStatus) -> u64 {
    counts
        .iter()
        .find(|(s, _)| *s == status)
        .map_or(0, |(_, n)| *n)
}

#[tokio::test]
async fn every_job_runs_once_and_retries_back_off() {
    let dir = tempfile::tempdir().unwrap();
    let q = queue(dir.path()).await;
    for i in 0..100 {
        q.enqueue(NewJob::new("count", format!("job-{i}"), json!({"i": i})))
            .await
            .unwrap();
    }
    for i in 0..5 {
        q.enqueue(NewJob::new("flaky", format!("flaky-{i}"), json!({})))
            .await
            .unwrap();
    }
    let counting = Arc::new(Counting::default());
    let flaky = Arc::new(Counting {
        failures: 2,
        ..Counting::default()
    });
    let worker = Worker::builder(q.clone())
        .handler("count", counting.clone())
        .handler("flaky", flaky.clone())
        .concurrency(4)
        .poll_interval(Duration::from_millis(5))
        .build()
        .unwrap();
    let stats = worker.stats();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    wait_until(&*q, |c| count(c, JobStatus::Done) == 105).await;
    shutdown.cancel();
    running.await.unwrap();
    let runs = counting.runs.lock().unwrap().clone();
    assert_eq!(runs.len(), 100);
    assert!(
        runs.values().all(|n| *n == 1),
        "no job ran twice without a failure"
    );
    assert!(
        flaky.runs.lock().unwrap().values().all(|n| *n == 3),
        "two failures, then success"
    );
    assert_eq!(
        stats.completed.load(std::sync::atomic::Ordering::Relaxed),
        105
    );
    assert_eq!(stats.failed.load(std::sync::atomic::Ordering::Relaxed), 10);
    let job = q
        .enqueue(NewJob::new("flaky", "flaky-0", json!({})))
        .await
        .unwrap()
        .job;
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 3));
    assert_eq!(job.last_error.as_deref(), Some("invalid input: failure 2"));
    assert_eq!(job.progress, Some(json!({"step": "started"})));
}

struct Panics;
#[async_trait]
impl JobHandler for Panics {
    async fn handle(&self, _job: &Job, _ctx: &JobContext) -> Result<()> {
        panic!("handler bug")
    }
}

#[tokio::test]
async fn a_panicking_handler_fails_its_job_into_the_dead_letters() {
    let dir = tempfile::tempdir().unwrap();
    let q = queue(dir.path()).await;
    q.enqueue(NewJob::new("panics", "p1", json!({})).max_attempts(2))
        .await
        .unwrap();
    let worker = Worker::builder(q.clone())
        .handler("panics", Arc::new(Panics))
        .poll_interval(Duration::from_millis(5))
        .build()
        .unwrap();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    wait_until(&*q, |c| count(c, JobStatus::Dead) == 1).await;
    shutdown.cancel();
    running.await.unwrap();
    let dead = q.list_dead(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].attempts, 2);
    assert!(dead[0].last_error.as_deref().unwrap().contains("panicked"));
}

/// Sleeps `millis` (ignoring shutdown), then succeeds.
struct Slow(u64);
#[async_trait]
impl JobHandler for Slow {
    async fn handle(&self, _job: &Job, _ctx: &JobContext) -> Result<()> {
        tokio::time::sleep(Duration::from_millis(self.0)).await;
        Ok(())
    }
}

async fn shutdown_with(handler_ms: u64, grace_ms: u64) -> Job {
    let dir = tempfile::tempdir().unwrap();
    let q = queue(dir.path()).await;
    q.enqueue(NewJob::new("slow", "s1", json!({})))
        .await
        .unwrap();
    let worker = Worker::builder(q.clone())
        .handler("slow", Arc::new(Slow(handler_ms)))
        .shutdown_grace(Duration::from_millis(grace_ms))
        .poll_interval(Duration::from_millis(5))
        .build()
        .unwrap();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    wait_until(&*q, |c| count(c, JobStatus::Running) == 1).await;
    shutdown.cancel();
    running.await.unwrap();
    let job = q
        .enqueue(NewJob::new("slow", "s1", json!({})))
        .await
        .unwrap()
        .job;
    assert_ne!(
        job.status,
        JobStatus::Running,
        "no job is left running after shutdown"
    );
    job
}

#[tokio::test]
async fn shutdown_finishes_jobs_within_the_grace_period() {
    let job = shutdown_with(100, 5_000).await;
    assert_eq!(job.status, JobStatus::Done);
}

#[tokio::test]
async fn shutdown_releases_jobs_that_outlast_the_grace_period() {
    let job = shutdown_with(60_000, 50).await;
    assert_eq!(
        (job.status, job.attempts),
        (JobStatus::Queued, 0),
        "released, attempt not counted"
    );
    assert!(job.lease_token.is_none());
}
