//! Export a [`ResumeDocument`] to Markdown, HTML, PDF and DOCX, and check the round trip: the
//! exported PDF and DOCX are re-read with careerkit's own parser and every piece of the document
//! that did not survive is reported.
//!
//! ```
//! use careerkit_core::document::ResumeDocument;
//! use careerkit_core::export::{export, ExportFormat};
//!
//! let doc = ResumeDocument { name: "Ada Lovelace".into(), ..Default::default() };
//! let md = export(&doc, ExportFormat::Markdown)?;
//! assert!(String::from_utf8_lossy(&md).starts_with("# Ada Lovelace"));
//! # Ok::<(), careerkit_core::Error>(())
//! ```

mod docx;
mod html;
mod markdown;
mod pdf;
mod round_trip;

use serde::{Deserialize, Serialize};

pub use round_trip::{check_round_trip, RoundTripReport};

use crate::document::ResumeDocument;
use crate::error::{Error, Result};

/// The formats careerkit exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Markdown.
    Markdown,
    /// A standalone HTML page with print CSS.
    Html,
    /// PDF (US Letter, standard fonts, real text layer).
    Pdf,
    /// Word (DOCX).
    Docx,
}

impl ExportFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Docx => "docx",
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "text/markdown",
            ExportFormat::Html => "text/html",
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Docx => crate::text::DOCX_MEDIA_TYPE,
        }
    }

    /// Every format, in a stable order.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Pdf,
        ExportFormat::Docx,
    ];
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(ExportFormat::Markdown),
            "html" | "htm" => Ok(ExportFormat::Html),
            "pdf" => Ok(ExportFormat::Pdf),
            "docx" => Ok(ExportFormat::Docx),
            other => Err(Error::invalid(format!(
                "unknown export format {other:?} (use md, html, pdf or docx)"
            ))),
        }
    }
}

/// Renders `doc` in `format`.
///
/// # Errors
/// [`Error::Io`] if the DOCX or PDF writer fails.
pub fn export(doc: &ResumeDocument, format: ExportFormat) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Markdown => Ok(markdown::render(doc).into_bytes()),
        ExportFormat::Html => Ok(html::render(doc).into_bytes()),
        ExportFormat::Pdf => pdf::render(doc),
        ExportFormat::Docx => docx::render(doc),
    }
}

/// An HTML preview of `doc` (the same page [`ExportFormat::Html`] writes), for a product to show
/// before the person exports.
pub fn preview(doc: &ResumeDocument) -> String {
    html::render(doc)
}

/// The contact items on one line, as every renderer shows them.
fn contact_line(doc: &ResumeDocument) -> Option<String> {
    (!doc.contact.is_empty()).then(|| doc.contact.join(" · "))
}
