//! `careerkit questions RESUME JD` and `careerkit feedback QUESTION ANSWER_FILE`: interview
//! practice citing the knowledge base (seeded with the shipped one on first use).

use std::path::Path;

use anyhow::Context;

use careerkit::interview::feedback::{Answer, FeedbackOptions, FeedbackReport, Transcript};
use careerkit::interview::questions::QuestionOptions;
use careerkit::rag::{KnowledgeBase, Passage};
use careerkit::Careerkit;

use super::parse::truncate;
use super::report::{bar, wire_name};

/// The knowledge base to cite, unless `no_kb`; when it cannot be opened (no model), a warning
/// and no citations rather than no answer.
fn knowledge(kit: &Careerkit, no_kb: bool) -> Option<KnowledgeBase> {
    if no_kb {
        return None;
    }
    match super::kb::open_seeded(kit) {
        Ok(kb) => Some(kb),
        Err(err) => {
            eprintln!("warning: no knowledge-base citations: {err:#}");
            None
        }
    }
}

fn print_sources(sources: &[Passage]) {
    for p in sources {
        println!(
            "      see {}: {}",
            p.citation.label(),
            truncate(&p.text, 90)
        );
    }
}

/// Plans interview questions for a resume and a job and prints them (JSON: `{"questions": [...]}`).
pub fn questions(
    kit: &Careerkit,
    resume_path: &Path,
    jd_path: &Path,
    options: &QuestionOptions,
    json: bool,
    no_kb: bool,
) -> anyhow::Result<()> {
    let resume = super::read_resume(kit, resume_path)?;
    let job = super::read_job(kit, jd_path)?;
    let kb = knowledge(kit, no_kb);
    let retriever = kb.as_ref().map(|kb| kb as &dyn careerkit::rag::Retriever);
    let questions = kit.interview_questions(&resume, &job, options, retriever)?;
    if json {
        let out = serde_json::json!({ "questions": questions });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for q in &questions {
        println!(
            "{:<3} [{} · {}] {}",
            q.id,
            wire_name(&q.kind),
            wire_name(&q.difficulty),
            q.text
        );
        println!("      why: {}", q.rationale);
        print_sources(&q.sources);
        println!();
    }
    Ok(())
}

/// Recordings `feedback` transcribes first (by extension).
const AUDIO_EXTENSIONS: [&str; 7] = ["wav", "mp3", "m4a", "mp4", "webm", "ogg", "flac"];

/// The environment variable naming the transcription model (default `whisper-1`).
const TRANSCRIBE_MODEL_ENV: &str = "CAREERKIT_TRANSCRIBE_MODEL";

/// Transcribes a recording through the server `CAREERKIT_LLM` names.
fn transcribe(path: &Path) -> anyhow::Result<Answer> {
    let config = careerkit_llm::ProviderConfig::from_env()?.ok_or_else(|| {
        anyhow::anyhow!(
            "transcribing {} needs an OpenAI-compatible server: set CAREERKIT_LLM (and \
             CAREERKIT_LLM_BASE_URL / CAREERKIT_LLM_API_KEY)",
            path.display()
        )
    })?;
    let model = std::env::var(TRANSCRIBE_MODEL_ENV).unwrap_or_else(|_| "whisper-1".into());
    let transcriber = config.transcriber(&model)?;
    let audio = careerkit::transcribe::Audio {
        bytes: std::fs::read(path).with_context(|| path.display().to_string())?,
        file_name: path
            .file_name()
            .map_or_else(|| "answer.wav".into(), |n| n.to_string_lossy().into_owned()),
        language: None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let transcript = runtime
        .block_on(transcriber.transcribe(&audio))
        .with_context(|| format!("transcribing with {}", transcriber.id()))?;
    Ok(Answer::Transcript(transcript))
}

/// An answer file: a recording (transcribed), a JSON transcript
/// (`{"segments": [{"start_s", "end_s", "text"}]}`) or text.
fn read_answer(path: &Path) -> anyhow::Result<Answer> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if AUDIO_EXTENSIONS.contains(&extension.as_str()) {
        return transcribe(path);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if text.trim_start().starts_with('{') {
        let transcript: Transcript = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{} is not a transcript ({{\"segments\": [...]}}): {e}",
                path.display()
            )
        })?;
        return Ok(Answer::Transcript(transcript));
    }
    Ok(Answer::Text(text))
}

/// Analyses an answer to a question and prints the feedback.
pub fn feedback(
    kit: &Careerkit,
    question: &str,
    answer_path: &Path,
    json: bool,
    no_kb: bool,
) -> anyhow::Result<()> {
    let answer = read_answer(answer_path)?;
    let kb = knowledge(kit, no_kb);
    let retriever = kb.as_ref().map(|kb| kb as &dyn careerkit::rag::Retriever);
    let report = kit.answer_feedback(question, &answer, &FeedbackOptions::default(), retriever)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_feedback(&report);
    }
    Ok(())
}

fn print_feedback(report: &FeedbackReport) {
    println!(
        "Overall: {:.1} / 100 ({} question)",
        report.overall,
        wire_name(&report.kind)
    );
    println!();
    for part in &report.breakdown {
        println!(
            "{:<20} {:>5.1} of {:>4.1}  {}",
            part.name,
            part.points,
            part.weight,
            bar(part.raw, 20)
        );
    }
    println!();
    println!("STAR");
    for c in &report.star {
        let shown = match (&c.quote, &c.missing) {
            (Some(q), _) => format!("\"{}\"", truncate(&q.text, 70)),
            (None, Some(missing)) => format!("missing: {missing}"),
            (None, None) => String::new(),
        };
        println!("  {:<10} {:>4.2}  {shown}", wire_name(&c.part), c.score);
    }
    let d = &report.delivery;
    println!();
    println!(
        "Delivery: {} words (expected {}-{}); fillers {:.1} and hedges {:.1} per 100 words{}{}",
        d.word_count,
        d.expected_words.0,
        d.expected_words.1,
        d.fillers_per_100_words,
        d.hedges_per_100_words,
        d.words_per_minute
            .map_or(String::new(), |w| format!("; {w:.0} words per minute")),
        if d.long_pauses.is_empty() {
            String::new()
        } else {
            format!("; {} long pauses", d.long_pauses.len())
        }
    );
    if !report.recommendations.is_empty() {
        println!();
        println!("To improve:");
        for r in &report.recommendations {
            println!("  - {}", r.message);
            print_sources(&r.sources);
        }
    }
}
