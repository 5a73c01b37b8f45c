//! Command-line parsing and dispatch; one module per command.

mod ask;
mod charts;
mod demo;
mod export;
mod kb;
mod letter;
mod matching;
mod parse;
mod practice;
mod report;
mod skills;
mod tailor;

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};

use careerkit::intake::isolate::PdfIsolation;
use careerkit::Careerkit;

/// The hidden first argument that turns this binary into the isolated PDF worker (handled in
/// `main` before argument parsing, so nothing but the worker's reply reaches stdout).
pub const WORKER_COMMAND: &str = "__extract-worker";

/// careerkit: resume parsing, job-description analysis, gap analysis and export.
#[derive(Debug, Parser)]
#[command(name = "careerkit", version, about)]
pub struct Cli {
    /// Parse PDFs in this process instead of an isolated worker process.
    #[arg(long, global = true)]
    in_process: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a resume (PDF, DOCX, TXT, Markdown) into a profile.
    Parse {
        /// The resume file.
        file: PathBuf,
        /// Print the profile as JSON, with provenance, instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the skills found in a resume or job description.
    Skills {
        /// The resume or JD file.
        file: PathBuf,
        /// Print a JSON array of mentions.
        #[arg(long)]
        json: bool,
    },
    /// Score a resume against a job description: breakdown, gaps and the changes worth most.
    Match {
        /// The resume file.
        resume: PathBuf,
        /// The job description file (TXT, Markdown, PDF or DOCX).
        jd: PathBuf,
        /// Print the full analysis as JSON (the score under `score`).
        #[arg(long)]
        json: bool,
        /// Write the charts (Vega-Lite JSON and SVG) to this directory.
        #[arg(long, value_name = "DIR")]
        chart: Option<PathBuf>,
    },
    /// Export a resume as Markdown, HTML, PDF or DOCX, and check that it reads back.
    Export {
        /// md, html, pdf or docx.
        #[arg(long)]
        format: careerkit::export::ExportFormat,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
        /// The resume file.
        resume: PathBuf,
    },
    /// Seed or search the knowledge base that interview questions and feedback cite.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
    /// Interview questions aimed at the gaps and the riskiest claims, citing the knowledge base.
    Questions {
        /// The resume file.
        resume: PathBuf,
        /// The job description file.
        jd: PathBuf,
        /// How many questions (1-20).
        #[arg(long, default_value_t = 6)]
        count: usize,
        /// The round: mixed, screening, technical, behavioural, system_design.
        #[arg(long, default_value = "mixed", value_parser = parse_round)]
        round: careerkit::interview::questions::RoundType,
        /// A skill the first question must probe.
        #[arg(long)]
        focus: Option<String>,
        /// Print `{"questions": [...]}` as JSON.
        #[arg(long)]
        json: bool,
        /// Do not cite the knowledge base.
        #[arg(long)]
        no_kb: bool,
    },
    /// Feedback on an answer: STAR analysis, delivery metrics, a score, cited advice.
    Feedback {
        /// The question that was asked.
        question: String,
        /// The answer: a text file, a JSON transcript `{"segments": [{"start_s", "end_s", "text"}]}`,
        /// or a recording (wav, mp3, m4a, webm, ogg, flac) transcribed by the server `CAREERKIT_LLM`
        /// names (model `$CAREERKIT_TRANSCRIBE_MODEL`, default whisper-1).
        answer_file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Do not cite the knowledge base.
        #[arg(long)]
        no_kb: bool,
    },
    /// Tailor a resume to a job: the rewrite agent proposes edits aimed at the gaps, one at a
    /// time, each checked by the fabrication guard and applied only when you approve it; the
    /// tailored resume is then exported and scored again. The model is `CAREERKIT_LLM`, else the
    /// embedded local one; sessions are kept under `CAREERKIT_DATA_DIR`.
    Tailor {
        /// The resume file.
        resume: PathBuf,
        /// The job description file.
        jd: PathBuf,
        /// Most edits to propose.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Apply every edit the guard accepted without asking (a skill that needs your
        /// confirmation is still skipped).
        #[arg(long)]
        yes: bool,
        /// Where to write the tailored resume (.md, .html, .pdf or .docx).
        #[arg(long, default_value = "tailored-resume.md")]
        out: PathBuf,
    },
    /// Write a cover letter that quotes the resume's own achievements for the skills the job
    /// asks for; print it as Markdown and, with --out, export it.
    CoverLetter {
        /// The resume file.
        resume: PathBuf,
        /// The job description file.
        jd: PathBuf,
        /// formal, warm or direct.
        #[arg(long, default_value = "formal", value_parser = wire_value::<careerkit::letter::Tone>)]
        tone: careerkit::letter::Tone,
        /// short, standard or long.
        #[arg(long, default_value = "standard", value_parser = wire_value::<careerkit::letter::LetterLength>)]
        length: careerkit::letter::LetterLength,
        /// Also write it here (.md, .html, .pdf or .docx).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the letter as JSON, with the resume bullets it quotes.
        #[arg(long)]
        json: bool,
    },
    /// Ask the configured model (`CAREERKIT_LLM`, e.g. `openai:gpt-4o-mini`) and stream the
    /// answer to stdout.
    Ask {
        /// The question.
        prompt: String,
        /// A system message.
        #[arg(long)]
        system: Option<String>,
        /// The most tokens to generate.
        #[arg(long)]
        max_tokens: Option<u32>,
    },
    /// The whole journey on the sample resume and job description: analysis, charts, exports.
    Demo {
        /// The resume file.
        #[arg(long, default_value = "samples/resume_jordan_rivera.md")]
        resume: PathBuf,
        /// The job description file.
        #[arg(long, default_value = "samples/jd_platform_engineer.txt")]
        jd: PathBuf,
        /// Where to write exports and charts.
        #[arg(long, default_value = "out/demo")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum KbCommand {
    /// Index Markdown files (the shipped knowledge base when DIR is left out).
    Seed {
        /// A directory of .md / .txt files.
        dir: Option<PathBuf>,
        /// Empty the knowledge base first.
        #[arg(long)]
        reset: bool,
    },
    /// Ranked passages for a query, with citations.
    Search {
        /// What to look for, in plain words.
        query: String,
        /// How many passages.
        #[arg(short, default_value_t = 5)]
        k: usize,
        /// Only passages from these sources (`builtin`, `local`).
        #[arg(long)]
        source: Vec<String>,
        /// Only passages with every one of these tags.
        #[arg(long)]
        tag: Vec<String>,
        /// Print the passages as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    // `ask` needs no engine; every other command builds one.
    let kit = || engine(cli.in_process);
    match cli.command {
        Command::Ask {
            prompt,
            system,
            max_tokens,
        } => ask::run(&prompt, system.as_deref(), max_tokens),
        Command::Parse { file, json } => parse::run(&kit()?, &file, json),
        Command::Skills { file, json } => skills::run(&kit()?, &file, json),
        Command::Match {
            resume,
            jd,
            json,
            chart,
        } => matching::run(&kit()?, &resume, &jd, json, chart.as_deref()),
        Command::Export {
            format,
            out,
            resume,
        } => export::run(&kit()?, format, &out, &resume),
        Command::Demo { resume, jd, out } => demo::run(&kit()?, &resume, &jd, &out),
        Command::Kb { command } => match command {
            KbCommand::Seed { dir, reset } => kb::seed(&kit()?, dir.as_deref(), reset),
            KbCommand::Search {
                query,
                k,
                source,
                tag,
                json,
            } => {
                let filter = careerkit::rag::RetrievalFilter {
                    sources: source,
                    tags: tag,
                };
                kb::search(&kit()?, &query, k, filter, json)
            }
        },
        Command::Questions {
            resume,
            jd,
            count,
            round,
            focus,
            json,
            no_kb,
        } => {
            let options = careerkit::interview::questions::QuestionOptions {
                count,
                round,
                focus_skill: focus,
            };
            practice::questions(&kit()?, &resume, &jd, &options, json, no_kb)
        }
        Command::Feedback {
            question,
            answer_file,
            json,
            no_kb,
        } => practice::feedback(&kit()?, &question, &answer_file, json, no_kb),
        Command::Tailor {
            resume,
            jd,
            rounds,
            yes,
            out,
        } => {
            let options = tailor::TailorOptions { rounds, yes, out };
            tailor::run(&kit()?, &resume, &jd, &options)
        }
        Command::CoverLetter {
            resume,
            jd,
            tone,
            length,
            out,
            json,
        } => {
            let options = careerkit::letter::LetterOptions { tone, length };
            letter::run(&kit()?, &resume, &jd, options, out.as_deref(), json)
        }
    }
}

/// A round type by its wire name (`system_design`).
fn parse_round(name: &str) -> Result<careerkit::interview::questions::RoundType, String> {
    wire_value(name).map_err(|_| {
        format!("unknown round {name:?}: mixed, screening, technical, behavioural or system_design")
    })
}

/// A value by its wire name (`"system-design"` reads as `system_design`).
fn wire_value<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(name.replace('-', "_")))
        .map_err(|_| format!("unknown value {name:?}"))
}

/// The engine: PDFs parse in a worker process (this binary) unless `in_process`.
fn engine(in_process: bool) -> anyhow::Result<Careerkit> {
    let mut builder = Careerkit::builder();
    if !in_process {
        let exe = std::env::current_exe().context("cannot locate the careerkit binary")?;
        let mut isolation = PdfIsolation::worker(exe);
        if let PdfIsolation::Subprocess { args, .. } = &mut isolation {
            args.push(WORKER_COMMAND.to_string());
        }
        builder = builder.pdf_isolation(isolation);
    }
    Ok(builder.build()?)
}

/// Reads a file, naming it in any error.
fn read_file(path: &Path) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string);
    Ok((bytes, name))
}

/// Reads a file and extracts its text.
fn read_document(kit: &Careerkit, path: &Path) -> anyhow::Result<careerkit::text::ExtractedText> {
    let (bytes, name) = read_file(path)?;
    kit.read_text(&bytes, name.as_deref())
        .with_context(|| path.display().to_string())
}

/// Reads a resume file into text and profile.
fn read_resume(kit: &Careerkit, path: &Path) -> anyhow::Result<careerkit::ParsedResume> {
    let (bytes, name) = read_file(path)?;
    kit.parse_resume(&bytes, name.as_deref())
        .with_context(|| path.display().to_string())
}

/// Reads a job description file.
fn read_job(kit: &Careerkit, path: &Path) -> anyhow::Result<careerkit::jd::JobDescription> {
    let (bytes, name) = read_file(path)?;
    kit.read_job(&bytes, name.as_deref())
        .with_context(|| path.display().to_string())
}
