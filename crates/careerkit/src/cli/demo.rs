//! `careerkit demo`: the whole journey on a resume and a job description, on the embedded
//! defaults: parse, analyse, chart, export (resume and cover letter), with a progress bar.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use careerkit::document::ResumeDocument;
use careerkit::export::ExportFormat;
use careerkit::letter::LetterOptions;
use careerkit::Careerkit;

/// Runs the demo and writes its files under `out`.
pub fn run(kit: &Careerkit, resume_path: &Path, jd_path: &Path, out: &Path) -> anyhow::Result<()> {
    let steps = 4 + ExportFormat::ALL.len() as u64;
    let progress = ProgressBar::new(steps).with_style(
        ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    progress.set_message("parsing the resume");
    let resume = super::read_resume(kit, resume_path)?;
    progress.inc(1);
    progress.set_message("analysing the job description");
    let job = super::read_job(kit, jd_path)?;
    progress.inc(1);
    progress.set_message("scoring");
    let gap = kit.analyze(&resume, &job);
    let ats = kit.ats_check(&resume);
    progress.inc(1);
    progress.set_message("drawing charts");
    let charts = super::charts::write_charts(&gap, &out.join("charts"))?;
    progress.inc(1);
    let doc = ResumeDocument::from_profile(&resume.profile);
    let letter = kit.cover_letter(&resume, &job, LetterOptions::default());
    let mut exports = Vec::new();
    for format in ExportFormat::ALL {
        progress.set_message(format!("exporting {}", format.extension()));
        exports.push((format, out.join(format!("resume.{}", format.extension()))));
        progress.inc(1);
    }
    progress.finish_and_clear();

    println!("== Resume: {}", resume_path.display());
    super::parse::print_table(&resume.profile);
    println!();
    println!("== Job: {}", jd_path.display());
    let title = job
        .title
        .as_ref()
        .map(|t| t.value.as_str())
        .unwrap_or("(no title found)");
    println!("{title}");
    let required: Vec<&str> = job.required_skills().map(|s| s.name.as_str()).collect();
    let preferred: Vec<&str> = job.preferred_skills().map(|s| s.name.as_str()).collect();
    println!("required:  {}", required.join(", "));
    println!("preferred: {}", preferred.join(", "));
    println!();
    println!("== Analysis");
    super::report::print_analysis(&gap);
    println!();
    super::report::print_ats(&ats);
    println!();
    println!("== Cover letter (every achievement quoted from the resume)");
    print!("{}", letter.to_markdown());
    println!();
    println!("== Files");
    for path in &charts {
        println!("wrote {}", path.display());
    }
    for (format, path) in &exports {
        super::export::write_export(kit, &doc, *format, path)?;
    }
    let letter_doc = letter.to_document(&resume.profile);
    for format in [ExportFormat::Markdown, ExportFormat::Pdf] {
        let path = out.join(format!("cover-letter.{}", format.extension()));
        super::export::write_export(kit, &letter_doc, format, &path)?;
    }
    Ok(())
}
