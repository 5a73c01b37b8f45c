//! Pieces of an entry line: the line cut at the separators resumes put between title, employer,
//! location and dates (`|`, `•`, ` — `, ` - `, tabs, wide gaps, ` / `, glued words) and, when
//! asked, at commas, keeping "ABC Company, Inc." whole.

use super::lines::{collapse_ws, Line};
use super::roles::glue_points;

/// A piece of a line: a byte range of [`Line::text`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'l> {
    /// The line the piece is cut from.
    pub line: &'l Line,
    /// Byte offset of the piece in the line's text.
    pub start: usize,
    /// Byte offset just past the piece.
    pub end: usize,
}

impl<'l> Piece<'l> {
    /// The whole content of a line (after any bullet marker).
    #[cfg(test)]
    pub fn of_line(line: &'l Line) -> Self {
        Piece {
            line,
            start: line.content_start(),
            end: line.text.len(),
        }
    }

    /// The piece's text as written.
    pub fn raw(&self) -> &'l str {
        &self.line.text[self.start..self.end]
    }

    /// The piece's text with whitespace collapsed: the value careerkit reports.
    pub fn text(&self) -> String {
        collapse_ws(self.raw())
    }

    /// The document character span of the piece.
    pub fn span(&self) -> (usize, usize) {
        self.line.span_of(self.start, self.end)
    }

    /// A sub-piece from byte `a` to byte `b` relative to this piece, trimmed.
    pub fn sub(&self, a: usize, b: usize) -> Option<Piece<'l>> {
        trimmed(self.line, self.start + a, self.start + b)
    }
}

/// Trims whitespace and separator punctuation from both ends of a byte range; `None` if nothing
/// is left.
pub(crate) fn trimmed(line: &Line, start: usize, end: usize) -> Option<Piece<'_>> {
    let s = &line.text[start..end];
    let is_sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | '|' | '•' | '·' | '–' | '—' | '-' | '/' | ':' | '@'
            )
    };
    // Markdown markers open ("### Engineer", "**School**") or close ("**") a piece; a closing
    // '#' stays ("C#"). Quotes around a piece are not part of it either.
    let lead_sep = |c: char| is_sep(c) || matches!(c, '#' | '*' | '"' | '“');
    let lead = s.len() - s.trim_start_matches(lead_sep).len();
    let inner = s
        .trim_start_matches(lead_sep)
        .trim_end_matches(|c| is_sep(c) || matches!(c, '*' | '"' | '”'));
    if inner.is_empty() {
        return None;
    }
    Some(Piece {
        line,
        start: start + lead,
        end: start + lead + inner.len(),
    })
}

/// Byte ranges of the strong separators in `s`.
fn separators(s: &str, commas: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let next_b = chars.get(i + 1).map_or(s.len(), |&(nb, _)| nb);
        let prev_space = i > 0 && chars[i - 1].1.is_whitespace();
        let next_space = chars.get(i + 1).is_some_and(|&(_, c)| c.is_whitespace());
        let sep = match c {
            '|' | '•' | '·' | '\t' => true,
            '—' | '–' | '-' | '/' => prev_space && next_space,
            ',' => commas && !comma_keeps_org_suffix(&s[next_b..]),
            ' ' => {
                // A gap of three or more spaces separates right-aligned columns.
                let run = chars[i..].iter().take_while(|(_, c)| *c == ' ').count();
                // Justified text stretches spaces too ("PhD   in   Computer Science"): a gap
                // next to a joining word is not a column break.
                let before = s[..b].split_whitespace().next_back().unwrap_or("");
                let after_gap = chars.get(i + run).map_or(s.len(), |&(nb, _)| nb);
                let after = s[after_gap..].split_whitespace().next().unwrap_or("");
                let joining =
                    |w: &str| matches!(w, "in" | "of" | "and" | "at" | "for" | "the" | "&");
                if run >= 3 && !joining(before) && !joining(after) {
                    out.push((b, chars.get(i + run).map_or(s.len(), |&(nb, _)| nb)));
                    i += run;
                    continue;
                }
                false
            }
            _ => false,
        };
        if sep {
            out.push((b, next_b));
        }
        i += 1;
    }
    for g in glue_points(s) {
        out.push((g, g));
    }
    if let Some(at) = s.find(" at ") {
        out.push((at, at + 4));
    }
    out.sort_unstable();
    out
}

/// True when the text after a comma is an organisation suffix (`, Inc.`), so the comma stays.
fn comma_keeps_org_suffix(after: &str) -> bool {
    let after = after.trim_start();
    let len = after
        .find(|c: char| !(c.is_alphanumeric() || c == '.'))
        .unwrap_or(after.len());
    if after[len..].starts_with(|c: char| !c.is_whitespace() && c != ',') {
        return false;
    }
    let word: String = after[..len]
        .chars()
        .filter(|&c| c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        word.as_str(),
        "inc" | "ltd" | "llc" | "llp" | "corp" | "co" | "gmbh" | "plc" | "sa" | "ag" | "pvt"
    )
}

/// Cuts `piece` at strong separators (and commas if `commas`), trimming each part.
pub(crate) fn split<'l>(piece: Piece<'l>, commas: bool) -> Vec<Piece<'l>> {
    let s = piece.raw();
    let mut out = Vec::new();
    let mut from = 0;
    for (a, b) in separators(s, commas) {
        if a < from {
            continue;
        }
        out.extend(piece.sub(from, a));
        from = b;
    }
    out.extend(piece.sub(from, s.len()));
    out
}

/// The parts of `line` (after any bullet) outside the byte ranges `holes` (dates already taken
/// out), each cut at strong separators.
pub(crate) fn split_around<'l>(
    line: &'l Line,
    holes: &[(usize, usize)],
    commas: bool,
) -> Vec<Piece<'l>> {
    let mut out = Vec::new();
    let mut from = line.content_start();
    let mut sorted = holes.to_vec();
    sorted.sort_unstable();
    for (a, b) in sorted {
        if a > from {
            if let Some(p) = trimmed(line, from, a) {
                out.extend(split(p, commas));
            }
        }
        from = from.max(b);
    }
    if let Some(p) = trimmed(line, from, line.text.len()) {
        out.extend(split(p, commas));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn texts(line: &str, commas: bool) -> Vec<String> {
        let lines = split_lines(line, |_| 1);
        split(Piece::of_line(&lines[0]), commas)
            .iter()
            .map(Piece::text)
            .collect()
    }

    #[test]
    fn splits_at_separators() {
        assert_eq!(
            texts("FACEBOOK | SOFTWARE ENGINEER", false),
            ["FACEBOOK", "SOFTWARE ENGINEER"]
        );
        assert_eq!(
            texts("Stripe • San Francisco, CA", false),
            ["Stripe", "San Francisco, CA"]
        );
        assert_eq!(
            texts("Software Engineer at Google", false),
            ["Software Engineer", "Google"]
        );
        assert_eq!(
            texts("Research InternNVIDIA Research", false),
            ["Research Intern", "NVIDIA Research"]
        );
        assert_eq!(
            texts(
                "Full Stack Java Developer, ABC Company, Inc., Anywhere",
                true
            ),
            ["Full Stack Java Developer", "ABC Company, Inc.", "Anywhere"]
        );
        assert_eq!(texts("full-stack - Team", false), ["full-stack", "Team"]);
    }
}
