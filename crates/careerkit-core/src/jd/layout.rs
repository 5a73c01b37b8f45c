//! The layout of a job description: lines, the section each line belongs to ("Requirements",
//! "Nice to have", ...) and clause boundaries, so other rules can ask "is this offset in a
//! preferred context?" without re-reading the text.

/// What a part of a job description is about, as its heading says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Before any heading, or under a heading careerkit does not classify.
    Other,
    /// Duties: "Responsibilities", "What you'll do".
    Responsibilities,
    /// Must-haves: "Requirements", "Qualifications".
    Requirements,
    /// Nice-to-haves: "Nice to have", "Bonus points", "Advantage:".
    Preferred,
    /// "Benefits", "We offer": skills named here are not asked of the candidate.
    Benefits,
    /// "About us", "Company description": the employer, not the candidate.
    About,
}

/// Heading phrases per context, lowercase. A heading matches when it starts with a phrase
/// followed by a word boundary. Checked in this order, so "preferred qualifications" is
/// [`Context::Preferred`] before "qualifications" can make it [`Context::Requirements`].
const HEADINGS: &[(Context, &[&str])] = &[
    (
        Context::Preferred,
        &[
            "nice to have",
            "nice-to-have",
            "preferred",
            "bonus",
            "pluses",
            "desirable",
            "good to have",
            "advantage",
            "it's a plus",
            "extra credit",
        ],
    ),
    (
        Context::Benefits,
        &[
            "benefits",
            "job benefits",
            "we offer",
            "what we offer",
            "perks",
            "salary and terms",
            "compensation",
            "why join",
        ],
    ),
    (
        Context::About,
        &[
            "about us",
            "about the company",
            "company description",
            "who we are",
            "our company",
        ],
    ),
    (
        Context::Responsibilities,
        &[
            "responsibilities",
            "key responsibilities",
            "your responsibilities",
            "what you'll do",
            "what you will do",
            "what you will be doing",
            "your role",
            "the role",
            "duties",
            "tasks",
            "your tasks",
            "how you will",
            "day-to-day",
            "day to day",
            "in this role",
        ],
    ),
    (
        Context::Requirements,
        &[
            "requirements",
            "qualifications",
            "minimum qualifications",
            "basic qualifications",
            "required",
            "what you bring",
            "what we're looking for",
            "what we are looking for",
            "who you are",
            "your profile",
            "about you",
            "you have",
            "must have",
            "must-have",
            "skills",
            "technologies",
            "tech stack",
        ],
    ),
    (Context::Other, &["job description", "description"]),
];

/// Cues that make a clause a nice-to-have.
const PREFERRED_CUES: &[&str] = &[
    "nice to have",
    "nice-to-have",
    "bonus",
    "preferred",
    "a plus",
    "plus",
    "advantage",
    "desirable",
    "ideally",
    "appreciated",
    "not required",
    "optional",
    "beneficial",
    "an asset",
    "would be great",
    "good to have",
];

/// One line of the text with its context.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character (before the newline).
    pub end: usize,
    /// The section this line belongs to.
    pub context: Context,
    /// True for a line that is only a heading.
    pub is_heading: bool,
    /// Byte offset where the content starts after an inline label ("Requirements: ...").
    pub content_start: usize,
}

/// The text split into lines with their contexts.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub lines: Vec<Line>,
}

impl Layout {
    /// Splits `text` into lines and assigns each its section context.
    pub fn new(text: &str) -> Layout {
        let mut lines = Vec::new();
        let mut heading_context = Context::Other;
        let mut inline_context: Option<Context> = None;
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let body = raw.trim_end_matches(['\n', '\r']);
            let end = start + body.len();
            let trimmed = body.trim();
            let mut line = Line {
                start,
                end,
                context: inline_context.unwrap_or(heading_context),
                is_heading: false,
                content_start: start,
            };
            if trimmed.is_empty() {
                inline_context = None;
            } else if let Some(context) = heading_of(trimmed) {
                heading_context = context;
                inline_context = None;
                line.context = context;
                line.is_heading = true;
                line.content_start = end;
            } else if let Some((label, _)) = trimmed.split_once(':') {
                if let Some(context) = heading_of(label) {
                    inline_context = Some(context);
                    line.context = context;
                    line.content_start = start + body.find(':').map_or(0, |i| i + 1);
                }
            }
            lines.push(line);
            start += raw.len();
        }
        Layout { lines }
    }

    /// The line holding byte offset `at`.
    pub fn line_at(&self, at: usize) -> Option<&Line> {
        let i = self.lines.partition_point(|l| l.end < at);
        self.lines.get(i)
    }

    /// The context of byte offset `at`, with the clause around it taken into account: a clause
    /// with a nice-to-have cue is [`Context::Preferred`].
    pub fn context_at(&self, text: &str, at: usize) -> Context {
        let context = self.line_at(at).map_or(Context::Other, |l| l.context);
        let (start, end) = clause_around(text, at);
        if matches!(
            context,
            Context::Requirements | Context::Responsibilities | Context::Other
        ) && has_preferred_cue(&text[start..end])
        {
            Context::Preferred
        } else {
            context
        }
    }
}

/// The context a heading names, if `candidate` reads as a heading (a few words, a known phrase).
fn heading_of(candidate: &str) -> Option<Context> {
    let normalized = candidate
        .trim()
        .trim_start_matches(['#', '*', '-', ' '])
        .trim_end_matches([':', '*', ' '])
        .to_lowercase();
    if normalized.is_empty() || normalized.split_whitespace().count() > 6 {
        return None;
    }
    HEADINGS.iter().find_map(|(context, phrases)| {
        phrases
            .iter()
            .any(|p| starts_with_word(&normalized, p))
            .then_some(*context)
    })
}

fn starts_with_word(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// Whether `clause` holds a nice-to-have cue as a whole word or phrase.
pub(crate) fn has_preferred_cue(clause: &str) -> bool {
    let lower = clause.to_lowercase();
    PREFERRED_CUES.iter().any(|cue| contains_word(&lower, cue))
}

/// Whether `haystack` contains `needle` with no letter or digit on either side.
pub(crate) fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Words after which a line break cannot end a clause: the sentence goes on ("backed by a\n
/// TypeScript-first codebase").
const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "for", "with", "by", "on", "at", "as", "via",
];

/// Byte range of the clause around byte offset `at`: bounded by `;`, by a `.`, `!` or `?`
/// followed by whitespace (so "Node.js" stays whole), or by a line break that is not a hard wrap
/// inside a sentence (see [`is_clause_break`]).
pub(crate) fn clause_around(text: &str, at: usize) -> (usize, usize) {
    let at = floor_boundary(text, at.min(text.len()));
    let bytes = text.as_bytes();
    let is_end = |i: usize| match bytes[i] {
        b';' => true,
        b'\n' => is_clause_break(text, i),
        b'.' | b'!' | b'?' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
        _ => false,
    };
    let start = (0..at).rev().find(|&i| is_end(i)).map_or(0, |i| i + 1);
    let end = (at..bytes.len())
        .find(|&i| is_end(i))
        .unwrap_or(bytes.len());
    (start, end)
}

/// Whether the line break at byte `newline` ends a clause. Hard-wrapped prose goes on when the
/// next line starts in lowercase or the line ends with a comma or a word such as "and" or "a";
/// a blank line, a bullet or a capitalised line after a complete one ends it.
fn is_clause_break(text: &str, newline: usize) -> bool {
    let before = text[..newline].trim_end_matches('\r');
    let Some(next) = text[newline + 1..]
        .chars()
        .find(|c| *c != ' ' && *c != '\t')
    else {
        return true;
    };
    if next == '\n' || next.is_uppercase() && before.ends_with([':', '.']) {
        return true;
    }
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let continues = next.is_lowercase()
        || before.ends_with(',')
        || CONTINUING_WORDS.contains(&last_word.as_str());
    !continues
}

/// The largest char boundary at or below `at`.
pub(crate) fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Splits `text[start..end]` into clauses (see [`clause_around`]), as trimmed byte ranges.
pub(crate) fn clauses(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let (_, clause_end) = clause_around(text, at);
        let clause_end = clause_end.min(end);
        let piece = &text[at..clause_end];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            out.push((at + lead, clause_end - trail));
        }
        at = clause_end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_inline_labels_set_contexts() {
        let text = "About us\nWe build things with Java.\n\nRequirements: Rust; Go is a plus.\nMore Rust.\n\nNice to have\nKafka\nBenefits\nGym";
        let layout = Layout::new(text);
        let at = |needle: &str| layout.context_at(text, text.find(needle).unwrap_or(0));
        assert_eq!(at("Java"), Context::About);
        assert_eq!(at("Rust;"), Context::Requirements);
        assert_eq!(at("Go is"), Context::Preferred);
        assert_eq!(at("More Rust"), Context::Requirements);
        assert_eq!(at("Kafka"), Context::Preferred);
        assert_eq!(at("Gym"), Context::Benefits);
    }

    #[test]
    fn clauses_keep_dotted_names_whole() {
        let text = "Use Node.js daily. Then rest; ok";
        let parts: Vec<&str> = clauses(text, 0, text.len())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(parts, ["Use Node.js daily", "Then rest", "ok"]);
    }
}
