//! PDF intake: pre-checks that refuse hostile files before a parser runs, text laid out from
//! glyph positions, a quality check with a fallback extractor, all under
//! [`run_guarded`].
//!
//! Order of work, each step with its own typed error:
//! 1. a raw scan bounds what every Flate/LZW stream inflates to ([`Error::DecompressionLimit`]),
//!    because lopdf inflates object streams while loading;
//! 2. lopdf loads the file ([`Error::Corrupt`]); an `/Encrypt` entry in its trailer that the
//!    empty user password does not open is [`Error::PasswordProtected`] (files with only an
//!    owner password are read, as any viewer would);
//! 3. the page count is checked ([`Error::TooManyPages`]);
//! 4. pdf-extract interprets each page on its own (a page it panics on is skipped with a
//!    warning, the rest is kept) into positioned glyphs, laid out by `layout`;
//! 5. repeated page headers and footers are dropped, hidden text is reported, a document
//!    without text is [`Error::NoTextLayer`];
//! 6. poor text (see `quality`) is compared with pdf-extract's own plain text and the better
//!    one kept, with a [`Warning::LowTextQuality`].

mod hidden;
mod layout;
mod quality;
mod streams;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object};

use super::guard::{panic_message, run_guarded};
use super::{Limits, RawText};
use crate::error::{Error, Result};
use crate::text::Warning;

/// Extracts the text of a PDF, one string per page, in this process under the guard.
pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<RawText> {
    let owned = bytes.to_vec();
    let limits_owned = limits.clone();
    run_guarded(limits.parse_timeout, move || {
        extract_unguarded(&owned, &limits_owned)
    })
}

fn extract_unguarded(bytes: &[u8], limits: &Limits) -> Result<RawText> {
    streams::check_inflated_size(bytes, limits.max_decompressed_bytes)?;
    let doc = Document::load_mem(bytes).map_err(|e| corrupt(e.to_string()))?;
    if doc.trailer.get(b"Encrypt").is_ok() && doc.authenticate_password("").is_err() {
        return Err(Error::PasswordProtected);
    }
    let page_count = doc.get_pages().len();
    if page_count > limits.max_pages {
        return Err(Error::TooManyPages {
            pages: page_count,
            limit: limits.max_pages,
        });
    }
    if page_count == 0 {
        return Err(corrupt("the page tree has no pages".into()));
    }

    let mut warnings = Vec::new();
    let mut hidden = String::new();
    let mut unmapped = 0;
    let mut pages = Vec::with_capacity(page_count);
    for page in per_page(
        &doc,
        page_count,
        &mut warnings,
        layout::GlyphCollector::default,
    ) {
        let laid = page
            .map(layout::GlyphCollector::lay_out)
            .unwrap_or_default();
        if !laid.hidden.trim().is_empty() {
            hidden.push_str(laid.hidden.trim());
            hidden.push(' ');
        }
        unmapped += laid.unmapped;
        pages.push(laid.lines);
    }
    drop_repeated_edges(&mut pages);
    let pages: Vec<String> = pages.into_iter().map(|lines| lines.join("\n")).collect();
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(Error::NoTextLayer);
    }
    hidden.push_str(hidden::invisible_text(&doc).trim());
    if !hidden.trim().is_empty() {
        warnings.push(Warning::HiddenText {
            text: hidden.trim().chars().take(200).collect(),
        });
    }

    let fonts = fonts_without_unicode(&doc);
    let primary = quality::assess(&pages, &fonts, unmapped);
    if !primary.is_poor() {
        return Ok(RawText { pages, warnings });
    }
    let mut fallback_warnings = Vec::new();
    let fallback: Vec<String> = per_page(&doc, page_count, &mut fallback_warnings, String::new)
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let second = quality::assess(&fallback, &fonts, unmapped);
    let use_fallback = second.score > primary.score + 0.01;
    let reason = format!(
        "{} (score {:.2}); pdf-extract's plain text scored {:.2}, kept the {}",
        primary.problems.join("; "),
        primary.score,
        second.score,
        if use_fallback {
            "plain text"
        } else {
            "layout text"
        }
    );
    warnings.push(Warning::LowTextQuality { reason });
    if use_fallback {
        Ok(RawText {
            pages: fallback,
            warnings,
        })
    } else {
        Ok(RawText { pages, warnings })
    }
}

/// Runs pdf-extract page by page into a fresh output device from `make`, so a panic on one page
/// (pdf-extract panics on purpose on constructs it does not support) loses only that page.
/// Returns one device per page, `None` where the page failed.
fn per_page<D, F>(
    doc: &Document,
    page_count: usize,
    warnings: &mut Vec<Warning>,
    make: F,
) -> Vec<Option<D>>
where
    D: PageSink,
    F: Fn() -> D,
{
    (1..=page_count)
        .map(|number| {
            let mut device = make();
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                device.run(doc, u32::try_from(number).unwrap_or(u32::MAX))
            }));
            let failure = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(format!("{e:?}")),
                Err(panic) => Some(panic_message(panic.as_ref())),
            };
            match failure {
                None => Some(device),
                Some(why) => {
                    warnings.push(Warning::ContentSkipped {
                        detail: format!("page {number} could not be read: {why}"),
                    });
                    None
                }
            }
        })
        .collect()
}

/// Something pdf-extract can write one page into.
trait PageSink {
    fn run(
        &mut self,
        doc: &Document,
        page: u32,
    ) -> std::result::Result<(), pdf_extract::OutputError>;
}

impl PageSink for layout::GlyphCollector {
    fn run(
        &mut self,
        doc: &Document,
        page: u32,
    ) -> std::result::Result<(), pdf_extract::OutputError> {
        pdf_extract::output_doc_page(doc, self, page)
    }
}

impl PageSink for String {
    fn run(
        &mut self,
        doc: &Document,
        page: u32,
    ) -> std::result::Result<(), pdf_extract::OutputError> {
        let mut out = pdf_extract::PlainTextOutput::new(self);
        pdf_extract::output_doc_page(doc, &mut out, page)
    }
}

/// Removes a first or last line that repeats on every page (after the first), comparing with
/// digits masked so `Page 1 of 2` matches `Page 2 of 2`. The first page keeps its copy: a
/// repeated header often carries the candidate's name and contacts.
fn drop_repeated_edges(pages: &mut [Vec<String>]) {
    if pages.len() < 2 || pages.iter().any(|p| p.is_empty()) {
        return;
    }
    let mask = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let repeats = |pick: fn(&Vec<String>) -> Option<&String>| -> bool {
        let keys: Vec<String> = pages.iter().filter_map(pick).map(|l| mask(l)).collect();
        keys.len() == pages.len() && keys.iter().all(|k| k == &keys[0])
    };
    let header = repeats(|p| p.first());
    let footer = repeats(|p| p.last());
    for page in pages.iter_mut().skip(1) {
        if header && !page.is_empty() {
            page.remove(0);
        }
        if footer && !page.is_empty() {
            page.pop();
        }
    }
}

/// Names of composite (Type0) and Type3 fonts without a `/ToUnicode` map: their glyph codes
/// cannot be turned into text reliably.
fn fonts_without_unicode(doc: &Document) -> Vec<String> {
    let mut names: Vec<String> = doc
        .page_iter()
        .filter_map(|page| doc.get_page_fonts(page).ok())
        .flat_map(|fonts| fonts.into_values())
        .filter(|font| lacks_unicode(font))
        .map(|font| {
            font.get(b"BaseFont")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|_| "unnamed font".into())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn lacks_unicode(font: &Dictionary) -> bool {
    let subtype = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    matches!(subtype, b"Type0" | b"Type3") && font.get(b"ToUnicode").is_err()
}

fn corrupt(reason: String) -> Error {
    Error::Corrupt {
        format: "pdf".into(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_headers_and_footers_are_dropped_after_page_one() {
        let mut pages = vec![
            vec!["Jane Doe".to_string(), "Intro".into(), "Page 1 of 2".into()],
            vec!["Jane Doe".to_string(), "More".into(), "Page 2 of 2".into()],
        ];
        drop_repeated_edges(&mut pages);
        assert_eq!(pages[0].len(), 3);
        assert_eq!(pages[1], ["More"]);
    }
}
