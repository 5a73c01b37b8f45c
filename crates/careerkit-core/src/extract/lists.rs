//! List sections: skills, languages, certifications, awards, publications. Items are split on
//! commas, semicolons, pipes and bullets (never inside parentheses), with "Category: a, b, c"
//! prefixes dropped and lines wrapped mid-list joined back together.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{collapse_ws, Line};
use super::pieces::Piece;
use super::rows::{rows, RowKind};
use super::{compile, Ctx};
use crate::provenance::Field;

/// "(Less than 1 year)", "(3 years)": experience notes after a skill, not part of it.
static YEARS_NOTE: LazyLock<Option<Regex>> =
    LazyLock::new(|| compile(r"(?i)\s*\((?:less than\s+)?\d+\+?\s*(?:years?|yrs?|months?)\)"));

/// The section's lines as logical lines: each bullet or line with its wrapped continuations.
fn logical_lines(lines: &[Line], wraps: bool) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for row in rows(lines, wraps) {
        match (row.kind, out.last_mut()) {
            (RowKind::Continuation, Some(last)) => *last = last.join(&row.line),
            _ => out.push(row.line),
        }
    }
    out
}

/// Byte ranges of the items of a list line, after any bullet and "Category:" prefix.
fn item_ranges(line: &Line) -> Vec<(usize, usize)> {
    let text = &line.text;
    let mut start = line.content_start();
    if let Some(colon) = text[start..].find(':') {
        let category = &text[start..start + colon];
        if category.split_whitespace().count() <= 4 && !category.contains(',') {
            start += colon + 1;
        }
    }
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut item_start = start;
    let chars: Vec<(usize, char)> = text[start..]
        .char_indices()
        .map(|(i, c)| (i + start, c))
        .collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        let spaced = |k: usize| chars.get(k).is_some_and(|&(_, c)| c.is_whitespace());
        let is_sep = depth <= 0
            && (matches!(c, ',' | ';' | '|' | '•' | '·' | '\t')
                || c == '/' && n > 0 && spaced(n - 1) && spaced(n + 1)
                || c == ' ' && spaced(n + 1) && spaced(n + 2));
        if is_sep {
            out.push((item_start, i));
            item_start = i + c.len_utf8();
        }
    }
    out.push((item_start, text.len()));
    out
}

/// Cleans an item: trims, drops a leading "and", a trailing period and experience notes.
fn clean<'l>(line: &'l Line, (a, b): (usize, usize)) -> Option<Piece<'l>> {
    let mut piece = super::pieces::trimmed(line, a, b)?;
    let raw = piece.raw();
    for lead in ["and ", "& "] {
        if raw.starts_with(lead) {
            piece.start += lead.len();
        }
    }
    if let Some(m) = YEARS_NOTE.as_ref().and_then(|r| r.find(piece.raw())) {
        piece.end = piece.start + m.start();
    }
    let raw = piece.raw().trim_end_matches(['.', ' ']);
    piece.end = piece.start + raw.len();
    (!piece.raw().is_empty()).then_some(piece)
}

/// Skills (or any short-item list): every item of every line.
pub(crate) fn short_items(
    ctx: &Ctx<'_>,
    lines: &[Line],
    rule: &str,
    max_words: usize,
) -> Vec<Field<String>> {
    let mut out: Vec<Field<String>> = Vec::new();
    for line in logical_lines(lines, ctx.wraps()) {
        let ranges = item_ranges(&line);
        let confidence = if ranges.len() > 1 { 0.85 } else { 0.7 };
        for range in ranges {
            let Some(piece) = clean(&line, range) else {
                continue;
            };
            let value = piece.text();
            let words = value.split_whitespace().count();
            let duplicate = out.iter().any(|f| f.value.eq_ignore_ascii_case(&value));
            if words == 0 || words > max_words || duplicate || value.ends_with(':') {
                continue;
            }
            out.push(ctx.field(value, rule, confidence, piece.span()));
        }
    }
    out
}

/// Spoken languages, without the proficiency ("English - Fluent", "Spanish (native)").
pub(crate) fn languages(ctx: &Ctx<'_>, lines: &[Line]) -> Vec<Field<String>> {
    short_items(ctx, lines, "languages.item", 6)
        .into_iter()
        .filter_map(|mut f| {
            let cut = [" - ", " – ", "(", ":"]
                .iter()
                .filter_map(|sep| f.value.find(sep))
                .min()
                .unwrap_or(f.value.len());
            let name = f.value[..cut].trim().to_string();
            if let Some(span) = f.provenance.span.as_mut() {
                span.end = span.start + name.chars().count();
            }
            f.value = name;
            (!f.value.is_empty()).then_some(f)
        })
        .collect()
}

/// One item per bullet or line (certifications, awards, publications).
pub(crate) fn line_items(
    ctx: &Ctx<'_>,
    lines: &[Line],
    rule: &str,
    confidence: f32,
) -> Vec<Field<String>> {
    logical_lines(lines, ctx.wraps())
        .iter()
        .filter_map(|line| {
            let piece = super::pieces::trimmed(line, line.content_start(), line.text.len())?;
            let value = collapse_ws(piece.raw());
            Some(ctx.field(value, rule, confidence, piece.span()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn items(text: &str) -> Vec<String> {
        let lines = split_lines(text, |_| 1);
        logical_lines(&lines, true)
            .iter()
            .flat_map(|l| {
                item_ranges(l)
                    .into_iter()
                    .filter_map(|r| clean(l, r).map(|p| p.text()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn lists_split_on_their_separators() {
        assert_eq!(
            items("Languages: Python, C++ | Rust; Go\n• SQL and NoSQL databases (MySQL, MongoDB)\nJava • Shell"),
            ["Python", "C++", "Rust", "Go", "SQL and NoSQL databases (MySQL, MongoDB)", "Java", "Shell"]
        );
        assert_eq!(
            items("Spring Boot, Spring MVC, and Hibernate"),
            ["Spring Boot", "Spring MVC", "Hibernate"]
        );
        assert_eq!(items("C++ (Less than 1 year), UI/UX"), ["C++", "UI/UX"]);
    }
}
