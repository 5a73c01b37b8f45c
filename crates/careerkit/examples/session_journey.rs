//! The seed journey through the session API on the embedded defaults: SQLite and local files
//! under one data directory, the model from `CAREERKIT_LLM` or, when unset, the local
//! SmolLM2-135M GGUF from `$CAREERKIT_MODELS_DIR` (`scripts/fetch-models`).
//!
//! upload -> parse job -> JD -> gap analysis -> a message to the rewrite agent -> each proposed
//! edit shown with the guard's review and approved (or rejected, when the guard refused it) ->
//! export. Run from the repository root:
//!
//! ```text
//! cargo run --release -p careerkit --example session_journey -- [DATA_DIR]
//! ```
//!
//! The message asks for an edit proposal (`MessageOptions::propose_edit`): the model must call
//! `edit_resume` until one call passes the fabrication guard, and the local model decodes that
//! call under the edit's JSON Schema, so even the 135M default proposes a well-formed edit. Its
//! wording is a small model's; point `CAREERKIT_LLM` at a larger model for real tailoring. If
//! the guard refuses the model's proposals twice (the 135M model invents numbers), the runtime
//! proposes careerkit's rule-based edit instead (`"origin": "fallback"`), which the person
//! approves like any other.

use std::time::Duration;

use careerkit::export::ExportFormat;
use careerkit::run::EventType;
use careerkit::session::SessionState;
use careerkit::store::OwnerId;
use careerkit::workflow::MessageOptions;
use careerkit::Careerkit;
use futures::StreamExt;

const RESUME: &str = "samples/resume_jordan_rivera.md";
const JD: &str = "samples/jd_platform_engineer.txt";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("careerkit-journey"),
        Into::into,
    );
    let provider = careerkit_llm::provider_from_env()?;
    println!("model: {}; data: {}", provider.id(), data_dir.display());

    let kit = Careerkit::builder().build()?;
    let workflow = kit.open_workflow(&data_dir, provider).await?;
    let owner = OwnerId::new("example-user")?;
    let session = workflow.create_session(&owner, "Platform engineer").await?;
    let id = session.id.as_str();

    workflow
        .upload_resume(&owner, id, "resume.md", std::fs::read(RESUME)?)
        .await?;
    workflow.run_due_jobs().await?;
    workflow
        .submit_job(&owner, id, &std::fs::read_to_string(JD)?)
        .await?;
    let gap = workflow.analyze(&owner, id).await?;
    println!("match score {:.1} / 100", gap.score);

    let run_id = workflow
        .send_message_with(
            &owner,
            id,
            "Rewrite one bullet to show the skills this job asks for, using only facts from my resume.",
            MessageOptions {
                propose_edit: true,
                bullet_id: None,
            },
        )
        .await?;
    let mut events = workflow.run_events(&owner, id, &run_id, 0);
    while let Some(event) = events.next().await {
        let event = event?;
        match event.kind {
            EventType::AssistantDelta => print!("{}", event.payload["text"].as_str().unwrap_or("")),
            EventType::ToolCallProposed if event.payload["approval_id"].is_string() => {
                let approval = event.payload["approval_id"].as_str().unwrap_or_default();
                let review = &event.payload["review"];
                println!(
                    "\nproposed ({}): {} {}",
                    event.payload["origin"], event.payload["name"], event.payload["arguments"]
                );
                println!("guard: {review}");
                if review["decision"] == "rejected" {
                    workflow.reject(&owner, approval).await?;
                } else {
                    workflow.approve(&owner, approval).await?;
                }
            }
            EventType::ToolCallRejected => {
                println!(
                    "\nrefused {}: {}",
                    event.payload["name"], event.payload["reason"]
                );
            }
            kind if kind.is_terminal() => {
                println!("\n{}: {}", event.kind.as_str(), event.payload);
                break;
            }
            _ => {}
        }
    }

    // The run applies approved edits in the background; give it a moment to settle.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let session = workflow.session(&owner, id).await?;
    if session.state != SessionState::RewriteApplied {
        println!(
            "no rewrite was applied (state {}); nothing to export",
            session.state
        );
        return Ok(());
    }
    for format in [ExportFormat::Markdown, ExportFormat::Pdf] {
        let (meta, bytes) = workflow.export(&owner, id, format).await?;
        println!("exported {} ({} bytes)", meta.path.as_str(), bytes.len());
    }
    Ok(())
}
