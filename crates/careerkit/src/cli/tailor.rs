//! `careerkit tailor RESUME JD`: the rewrite agent proposes edits aimed at the job's gaps, one
//! at a time, through the session API; each is shown with the fabrication guard's review and
//! applies only when the person approves it. The tailored resume is exported at the end and
//! scored again from the exported file.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

use careerkit::document::ResumeDocument;
use careerkit::export::ExportFormat;
use careerkit::run::EventType;
use careerkit::store::OwnerId;
use careerkit::workflow::{MessageOptions, Workflow};
use careerkit::Careerkit;

/// What the agent is asked on every round.
const ASK: &str =
    "Propose the one edit that would help most for this job, using only facts from my resume.";

/// The owner the command's sessions belong to (one person at a terminal).
const OWNER: &str = "cli";

/// How `tailor` runs.
pub struct TailorOptions {
    /// Most edits to propose.
    pub rounds: usize,
    /// Approve every edit the guard accepted, without asking.
    pub yes: bool,
    /// Where to write the tailored resume (its extension picks the format).
    pub out: PathBuf,
}

/// What the person said about one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Apply,
    Skip,
    Quit,
}

/// Runs the tailoring loop for `resume_path` against `jd_path`.
pub fn run(
    kit: &Careerkit,
    resume_path: &Path,
    jd_path: &Path,
    options: &TailorOptions,
) -> anyhow::Result<()> {
    let format = format_of(&options.out)?;
    let provider = careerkit_llm::provider_from_env()?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let data_dir = careerkit::default_data_dir();
        let workflow = kit
            .open_workflow(&data_dir, provider.clone())
            .await
            .with_context(|| format!("opening the session store in {}", data_dir.display()))?;
        let owner = OwnerId::new(OWNER)?;
        let (bytes, name) = super::read_file(resume_path)?;
        let title = format!("tailor {}", jd_path.display());
        let session = workflow.create_session(&owner, &title).await?;
        let sid = session.id.as_str();
        workflow
            .upload_resume(&owner, sid, name.as_deref().unwrap_or("resume"), bytes)
            .await?;
        workflow.run_due_jobs().await?;
        let job = super::read_document(kit, jd_path)?;
        workflow.submit_job(&owner, sid, &job.text).await?;
        let before = workflow.analyze(&owner, sid).await?.score;
        println!("match score {before:.1} / 100; model {}", provider.id());

        let mut stdin = std::io::stdin().lock();
        let mut seen: Vec<Value> = Vec::new();
        let mut applied = 0;
        for round in 1..=options.rounds {
            println!("\nproposal {round} of at most {}", options.rounds);
            let document = workflow.resume_document(&owner, sid).await?;
            let outcome = propose_one(&workflow, &owner, sid, &document, &seen, |proposal| {
                decide(proposal, options.yes, &mut stdin)
            })
            .await?;
            match outcome {
                Round::Decided { arguments, answer } => {
                    seen.push(arguments);
                    applied += usize::from(answer == Answer::Apply);
                    if answer == Answer::Quit {
                        break;
                    }
                }
                Round::NothingNew => {
                    println!("no new proposal; stopping");
                    break;
                }
            }
        }

        if applied == 0 {
            println!("\nno edit applied; {} was not written", options.out.display());
            return Ok(());
        }
        let (_, bytes) = workflow.export(&owner, sid, format).await?;
        std::fs::write(&options.out, &bytes)
            .with_context(|| format!("cannot write {}", options.out.display()))?;
        let name = options.out.file_name().and_then(|n| n.to_str());
        let tailored = kit.parse_resume(&bytes, name)?;
        let jd = kit.read_job(job.text.as_bytes(), Some("job.txt"))?;
        let after = kit.analyze(&tailored, &jd).score;
        println!(
            "\n{applied} edit(s) applied; wrote {}; match score {before:.1} -> {after:.1} (read back from the file)",
            options.out.display()
        );
        Ok(())
    })
}

/// How one round ended.
enum Round {
    /// The person decided on a proposal with these arguments.
    Decided { arguments: Value, answer: Answer },
    /// The agent proposed nothing, or only what was already decided.
    NothingNew,
}

/// One proposal as the person sees it.
struct Shown<'a> {
    origin: &'a str,
    arguments: &'a Value,
    review: &'a Value,
    document: &'a ResumeDocument,
}

/// Asks the agent for one edit and settles the proposal with `decide`.
async fn propose_one(
    workflow: &Workflow,
    owner: &OwnerId,
    sid: &str,
    document: &ResumeDocument,
    seen: &[Value],
    mut decide: impl FnMut(&Shown<'_>) -> anyhow::Result<Answer>,
) -> anyhow::Result<Round> {
    let options = MessageOptions {
        propose_edit: true,
        bullet_id: None,
    };
    let run_id = workflow.send_message_with(owner, sid, ASK, options).await?;
    let spinner = spinner();
    let mut decided = None;
    let mut events = workflow.run_events(owner, sid, &run_id, 0);
    while let Some(event) = events.next().await {
        let event = event?;
        let payload = &event.payload;
        match event.kind {
            EventType::ToolCallRejected if payload["by"] == "runtime" => {
                let reason = payload["reason"].as_str().unwrap_or_default();
                spinner.suspend(|| println!("  the guard refused the model's edit: {reason}"));
            }
            EventType::ToolCallProposed => {
                let Some(approval) = payload["approval_id"].as_str() else {
                    continue;
                };
                spinner.finish_and_clear();
                let arguments = &payload["arguments"];
                let answer = if seen.contains(arguments) {
                    None
                } else {
                    Some(decide(&Shown {
                        origin: payload["origin"].as_str().unwrap_or("model"),
                        arguments,
                        review: &payload["review"],
                        document,
                    })?)
                };
                if answer == Some(Answer::Apply) {
                    workflow.approve(owner, approval).await?;
                } else {
                    workflow.reject(owner, approval).await?;
                }
                decided = answer.map(|answer| Round::Decided {
                    arguments: arguments.clone(),
                    answer,
                });
            }
            kind if kind.is_terminal() => {
                spinner.finish_and_clear();
                if kind != EventType::RunCompleted {
                    anyhow::bail!("the agent's run ended {}: {}", kind.as_str(), payload);
                }
                break;
            }
            _ => {}
        }
    }
    Ok(decided.unwrap_or(Round::NothingNew))
}

/// A spinner on stderr while the model works.
fn spinner() -> ProgressBar {
    let spinner = ProgressBar::new_spinner().with_message("the agent is working");
    if let Ok(style) = ProgressStyle::with_template("  {spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}

/// Shows a proposal and gets the person's answer (or the `--yes` policy's).
fn decide(shown: &Shown<'_>, yes: bool, input: &mut impl BufRead) -> anyhow::Result<Answer> {
    let origin = if shown.origin == "fallback" {
        " (careerkit's rule-based suggestion: the model's own edits were refused)"
    } else {
        ""
    };
    println!("  edit{origin}:");
    for line in describe(shown.arguments, shown.document) {
        println!("    {line}");
    }
    let decision = shown.review["decision"].as_str().unwrap_or("rejected");
    println!("  guard: {}", decision.replace('_', " "));
    for finding in shown.review["findings"].as_array().into_iter().flatten() {
        if let Some(reason) = finding["reason"].as_str() {
            println!("    - {reason}");
        }
    }
    if decision == "rejected" {
        println!("  not applied: the guard rejected it");
        return Ok(Answer::Skip);
    }
    if yes {
        // `--yes` approves what the guard accepted; a skill needing confirmation waits for a
        // person.
        let answer = if decision == "accepted" {
            Answer::Apply
        } else {
            Answer::Skip
        };
        println!(
            "  {}",
            if answer == Answer::Apply {
                "applied (--yes)"
            } else {
                "skipped: needs your confirmation"
            }
        );
        return Ok(answer);
    }
    loop {
        print!("  apply it? [y]es / [n]o / [q]uit: ");
        std::io::stdout().flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            println!();
            return Ok(Answer::Quit);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(Answer::Apply),
            "n" | "no" => return Ok(Answer::Skip),
            "q" | "quit" => return Ok(Answer::Quit),
            _ => {}
        }
    }
}

/// An edit in words: the bullet before and after, the new order, the added skill.
fn describe(arguments: &Value, document: &ResumeDocument) -> Vec<String> {
    let text = |key: &str| arguments[key].as_str().unwrap_or("").to_string();
    let list = |key: &str| {
        arguments[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match arguments["kind"].as_str().unwrap_or("") {
        "rewrite_bullet" => {
            let id = text("bullet_id");
            let old = document
                .bullets()
                .find(|bullet| bullet.id == id)
                .map_or("", |bullet| bullet.text.as_str());
            vec![
                format!("rewrite bullet {id}"),
                format!("- {old}"),
                format!("+ {}", text("text")),
            ]
        }
        "rewrite_summary" => vec!["rewrite the summary".into(), format!("+ {}", text("text"))],
        "add_skill" => vec![format!("add the skill {:?}", text("skill"))],
        "reorder_skills" => vec![format!("order the skills: {}", list("order"))],
        "reorder_sections" => vec![format!("order the sections: {}", list("order"))],
        other => vec![format!("{other}: {arguments}")],
    }
}

/// The export format named by `out`'s extension.
fn format_of(out: &Path) -> anyhow::Result<ExportFormat> {
    let extension = out.extension().and_then(|e| e.to_str()).unwrap_or_default();
    extension.parse().map_err(|_| {
        anyhow::anyhow!(
            "cannot tell the format of {}: use .md, .html, .pdf or .docx",
            out.display()
        )
    })
}
