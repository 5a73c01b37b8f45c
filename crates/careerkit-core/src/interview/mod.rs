//! Interview practice without a model: question plans aimed at a candidate's gaps and riskiest
//! claims ([`questions`]), and feedback on an answer with STAR analysis and delivery metrics that
//! are computed, never guessed ([`feedback`]); both cite knowledge-base passages
//! ([`cite_questions`], [`cite_recommendations`]). Agents ground their prompts in these outputs, so a
//! small local model only has to phrase what is already decided and checkable.

mod citations;
pub mod feedback;
pub mod questions;

pub use citations::{cite_questions, cite_recommendations, PASSAGES_PER_ITEM};

use serde::{Deserialize, Serialize};

/// What a question tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Past behaviour ("Tell me about a time..."), answered in STAR form.
    Behavioural,
    /// Knowledge and hands-on use of a skill.
    Technical,
    /// The role's own duties, motivation and context.
    RoleSpecific,
    /// Designing a system end to end.
    SystemDesign,
}

impl QuestionKind {
    /// The answer length (in words) an interviewer expects for this kind: a behavioural answer
    /// runs about two minutes (150-300 words at a conversational pace).
    pub fn expected_words(self) -> (usize, usize) {
        match self {
            QuestionKind::Behavioural => (150, 300),
            QuestionKind::Technical => (80, 250),
            QuestionKind::RoleSpecific => (80, 220),
            QuestionKind::SystemDesign => (200, 450),
        }
    }

    /// Guesses the kind from a question's wording: "tell me about a time", "describe a
    /// situation", "give an example" are behavioural; "design" with "system", "service" or
    /// "architecture" is system design; "why", "this role", "first 90 days" are role-specific;
    /// the rest technical.
    ///
    /// ```
    /// use careerkit_core::interview::QuestionKind;
    /// assert_eq!(
    ///     QuestionKind::infer("Tell me about a time you disagreed with a teammate."),
    ///     QuestionKind::Behavioural
    /// );
    /// assert_eq!(
    ///     QuestionKind::infer("How would you design a URL shortener service?"),
    ///     QuestionKind::SystemDesign
    /// );
    /// ```
    pub fn infer(question: &str) -> QuestionKind {
        let q = question.to_lowercase();
        let has = |cues: &[&str]| cues.iter().any(|c| q.contains(c));
        if has(&[
            "tell me about a time",
            "describe a time",
            "describe a situation",
            "give an example",
            "give me an example",
            "walk me through a time",
            "share an experience",
            "a time when",
            "a time you",
        ]) {
            QuestionKind::Behavioural
        } else if q.contains("design") && has(&["system", "service", "architecture", "platform"]) {
            QuestionKind::SystemDesign
        } else if has(&[
            "why do you",
            "why this",
            "this role",
            "first 90 days",
            "why are you",
        ]) {
            QuestionKind::RoleSpecific
        } else {
            QuestionKind::Technical
        }
    }
}

/// How hard a question is meant to be.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    /// A warm-up.
    Easy,
    /// Expects specifics.
    Medium,
    /// Expects depth, trade-offs and defended numbers.
    Hard,
}

/// A word of a text with its character span (Unicode scalar values, end exclusive).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    /// Lowercased word (letters, digits, apostrophes inside).
    pub lower: String,
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into words: runs of alphanumeric characters, with `'` and `’` kept inside a
/// word ("I'm") and `.`/`,` kept between digits ("1.8", "3,200"); `%` is its own token.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '%' {
            out.push(Word {
                lower: "%".into(),
                start: i,
                end: i + 1,
            });
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            let inner = match c {
                '\'' | '’' => next_alnum && i > start,
                '.' | ',' => i > start && chars[i - 1].is_ascii_digit() && next_digit,
                _ => c.is_alphanumeric(),
            };
            if !inner {
                break;
            }
            i += 1;
        }
        let lower: String = chars[start..i]
            .iter()
            .collect::<String>()
            .to_lowercase()
            .replace('’', "'");
        out.push(Word {
            lower,
            start,
            end: i,
        });
    }
    out
}

/// Sentences of `text` as character spans: split after `.`, `!` or `?` followed by whitespace,
/// and at line breaks; leading and trailing whitespace trimmed; empty sentences dropped.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |s: usize, e: usize| {
        let mut s = s;
        let mut e = e;
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e > s {
            out.push((s, e));
        }
    };
    for i in 0..chars.len() {
        let c = chars[i];
        let end_mark = matches!(c, '.' | '!' | '?')
            && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
            && !(c == '.'
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()));
        if end_mark {
            push(start, i + 1);
            start = i + 1;
        } else if c == '\n' {
            push(start, i);
            start = i + 1;
        }
    }
    push(start, chars.len());
    out
}

/// The characters `start..end` of `text`.
pub(crate) fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_numbers_and_contractions_whole() {
        let w: Vec<String> = words("I'm sure: 3,200 rps, 1.8 s and 28%.")
            .into_iter()
            .map(|w| w.lower)
            .collect();
        assert_eq!(
            w,
            ["i'm", "sure", "3,200", "rps", "1.8", "s", "and", "28", "%"]
        );
    }

    #[test]
    fn sentences_split_on_marks_and_lines_not_decimals() {
        let text = "Load fell from 1.8 s to 0.6 s. We shipped!\nNext line";
        let s: Vec<String> = sentences(text)
            .into_iter()
            .map(|(a, b)| slice_chars(text, a, b))
            .collect();
        assert_eq!(
            s,
            ["Load fell from 1.8 s to 0.6 s.", "We shipped!", "Next line"]
        );
    }
}
