//! Resume intake: bytes in, [`ExtractedText`] out, safely.
//!
//! The format is decided from the content ([`detect_format`]), never from the file name alone.
//! Every limit in [`Limits`] has its own typed error, and every third-party parser runs under
//! [`guard::run_guarded`] so a panic or a hang becomes an [`Error`] instead of reaching the
//! caller.
//!
//! ```
//! use careerkit_core::intake::{detect_format, Limits};
//! use careerkit_core::text::DocumentFormat;
//!
//! assert_eq!(detect_format(b"# Jane Doe\n\n## Experience\n", Some("cv.md"), &Limits::default())?, DocumentFormat::Markdown);
//! assert!(detect_format(b"", Some("cv.pdf"), &Limits::default()).is_err());
//! # Ok::<(), careerkit_core::Error>(())
//! ```

mod detect;
mod docx;
pub mod guard;
pub mod isolate;
mod normalize;
mod pdf;
mod plain;

use std::time::Duration;

pub use detect::detect_format;
pub use normalize::normalize_text;

use crate::error::{Error, Result};
use crate::text::{DocumentFormat, ExtractedText, Warning};

/// Limits on what intake accepts. Each breach is its own [`Error`] variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest accepted upload ([`Error::FileTooLarge`]). Default 5 MB.
    pub max_file_bytes: u64,
    /// Most pages in a PDF ([`Error::TooManyPages`]). Default 20.
    pub max_pages: usize,
    /// Most characters of extracted text ([`Error::TooMuchText`]). Default 200,000.
    pub max_chars: usize,
    /// Most bytes a compressed container may inflate to ([`Error::DecompressionLimit`]).
    /// Default 50 MB.
    pub max_decompressed_bytes: u64,
    /// Largest compression ratio of any one zip entry before it counts as a bomb. Default 200.
    pub max_compression_ratio: u64,
    /// Most entries in a zip container. Default 2,000.
    pub max_zip_entries: usize,
    /// Longest a parse may take ([`Error::ParseTimeout`]). Default 10 s.
    pub parse_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 5 * 1024 * 1024,
            max_pages: 20,
            max_chars: 200_000,
            max_decompressed_bytes: 50 * 1024 * 1024,
            max_compression_ratio: 200,
            max_zip_entries: 2_000,
            parse_timeout: Duration::from_secs(10),
        }
    }
}

/// Options for [`extract_text`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntakeOptions {
    /// The limits to enforce.
    pub limits: Limits,
    /// Where PDFs are parsed: in this process (default) or in a worker process.
    pub pdf_isolation: isolate::PdfIsolation,
}

/// Extracts the text of a resume file: detects its format, enforces the limits, runs the
/// matching parser under a guard and normalises the result.
///
/// # Errors
/// [`Error::UnsupportedFormat`] for anything but PDF, DOCX, text and Markdown; one of the limit
/// errors; [`Error::PasswordProtected`], [`Error::NoTextLayer`] or [`Error::Corrupt`] for PDFs
/// and DOCX files that cannot be read; [`Error::ParserCrashed`] if a parser panicked.
pub fn extract_text(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &IntakeOptions,
) -> Result<ExtractedText> {
    let limits = &options.limits;
    let format = detect_format(bytes, file_name, limits)?;
    let raw = match format {
        DocumentFormat::Pdf => isolate::extract_pdf(bytes, limits, &options.pdf_isolation)?,
        DocumentFormat::Docx => docx::extract(bytes, limits)?,
        DocumentFormat::Text | DocumentFormat::Markdown => plain::extract(bytes)?,
    };
    raw.assemble(format, limits)
}

/// What separates pages in [`ExtractedText::text`].
const PAGE_BREAK: &str = "\n\u{c}\n";

/// What a format's parser returns: one string per page, before normalisation.
#[derive(Debug, Default)]
struct RawText {
    pages: Vec<String>,
    warnings: Vec<Warning>,
}

impl RawText {
    /// Normalises each page, joins pages with a form feed on a line of its own (so line-based
    /// readers never see the last line of one page glued to the first of the next) and records
    /// where each page starts.
    fn assemble(self, format: DocumentFormat, limits: &Limits) -> Result<ExtractedText> {
        let mut text = String::new();
        let mut page_starts = Vec::with_capacity(self.pages.len().max(1));
        let mut chars = 0usize;
        for (i, page) in self.pages.iter().enumerate() {
            if i > 0 {
                text.push_str(PAGE_BREAK);
                chars += PAGE_BREAK.chars().count();
            }
            page_starts.push(chars);
            let page = normalize_text(page);
            chars += page.chars().count();
            if chars > limits.max_chars {
                return Err(Error::TooMuchText {
                    limit: limits.max_chars,
                });
            }
            text.push_str(&page);
        }
        if page_starts.is_empty() {
            page_starts.push(0);
        }
        Ok(ExtractedText {
            format,
            text,
            page_starts,
            warnings: self.warnings,
        })
    }
}
