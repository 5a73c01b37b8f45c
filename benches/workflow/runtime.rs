//! The agent runtime's own cost, the model left out: a run of three model turns (two read
//! tools, then the answer) through the session API on the embedded defaults (SQLite file, local
//! files), with an in-process model that answers instantly; and run events per second, written
//! by runs and read back through the event stream. 1,000 concurrent sessions:
//! `cargo run --release -p careerkit --example concurrent_sessions`.
//!
//! ```text
//! cargo bench -p careerkit --bench workflow
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use careerkit::run::EventType;
use careerkit::store::OwnerId;
use careerkit::workflow::Workflow;
use careerkit::Careerkit;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures::StreamExt;

mod instant_model;
use instant_model::{InstantModel, TURNS};

const RESUME: &[u8] = include_bytes!("../../samples/resume_jordan_rivera.md");
const JD: &str = include_str!("../../samples/jd_platform_engineer.txt");

/// A workflow on a fresh data directory with one analysed session.
async fn analysed(dir: &std::path::Path) -> (Workflow, OwnerId, String) {
    let kit = Careerkit::builder().build().unwrap();
    let workflow = kit
        .open_workflow(dir, Arc::new(InstantModel))
        .await
        .unwrap();
    let owner = OwnerId::new("bench").unwrap();
    let id = workflow.create_session(&owner, "bench").await.unwrap().id;
    workflow
        .upload_resume(&owner, &id, "resume.md", RESUME.to_vec())
        .await
        .unwrap();
    workflow.run_due_jobs().await.unwrap();
    workflow.submit_job(&owner, &id, JD).await.unwrap();
    workflow.analyze(&owner, &id).await.unwrap();
    (workflow, owner, id)
}

/// Starts a run and reads its events to the terminal one; returns how many there were.
async fn one_run(workflow: &Workflow, owner: &OwnerId, id: &str) -> u64 {
    let run = workflow
        .send_message(owner, id, "Tailor it.")
        .await
        .unwrap();
    let mut events = workflow.run_events(owner, id, &run, 0);
    let mut seen = 0;
    while let Some(event) = events.next().await {
        let event = event.unwrap();
        seen += 1;
        if event.kind.is_terminal() {
            assert_eq!(event.kind, EventType::RunCompleted, "{:?}", event.payload);
            break;
        }
    }
    seen
}

fn runtime(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (workflow, owner, id) = rt.block_on(analysed(dir.path()));
    let events_per_run = rt.block_on(one_run(&workflow, &owner, &id));

    // Per model turn = the time of a run / TURNS; events per second from the throughput.
    let mut group = c.benchmark_group("runtime");
    group.sample_size(30);
    group.throughput(Throughput::Elements(events_per_run));
    group.bench_function("run of 3 model turns (instant model, SQLite)", |b| {
        b.iter(|| rt.block_on(one_run(&workflow, &owner, &id)));
    });
    group.finish();
    println!("each run: {TURNS} model turns, {events_per_run} events");
}

criterion_group!(benches, runtime);
criterion_main!(benches);
