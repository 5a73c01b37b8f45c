//! Education entries: institution, degree, field of study, dates, grade and location.
//!
//! The header rows of the section are cut into pieces, each recognised as a degree
//! ("B.S. in Computer Science", "Master of Science", "PhD"), an institution ("... University",
//! "Institute of ..."), a date, a grade ("GPA: 3.8/4.0"), a place or other text. Pieces are then
//! grouped in reading order: a second degree, a second institution at the start of a block, or a
//! date opening a row when the entry already has dates, starts the next entry.

use std::sync::LazyLock;

use regex::Regex;

use super::pieces::{split_around, Piece};
use super::places::{comma_parts, split_location};
use super::roles::has_institution_word;
use super::rows::{rows, Row, RowKind};
use super::{compile, Ctx};
use crate::profile::{DateRange, Education, EndDate};

static GRADE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(
        r"(?i)(?:\b(?:c?gpa|grade|score|cum\.?\s*gpa)\s*:?\s*(?P<a>\d+(?:\.\d+)?%?(?:\s*/\s*\d+(?:\.\d+)?)?))|(?:(?P<b>\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?)\s*c?gpa\b)",
    )
});

/// Abbreviated degrees, compared without dots and case (`B.S.`, `MEng`, `PhD`).
const DEGREE_ABBREVIATIONS: &[&str] = &[
    "bs", "ba", "bsc", "ms", "ma", "msc", "phd", "mba", "meng", "beng", "btech", "mtech", "be",
    "me", "bba", "bcom", "mcom", "bca", "mca", "llb", "llm", "md", "jd", "aa", "as", "aas", "bfa",
    "mfa", "mph", "edd", "dphil", "bsba", "bscs", "mres", "mphil", "bed", "med", "pgdm", "ssc",
    "hsc", "sslc",
];

/// Abbreviations that are also ordinary words, accepted only in capitals or their usual casing.
const AMBIGUOUS: &[&str] = &["be", "me", "ma", "as", "bed", "med", "aa", "md"];

/// Degree words, compared in lowercase.
const DEGREE_WORDS: &[&str] = &[
    "bachelor",
    "bachelors",
    "bachelor's",
    "master",
    "masters",
    "master's",
    "doctor",
    "doctorate",
    "diploma",
    "associate",
    "associates",
    "associate's",
    "ged",
    "baccalaureate",
    "licentiate",
];

/// Byte offset in `s` of the first word that names a degree.
fn degree_start(s: &str) -> Option<usize> {
    let mut offset = 0;
    let words: Vec<&str> = s
        .split_inclusive(|c: char| c.is_whitespace() || c == ',' || c == '(')
        .collect();
    for (n, word) in words.iter().enumerate() {
        let w = word.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '(');
        let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        // "B-Tech", "B.E", and "B. Tech" written as two words.
        let mut key: String = core
            .chars()
            .filter(|&c| c != '.' && c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        if w.len() <= 2 && w.ends_with('.') {
            if let Some(next) = words.get(n + 1) {
                let joined = format!(
                    "{key}{}",
                    next.trim().trim_end_matches([',', '.']).to_lowercase()
                );
                if DEGREE_ABBREVIATIONS.contains(&joined.as_str()) {
                    key = joined;
                }
            }
        }
        let is_abbrev = DEGREE_ABBREVIATIONS.contains(&key.as_str())
            && core.chars().next().is_some_and(char::is_uppercase)
            && (!AMBIGUOUS.contains(&key.as_str())
                || core
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase))
            && !(core.len() == 2
                && core.chars().nth(1).is_some_and(char::is_lowercase)
                && !core.contains('.'));
        let is_word = DEGREE_WORDS.contains(&key.as_str())
            && core.chars().next().is_some_and(char::is_uppercase);
        let high_school = key == "high" && s[offset..].to_lowercase().starts_with("high school");
        if is_abbrev || is_word || high_school {
            return Some(offset + (word.len() - word.trim_start().len()));
        }
        offset += word.len();
    }
    None
}

/// What a piece of an education header is.
enum Item<'l> {
    Degree(Piece<'l>),
    Institution(Piece<'l>),
    Other(Piece<'l>),
}

/// Parses the body lines of an education section.
pub(crate) fn parse(ctx: &Ctx<'_>, lines: &[super::lines::Line]) -> Vec<Education> {
    let rows = rows(lines, ctx.wraps());
    let mut entries: Vec<Education> = Vec::new();
    let mut cur = Education::default();
    let mut last_was_bare_degree = false;
    for (i, row) in rows.iter().enumerate() {
        let degree_row = row.kind == RowKind::Body
            && super::lines::word_count(&row.line.text) <= 12
            && degree_start(&row.line.text).is_some();
        if row.kind != RowKind::Header && !degree_row {
            if let Some(grade) = grade(ctx, row) {
                cur.grade.get_or_insert(grade);
            }
            // Dates set beside a bullet in a right-hand column.
            if let (Some(d), None) = (&row.date, &cur.dates) {
                let span = row.line.span_of(d.start, d.end);
                cur.dates =
                    Some(ctx.field(graduation(d.range.clone()), "education.dates", 0.85, span));
            }
            continue;
        }
        // A second school starts an entry only when a degree or dates follow on its row or the
        // next two ("CORNELL UNIVERSITY" / "BS IN ..."), not for a note such as "College of
        // Engineering" / "Magna Cum Laude" under the current one.
        let block_start = (i..rows.len().min(i + 3))
            .any(|j| rows[j].date.is_some() || degree_start(&rows[j].line.text).is_some());
        let holes: Vec<(usize, usize)> = row.date.iter().map(|d| (d.start, d.end)).collect();
        let pieces = split_around(&row.line, &holes, false);
        let date_first = row
            .date
            .as_ref()
            .is_some_and(|d| pieces.first().is_none_or(|p| d.start < p.start));
        if date_first && cur.dates.is_some() {
            entries.push(std::mem::take(&mut cur));
        }
        if let Some(g) = grade(ctx, row) {
            cur.grade.get_or_insert(g);
        }
        for (n, item) in items(&pieces, &mut cur, ctx).into_iter().enumerate() {
            match item {
                Item::Degree(p) => {
                    if cur.degree.is_some() {
                        entries.push(std::mem::take(&mut cur));
                    }
                    if let Some(at) = field_start(p.raw()) {
                        if let Some(field) = p.sub(at, p.raw().len()) {
                            cur.field_of_study =
                                Some(ctx.piece_field(&field, "education.field", 0.75));
                        }
                    }
                    last_was_bare_degree = cur.field_of_study.is_none();
                    cur.degree = Some(ctx.piece_field(&p, "education.degree", 0.85));
                }
                Item::Institution(p) => {
                    if cur.institution.is_some() {
                        if !(block_start && n == 0) {
                            continue;
                        }
                        entries.push(std::mem::take(&mut cur));
                    }
                    cur.institution =
                        Some(ctx.piece_field(&p, "education.institution_keyword", 0.85));
                }
                Item::Other(p) => {
                    let text = p.text();
                    let short = text.split_whitespace().count() <= 6 && !is_note(&text);
                    if last_was_bare_degree && short && cur.field_of_study.is_none() {
                        cur.field_of_study =
                            Some(ctx.piece_field(&p, "education.field_after_degree", 0.6));
                    } else if cur.institution.is_none() && short {
                        cur.institution =
                            Some(ctx.piece_field(&p, "education.institution_position", 0.55));
                    } else if block_start
                        && n == 0
                        && short
                        && (cur.degree.is_some() || cur.dates.is_some())
                    {
                        entries.push(std::mem::take(&mut cur));
                        cur.institution =
                            Some(ctx.piece_field(&p, "education.institution_position", 0.55));
                    }
                    last_was_bare_degree = false;
                }
            }
        }
        if let Some(d) = &row.date {
            if cur.dates.is_none() {
                let span = row
                    .date_span
                    .unwrap_or_else(|| row.line.span_of(d.start, d.end));
                cur.dates =
                    Some(ctx.field(graduation(d.range.clone()), "education.dates", 0.9, span));
            }
        }
    }
    entries.push(cur);
    entries
        .into_iter()
        .filter(|e| e.institution.is_some() || e.degree.is_some())
        .collect()
}

/// Byte offset of the field of study in a degree phrase: the text after the word "in"
/// ("B.S. in Computer Science", "PhD   in   Physics").
fn field_start(raw: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = raw
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - raw.as_ptr() as usize, w))
        .collect();
    let i = words
        .iter()
        .position(|(_, w)| w.eq_ignore_ascii_case("in"))?;
    words.get(i + 1).map(|&(at, _)| at)
}

/// Notes that sit on degree lines but are neither fields nor schools ("Expected Graduation").
fn is_note(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "expected",
        "graduat",
        "gpa",
        "cum laude",
        "honor",
        "honour",
        "thesis",
        "coursework",
        "minor",
        "grad",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A single date on an education entry is the graduation (end) date.
fn graduation(range: DateRange) -> DateRange {
    match (range.start, range.end) {
        (Some(d), None) => DateRange {
            start: None,
            end: Some(EndDate::Date(d)),
            raw: range.raw,
        },
        _ => range,
    }
}

/// Classifies the pieces of a header row, setting the entry's location on the way.
fn items<'l>(pieces: &[Piece<'l>], cur: &mut Education, ctx: &Ctx<'_>) -> Vec<Item<'l>> {
    let mut out = Vec::new();
    for &piece in pieces {
        let (location, rest) = split_location(piece);
        if let Some(loc) = location {
            if cur.location.is_none() {
                cur.location = Some(ctx.piece_field(&loc, "education.location", 0.75));
            }
        }
        let Some(rest) = rest else {
            continue;
        };
        let (location, parts) = comma_parts(rest);
        if let (Some(loc), None) = (location, &cur.location) {
            cur.location = Some(ctx.piece_field(&loc, "education.location", 0.75));
        }
        for part in parts {
            classify(part, &mut out);
        }
    }
    out
}

fn classify<'l>(part: Piece<'l>, out: &mut Vec<Item<'l>>) {
    let text = part.text();
    if GRADE.as_ref().is_some_and(|r| r.is_match(&text))
        || text.chars().filter(|c| c.is_alphabetic()).count() < 2
    {
        return;
    }
    let raw = part.raw();
    match degree_start(raw) {
        Some(0) => {
            // "PhD Princeton University": a one-word degree followed by the institution.
            let first_end = raw.find(char::is_whitespace).unwrap_or(raw.len());
            let rest = &raw[first_end..];
            let rest_lower = rest.trim_start().to_lowercase();
            if has_institution_word(rest)
                && !rest_lower.starts_with("in ")
                && !rest_lower.starts_with("of ")
            {
                out.extend(part.sub(0, first_end).map(Item::Degree));
                out.extend(part.sub(first_end, raw.len()).map(Item::Institution));
            } else {
                out.push(Item::Degree(part));
            }
        }
        Some(at) if has_institution_word(&raw[..at]) => {
            out.extend(part.sub(0, at).map(Item::Institution));
            out.extend(part.sub(at, raw.len()).map(Item::Degree));
        }
        Some(_) if !has_institution_word(raw) => out.push(Item::Degree(part)),
        _ if has_institution_word(raw) => out.push(Item::Institution(part)),
        _ => out.push(Item::Other(part)),
    }
}

/// The grade on a row ("GPA: 3.83 / 4.0", "3.8 GPA").
fn grade(ctx: &Ctx<'_>, row: &Row) -> Option<crate::provenance::Field<String>> {
    let caps = GRADE.as_ref()?.captures(&row.line.text)?;
    let m = caps.name("a").or_else(|| caps.name("b"))?;
    let span = row.line.span_of(m.start(), m.end());
    Some(ctx.field(
        super::lines::collapse_ws(m.as_str()),
        "education.grade",
        0.9,
        span,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_are_spotted() {
        assert_eq!(degree_start("B.S. in Computer Science"), Some(0));
        assert_eq!(degree_start("MENG IN COMPUTER SCIENCE"), Some(0));
        assert_eq!(
            degree_start("Bachelor's in supply chain management"),
            Some(0)
        );
        assert_eq!(degree_start("Princeton UniversityPhD"), None);
        assert_eq!(degree_start("Be the change"), None);
        assert_eq!(degree_start("Cloverfield College"), None);
        assert_eq!(degree_start("Master student in EE"), Some(0));
        assert_eq!(degree_start("B-TECH"), Some(0));
        assert_eq!(degree_start("B. Tech in ECE"), Some(0));
    }
}
