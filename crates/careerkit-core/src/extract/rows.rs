//! The groundwork for entry sections (experience, education, projects): the section's lines as
//! rows, each classified as an entry header, a bullet, a wrapped continuation or body text, with
//! date ranges found and ranges broken over two lines (`June 2020 –` / `Present ...`) joined.

use super::dates::{find_date_ranges, DateMatch};
use super::lines::{capital_ratio, word_count, Line};
use super::places::{is_location, trailing_location};

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// A short, capitalised line: title, employer, school, degree, dates, location.
    Header,
    /// A bullet item.
    Bullet,
    /// A line that continues the bullet or paragraph above it.
    Continuation,
    /// Running text.
    Body,
}

/// A non-blank line of a section.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The line (possibly two lines joined).
    pub line: Line,
    /// True when a blank line precedes the row.
    pub blank_before: bool,
    /// What the row is.
    pub kind: RowKind,
    /// The date range on the row, if it is a header row with one.
    pub date: Option<DateMatch>,
    /// The document span of the date when it runs over two lines (`June 2020 – Title ...` /
    /// `Present ...`, a left date column), instead of the span of `date` in this line.
    pub date_span: Option<(usize, usize)>,
}

impl Row {
    /// True for bullets, continuations and body text: an entry's description.
    pub fn is_description(&self) -> bool {
        self.kind != RowKind::Header
    }
}

/// Turns a section's lines into classified rows. `wraps` says whether the format wraps long
/// paragraphs over several lines (PDF, plain text) or keeps one paragraph per line (DOCX).
pub(crate) fn rows(lines: &[Line], wraps: bool) -> Vec<Row> {
    let mut raw: Vec<(Line, bool)> = Vec::new();
    let mut blank = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            blank = true;
            i += 1;
            continue;
        }
        let next = lines.get(i + 1).filter(|n| !n.is_blank());
        if let Some(next) = next.filter(|n| range_continues(line, n)) {
            raw.push((line.join(next), blank));
            i += 2;
        } else {
            raw.push((line.clone(), blank));
            i += 1;
        }
        blank = false;
    }
    // The width of a full line: the upper quartile of line lengths. A line at least 80% as
    // long was probably wrapped, so the next line continues it.
    let mut lengths: Vec<usize> = raw.iter().map(|(l, _)| l.text.chars().count()).collect();
    lengths.sort_unstable();
    let wide = if wraps {
        lengths
            .get(lengths.len() * 3 / 4)
            .copied()
            .unwrap_or(0)
            .max(60)
    } else {
        usize::MAX
    };
    let mut out: Vec<Row> = Vec::with_capacity(raw.len());
    for (line, blank_before) in raw {
        let prev = out.last();
        let kind = classify(&line, blank_before, prev, wide);
        let date = if kind == RowKind::Header {
            best_date(&line.text)
        } else {
            side_date(&line.text)
        };
        out.push(Row {
            line,
            blank_before,
            kind,
            date,
            date_span: None,
        });
    }
    close_split_ranges(&mut out);
    out
}

/// A left date column puts `June 2020 –` on one line and `Present` at the start of the next:
/// completes the range and records its span over both lines.
fn close_split_ranges(rows: &mut [Row]) {
    for i in 0..rows.len().saturating_sub(1) {
        let Some(d) = rows[i].date.clone() else {
            continue;
        };
        let text = &rows[i].line.text;
        let after = &text[d.end..];
        let open = after.trim_start().starts_with(['-', '–', '—']);
        if d.range.end.is_some() || !open {
            continue;
        }
        let next = &rows[i + 1].line;
        let Some(end) = find_date_ranges(&format!("2000 – {}", next.text))
            .into_iter()
            .next()
            .filter(|m| m.start == 0)
        else {
            continue;
        };
        let Some(end_date) = end.range.end else {
            continue;
        };
        // "2000 – " is 9 bytes ("–" takes 3); the end date starts right after it in `next`.
        let end_in_next = end.end.saturating_sub("2000 – ".len());
        let dash_end = d.end
            + (after.len() - after.trim_start().len())
            + after.trim_start().chars().next().map_or(0, char::len_utf8);
        let raw = format!("{} {}", &text[d.start..dash_end], &next.text[..end_in_next]);
        let start = rows[i].line.span_of(d.start, d.end).0;
        let stop = next.span_of(0, end_in_next).1;
        let row = &mut rows[i];
        if let Some(date) = row.date.as_mut() {
            date.range.end = Some(end_date);
            date.range.raw = raw;
        }
        row.date_span = Some((start, stop));
    }
}

/// True when `line` ends in an open range (`June 2020 –`) that `next` closes (`Present ...`).
fn range_continues(line: &Line, next: &Line) -> bool {
    let t = line.text.trim_end();
    let open = t.ends_with(['-', '–', '—']) && !find_date_ranges(t).is_empty();
    open && find_date_ranges(&format!("2000 – {}", next.text))
        .first()
        .is_some_and(|m| m.range.end.is_some() && m.start == 0)
}

/// A full date range set in a right-hand column of a bullet or text row
/// ("• Built the platform ...\tJune 2023 – present"): the entry's dates, not part of the text.
fn side_date(text: &str) -> Option<DateMatch> {
    find_date_ranges(text).into_iter().find(|m| {
        let before = &text[..m.start];
        let after = text[m.end..].trim();
        m.range.end.is_some()
            && before.ends_with(char::is_whitespace)
            && (after.is_empty() || after.starts_with(char::is_numeric))
            && word_count(after) <= 3
    })
}

/// The date range a header row carries: the first full range, else the first date.
fn best_date(text: &str) -> Option<DateMatch> {
    let found = find_date_ranges(text);
    let residue_words = |m: &DateMatch| word_count(&text[..m.start]) + word_count(&text[m.end..]);
    found
        .iter()
        .find(|m| m.range.end.is_some())
        .or_else(|| found.first())
        .filter(|m| residue_words(m) <= 24)
        .cloned()
}

fn classify(line: &Line, blank_before: bool, prev: Option<&Row>, wide: usize) -> RowKind {
    if line.bullet_len().is_some() {
        return RowKind::Bullet;
    }
    let text = line.text.as_str();
    let first_lower = text.chars().next().is_some_and(char::is_lowercase);
    if let Some(prev) = prev.filter(|p| !blank_before && p.is_description()) {
        let prev_len = prev.line.text.chars().count();
        let sentence_done = prev.line.text.ends_with(['.', '!', '?']) && !first_lower;
        // A capitalised line that does not end a sentence starts something new ("Harrison
        // Money Management, New Orleans, LA, Accountant" after a full-width bullet).
        let title_like =
            word_count(text) >= 3 && capital_ratio(text) >= 0.75 && !text.ends_with('.');
        let own_row = sentence_done
            || title_like
            || is_location(text)
            || trailing_location(text).is_some()
            || !find_date_ranges(text).is_empty();
        if first_lower || !own_row && prev_len.saturating_mul(10) >= wide.saturating_mul(8) {
            return RowKind::Continuation;
        }
    }
    let has_date = !find_date_ranges(text).is_empty();
    let words = word_count(text);
    let columns = text.contains(['|', '\t']) || text.contains("   ");
    let sentence_end = text.ends_with(['.', ',', ';'])
        && words > 4
        && !text.ends_with("Inc.")
        && !text.ends_with("Ltd.")
        && !text.ends_with("Co.");
    // "... using React. Ensured the ...": a sentence break inside the line.
    let mid_sentence = text.match_indices(". ").any(|(i, _)| {
        let after = &text[i + 2..];
        after.starts_with(char::is_uppercase)
            && word_count(after) >= 3
            && capital_ratio(after) <= 0.5
    });
    let header = !first_lower
        && !mid_sentence
        && (words <= 12 || (has_date || columns) && words <= 24)
        && !sentence_end
        && (capital_ratio(text) >= 0.5 || has_date);
    if header {
        RowKind::Header
    } else {
        RowKind::Body
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    #[test]
    fn rows_are_classified_and_open_ranges_joined() {
        let text = "June 2020 –\nPresent Software Developer, OpenAI\nBuilt things for people using many tools every day, all of it reliably and fast.\nand more\n• Led a team";
        let lines = split_lines(text, |_| 1);
        let rows = rows(&lines, true);
        let kinds: Vec<RowKind> = rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                RowKind::Header,
                RowKind::Body,
                RowKind::Continuation,
                RowKind::Bullet
            ]
        );
        assert_eq!(
            rows[0].line.text,
            "June 2020 – Present Software Developer, OpenAI"
        );
        assert!(rows[0].date.is_some());
    }
}
