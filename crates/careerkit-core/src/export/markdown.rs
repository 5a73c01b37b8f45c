//! Markdown rendering.

use std::fmt::Write;

use super::contact_line;
use crate::document::ResumeDocument;

/// Renders `doc` as Markdown.
pub(super) fn render(doc: &ResumeDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}", doc.name);
    if let Some(headline) = &doc.headline {
        let _ = writeln!(out, "\n{headline}");
    }
    if let Some(contact) = contact_line(doc) {
        let _ = writeln!(out, "\n{contact}");
    }
    for section in &doc.sections {
        let _ = writeln!(out, "\n## {}", section.title);
        for entry in &section.entries {
            if let Some(heading) = entry.heading() {
                let _ = writeln!(out, "\n### {heading}");
            }
            if let Some(meta) = &entry.meta {
                let _ = writeln!(out, "\n*{meta}*");
            }
            for paragraph in &entry.paragraphs {
                let _ = writeln!(out, "\n{paragraph}");
            }
            if !entry.bullets.is_empty() {
                out.push('\n');
                for bullet in &entry.bullets {
                    let _ = writeln!(out, "- {}", bullet.text);
                }
            }
        }
    }
    out
}
