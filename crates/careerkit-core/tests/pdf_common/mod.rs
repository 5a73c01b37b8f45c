//! Scoring PDF text against references, shared by the `pdf_*` tests and the
//! `pdf_text_bench` example: word-level F1 against poppler's output and the share of labelled
//! fields (name, emails, phones, links) found intact.

#![allow(dead_code)] // each includer uses a different part

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The shared development data (`/work/shared/data` in a worktree and in CI).
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}

/// The resume PDFs, sorted by name (empty if the folder cannot be read).
pub fn resume_pdfs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared("resumes/pdf"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// The file stem (`deedy__resume_openfont`).
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in text.split_whitespace() {
        let w: String = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !w.is_empty() {
            *bag.entry(w).or_insert(0) += 1;
        }
    }
    bag
}

/// Word-level F1 of `text` against `reference` (both through careerkit's text normalisation,
/// so ligatures and soft hyphens do not count; lowercased words, surrounding punctuation
/// stripped, counted as multisets; order does not matter).
pub fn word_f1(text: &str, reference: &str) -> f64 {
    let normalize = careerkit_core::intake::normalize_text;
    let (got, want) = (words(&normalize(text)), words(&normalize(reference)));
    let common: usize = got
        .iter()
        .map(|(w, n)| (*n).min(want.get(w).copied().unwrap_or(0)))
        .sum();
    let (g, r) = (got.values().sum::<usize>(), want.values().sum::<usize>());
    if common == 0 || g == 0 || r == 0 {
        return 0.0;
    }
    let (p, rec) = (common as f64 / g as f64, common as f64 / r as f64);
    2.0 * p * rec / (p + rec)
}

/// poppler's reading-order text for a resume stem.
pub fn poppler_text(stem: &str) -> Option<String> {
    std::fs::read_to_string(shared(&format!("resumes/pdf_text_poppler/{stem}.txt"))).ok()
}

/// The label file of a resume stem (`Null` without one).
pub fn label(stem: &str) -> serde_json::Value {
    std::fs::read_to_string(shared(&format!("resumes/labels/{stem}.json")))
        .ok()
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// The labelled name, emails, phones and links of a resume stem (empty without a label file).
pub fn labelled_fields(stem: &str) -> Vec<String> {
    let label = label(stem);
    let mut fields: Vec<String> = label["name"]
        .as_str()
        .map(String::from)
        .into_iter()
        .collect();
    for key in ["emails", "phones", "links"] {
        if let Some(list) = label[key].as_array() {
            fields.extend(list.iter().filter_map(|v| v.as_str().map(String::from)));
        }
    }
    fields
}

fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Which of `fields` appear in `text` with their characters intact (case and runs of
/// whitespace aside).
pub fn missing_fields(text: &str, fields: &[String]) -> Vec<String> {
    let hay = squash(text);
    fields
        .iter()
        .filter(|f| !hay.contains(&squash(f)))
        .cloned()
        .collect()
}
