//! DOCX intake: a zip-bomb check on the central directory and on the real inflated sizes, then
//! docx-rs (image previews off), and a walk that keeps paragraphs, tables, text boxes, content
//! controls, headers and footers (contact details often live there) and reports vanished runs.

use std::io::{Cursor, Read};

use serde_json::Value;

use super::{Limits, RawText};
use crate::error::{Error, Result};
use crate::text::Warning;

/// Extracts the text of a DOCX file as one page.
pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<RawText> {
    check_zip(bytes, limits)?;
    let owned = bytes.to_vec();
    let docx = super::guard::run_guarded(limits.parse_timeout, move || {
        docx_rs::read_docx(&owned).map_err(|e| corrupt(e.to_string()))
    })?;
    let mut walker = Walker::default();
    let section = &docx.document.section_property;
    let headers = [&section.first_header, &section.header, &section.even_header];
    for (_, header) in headers.into_iter().flatten() {
        walker.walk(&serde_json::to_value(header)?);
    }
    walker.walk(&serde_json::to_value(&docx.document.children)?);
    let footers = [&section.first_footer, &section.footer, &section.even_footer];
    for (_, footer) in footers.into_iter().flatten() {
        walker.walk(&serde_json::to_value(footer)?);
    }
    let mut warnings = Vec::new();
    if !walker.hidden.trim().is_empty() {
        warnings.push(Warning::HiddenText {
            text: walker.hidden.trim().chars().take(200).collect(),
        });
    }
    Ok(RawText {
        pages: vec![dedupe_repeated_blocks(&walker.text)],
        warnings,
    })
}

fn corrupt(reason: String) -> Error {
    Error::Corrupt {
        format: "docx".into(),
        reason,
    }
}

/// Refuses zip bombs before docx-rs inflates anything: entry count, declared sizes and ratios
/// from the central directory, then the real inflated size of every entry, read through a bound
/// so a lying header cannot make us allocate past the limit.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<()> {
    let bomb = |detail: String| Error::DecompressionLimit {
        limit: limits.max_decompressed_bytes,
        detail,
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    if archive.len() > limits.max_zip_entries {
        return Err(bomb(format!("{} zip entries", archive.len())));
    }
    let mut declared_total = 0u64;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| corrupt(e.to_string()))?;
        declared_total = declared_total.saturating_add(entry.size());
        let ratio = entry.size() / entry.compressed_size().max(1);
        if entry.size() > 1024 * 1024 && ratio > limits.max_compression_ratio {
            return Err(bomb(format!(
                "entry {} has compression ratio {ratio}",
                entry.name()
            )));
        }
    }
    if declared_total > limits.max_decompressed_bytes {
        return Err(bomb(format!("declared total {declared_total} bytes")));
    }
    let mut remaining = limits.max_decompressed_bytes;
    let mut sink = [0u8; 64 * 1024];
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| corrupt(e.to_string()))?;
        let mut bounded = entry.take(remaining + 1);
        loop {
            let n = bounded
                .read(&mut sink)
                .map_err(|e| corrupt(e.to_string()))?;
            if n == 0 {
                break;
            }
            remaining = remaining
                .checked_sub(n as u64)
                .ok_or_else(|| bomb("inflated entries exceed the limit".into()))?;
        }
    }
    Ok(())
}

/// Walks docx-rs's serialised document tree. Walking the serde form rather than the typed tree
/// reaches text inside every container docx-rs knows (hyperlinks, insertions, content controls,
/// text boxes in drawings and shapes, nested tables) without a match arm for each.
#[derive(Default)]
struct Walker {
    text: String,
    hidden: String,
}

impl Walker {
    fn walk(&mut self, node: &Value) {
        match node {
            Value::Array(items) => items.iter().for_each(|item| self.walk(item)),
            Value::Object(map) => {
                let data = map.get("data").unwrap_or(&Value::Null);
                match map.get("type").and_then(Value::as_str) {
                    Some("paragraph") => {
                        self.walk(data);
                        self.end_line();
                    }
                    Some("run") if is_vanished(data) => {
                        let mut hidden = Walker::default();
                        hidden.walk(data);
                        self.hidden.push_str(&hidden.text);
                        self.hidden.push(' ');
                    }
                    Some("text") => {
                        if let Some(t) = data.get("text").and_then(Value::as_str) {
                            self.text.push_str(t);
                        }
                    }
                    Some("tab") | Some("ptab") => self.text.push('\t'),
                    Some("break") | Some("carriageReturn") => self.text.push('\n'),
                    Some("delete")
                    | Some("deleteText")
                    | Some("deleteInstrText")
                    | Some("instrText")
                    | Some("instrTextString") => {}
                    Some("tableCell") => {
                        self.walk(data);
                        self.end_line();
                    }
                    // Section properties hold the headers and footers, read once on their own.
                    _ => map
                        .iter()
                        .filter(|(key, _)| key.as_str() != "sectionProperty")
                        .for_each(|(_, v)| self.walk(v)),
                }
            }
            _ => {}
        }
    }

    fn end_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }
}

fn is_vanished(run: &Value) -> bool {
    let props = run.get("runProperty");
    let on = |key: &str| {
        props
            .and_then(|p| p.get(key))
            .is_some_and(|v| !v.is_null() && v != &Value::Bool(false))
    };
    on("vanish") || on("specVanish")
}

/// Text boxes are serialised twice by some writers (the DrawingML shape and its VML fallback):
/// drop a paragraph that repeats the one just before it.
fn dedupe_repeated_blocks(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        if !line.trim().is_empty() && out.last().is_some_and(|prev| prev.trim() == line.trim()) {
            continue;
        }
        out.push(line);
    }
    out.join("\n")
}
