//! The export round trip: re-read an exported file with careerkit's own parser and list every
//! piece of the document that did not survive. Users of other tools find their exports
//! unreadable by the very systems they apply through; this catches it before they send it.

use serde::{Deserialize, Serialize};

use super::ExportFormat;
use crate::document::ResumeDocument;
use crate::error::{Error, Result};
use crate::intake::{extract_text, IntakeOptions};

/// What survived an export round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RoundTripReport {
    /// The exported format.
    pub format: ExportFormat,
    /// How many pieces of text were checked.
    pub checked: usize,
    /// The pieces that could not be found in the re-read text: `(where, text)`, where `where`
    /// names the element (`"name"`, `"contact"`, `"experience-0 title"`, `"experience-0-b2"`).
    pub lost: Vec<(String, String)>,
}

impl RoundTripReport {
    /// True when every piece survived.
    pub fn is_intact(&self) -> bool {
        self.lost.is_empty()
    }
}

/// Re-reads `bytes` (an export of `doc` in `format`) and reports what did not survive.
///
/// # Errors
/// [`Error::InvalidInput`] for HTML, which is not a resume input format (its text is checked by
/// the PDF a browser prints from it); any intake error if the file cannot be read at all.
pub fn check_round_trip(
    doc: &ResumeDocument,
    format: ExportFormat,
    bytes: &[u8],
) -> Result<RoundTripReport> {
    if format == ExportFormat::Html {
        return Err(Error::invalid(
            "the round trip reads PDF, DOCX and Markdown exports, not HTML",
        ));
    }
    let name = format!("export.{}", format.extension());
    let text = extract_text(bytes, Some(&name), &IntakeOptions::default())?;
    let haystack = comparable(&text.text);
    let pieces = pieces(doc);
    let lost = pieces
        .iter()
        .filter(|(_, piece)| !haystack.contains(&comparable(piece)))
        .cloned()
        .collect();
    Ok(RoundTripReport {
        format,
        checked: pieces.len(),
        lost,
    })
}

/// Every piece of text in the document, with where it sits.
fn pieces(doc: &ResumeDocument) -> Vec<(String, String)> {
    let mut out = vec![("name".to_string(), doc.name.clone())];
    out.extend(
        doc.headline
            .iter()
            .map(|h| ("headline".to_string(), h.clone())),
    );
    out.extend(
        doc.contact
            .iter()
            .map(|c| ("contact".to_string(), c.clone())),
    );
    for section in &doc.sections {
        for entry in &section.entries {
            let labelled = [
                ("title", &entry.title),
                ("subtitle", &entry.subtitle),
                ("meta", &entry.meta),
            ];
            for (label, value) in labelled {
                if let Some(value) = value {
                    out.push((format!("{} {label}", entry.id), value.clone()));
                }
            }
            for (i, p) in entry.paragraphs.iter().enumerate() {
                out.push((format!("{} paragraph {i}", entry.id), p.clone()));
            }
            out.extend(entry.bullets.iter().map(|b| (b.id.clone(), b.text.clone())));
        }
    }
    out.retain(|(_, text)| !text.trim().is_empty());
    out
}

/// Lowercase words joined by single spaces, so line wrapping and spacing do not count as loss.
fn comparable(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
