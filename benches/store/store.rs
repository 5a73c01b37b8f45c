//! Store and queue throughput of `careerkit-store`'s `SqlStore`, on SQLite (a real file in the
//! temp dir: WAL, synchronous=FULL, `BEGIN IMMEDIATE`) and on PostgreSQL (the server in
//! `CAREERKIT_TEST_POSTGRES_URL`, a fresh schema; skipped with a notice when the variable is not
//! set or the bench was built without the `postgres` feature).
//!
//! - `writes/<engine>`: `Store::put_artifact` of a ~1 KB JSON artifact, one after another (a
//!   write transaction that checks the session, inserts and commits, then reads the row back).
//! - `reads/<engine>`: `Store::get_artifact`, one after another, over 256 stored artifacts.
//! - `queue/<engine>/<n> workers`: 200 jobs enqueued (not timed), then drained by `n`
//!   concurrent tasks, each looping `Queue::claim` + `Queue::complete` until the queue is empty
//!   (the path the `Worker` runtime takes, without its handler and heartbeat).
//!
//! Every row is reported per second (criterion's `thrpt`). A full run takes about 1.5 minutes:
//!
//! ```text
//! eval "$(scripts/services start)"     # PostgreSQL (and moto) on 127.0.0.1
//! cargo bench -p careerkit-store --features postgres --bench store
//! ```
//!
//! Results are recorded in BENCHMARKS.md ("Store and queue").
// Bench code: setup failures are bugs, so it unwraps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use careerkit_core::store::{ArtifactKind, NewJob, OwnerId, Queue, Store};
use careerkit_store::{SqlOptions, SqlStore};
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use serde_json::{json, Value};
use tokio::runtime::Runtime;

#[cfg(feature = "postgres")]
#[path = "../../crates/careerkit-store/tests/common/postgres.rs"]
mod postgres;

/// Jobs enqueued and drained per queue iteration.
const BATCH: u64 = 200;
/// Artifacts the read bench cycles over.
const STORED: usize = 256;
/// Worker counts of the queue bench.
const WORKERS: [usize; 3] = [1, 2, 8];
const JOB_KIND: &str = "bench";

/// One engine under test, with the owner and session its records hang off.
struct Engine {
    name: &'static str,
    store: Arc<SqlStore>,
    owner: OwnerId,
    session: String,
    /// Keeps the SQLite file alive for the bench's lifetime.
    _dir: Option<tempfile::TempDir>,
}

impl Engine {
    async fn new(name: &'static str, store: SqlStore, dir: Option<tempfile::TempDir>) -> Engine {
        let owner = OwnerId::new("bench").unwrap();
        let session = store
            .create_session(&owner, "Bench session", false)
            .await
            .unwrap()
            .id;
        Engine {
            name,
            store: Arc::new(store),
            owner,
            session,
            _dir: dir,
        }
    }

    async fn put(&self, data: &Value) -> String {
        self.store
            .put_artifact(&self.owner, &self.session, ArtifactKind::Analysis, data)
            .await
            .unwrap()
            .id
    }
}

async fn engines() -> Vec<Engine> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqlStore::open_sqlite(dir.path().join("bench.db"), SqlOptions::default())
        .await
        .unwrap();
    let engines = vec![Engine::new("sqlite", sqlite, Some(dir)).await];
    #[cfg(feature = "postgres")]
    let engines = match postgres::server_url() {
        Some(url) => {
            let store = postgres::fresh_schema(&url).await;
            let mut engines = engines;
            engines.push(Engine::new("postgres", store, None).await);
            engines
        }
        None => engines,
    };
    #[cfg(not(feature = "postgres"))]
    eprintln!("skipped PostgreSQL: built without the `postgres` feature");
    engines
}

/// A ~1 KB analysis-like JSON value.
fn artifact(i: u64) -> Value {
    json!({
        "n": i,
        "score": 0.73,
        "summary": "Strong match on Rust, SQL and distributed systems; gaps in Kubernetes. ".repeat(12),
        "skills": ["rust", "sql", "postgresql", "tokio", "kafka"],
    })
}

/// Runs `op(0..iters)` one after another on `rt` and returns the time it took.
fn sequential<F, Fut>(rt: &Runtime, iters: u64, mut op: F) -> Duration
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = ()>,
{
    rt.block_on(async {
        let start = Instant::now();
        for i in 0..iters {
            op(i).await;
        }
        start.elapsed()
    })
}

/// A group timing one operation per element, kept short so the whole bench stays quick.
fn per_op_group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Elements(1))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group
}

fn writes(c: &mut Criterion, rt: &Runtime, engines: &[Engine]) {
    let mut group = per_op_group(c, "writes");
    for engine in engines {
        let data = artifact(0);
        group.bench_function(engine.name, |b| {
            b.iter_custom(|iters| {
                sequential(rt, iters, |_| async {
                    engine.put(&data).await;
                })
            });
        });
    }
    group.finish();
}

fn reads(c: &mut Criterion, rt: &Runtime, engines: &[Engine]) {
    let mut group = per_op_group(c, "reads");
    for engine in engines {
        let ids: Vec<String> = rt.block_on(async {
            let mut ids = Vec::with_capacity(STORED);
            for i in 0..STORED as u64 {
                ids.push(engine.put(&artifact(i)).await);
            }
            ids
        });
        group.bench_function(engine.name, |b| {
            b.iter_custom(|iters| {
                sequential(rt, iters, |i| {
                    let id = &ids[(i % STORED as u64) as usize];
                    async move {
                        engine.store.get_artifact(&engine.owner, id).await.unwrap();
                    }
                })
            });
        });
    }
    group.finish();
}

/// Enqueues `BATCH` jobs with fresh idempotency keys.
async fn fill(queue: &SqlStore, keys: &AtomicU64) {
    for _ in 0..BATCH {
        let key = keys.fetch_add(1, Ordering::Relaxed);
        let job = NewJob::new(JOB_KIND, format!("bench-{key}"), json!({ "n": key }));
        assert!(queue.enqueue(job).await.unwrap().created);
    }
}

/// Drains the queue with `workers` concurrent claim/complete loops; returns the time it took.
async fn drain(queue: &Arc<SqlStore>, workers: usize) -> Duration {
    let kinds = vec![JOB_KIND.to_owned()];
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let queue = queue.clone();
            let kinds = kinds.clone();
            tokio::spawn(async move {
                let mut completed = 0u64;
                while let Some(job) = queue.claim(&kinds, Duration::from_secs(60)).await.unwrap() {
                    let token = job.lease_token.unwrap();
                    queue.complete(&job.id, &token).await.unwrap();
                    completed += 1;
                }
                completed
            })
        })
        .collect();
    let mut completed = 0;
    for task in tasks {
        completed += task.await.unwrap();
    }
    let elapsed = start.elapsed();
    assert_eq!(completed, BATCH, "every job was completed exactly once");
    elapsed
}

fn queue(c: &mut Criterion, rt: &Runtime, engines: &[Engine]) {
    let mut group = c.benchmark_group("queue");
    group
        .throughput(Throughput::Elements(BATCH))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let keys = AtomicU64::new(0);
    for engine in engines {
        for workers in WORKERS {
            group.bench_function(format!("{}/{workers} workers", engine.name), |b| {
                b.iter_custom(|iters| {
                    rt.block_on(async {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            fill(&engine.store, &keys).await;
                            total += drain(&engine.store, workers).await;
                            // Keep the table the same size from one iteration to the next.
                            sqlx::query("DELETE FROM jobs WHERE status = 'done'")
                                .execute(engine.store.pool())
                                .await
                                .unwrap();
                        }
                        total
                    })
                });
            });
        }
    }
    group.finish();
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let engines = rt.block_on(engines());
    let mut c = Criterion::default().configure_from_args();
    writes(&mut c, &rt, &engines);
    reads(&mut c, &rt, &engines);
    queue(&mut c, &rt, &engines);
    c.final_summary();
}
