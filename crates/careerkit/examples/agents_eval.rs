//! The agents' evaluation: deterministic checks over every resume in `../shared/data` (and the
//! repository sample) against every posting (the four Resume-Matcher JDs and the sample JD),
//! printed as a Markdown table of pass rates for BENCHMARKS.md.
//!
//! - questions: 5-8 of them, no duplicate text, each with a kind, a rationale and cited
//!   passages that exist word for word in the shipped knowledge base;
//! - rewrite proposals: each passes the fabrication guard again and applies;
//! - smuggled facts (an invented employer, a fake metric, an unevidenced skill) on each pair's
//!   first bullet: rejected, or held for the person's confirmation (the skill);
//! - cover letters: every quoted bullet is the resume's own, under its own employer, every
//!   claimed skill is named in it, and no number the resume lacks;
//! - STAR analysis on hand-labelled answers: twelve the cue lists were tuned on
//!   (`benches/agents_eval/answers_dev.json`) and twelve held out (`answers.json`);
//! - with `--local N`: the rewrite agent on the local model (or `CAREERKIT_LLM`) for N pairs,
//!   through the session API with `propose_edit`: how often the model's own edit passed the
//!   guard, how often careerkit's fallback was needed, whether the run completed.
//!
//! ```text
//! cargo run --release -p careerkit --example agents_eval -- [--local N]
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use careerkit::document::ResumeDocument;
use careerkit::interview::feedback::{Answer, FeedbackOptions, StarPart};
use careerkit::interview::questions::QuestionOptions;
use careerkit::letter::{LetterOptions, Tone};
use careerkit::rag::{KnowledgeBase, KnowledgeBaseOptions};
use careerkit::rewrite::{apply, propose, Decision, Edit, Guard, ProposalContext};
use careerkit::run::EventType;
use careerkit::store::OwnerId;
use careerkit::workflow::MessageOptions;
use careerkit::{Careerkit, ParsedResume};
use futures::StreamExt;

/// Passed checks out of those run.
#[derive(Default)]
struct Rate {
    passed: usize,
    total: usize,
}

impl Rate {
    fn check(&mut self, ok: bool) {
        self.passed += usize::from(ok);
        self.total += 1;
    }

    fn row(&self, what: &str) -> String {
        let share = if self.total == 0 {
            0.0
        } else {
            100.0 * self.passed as f64 / self.total as f64
        };
        format!(
            "| {what} | {} / {} | {share:.1}% |",
            self.passed, self.total
        )
    }
}

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// Every resume file: the sample, the PDFs and the DOCX files of the development data.
fn resume_files() -> Vec<PathBuf> {
    let mut files = vec![repo("samples/resume_jordan_rivera.md")];
    for dir in ["resumes/pdf", "resumes/docx"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(data(dir))
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        found.sort();
        files.extend(found);
    }
    files
}

fn job_files() -> Vec<PathBuf> {
    let mut files = vec![repo("samples/jd_platform_engineer.txt")];
    for name in ["backend-eng", "frontend-eng", "ml-eng", "product-manager"] {
        files.push(data(&format!("jds/text/resumematcher__{name}.txt")));
    }
    files
}

fn name_of(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

/// Every run of digits in `text`.
fn numbers(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let local_pairs: usize = std::env::args()
        .skip_while(|a| a != "--local")
        .nth(1)
        .map_or(Ok(0), |n| n.parse())?;
    let started = Instant::now();
    let kit = Careerkit::builder().build()?;
    let kb_dir = tempfile::tempdir()?;
    let embedder = std::sync::Arc::new(careerkit::rag::BertEmbedder::load_default()?);
    let kb = KnowledgeBase::open(kb_dir.path(), embedder, KnowledgeBaseOptions::default())?;
    kb.seed_builtin(&mut |_| {})?;
    let shipped: Vec<String> = careerkit::rag::kb::builtin_documents()
        .iter()
        .map(|(_, text)| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();

    let mut parsed: Vec<(String, ParsedResume)> = Vec::new();
    let mut unreadable = Vec::new();
    for file in resume_files() {
        let name = name_of(&file).unwrap_or_default().to_string();
        match kit.parse_resume(&std::fs::read(&file)?, Some(&name)) {
            Ok(resume) if !resume.profile.experience.is_empty() => parsed.push((name, resume)),
            Ok(_) => unreadable.push(format!("{name} (no experience found)")),
            Err(err) => unreadable.push(format!("{name} ({err})")),
        }
    }
    let mut jobs = Vec::new();
    for file in job_files() {
        jobs.push(kit.read_job(&std::fs::read(&file)?, name_of(&file))?);
    }

    let mut questions_shape = Rate::default();
    let mut questions_unique = Rate::default();
    let mut passages_grounded = Rate::default();
    let mut proposals_pass = Rate::default();
    let mut smuggling_caught = Rate::default();
    let mut letters_grounded = Rate::default();
    let today = chrono::Utc::now().date_naive();
    for (_, resume) in &parsed {
        let document = ResumeDocument::from_profile(&resume.profile);
        let guard = Guard::new(&resume.profile, kit.skill_extractor());
        for job in &jobs {
            let questions =
                kit.interview_questions(resume, job, &QuestionOptions::default(), Some(&kb))?;
            questions_shape.check(
                (5..=8).contains(&questions.len())
                    && questions
                        .iter()
                        .all(|q| !q.rationale.is_empty() && !q.sources.is_empty()),
            );
            let texts: BTreeSet<&str> = questions.iter().map(|q| q.text.as_str()).collect();
            questions_unique.check(texts.len() == questions.len());
            for passage in questions.iter().flat_map(|q| &q.sources) {
                let flat = passage
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                passages_grounded.check(shipped.iter().any(|doc| doc.contains(&flat)));
            }

            let context = ProposalContext {
                profile: &resume.profile,
                resume: &resume.text,
                document: &document,
                jd: job,
                extractor: kit.skill_extractor(),
                today,
            };
            for proposal in propose(&context) {
                let verdict = guard.check(&document, &proposal.edit);
                let applies = verdict
                    .clone()
                    .approve(true)
                    .and_then(|approved| apply(&document, &approved))
                    .is_ok();
                proposals_pass.check(verdict.decision != Decision::Rejected && applies);
            }

            let gap = kit.analyze(resume, job);
            if let Some(bullet) = document.bullets().next() {
                let base = bullet.text.trim_end_matches('.');
                let unevidenced = gap.missing.first().map(|m| m.name.clone());
                let attacks = [
                    Some((format!("{base} at Initech Global"), Decision::Rejected)),
                    Some((format!("{base}, cutting costs by 97%"), Decision::Rejected)),
                    unevidenced.map(|skill| {
                        (format!("{base} using {skill}"), Decision::NeedsConfirmation)
                    }),
                ];
                for (text, expected) in attacks.into_iter().flatten() {
                    let edit = Edit::RewriteBullet {
                        bullet_id: bullet.id.clone(),
                        text,
                    };
                    let decision = guard.check(&document, &edit).decision;
                    smuggling_caught.check(
                        decision == expected
                            || (expected == Decision::NeedsConfirmation
                                && decision == Decision::Rejected),
                    );
                }
            }

            let letter = kit.cover_letter(
                resume,
                job,
                LetterOptions {
                    tone: Tone::Formal,
                    ..LetterOptions::default()
                },
            );
            let body = letter.paragraphs.join("\n");
            let quoted_ok = letter.evidence.iter().all(|quoted| {
                let own = resume.profile.experience.iter().any(|e| {
                    e.company.as_ref().map(|c| c.value.clone()) == quoted.employer
                        && e.bullets.iter().any(|b| b.value == quoted.bullet)
                });
                // A claimed skill is named in the bullet, by its name or, for a full match,
                // the way the resume writes it ("JS"); a related skill never stands in.
                let bullet = quoted.bullet.to_lowercase();
                let named = quoted.skills.iter().all(|name| {
                    let full = gap.matched.iter().find(|m| &m.name == name);
                    bullet.contains(&name.to_lowercase())
                        || full.is_some_and(|m| {
                            m.resume_evidence
                                .iter()
                                .any(|e| bullet.contains(&e.text.to_lowercase()))
                        })
                });
                own && named && body.contains(quoted.bullet.get(1..).unwrap_or_default())
            });
            let invented = numbers(&body)
                .difference(&numbers(&resume.text.text))
                .count();
            letters_grounded.check(quoted_ok && invented == 0);
        }
    }

    // The cue lists were tuned on the development answers; the held-out ones were not looked at.
    let (dev_parts, dev_answers) = star_rates(&kit, "benches/agents_eval/answers_dev.json")?;
    let (star_parts, star_answers) = star_rates(&kit, "benches/agents_eval/answers.json")?;

    println!(
        "{} resumes read ({} unreadable: {}), {} postings, {} pairs; {:.1} s\n",
        parsed.len(),
        unreadable.len(),
        unreadable.join(", "),
        jobs.len(),
        parsed.len() * jobs.len(),
        started.elapsed().as_secs_f64()
    );
    println!("| check | passed | rate |\n|---|---|---|");
    for (rate, what) in [
        (
            &questions_shape,
            "question sets of 5-8, each with a rationale and cited passages",
        ),
        (&questions_unique, "question sets without a duplicate"),
        (
            &passages_grounded,
            "cited passages found word for word in the shipped guides",
        ),
        (
            &proposals_pass,
            "rule-based rewrite proposals that pass the guard again and apply",
        ),
        (
            &smuggling_caught,
            "smuggled employer / metric / unevidenced skill caught",
        ),
        (
            &letters_grounded,
            "cover letters quoting only the resume's own bullets and numbers",
        ),
        (
            &dev_parts,
            "STAR components as labelled (12 development answers)",
        ),
        (
            &dev_answers,
            "development answers with all four components right",
        ),
        (
            &star_parts,
            "STAR components as labelled (12 held-out answers)",
        ),
        (
            &star_answers,
            "held-out answers with all four components right",
        ),
    ] {
        println!("{}", rate.row(what));
    }

    if local_pairs > 0 {
        local_model(&kit, &parsed, &job_files(), local_pairs).await?;
    }
    Ok(())
}

/// STAR analysis against the hand labels in `file` (under the repository root): the share of
/// components judged as labelled, and of answers with all four right.
fn star_rates(kit: &Careerkit, file: &str) -> Result<(Rate, Rate), Box<dyn std::error::Error>> {
    let answers: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(repo(file))?)?;
    let mut parts = Rate::default();
    let mut whole = Rate::default();
    for case in &answers {
        let question = case["question"].as_str().unwrap_or_default();
        let answer = Answer::Text(case["answer"].as_str().unwrap_or_default().to_string());
        let report = kit.answer_feedback(question, &answer, &FeedbackOptions::default(), None)?;
        let mut all = true;
        for component in &report.star {
            let label = match component.part {
                StarPart::Situation => "situation",
                StarPart::Task => "task",
                StarPart::Action => "action",
                StarPart::Result => "result",
            };
            let right = case["star"][label].as_bool() == Some(component.present);
            parts.check(right);
            all &= right;
        }
        whole.check(all);
    }
    Ok((parts, whole))
}

/// The rewrite agent on the configured model, through the session API, for `pairs` pairs.
async fn local_model(
    kit: &Careerkit,
    parsed: &[(String, ParsedResume)],
    jobs: &[PathBuf],
    pairs: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let provider = careerkit_llm::provider_from_env()?;
    let dir = tempfile::tempdir()?;
    let workflow = kit.open_workflow(dir.path(), provider.clone()).await?;
    let owner = OwnerId::new("eval")?;
    let mut own_edit = Rate::default();
    let mut completed = Rate::default();
    let mut refusals = 0;
    let started = Instant::now();
    let resumes = resume_files();
    for (i, (name, _)) in parsed.iter().take(pairs).enumerate() {
        let file = resumes
            .iter()
            .find(|f| name_of(f) == Some(name.as_str()))
            .ok_or("resume file")?;
        let jd = &jobs[i % jobs.len()];
        let session = workflow.create_session(&owner, name).await?;
        let sid = session.id.as_str();
        workflow
            .upload_resume(&owner, sid, name, std::fs::read(file)?)
            .await?;
        workflow.run_due_jobs().await?;
        workflow
            .submit_job(&owner, sid, &std::fs::read_to_string(jd)?)
            .await?;
        workflow.analyze(&owner, sid).await?;
        let options = MessageOptions {
            propose_edit: true,
            bullet_id: None,
        };
        let ask = "Propose the one edit that would help most for this job.";
        let run_id = workflow
            .send_message_with(&owner, sid, ask, options)
            .await?;
        let mut events = workflow.run_events(&owner, sid, &run_id, 0);
        let mut model_edit = false;
        let mut done = false;
        while let Some(event) = events.next().await {
            let event = event?;
            match event.kind {
                EventType::ToolCallRejected if event.payload["by"] == "runtime" => refusals += 1,
                EventType::ToolCallProposed => {
                    if let Some(approval) = event.payload["approval_id"].as_str() {
                        model_edit |= event.payload["origin"] == "model";
                        workflow.reject(&owner, approval).await?;
                    }
                }
                kind if kind.is_terminal() => {
                    done = kind == EventType::RunCompleted;
                    if !done {
                        println!("{name}: {} {}", kind.as_str(), event.payload);
                    }
                    break;
                }
                _ => {}
            }
        }
        own_edit.check(model_edit);
        completed.check(done);
    }
    println!(
        "\nrewrite agent on {} ({} pairs, {:.0} s, {refusals} refused calls):\n",
        provider.id(),
        completed.total,
        started.elapsed().as_secs_f64()
    );
    println!("| check | passed | rate |\n|---|---|---|");
    println!(
        "{}",
        own_edit.row("runs whose proposal was the model's own edit, passed by the guard")
    );
    println!(
        "{}",
        completed.row("runs that completed (with the model's edit or careerkit's fallback)")
    );
    Ok(())
}
