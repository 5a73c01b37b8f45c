//! Fault tests on the SQLite engine (not timed): processes killed with SIGKILL in the middle of
//! writes and of jobs, and many writers on one file.
//!
//! The child processes are this test binary run again on an `#[ignore]`d entry point
//! (`--ignored --exact child_...`) with its work described in environment variables, so no
//! extra binary is needed. Scale with `CAREERKIT_FAULT_KILLS` (default 15),
//! `CAREERKIT_FAULT_JOBS` (default 2000; the full run is 10000, recorded in
//! BENCHMARKS.md) and `CAREERKIT_FAULT_SECS` (default 10; the full run is 60).
// Test code: helpers outside #[test] functions unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use careerkit_core::session::SessionState;
use careerkit_core::store::{Job, JobStatus, NewJob, OwnerId, Queue, Store, Transition};
use careerkit_core::Result;
use careerkit_store::{JobContext, JobHandler, SqlOptions, SqlStore, Worker};
use rand::Rng;
use serde_json::json;
use tokio_util::sync::CancellationToken;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn child(entry: &str, db: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            entry,
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CAREERKIT_FAULT_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn fault_db() -> PathBuf {
    PathBuf::from(std::env::var("CAREERKIT_FAULT_DB").expect("run by a fault test"))
}

async fn open(db: &Path, max_connections: u32) -> SqlStore {
    SqlStore::open_sqlite(
        db,
        SqlOptions {
            max_connections: Some(max_connections),
            ..SqlOptions::default()
        },
    )
    .await
    .unwrap()
}

fn owner() -> OwnerId {
    OwnerId::new("fault").unwrap()
}

/// Child: forever, one unit of work (session + transition with its job + document with two
/// versions), then `ACK <n> <session id> <document id>` once every part is acknowledged.
#[tokio::test]
#[ignore = "child process of killed_writers_lose_nothing"]
async fn child_writer() {
    let store = open(&fault_db(), 2).await;
    let owner = owner();
    let mut out = std::io::stdout();
    for n in 0u64.. {
        let session = store
            .create_session(&owner, &format!("unit {n}"), false)
            .await
            .unwrap();
        store
            .transition_session(
                &owner,
                &session.id,
                Transition::new(SessionState::Draft, SessionState::ResumeUploaded).and_enqueue(
                    NewJob::new("parse", format!("job-{}", session.id), json!({})),
                ),
            )
            .await
            .unwrap();
        let doc = store
            .create_document(&owner, &session.id, "upload", &json!({"v": 1}))
            .await
            .unwrap();
        store
            .append_document_version(&owner, &doc.document_id, 1, "agent", &json!({"v": 2}))
            .await
            .unwrap();
        use std::io::Write;
        writeln!(out, "ACK {n} {} {}", session.id, doc.document_id).unwrap();
        out.flush().unwrap();
    }
}

#[tokio::test]
async fn killed_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fault.db");
    drop(open(&db, 1).await); // migrate once before the children race
    let kills = env_number("CAREERKIT_FAULT_KILLS", 15);
    let mut acked: Vec<(String, String)> = Vec::new();
    for round in 0..kills {
        let mut process = child("child_writer", &db);
        let stdout = process.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                    lines.lock().unwrap().push(line);
                }
            })
        };
        let wait = rand::rng().random_range(150..900);
        std::thread::sleep(Duration::from_millis(wait));
        process.kill().unwrap(); // SIGKILL
        process.wait().unwrap();
        reader.join().unwrap();
        let lines = lines.lock().unwrap();
        for line in lines.iter().filter(|l| l.starts_with("ACK ")) {
            let parts: Vec<&str> = line.split(' ').collect();
            acked.push((parts[2].to_owned(), parts[3].to_owned()));
        }
        eprintln!(
            "round {round}: killed after {wait} ms, {} units acknowledged so far",
            acked.len()
        );
    }
    assert!(
        acked.len() > kills as usize,
        "the children made progress ({})",
        acked.len()
    );

    let store = open(&db, 2).await;
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    let owner = owner();
    // Every acknowledged write is there.
    for (session_id, document_id) in &acked {
        let session = store.get_session(&owner, session_id).await.unwrap();
        assert_eq!(session.state, SessionState::ResumeUploaded);
        let versions = store
            .list_document_versions(&owner, document_id)
            .await
            .unwrap();
        assert_eq!(versions.len(), 2);
    }
    // No change half applied: a session moved on has its job, and only then.
    let sessions = store.list_sessions(&owner).await.unwrap();
    for session in &sessions {
        let probe = store
            .enqueue(NewJob::new(
                "parse",
                format!("job-{}", session.id),
                json!({}),
            ))
            .await
            .unwrap();
        assert_eq!(
            !probe.created,
            session.state == SessionState::ResumeUploaded,
            "session {} is {} but its job {}",
            session.id,
            session.state,
            if probe.created {
                "was missing"
            } else {
                "exists"
            }
        );
    }
    eprintln!("{} sessions, {} acknowledged", sessions.len(), acked.len());
}

/// Child: a worker with 4 slots and short leases whose effect is keyed by idempotency key.
#[tokio::test]
#[ignore = "child process of killed_workers_complete_every_job_once"]
async fn child_worker() {
    let store = Arc::new(open(&fault_db(), 4).await);
    let worker = Worker::builder(store.clone())
        .handler(
            "effect",
            Arc::new(Effect {
                store: store.clone(),
            }),
        )
        .concurrency(4)
        .lease(Duration::from_secs(2))
        .poll_interval(Duration::from_millis(20))
        .build()
        .unwrap();
    println!("READY");
    worker.run(CancellationToken::new()).await;
}

/// Records one execution, and the effect once per idempotency key.
struct Effect {
    store: Arc<SqlStore>,
}

#[async_trait]
impl JobHandler for Effect {
    async fn handle(&self, job: &Job, _ctx: &JobContext) -> Result<()> {
        let pool = self.store.pool();
        let storage = |e: sqlx::Error| careerkit_core::Error::Storage {
            message: e.to_string(),
        };
        sqlx::query("INSERT INTO executions (key) VALUES ($1)")
            .bind(&job.idempotency_key)
            .execute(pool)
            .await
            .map_err(storage)?;
        sqlx::query("INSERT INTO effects (key) VALUES ($1) ON CONFLICT (key) DO NOTHING")
            .bind(&job.idempotency_key)
            .execute(pool)
            .await
            .map_err(storage)?;
        Ok(())
    }
}

#[tokio::test]
async fn killed_workers_complete_every_job_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let jobs = env_number("CAREERKIT_FAULT_JOBS", 2_000);
    let started = Instant::now();
    {
        let store = open(&db, 1).await;
        for sql in [
            "CREATE TABLE effects (key TEXT PRIMARY KEY)",
            "CREATE TABLE executions (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL)",
        ] {
            sqlx::query(sql).execute(store.pool()).await.unwrap();
        }
        for i in 0..jobs {
            store
                .enqueue(
                    NewJob::new("effect", format!("effect-{i}"), json!({"i": i})).max_attempts(50),
                )
                .await
                .unwrap();
        }
        store.close().await;
    }
    let enqueued = started.elapsed();
    let store = open(&db, 2).await;
    let done = |counts: &[(JobStatus, u64)]| {
        counts
            .iter()
            .find(|(s, _)| *s == JobStatus::Done)
            .map_or(0, |(_, n)| *n)
    };
    let mut workers: Vec<Child> = (0..3).map(|_| child("child_worker", &db)).collect();
    let mut kills = 0;
    loop {
        let counts = store.counts().await.unwrap();
        if done(&counts) == jobs {
            break;
        }
        assert!(
            !counts.iter().any(|(s, n)| *s == JobStatus::Dead && *n > 0),
            "a job went dead: {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(rand::rng().random_range(200..800))).await;
        if kills < 12 && done(&counts) < jobs * 9 / 10 {
            let victim = rand::rng().random_range(0..workers.len());
            workers[victim].kill().unwrap(); // SIGKILL, mid-job
            workers[victim].wait().unwrap();
            workers[victim] = child("child_worker", &db);
            kills += 1;
        }
    }
    let drained = started.elapsed() - enqueued;
    for mut worker in workers {
        worker.kill().unwrap();
        worker.wait().unwrap();
    }
    let effects: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM effects")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let executions: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM executions")
        .fetch_one(store.pool())
        .await
        .unwrap();
    eprintln!(
        "{jobs} jobs (enqueued in {:.1} s, run in {:.1} s), {kills} workers killed, {} executions, \
         {} effects",
        enqueued.as_secs_f64(),
        drained.as_secs_f64(),
        executions.0,
        effects.0
    );
    assert_eq!(effects.0 as u64, jobs, "every job's effect happened, once");
    assert!(executions.0 as u64 >= jobs);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    assert!(kills > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_writers_on_one_file_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("writers.db");
    drop(open(&db, 1).await);
    let seconds = env_number("CAREERKIT_FAULT_SECS", 10);
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for writer in 0..50 {
        let db = db.clone();
        let stop = stop.clone();
        let errors = errors.clone();
        // Each writer has its own engine (its own pool and its own in-process turn), so they
        // contend in SQLite's locking exactly as 50 processes would.
        tasks.push(tokio::spawn(async move {
            let store = open(&db, 1).await;
            let owner = OwnerId::new(format!("writer-{writer}")).unwrap();
            let mut written = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                match store
                    .create_session(&owner, &format!("w{writer}"), false)
                    .await
                {
                    Ok(session) => written.push(session.id),
                    Err(error) => {
                        eprintln!("writer {writer}: {error}");
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            (owner, written)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let store = open(&db, 2).await;
    let mut total = 0;
    for task in tasks {
        let (owner, written) = task.await.unwrap();
        let stored: std::collections::HashSet<String> = store
            .list_sessions(&owner)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(
            stored.len(),
            written.len(),
            "{owner}: a write was lost or duplicated"
        );
        assert!(written.iter().all(|id| stored.contains(id)));
        total += written.len();
    }
    eprintln!("50 writers, {seconds} s: {total} sessions written");
    assert_eq!(
        errors.load(Ordering::Relaxed),
        0,
        "no writer saw an error (no 'database is locked')"
    );
    assert!(total >= 50);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}
