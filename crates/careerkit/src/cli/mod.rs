//! Command-line parsing and dispatch; one module per command.

mod parse;
mod skills;

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};

use careerkit::Careerkit;

/// careerkit: resume parsing, job-description analysis, gap analysis and export.
#[derive(Debug, Parser)]
#[command(name = "careerkit", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a resume (PDF, DOCX, TXT, Markdown) into a profile.
    Parse {
        /// The resume file.
        file: PathBuf,
        /// Print JSON (with provenance) instead of a table.
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
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let kit = Careerkit::builder().build()?;
    match cli.command {
        Command::Parse { file, json } => parse::run(&kit, &file, json),
        Command::Skills { file, json } => skills::run(&kit, &file, json),
    }
}

/// Reads a file and extracts its text, naming the file in any error.
fn read_document(kit: &Careerkit, path: &Path) -> anyhow::Result<careerkit::text::ExtractedText> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str());
    kit.read_text(&bytes, name)
        .with_context(|| format!("{}", path.display()))
}
