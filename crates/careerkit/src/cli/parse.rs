//! `careerkit parse FILE [--json]`.

use std::path::Path;

use careerkit::Careerkit;

/// Prints what careerkit read from a resume.
pub fn run(kit: &Careerkit, path: &Path, json: bool) -> anyhow::Result<()> {
    let text = super::read_document(kit, path)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&text)?);
    } else {
        println!(
            "format: {}  pages: {}",
            text.format.as_str(),
            text.page_count()
        );
        for warning in &text.warnings {
            println!("warning: {warning:?}");
        }
        println!("{}", text.text);
    }
    Ok(())
}
