//! `careerkit export --format md|html|pdf|docx --out FILE RESUME`.

use std::path::Path;

use anyhow::Context;

use careerkit::document::ResumeDocument;
use careerkit::export::{check_round_trip, ExportFormat};
use careerkit::Careerkit;

/// Exports a resume and reports any field that did not survive re-reading it.
pub fn run(kit: &Careerkit, format: ExportFormat, out: &Path, resume: &Path) -> anyhow::Result<()> {
    let parsed = super::read_resume(kit, resume)?;
    let doc = ResumeDocument::from_profile(&parsed.profile);
    write_export(kit, &doc, format, out)
}

/// Writes one export and prints its round-trip verdict (PDF, DOCX and Markdown are re-read).
pub fn write_export(
    kit: &Careerkit,
    doc: &ResumeDocument,
    format: ExportFormat,
    out: &Path,
) -> anyhow::Result<()> {
    let bytes = kit.export(doc, format)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    if format == ExportFormat::Html {
        println!("wrote {} ({} bytes)", out.display(), bytes.len());
        return Ok(());
    }
    let report = check_round_trip(doc, format, &bytes)?;
    if report.is_intact() {
        println!(
            "wrote {} ({} bytes); re-read: all {} pieces intact",
            out.display(),
            bytes.len(),
            report.checked
        );
    } else {
        println!(
            "wrote {} ({} bytes); re-read: {} of {} pieces lost:",
            out.display(),
            bytes.len(),
            report.lost.len(),
            report.checked
        );
        for (place, text) in &report.lost {
            println!("  {place}: {text}");
        }
    }
    Ok(())
}
