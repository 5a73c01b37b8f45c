//! `careerkit cover-letter RESUME JD`: a cover letter quoting the resume's own achievements,
//! printed as Markdown and optionally exported (.md, .html, .pdf, .docx).

use std::path::Path;

use anyhow::Context;

use careerkit::export::ExportFormat;
use careerkit::letter::LetterOptions;
use careerkit::Careerkit;

/// Writes the letter for `resume_path` and `jd_path`; prints it, or its JSON with `json`.
pub fn run(
    kit: &Careerkit,
    resume_path: &Path,
    jd_path: &Path,
    options: LetterOptions,
    out: Option<&Path>,
    json: bool,
) -> anyhow::Result<()> {
    let resume = super::read_resume(kit, resume_path)?;
    let job = super::read_job(kit, jd_path)?;
    let letter = kit.cover_letter(&resume, &job, options);
    if json {
        println!("{}", serde_json::to_string_pretty(&letter)?);
    } else {
        print!("{}", letter.to_markdown());
    }
    if let Some(out) = out {
        let extension = out.extension().and_then(|e| e.to_str()).unwrap_or_default();
        let format: ExportFormat = extension
            .parse()
            .with_context(|| format!("{}: use .md, .html, .pdf or .docx", out.display()))?;
        super::export::write_export(kit, &letter.to_document(&resume.profile), format, out)?;
    }
    Ok(())
}
