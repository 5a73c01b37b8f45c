//! Text clean-up every format goes through, so downstream rules see one shape of text.

use unicode_normalization::UnicodeNormalization;

/// Bullet glyphs resumes use, all mapped to `•`.
const BULLETS: &[char] = &[
    '●', '▪', '■', '◦', '‣', '∙', '⁃', '◆', '❖', '➢', '➤', '►', '▶', '✓', '✔', '⦁', '○', '□',
];

/// Normalises extracted text: NFKC (ligatures such as `ﬁ` become `fi`), line endings, invisible
/// characters, icon-font private-use glyphs, bullet variants, hyphenation across line breaks and
/// trailing spaces.
///
/// ```
/// use careerkit_core::intake::normalize_text;
/// assert_eq!(normalize_text("Oﬃce devel-\nopment\r\n\u{f0e0} ● Led"), "Office development\n• Led");
/// ```
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.nfkc() {
        match ch {
            '\r' => {}
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\u{e000}'..='\u{f8ff}' => {}
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            c if BULLETS.contains(&c) => out.push('•'),
            c => out.push(c),
        }
    }
    let dehyphenated = join_hyphenated_lines(&out);
    let mut lines: Vec<&str> = dehyphenated.lines().map(|l| l.trim_end()).collect();
    for line in &mut lines {
        // An icon glyph we dropped often leaves a leading space behind.
        if line.starts_with(' ') && !line.starts_with("  ") {
            *line = &line[1..];
        }
    }
    let mut joined = lines.join("\n");
    while joined.ends_with('\n') {
        joined.pop();
    }
    joined
}

/// Joins `devel-\nopment` into `development` when both sides are lowercase letters.
fn join_hyphenated_lines(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '-'
            && i > 0
            && chars[i - 1].is_lowercase()
            && chars.get(i + 1) == Some(&'\n')
            && chars.get(i + 2).is_some_and(|c| c.is_lowercase())
        {
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_real_hyphens() {
        assert_eq!(
            normalize_text("full-stack\nEngineer - Lead"),
            "full-stack\nEngineer - Lead"
        );
    }

    #[test]
    fn form_feeds_survive_as_page_breaks() {
        assert_eq!(normalize_text("a\u{c}b"), "a\u{c}b");
    }
}
