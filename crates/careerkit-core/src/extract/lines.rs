//! Lines of the extracted text as the rules see them: trimmed, letter spacing undone
//! (`E X P E R I E N C E` becomes `EXPERIENCE`), with a map from every character back to its
//! offset in [`ExtractedText::text`](crate::text::ExtractedText::text) so each value keeps an
//! exact span however the line was cleaned or joined.

/// One line (or several lines joined) with a character map into the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The cleaned text of the line.
    pub text: String,
    /// Document character offset of each character of `text`, plus one sentinel: the offset just
    /// past the last character.
    map: Vec<usize>,
    /// The 1-based page of the line.
    pub page: u32,
}

/// Bullet markers that start a list item.
const BULLET_MARKERS: &[char] = &['•', '-', '*', '–', '·', '␣', '◦', '▪', '→', '»', '+'];

impl Line {
    /// Document character offset where the line starts.
    pub fn start(&self) -> usize {
        self.map.first().copied().unwrap_or(0)
    }

    /// Document character offset just past the line.
    pub fn end(&self) -> usize {
        self.map.last().copied().unwrap_or(0)
    }

    /// The document character span of the byte range `bs..be` of [`Line::text`].
    pub fn span_of(&self, bs: usize, be: usize) -> (usize, usize) {
        let cs = self.text[..bs.min(self.text.len())].chars().count();
        let ce = self.text[..be.min(self.text.len())].chars().count();
        let start = self.map.get(cs).copied().unwrap_or_else(|| self.end());
        let end = if ce > cs {
            self.map.get(ce - 1).map_or_else(|| self.end(), |&c| c + 1)
        } else {
            start
        };
        (start, end)
    }

    /// The same position with the text removed (page furniture that should not be parsed).
    pub fn blanked(&self) -> Line {
        Line {
            text: String::new(),
            map: vec![self.end()],
            page: self.page,
        }
    }

    /// True when the line has no text.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// Joins two lines with one space (a date range or an item wrapped over a line break).
    pub fn join(&self, next: &Line) -> Line {
        let mut text = self.text.clone();
        let mut map: Vec<usize> = self.map[..self.map.len().saturating_sub(1)].to_vec();
        text.push(' ');
        map.push(self.end());
        text.push_str(&next.text);
        map.extend_from_slice(&next.map);
        Line {
            text,
            map,
            page: self.page,
        }
    }

    /// The byte length of a leading bullet marker and the space after it, if the line is a
    /// bullet item.
    pub fn bullet_len(&self) -> Option<usize> {
        let first = self.text.chars().next()?;
        if !BULLET_MARKERS.contains(&first) {
            // Numbered items: "1. ", "2) ".
            let digits = self.text.chars().take_while(char::is_ascii_digit).count();
            let rest = &self.text[digits..];
            if digits > 0 && digits < 3 && (rest.starts_with(". ") || rest.starts_with(") ")) {
                return Some(digits + 2);
            }
            return None;
        }
        let after = &self.text[first.len_utf8()..];
        // "-" and "+" only count as bullets when followed by a space ("-5%" is not a bullet).
        if matches!(first, '-' | '*' | '+' | '–') && !after.starts_with(char::is_whitespace) {
            return None;
        }
        let spaces = after.len() - after.trim_start().len();
        Some(first.len_utf8() + spaces)
    }

    /// The line's text without a leading bullet marker, as a byte offset into [`Line::text`].
    pub fn content_start(&self) -> usize {
        self.bullet_len().unwrap_or(0)
    }
}

/// Splits `text` into cleaned lines (on `\n` and the page separator `\u{c}`), keeping blank
/// lines so paragraph breaks stay visible.
///
/// Some converters flatten a document into one long line, leaving a run of spaces where each
/// line break was. When the text has almost no line breaks, such runs split lines too.
pub(crate) fn split_lines(text: &str, page_of: impl Fn(usize) -> u32) -> Vec<Line> {
    let total = text.chars().count();
    let breaks = text.chars().filter(|&c| c == '\n').count();
    let flattened = total > 1000 && breaks * 400 < total;
    let mut lines = Vec::new();
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut offset = 0usize;
    let mut spaces = 0usize;
    for ch in text.chars() {
        spaces = if ch == ' ' { spaces + 1 } else { 0 };
        if ch == '\n' || ch == '\u{c}' {
            lines.push(make_line(&chars, offset, &page_of));
            chars.clear();
        } else if flattened && spaces == 2 {
            chars.pop();
            lines.push(make_line(&chars, offset, &page_of));
            chars.clear();
        } else if !(flattened && spaces > 2) {
            chars.push((offset, ch));
        }
        offset += 1;
    }
    lines.push(make_line(&chars, offset, &page_of));
    lines
}

/// Builds one line from its characters: trims it and undoes letter spacing.
fn make_line(chars: &[(usize, char)], line_end: usize, page_of: &impl Fn(usize) -> u32) -> Line {
    let first = chars.iter().position(|(_, c)| !c.is_whitespace());
    let last = chars.iter().rposition(|(_, c)| !c.is_whitespace());
    let (Some(first), Some(last)) = (first, last) else {
        return Line {
            text: String::new(),
            map: vec![line_end],
            page: page_of(line_end.saturating_sub(1)),
        };
    };
    let trimmed = &chars[first..=last];
    let kept: Vec<(usize, char)> = if is_letter_spaced(trimmed) {
        despace(trimmed)
    } else if is_tab_spaced(trimmed) {
        untab(trimmed)
    } else {
        trimmed.to_vec()
    };
    let mut text = String::with_capacity(kept.len());
    let mut map = Vec::with_capacity(kept.len() + 1);
    for &(off, c) in &kept {
        text.push(c);
        map.push(off);
    }
    map.push(trimmed[trimmed.len() - 1].0 + 1);
    Line {
        text,
        map,
        page: page_of(trimmed[0].0),
    }
}

/// A line is letter-spaced when most of its space-separated tokens are single characters
/// (`E X P E R I E N C E`, `j o h n . d o e @ ...`).
fn is_letter_spaced(chars: &[(usize, char)]) -> bool {
    let text: String = chars.iter().map(|&(_, c)| c).collect();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let single = tokens.iter().filter(|t| t.chars().count() == 1).count();
    tokens.len() >= 4 && single * 10 >= tokens.len() * 7
}

/// A line whose words are separated by tabs (a Word-for-Mac PDF writes `Leo\t  Leopard`).
fn is_tab_spaced(chars: &[(usize, char)]) -> bool {
    let tabs = chars.iter().filter(|(_, c)| *c == '\t').count();
    let words = chars
        .windows(2)
        .filter(|w| w[0].1.is_whitespace() && !w[1].1.is_whitespace())
        .count()
        + 1;
    let tab_then_space = chars.windows(2).any(|w| w[0].1 == '\t' && w[1].1 == ' ');
    tabs >= 1 && tab_then_space && tabs * 3 >= words
}

/// Turns short whitespace runs into one space and long ones (right-aligned columns) into a
/// three-space gap, which [`super::pieces`] treats as a column break.
fn untab(chars: &[(usize, char)]) -> Vec<(usize, char)> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            let run = chars[i..]
                .iter()
                .take_while(|(_, c)| c.is_whitespace())
                .count();
            let width = if run > 4 { 3 } else { 1 };
            out.extend(chars[i..i + width.min(run)].iter().map(|&(o, _)| (o, ' ')));
            i += run;
        } else {
            out.push((off, c));
            i += 1;
        }
    }
    out
}

/// Removes single spaces between letters and turns runs of two or more spaces into one word
/// break.
fn despace(chars: &[(usize, char)]) -> Vec<(usize, char)> {
    let mut out: Vec<(usize, char)> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            let run = chars[i..]
                .iter()
                .take_while(|(_, c)| c.is_whitespace())
                .count();
            if run >= 2 {
                out.push((off, ' '));
            }
            i += run;
        } else {
            out.push((off, c));
            i += 1;
        }
    }
    out
}

/// Collapses runs of whitespace (tabs, the spacing some PDF producers put after every word) to
/// one space.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Number of words in `s`.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Share of the longer words (four letters or more) that start with a capital letter: high for
/// names, titles and headings, low for sentences.
pub(crate) fn capital_ratio(s: &str) -> f32 {
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return 1.0;
    }
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    caps as f32 / words.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        split_lines(text, |_| 1)
    }

    #[test]
    fn letter_spacing_is_undone_with_exact_spans() {
        let text = "x\n  W O R K   E X P E R I E N C E\n";
        let ls = lines(text);
        assert_eq!(ls[1].text, "WORK EXPERIENCE");
        let (s, e) = ls[1].span_of(5, 15);
        let span: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(span, "E X P E R I E N C E");
    }

    #[test]
    fn joined_lines_map_back_to_both() {
        let text = "June 2020 –\nPresent Engineer";
        let ls = lines(text);
        let joined = ls[0].join(&ls[1]);
        assert_eq!(joined.text, "June 2020 – Present Engineer");
        let at = joined.text.find("Present").unwrap_or_default();
        let (s, e) = joined.span_of(0, at + "Present".len());
        assert_eq!((s, e), (0, 19));
    }

    #[test]
    fn tab_spaced_words_become_single_spaces() {
        let ls = lines("Leo\t  Leopard\t  Way\t \t \t \t  2016");
        assert_eq!(ls[0].text, "Leo Leopard Way   2016");
    }

    #[test]
    fn bullets_are_recognised() {
        let ls = lines("• Led\n- Built\n-5% cost\n1. First\nPlain");
        let b: Vec<bool> = ls.iter().map(|l| l.bullet_len().is_some()).collect();
        assert_eq!(b, [true, true, false, true, false]);
    }
}
