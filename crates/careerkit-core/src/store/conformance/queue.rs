//! The [`Queue`] checks. Each check claims only its own kind, so they share one queue.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::json;

use super::assert_err;
use crate::store::{JobStatus, NewJob, Queue};
use crate::ErrorKind;

fn kind(name: &str) -> Vec<String> {
    vec![format!("conformance.{name}.{}", uuid::Uuid::new_v4())]
}

/// Runs every [`Queue`] check.
pub async fn queue_suite(queue: Arc<dyn Queue>) {
    let q = &*queue;
    idempotent_enqueue_claim_complete(q).await;
    delays_and_kinds(q).await;
    retries_then_dead_letter(q).await;
    expired_leases(q).await;
    release_and_progress(q).await;
}

async fn idempotent_enqueue_claim_complete(q: &dyn Queue) {
    let kinds = kind("basic");
    let key = format!("key-{}", uuid::Uuid::new_v4());
    let first = q
        .enqueue(NewJob::new(&kinds[0], &key, json!({"n": 1})))
        .await
        .unwrap();
    assert!(first.created);
    assert_eq!(first.job.status, JobStatus::Queued);
    assert_eq!(first.job.attempts, 0);
    let again = q
        .enqueue(NewJob::new(&kinds[0], &key, json!({"n": 2})))
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.job.id, first.job.id);
    assert_eq!(again.job.payload, json!({"n": 1}), "the first enqueue wins");

    let claimed = q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, first.job.id);
    assert_eq!((claimed.status, claimed.attempts), (JobStatus::Running, 1));
    assert!(claimed.lease_until.unwrap() > Utc::now());
    assert!(
        q.claim(&kinds, Duration::from_secs(30))
            .await
            .unwrap()
            .is_none(),
        "leased"
    );
    let token = claimed.lease_token.clone().unwrap();
    assert_err(
        q.complete(&claimed.id, "not-the-token").await,
        ErrorKind::Conflict,
        "wrong token",
    );
    q.complete(&claimed.id, &token).await.unwrap();
    assert_eq!(
        q.get_job(&claimed.id).await.unwrap().status,
        JobStatus::Done
    );
    assert_err(
        q.complete(&claimed.id, &token).await,
        ErrorKind::Conflict,
        "completing twice",
    );
    assert!(q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .is_none());
    assert_err(
        q.get_job("no-such-job").await,
        ErrorKind::NotFound,
        "unknown job",
    );
    assert_err(
        q.enqueue(NewJob::new(&kinds[0], "", json!({}))).await,
        ErrorKind::InvalidInput,
        "empty idempotency key",
    );
}

async fn delays_and_kinds(q: &dyn Queue) {
    let kinds = kind("delayed");
    let key = format!("delayed-{}", uuid::Uuid::new_v4());
    let job = q
        .enqueue(NewJob::new(&kinds[0], &key, json!({})).delayed(Duration::from_secs(3600)))
        .await
        .unwrap()
        .job;
    assert!(job.run_at > Utc::now() + chrono::Duration::minutes(59));
    assert!(
        q.claim(&kinds, Duration::from_secs(30))
            .await
            .unwrap()
            .is_none(),
        "not due yet"
    );
    let other = kind("other");
    q.enqueue(NewJob::new(
        &other[0],
        format!("other-{}", uuid::Uuid::new_v4()),
        json!({}),
    ))
    .await
    .unwrap();
    assert!(
        q.claim(&kinds, Duration::from_secs(30))
            .await
            .unwrap()
            .is_none(),
        "kind filter"
    );
    let got = q
        .claim(&other, Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.kind, other[0]);
}

async fn retries_then_dead_letter(q: &dyn Queue) {
    let kinds = kind("retry");
    let key = format!("retry-{}", uuid::Uuid::new_v4());
    q.enqueue(NewJob::new(&kinds[0], &key, json!({})).max_attempts(2))
        .await
        .unwrap();
    let first = q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    let failed = q
        .fail(&first.id, first.lease_token.as_deref().unwrap(), "boom 1")
        .await
        .unwrap();
    assert_eq!(failed.status, JobStatus::Queued);
    assert_eq!(failed.last_error.as_deref(), Some("boom 1"));
    assert!(
        failed.run_at > Utc::now(),
        "backoff before the next attempt"
    );
    assert!(failed.lease_token.is_none());
    assert!(
        q.claim(&kinds, Duration::from_secs(30))
            .await
            .unwrap()
            .is_none(),
        "backing off"
    );
    // Make it due (requeue is only for dead jobs; wait out a short backoff instead).
    let wait = (failed.run_at - Utc::now()).to_std().unwrap_or_default();
    assert!(
        wait <= Duration::from_secs(2),
        "first backoff is at most the base delay: {wait:?}"
    );
    tokio::time::sleep(wait + Duration::from_millis(20)).await;
    let second = q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.attempts, 2);
    let dead = q
        .fail(&second.id, second.lease_token.as_deref().unwrap(), "boom 2")
        .await
        .unwrap();
    assert_eq!(dead.status, JobStatus::Dead);
    assert!(q
        .list_dead(1000)
        .await
        .unwrap()
        .iter()
        .any(|j| j.id == dead.id));
    assert!(
        q.claim(&kinds, Duration::from_secs(30))
            .await
            .unwrap()
            .is_none(),
        "dead is not due"
    );
    let requeued = q.requeue_dead(&dead.id).await.unwrap();
    assert_eq!((requeued.status, requeued.attempts), (JobStatus::Queued, 0));
    assert_err(
        q.requeue_dead(&dead.id).await,
        ErrorKind::Conflict,
        "requeueing a live job",
    );
    assert!(q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .is_some());
    let counts = q.counts().await.unwrap();
    assert!(counts
        .iter()
        .any(|(s, n)| *s == JobStatus::Running && *n >= 1));
}

async fn expired_leases(q: &dyn Queue) {
    let kinds = kind("lease");
    q.enqueue(
        NewJob::new(
            &kinds[0],
            format!("lease-{}", uuid::Uuid::new_v4()),
            json!({}),
        )
        .max_attempts(2),
    )
    .await
    .unwrap();
    let first = q
        .claim(&kinds, Duration::from_millis(1))
        .await
        .unwrap()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let second = q
        .claim(&kinds, Duration::from_millis(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        second.id, first.id,
        "an expired lease makes the job due again"
    );
    assert_eq!(second.attempts, 2);
    assert_ne!(second.lease_token, first.lease_token);
    assert_err(
        q.complete(&first.id, first.lease_token.as_deref().unwrap())
            .await,
        ErrorKind::Conflict,
        "the first holder lost the job",
    );
    assert_err(
        q.heartbeat(
            &first.id,
            first.lease_token.as_deref().unwrap(),
            Duration::from_secs(1),
            None,
        )
        .await,
        ErrorKind::Conflict,
        "the first holder cannot renew",
    );
    // The last attempt's lease runs out: dead, not due again.
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .is_none());
    assert_eq!(q.get_job(&first.id).await.unwrap().status, JobStatus::Dead);
}

async fn release_and_progress(q: &dyn Queue) {
    let kinds = kind("release");
    q.enqueue(NewJob::new(
        &kinds[0],
        format!("release-{}", uuid::Uuid::new_v4()),
        json!({}),
    ))
    .await
    .unwrap();
    let job = q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    let token = job.lease_token.clone().unwrap();
    q.heartbeat(
        &job.id,
        &token,
        Duration::from_secs(60),
        Some(&json!({"done": 3, "of": 10})),
    )
    .await
    .unwrap();
    let seen = q.get_job(&job.id).await.unwrap();
    assert_eq!(seen.progress, Some(json!({"done": 3, "of": 10})));
    assert!(seen.lease_until.unwrap() > job.lease_until.unwrap());
    q.release(&job.id, &token).await.unwrap();
    let released = q.get_job(&job.id).await.unwrap();
    assert_eq!(
        (released.status, released.attempts),
        (JobStatus::Queued, 0),
        "not counted"
    );
    assert_err(
        q.release(&job.id, &token).await,
        ErrorKind::Conflict,
        "releasing twice",
    );
    assert!(q
        .claim(&kinds, Duration::from_secs(30))
        .await
        .unwrap()
        .is_some());
}
