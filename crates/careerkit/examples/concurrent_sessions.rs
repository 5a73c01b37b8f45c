//! 1,000 concurrent sessions on the SQLite default: each uploads the sample resume, submits the
//! sample job description, is analysed and runs the rewrite agent for three turns (a model that
//! answers at once, so the store and runtime are what is measured); the resume parse jobs run
//! on a few worker tasks meanwhile. Prints the wall time, sessions per second and every error by
//! kind (the claim is: none).
//!
//! ```text
//! cargo run --release -p careerkit --example concurrent_sessions -- [SESSIONS] [DATA_DIR]
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use careerkit::run::EventType;
use careerkit::store::OwnerId;
use careerkit::workflow::Workflow;
use careerkit::Careerkit;
use futures::StreamExt;

#[path = "../../../benches/workflow/instant_model.rs"]
mod instant_model;

const RESUME: &[u8] = include_bytes!("../../../samples/resume_jordan_rivera.md");
const JD: &str = include_str!("../../../samples/jd_platform_engineer.txt");
const PARSE_WORKERS: usize = 4;

/// One session's whole journey; waits for its parse job to be run by the workers.
async fn journey(workflow: Workflow, n: usize) -> careerkit::Result<()> {
    let owner = OwnerId::new(format!("user-{n}"))?;
    let id = workflow.create_session(&owner, "load").await?.id;
    workflow
        .upload_resume(&owner, &id, "resume.md", RESUME.to_vec())
        .await?;
    workflow.submit_job(&owner, &id, JD).await?;
    while workflow.parsed_resume(&owner, &id).await.is_err() {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    workflow.analyze(&owner, &id).await?;
    let run = workflow.send_message(&owner, &id, "Tailor it.").await?;
    let mut events = workflow.run_events(&owner, &id, &run, 0);
    while let Some(event) = events.next().await {
        let event = event?;
        if event.kind.is_terminal() {
            if event.kind != EventType::RunCompleted {
                return Err(careerkit::Error::invalid(format!(
                    "run ended {}",
                    event.payload
                )));
            }
            break;
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sessions: usize = std::env::args().nth(1).map_or(Ok(1_000), |s| s.parse())?;
    let dir = std::env::args().nth(2).map_or_else(
        || std::env::temp_dir().join(format!("careerkit-load-{}", std::process::id())),
        Into::into,
    );
    let kit = Careerkit::builder().build()?;
    let workflow = kit
        .open_workflow(&dir, Arc::new(instant_model::InstantModel))
        .await?;

    let started = Instant::now();
    let (done_tx, done_rx) = tokio::sync::watch::channel(false);
    let workers: Vec<_> = (0..PARSE_WORKERS)
        .map(|_| {
            let workflow = workflow.clone();
            let done = done_rx.clone();
            tokio::spawn(async move {
                while !*done.borrow() {
                    if workflow.run_due_jobs().await.unwrap_or(0) == 0 {
                        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    }
                }
            })
        })
        .collect();
    let tasks: Vec<_> = (0..sessions)
        .map(|n| tokio::spawn(journey(workflow.clone(), n)))
        .collect();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for task in tasks {
        if let Err(err) = task.await? {
            *errors
                .entry(format!("{:?}: {err}", err.kind()))
                .or_default() += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    done_tx.send(true)?;
    for worker in workers {
        worker.await?;
    }
    println!(
        "{sessions} concurrent sessions (upload, parse job, JD, analysis, a {}-turn run) in {elapsed:.1} s = {:.1} sessions/s; {} errors",
        instant_model::TURNS,
        sessions as f64 / elapsed,
        errors.values().sum::<usize>()
    );
    for (error, count) in &errors {
        println!("  {count} x {error}");
    }
    std::fs::remove_dir_all(&dir).ok();
    if errors.is_empty() {
        Ok(())
    } else {
        Err("some sessions failed".into())
    }
}
