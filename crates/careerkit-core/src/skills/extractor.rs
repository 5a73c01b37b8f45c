//! Finds skill mentions with one Aho-Corasick automaton over every name and alias, then applies
//! context rules (word boundaries, ambiguous spellings, versions, negation and hedging) and asks
//! the learned [`SkillTagger`] which mentions sit in a phrase the text states as a skill.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use super::tagger::{PhraseKind, SkillTagger, TaggedSpan};
use super::taxonomy::{SkillCategory, SkillTaxonomy};
use crate::error::{Error, Result};
use crate::text::CharIndex;

/// How a mention is qualified by its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Stated plainly.
    Plain,
    /// Negated ("no Java required", "without Kubernetes").
    Negated,
    /// Hedged ("exposure to Rust", "familiarity with Go", "Scala is a plus").
    Hedged,
}

/// One mention of a taxonomy skill in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillMention {
    /// The canonical skill id.
    pub skill_id: String,
    /// The canonical name.
    pub name: String,
    /// The skill's category.
    pub category: SkillCategory,
    /// The text as written, with its version when one follows ("Python 3").
    pub text: String,
    /// First character of the mention (Unicode scalar values).
    pub start: usize,
    /// One past the last character (after the version, if any).
    pub end: usize,
    /// Whether the sentence negates or hedges it.
    pub qualifier: Qualifier,
    /// The version written after the name ("3" in "Python 3", "17" in "Java 17").
    #[serde(default)]
    pub version: Option<String>,
    /// True when the learned tagger reads the mention as part of a skill or knowledge phrase
    /// the text asks for or claims; false for mentions in job titles, company blurbs, benefits
    /// and other lines that state no requirement.
    #[serde(default)]
    pub requirement: bool,
}

/// A skill or knowledge phrase found by the learned tagger; it may hold no taxonomy skill at
/// all ("performance and scalability optimisations").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillPhrase {
    /// Skill (an ability, often a verb phrase) or knowledge (a field, tool or technology).
    pub kind: PhraseKind,
    /// The phrase as written.
    pub text: String,
    /// First character (Unicode scalar values).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Ids of taxonomy skills mentioned inside the phrase.
    pub skill_ids: Vec<String>,
    /// Whether the sentence negates or hedges it.
    pub qualifier: Qualifier,
}

/// Extracts skill mentions from text. Build once, use from many threads.
#[derive(Debug, Clone)]
pub struct SkillExtractor {
    taxonomy: SkillTaxonomy,
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    tagger: SkillTagger,
}

/// What one automaton pattern stands for.
#[derive(Debug, Clone)]
struct Pattern {
    /// Index of the skill in the taxonomy.
    skill: usize,
    /// For an ambiguous spelling, the exact casings accepted; empty means any casing.
    exact: Vec<String>,
}

/// A taxonomy match in byte offsets, before it becomes a [`SkillMention`].
#[derive(Debug, Clone)]
pub(crate) struct RawMatch {
    /// Index of the skill in the taxonomy.
    pub(crate) skill: usize,
    /// Byte range of the name or alias.
    pub(crate) start: usize,
    /// End of the name or alias (before any version).
    pub(crate) end: usize,
    /// End including the version.
    pub(crate) version_end: usize,
}

const NEGATION_BEFORE: &[&str] = &["no", "not", "without", "never", "n't"];
const NEGATION_AFTER: &[&str] = &[
    "not required",
    "not needed",
    "not necessary",
    "not a requirement",
    "isn't required",
    "is not required",
];
const HEDGE_BEFORE: &[&str] = &[
    "exposure to",
    "familiar",
    "familiarity",
    "basic knowledge",
    "basic understanding",
    "some experience",
    "nice to have",
    "nice-to-have",
    "a plus",
    "bonus",
    "desirable",
    "preferred",
    "ideally",
    "advantage",
    "advantageous",
    "beneficial",
];
const HEDGE_AFTER: &[&str] = &[
    "a plus",
    "a bonus",
    "nice to have",
    "preferred",
    "desirable",
    "an advantage",
    "advantageous",
    "beneficial",
];
/// Words near an ambiguous spelling ("Go", "R") that say it is meant as a technology or asked
/// for as a skill.
const TECH_CUES: &[&str] = &[
    "language",
    "languages",
    "programming",
    "developer",
    "developers",
    "development",
    "engineer",
    "framework",
    "frameworks",
    "coding",
    "stack",
    "proficiency",
    "proficient",
    "scripting",
    "library",
    "libraries",
    "experience",
    "experienced",
    "knowledge",
    "exposure",
    "familiarity",
    "expertise",
    "skills",
];
/// Negation and hedging look at most this many bytes either side of a mention.
const CLAUSE_LIMIT: usize = 300;
/// Ambiguous spellings need a neighbouring skill within this many bytes on the same line.
const NEIGHBOUR_WINDOW: usize = 40;

impl SkillExtractor {
    /// Builds the automaton for `taxonomy`, with the tagger shipped with careerkit.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if the taxonomy's phrases are too many for one automaton.
    pub fn new(taxonomy: SkillTaxonomy) -> Result<SkillExtractor> {
        SkillExtractor::with_tagger(taxonomy, SkillTagger::embedded())
    }

    /// Builds the automaton for `taxonomy` with a tagger of your own (see
    /// [`SkillTagger::train`]).
    ///
    /// # Errors
    /// As [`SkillExtractor::new`].
    pub fn with_tagger(taxonomy: SkillTaxonomy, tagger: SkillTagger) -> Result<SkillExtractor> {
        let mut phrases: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (i, skill) in taxonomy.skills().iter().enumerate() {
            for phrase in std::iter::once(&skill.name).chain(skill.aliases.iter()) {
                let lower = phrase.to_lowercase();
                let ambiguous: Vec<String> = skill
                    .ambiguous
                    .iter()
                    .filter(|a| a.to_lowercase() == lower)
                    .cloned()
                    .collect();
                match phrases.iter().position(|p| *p == lower) {
                    // The same phrase twice: the first skill keeps it; an unambiguous spelling
                    // makes it unambiguous.
                    Some(at) if patterns[at].skill == i => {
                        if ambiguous.is_empty() {
                            patterns[at].exact.clear();
                        }
                    }
                    Some(_) => {}
                    None => {
                        phrases.push(lower);
                        patterns.push(Pattern {
                            skill: i,
                            exact: ambiguous,
                        });
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .map_err(|e| Error::invalid(format!("skill automaton: {e}")))?;
        Ok(SkillExtractor {
            taxonomy,
            automaton,
            patterns,
            tagger,
        })
    }

    /// The taxonomy this extractor matches.
    pub fn taxonomy(&self) -> &SkillTaxonomy {
        &self.taxonomy
    }

    /// The learned phrase tagger this extractor uses.
    pub fn tagger(&self) -> &SkillTagger {
        &self.tagger
    }

    /// Every taxonomy skill mention in `text`, in order of appearance, each with its
    /// qualifier, version and whether the tagger reads it as a stated skill.
    pub fn extract(&self, text: &str) -> Vec<SkillMention> {
        let matches = self.find(text);
        let tagged = self.tagger.tag(text, &matches, &self.taxonomy);
        let index = CharIndex::new(text);
        matches
            .iter()
            .map(|m| {
                let skill = &self.taxonomy.skills()[m.skill];
                let version =
                    (m.version_end > m.end).then(|| text[m.end..m.version_end].trim().to_string());
                SkillMention {
                    skill_id: skill.id.clone(),
                    name: skill.name.clone(),
                    category: skill.category,
                    text: text[m.start..m.version_end].to_string(),
                    start: index.char_of_byte(m.start),
                    end: index.char_of_byte(m.version_end),
                    qualifier: qualifier(text, m.start, m.version_end),
                    version,
                    requirement: tagged
                        .iter()
                        .any(|t| t.start < m.version_end && m.start < t.end),
                }
            })
            .collect()
    }

    /// The skill and knowledge phrases the learned tagger finds in `text`, in order, with the
    /// taxonomy skills inside each. Unlike [`SkillExtractor::extract`] this also returns
    /// phrases no taxonomy holds.
    pub fn phrases(&self, text: &str) -> Vec<SkillPhrase> {
        let matches = self.find(text);
        let index = CharIndex::new(text);
        self.tagger
            .tag(text, &matches, &self.taxonomy)
            .into_iter()
            .map(|TaggedSpan { kind, start, end }| {
                let mut skill_ids: Vec<String> = Vec::new();
                for m in matches.iter().filter(|m| m.start < end && start < m.end) {
                    let id = &self.taxonomy.skills()[m.skill].id;
                    if !skill_ids.contains(id) {
                        skill_ids.push(id.clone());
                    }
                }
                SkillPhrase {
                    kind,
                    text: text[start..end].to_string(),
                    start: index.char_of_byte(start),
                    end: index.char_of_byte(end),
                    skill_ids,
                    qualifier: qualifier(text, start, end),
                }
            })
            .collect()
    }

    /// Taxonomy matches that pass the word-boundary and ambiguity rules, with versions.
    pub(crate) fn find(&self, text: &str) -> Vec<RawMatch> {
        let lower = text.to_lowercase();
        // Lowercasing can change byte lengths outside ASCII; match on the original then (the
        // automaton is ASCII-case-insensitive anyway).
        let haystack = if lower.len() == text.len() {
            lower.as_str()
        } else {
            text
        };
        let mut found: Vec<(RawMatch, bool)> = Vec::new();
        for m in self.automaton.find_iter(haystack) {
            let version_end = version_end(text, m.end());
            // "php5", "css3": a version glued to a name is still that name.
            let glued_version = version_end > m.end()
                && text[m.end()..].starts_with(|c: char| c.is_ascii_digit())
                && text[..m.end()].ends_with(char::is_alphabetic);
            let end = if glued_version { version_end } else { m.end() };
            if !is_word_boundary(text, m.start(), end) {
                continue;
            }
            let pattern = &self.patterns[m.pattern().as_usize()];
            let written = &text[m.start()..m.end()];
            if !pattern.exact.is_empty() && !pattern.exact.iter().any(|e| e == written) {
                continue;
            }
            found.push((
                RawMatch {
                    skill: pattern.skill,
                    start: m.start(),
                    end: m.end(),
                    version_end,
                },
                !pattern.exact.is_empty(),
            ));
        }
        let keep: Vec<bool> = found
            .iter()
            .map(|(m, ambiguous)| !ambiguous || ambiguous_in_context(text, m, &found))
            .collect();
        found
            .into_iter()
            .zip(keep)
            .filter_map(|((m, _), keep)| keep.then_some(m))
            .collect()
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    // "C++" and "C#" end in punctuation; a following "+" or "#" would make them another token.
    // A "." followed by a letter continues a name ("Node.js" must not match "Node").
    let dotted = text[end..].starts_with('.')
        && text[end + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
    !joins(before) && !joins(after) && after != Some('+') && after != Some('#') && !dotted
}

/// An ambiguous spelling counts when another skill is listed next to it on the same line, or a
/// technical cue word is near; a sentence-initial capital ("Go ahead") never counts alone.
fn ambiguous_in_context(text: &str, m: &RawMatch, all: &[(RawMatch, bool)]) -> bool {
    let line_start = text[..m.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[m.end..].find('\n').map_or(text.len(), |i| m.end + i);
    let neighbour = all.iter().any(|(other, ambiguous)| {
        !ambiguous
            && other.start != m.start
            && other.start >= line_start
            && other.end <= line_end
            && (other.end + NEIGHBOUR_WINDOW >= m.start && m.end + NEIGHBOUR_WINDOW >= other.start)
    });
    if neighbour {
        return true;
    }
    let window_start = floor_char_boundary(text, m.start.saturating_sub(NEIGHBOUR_WINDOW));
    let window_end = ceil_char_boundary(text, (m.version_end + NEIGHBOUR_WINDOW).min(text.len()));
    let window = text[window_start.max(line_start)..window_end.min(line_end)].to_lowercase();
    window
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| TECH_CUES.contains(&w))
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// End of a version number written after a skill ("Python 3", "Java 17", "Angular 2+",
/// "Python 3.11"), or `end` when there is none. "Java 5 years" is a duration, not a version.
fn version_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let after_space = rest.strip_prefix(' ').unwrap_or(rest);
    let offset = rest.len() - after_space.len();
    let body = after_space.strip_prefix(['v', 'V']).unwrap_or(after_space);
    let digits: usize = body
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || (*c == '.' && *i > 0))
        .count();
    if digits == 0 || digits > 6 {
        return end;
    }
    let mut version_len = (after_space.len() - body.len()) + digits;
    let mut tail = &after_space[version_len..];
    // A trailing dot ends the sentence, not the version.
    if after_space[..version_len].ends_with('.') {
        version_len -= 1;
        tail = &after_space[version_len..];
    }
    if let Some(t) = tail.strip_prefix('+') {
        version_len += 1;
        tail = t;
    }
    if tail.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return end;
    }
    let next_word = tail
        .trim_start_matches([' ', '+'])
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if ["years", "year", "yrs", "yr", "months", "or"].contains(&next_word.as_str()) {
        return end;
    }
    end + offset + version_len
}

/// Clause boundaries for negation and hedging scope: a line break, `;`, `!`, `?`, or a `.`
/// that ends a sentence (a dot inside a token such as "Node.js" does not). Scope is capped at
/// [`CLAUSE_LIMIT`] bytes either side so a text without punctuation stays linear.
fn clause_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_stop = |i: usize, c: char| match c {
        '\n' | ';' | '!' | '?' => true,
        '.' => text[i + 1..].chars().next().is_none_or(char::is_whitespace),
        _ => false,
    };
    let lo = floor_char_boundary(text, start.saturating_sub(CLAUSE_LIMIT));
    let hi = ceil_char_boundary(text, (end + CLAUSE_LIMIT).min(text.len()));
    let from = text[lo..start]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_stop(lo + i, c))
        .map_or(lo, |(i, _)| lo + i + 1);
    let to = text[end..hi]
        .char_indices()
        .find(|&(i, c)| is_stop(end + i, c))
        .map_or(hi, |(i, _)| end + i);
    (from, to)
}

fn qualifier(text: &str, start: usize, end: usize) -> Qualifier {
    let (from, to) = clause_bounds(text, start, end);
    let before = text[from..start].to_lowercase();
    let after = text[end..to].to_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let negated_before = words
        .iter()
        .any(|w| NEGATION_BEFORE.contains(w) || w.ends_with("n't"));
    if negated_before || NEGATION_AFTER.iter().any(|cue| after.contains(cue)) {
        Qualifier::Negated
    } else if HEDGE_BEFORE.iter().any(|cue| before.contains(cue))
        || HEDGE_AFTER.iter().any(|cue| after.contains(cue))
    {
        Qualifier::Hedged
    } else {
        Qualifier::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extractor() -> SkillExtractor {
        SkillExtractor::new(SkillTaxonomy::embedded()).unwrap()
    }

    fn names(text: &str) -> Vec<String> {
        extractor()
            .extract(text)
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn matches_need_word_boundaries() {
        assert_eq!(names("javascripting golang gopher"), ["Go"]);
        assert_eq!(names("C++ and C#, not C"), ["C++", "C#", "C"]);
        assert_eq!(names("CI/CD"), ["CI/CD"]);
        assert_eq!(names("Node.js services"), ["Node.js"]);
        assert_eq!(names("php5 and Java8"), ["PHP", "Java"]);
    }

    #[test]
    fn ambiguous_spellings_need_context() {
        assert!(names("Go ahead and apply, we will get back to you.").is_empty());
        assert!(names("Spring is a lovely season in R and C").is_empty());
        assert_eq!(names("Python/Go/Rust"), ["Python", "Go", "Rust"]);
        assert_eq!(names("Strong Go programming skills"), ["Go"]);
        assert_eq!(names("R, SQL and Tableau"), ["R", "SQL", "Tableau"]);
        assert!(names("GO live with Chef").is_empty());
    }

    #[test]
    fn abbreviations_and_aliases_resolve_to_canonical_names() {
        assert_eq!(
            names("JS, k8s, Postgres and AWS"),
            ["JavaScript", "Kubernetes", "PostgreSQL", "AWS"]
        );
        assert_eq!(
            names("OpenShift, Rancher and Nginx"),
            ["OpenShift", "Rancher", "Nginx"]
        );
    }

    #[test]
    fn versions_extend_the_span() {
        let found = extractor().extract("Java 17, Python 3.11 and Angular 2+. Java 5 years.");
        let got: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|m| (m.text.as_str(), m.version.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Java 17", Some("17")),
                ("Python 3.11", Some("3.11")),
                ("Angular 2+", Some("2+")),
                ("Java", None)
            ]
        );
    }

    #[test]
    fn spans_are_character_offsets() {
        let text = "Zürich team: React";
        let m = &extractor().extract(text)[0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), "React");
    }

    #[test]
    fn negation_and_hedges_are_marked() {
        let q = |text: &str| -> Vec<Qualifier> {
            extractor()
                .extract(text)
                .iter()
                .map(|m| m.qualifier)
                .collect()
        };
        assert_eq!(q("Exposure to Rust is a plus."), [Qualifier::Hedged]);
        assert_eq!(
            q("No Java required. Python is essential."),
            [Qualifier::Negated, Qualifier::Plain]
        );
        assert_eq!(q("Kubernetes is not required"), [Qualifier::Negated]);
        assert_eq!(q("Scala is a plus"), [Qualifier::Hedged]);
        assert_eq!(q("You don't need Docker"), [Qualifier::Negated]);
    }
}

#[cfg(test)]
mod product_tests {
    use super::*;
    use crate::skills::{Skill, SkillCategory};

    #[test]
    fn a_product_can_extend_the_taxonomy() {
        let mut acme = Skill::new("acmeql", "AcmeQL", SkillCategory::Language);
        acme.aliases.push("acme query language".into());
        acme.implies.push("sql".into());
        let taxonomy = SkillTaxonomy::embedded().extended(vec![acme]).unwrap();
        let found = SkillExtractor::new(taxonomy.clone())
            .unwrap()
            .extract("You write Acme Query Language daily.");
        assert_eq!(found[0].skill_id, "acmeql");
        assert_eq!(taxonomy.implied("acmeql")[0].id, "sql");
    }

    #[test]
    fn requirement_flag_separates_requirements_from_company_lines() {
        let jd = "Senior Java Developer\nAbout us: we are a Java shop with free lunches.\n\
                  Requirements:\nExperience with Kubernetes and Terraform\n\
                  Strong knowledge of PostgreSQL\n";
        let found = SkillExtractor::new(SkillTaxonomy::embedded())
            .unwrap()
            .extract(jd);
        let about = jd.find("About").unwrap();
        let requirements = jd.find("Requirements").unwrap();
        for m in &found {
            if (about..requirements).contains(&m.start) {
                assert!(!m.requirement, "{m:?} is the company's stack");
            } else if m.start > requirements {
                assert!(m.requirement, "{m:?} is asked for");
            }
        }
        assert_eq!(found.len(), 5);
    }
}
