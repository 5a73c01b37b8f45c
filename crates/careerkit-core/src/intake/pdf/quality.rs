//! A quality score for extracted PDF text, so a silent failure (letters split apart, emails
//! broken by stray spaces, glyphs with no Unicode mapping) becomes a warning and can be
//! compared with a fallback extractor's output.

use std::sync::LazyLock;

use regex::Regex;

/// How good a page set's text looks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Assessment {
    /// Share of words that look like real words, minus penalties; 0 (garbage) to 1 (clean).
    pub(super) score: f64,
    /// What looked wrong, in words; empty when nothing did.
    pub(super) problems: Vec<String>,
}

impl Assessment {
    /// Whether the text is poor enough to try another extractor.
    pub(super) fn is_poor(&self) -> bool {
        !self.problems.is_empty()
    }
}

/// `jane. doe@x.com`, `jane @x.com`, `jane@ x.com`, `jane@x. com`.
static BROKEN_EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [\w%+-][._-]\s+[\w.%+-]*@[\w-]+\.     # space after punctuation in the local part
        | [\w.%+-]\s+@[\w-]+\.[A-Za-z]{2,}    # space before the @
        | [\w.%+-]@\s+[\w-]+\.[A-Za-z]{2,}    # space after the @
        | [\w.%+-]@[\w-]+\.\s+(?:com|org|net|edu|io|dev|co|us|uk|de|in)\b",
    )
    .ok()
});

/// A page with fewer visible characters than this, in a document with text, is near-empty.
const NEAR_EMPTY_PAGE_CHARS: usize = 20;

/// Scores `pages`; `fonts_without_unicode` names fonts whose glyphs have no Unicode mapping and
/// `unmapped_glyphs` counts glyphs that decoded to no text (both from the document, not the
/// text, so they weigh on every candidate text alike).
pub(super) fn assess(
    pages: &[String],
    fonts_without_unicode: &[String],
    unmapped_glyphs: usize,
) -> Assessment {
    let mut problems = Vec::new();
    let tokens: Vec<&str> = pages.iter().flat_map(|p| p.split_whitespace()).collect();
    if tokens.is_empty() {
        return Assessment {
            score: 0.0,
            problems: vec!["no text".into()],
        };
    }

    let split_letters = single_letter_run_tokens(&tokens);
    if split_letters > 0 {
        problems.push(format!(
            "{split_letters} words look like letters split apart (`j o h n`)"
        ));
    }
    let garbled = tokens.iter().filter(|t| is_garbled(t)).count();
    if garbled > 0 {
        problems.push(format!(
            "{garbled} words hold unmapped glyphs (U+FFFD, control or private-use characters)"
        ));
    }
    let broken_emails = BROKEN_EMAIL.as_ref().map_or(0, |re| {
        pages.iter().map(|p| re.find_iter(p).count()).sum::<usize>()
    });
    if broken_emails > 0 {
        problems.push(format!(
            "{broken_emails} email addresses look broken by spaces"
        ));
    }
    let near_empty: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.chars().filter(|c| !c.is_whitespace()).count() < NEAR_EMPTY_PAGE_CHARS)
        .map(|(i, _)| i + 1)
        .collect();
    if !near_empty.is_empty() {
        problems.push(format!("near-empty pages: {near_empty:?}"));
    }
    // A few unmapped glyphs are icons; one in a hundred characters is lost text.
    let visible_chars = pages
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).count())
        .sum::<usize>();
    if unmapped_glyphs * 100 > visible_chars {
        problems.push(format!(
            "{unmapped_glyphs} glyphs decode to no text (their text is lost)"
        ));
    }
    if !fonts_without_unicode.is_empty() {
        problems.push(format!(
            "fonts without a Unicode map: {}",
            fonts_without_unicode.join(", ")
        ));
    }

    // About five glyphs to a word.
    let bad = (split_letters + garbled + unmapped_glyphs.div_ceil(5)) as f64;
    let n = tokens.len() as f64;
    let page_share = near_empty.len() as f64 / pages.len().max(1) as f64;
    let score = (1.0 - bad / n - 0.02 * broken_emails as f64 - 0.5 * page_share).clamp(0.0, 1.0);
    Assessment { score, problems }
}

/// Tokens in runs of four or more single-letter tokens (initials and `a`/`I` rarely run so long).
fn single_letter_run_tokens(tokens: &[&str]) -> usize {
    let mut total = 0;
    let mut run = 0;
    for t in tokens.iter().chain(std::iter::once(&"")) {
        let mut chars = t.chars();
        let single = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphanumeric() || c == '.' || c == '@');
        if single {
            run += 1;
        } else {
            if run >= 4 {
                total += run;
            }
            run = 0;
        }
    }
    total
}

/// A token with a replacement or control character, or a private-use glyph mixed into a word
/// (a lone private-use glyph is an icon, which is fine).
fn is_garbled(token: &str) -> bool {
    let private = |c: char| ('\u{e000}'..='\u{f8ff}').contains(&c);
    token
        .chars()
        .any(|c| c == '\u{fffd}' || (c.is_control() && c != '\t'))
        || (token.chars().any(private) && token.chars().any(|c| c.is_alphanumeric() && !private(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    #[test]
    fn clean_text_scores_high_and_has_no_problems() {
        let a = assess(
            &page("Jane Doe\njane.doe@example.com\nSenior engineer at Acme since 2019."),
            &[],
            0,
        );
        assert!(a.score > 0.99 && !a.is_poor(), "{a:?}");
    }

    #[test]
    fn split_letters_broken_emails_and_garbage_are_problems() {
        let spaced = assess(
            &page("j o h n . d o e @ x . c o m\nEngineer at Acme"),
            &[],
            0,
        );
        assert!(spaced.is_poor() && spaced.score < 0.5, "{spaced:?}");
        let broken = assess(&page("Contact: jane. doe@example.com\nEngineer"), &[], 0);
        assert!(
            broken.problems.iter().any(|p| p.contains("email")),
            "{broken:?}"
        );
        let garbled = assess(&page("Jane \u{fffd}\u{fffd}oe Engineer"), &[], 0);
        assert!(
            garbled.problems.iter().any(|p| p.contains("unmapped")),
            "{garbled:?}"
        );
        let fonts = assess(
            &page("Jane Doe Engineer at Acme since 2019"),
            &["F1".into()],
            0,
        );
        assert!(fonts.is_poor());
        let lost = assess(&page("Jane Doe Engineer at Acme since 2019"), &[], 40);
        assert!(lost.is_poor() && lost.score < 0.9, "{lost:?}");
    }

    #[test]
    fn a_near_empty_page_lowers_the_score() {
        let full = "word ".repeat(100);
        let pages = vec![full.clone(), "3".to_string()];
        let a = assess(&pages, &[], 0);
        assert!(
            a.is_poor() && a.score < assess(&[full], &[], 0).score,
            "{a:?}"
        );
    }
}
