//! Finds skill mentions with an Aho-Corasick automaton over every name and alias.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

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
    /// Hedged ("exposure to Rust", "familiarity with Go").
    Hedged,
}

/// One mention of a skill in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillMention {
    /// The canonical skill id.
    pub skill_id: String,
    /// The canonical name.
    pub name: String,
    /// The skill's category.
    pub category: SkillCategory,
    /// The text as written.
    pub text: String,
    /// First character of the mention (Unicode scalar values).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Whether the sentence negates or hedges it.
    pub qualifier: Qualifier,
}

/// Extracts skill mentions from text. Build once, use from many threads.
#[derive(Debug, Clone)]
pub struct SkillExtractor {
    taxonomy: SkillTaxonomy,
    automaton: AhoCorasick,
    /// For each automaton pattern, the index of its skill in the taxonomy.
    pattern_skill: Vec<usize>,
}

const NEGATION_CUES: &[&str] = &["no ", "not ", "without ", "never "];
const HEDGE_CUES: &[&str] = &[
    "exposure to",
    "familiar",
    "familiarity",
    "basic knowledge",
    "some experience",
    "nice to have",
    "a plus",
    "bonus",
];

impl SkillExtractor {
    /// Builds the automaton for `taxonomy`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if the taxonomy's phrases are too many for one automaton.
    pub fn new(taxonomy: SkillTaxonomy) -> Result<SkillExtractor> {
        let mut patterns = Vec::new();
        let mut pattern_skill = Vec::new();
        for (i, skill) in taxonomy.skills().iter().enumerate() {
            for phrase in std::iter::once(&skill.name).chain(skill.aliases.iter()) {
                patterns.push(phrase.to_lowercase());
                pattern_skill.push(i);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::invalid(format!("skill automaton: {e}")))?;
        Ok(SkillExtractor {
            taxonomy,
            automaton,
            pattern_skill,
        })
    }

    /// The taxonomy this extractor matches.
    pub fn taxonomy(&self) -> &SkillTaxonomy {
        &self.taxonomy
    }

    /// Every skill mention in `text`, in order of appearance.
    pub fn extract(&self, text: &str) -> Vec<SkillMention> {
        let lower = text.to_lowercase();
        // Lowercasing can change byte lengths outside ASCII; match on the original then.
        let haystack = if lower.len() == text.len() {
            lower.as_str()
        } else {
            text
        };
        let index = CharIndex::new(text);
        let mut out = Vec::new();
        for m in self.automaton.find_iter(haystack) {
            if !is_word_boundary(text, m.start(), m.end()) {
                continue;
            }
            let skill = &self.taxonomy.skills()[self.pattern_skill[m.pattern().as_usize()]];
            out.push(SkillMention {
                skill_id: skill.id.clone(),
                name: skill.name.clone(),
                category: skill.category,
                text: text[m.start()..m.end()].to_string(),
                start: index.char_of_byte(m.start()),
                end: index.char_of_byte(m.end()),
                qualifier: qualifier_before(
                    &haystack[sentence_start(haystack, m.start())..m.start()],
                ),
            });
        }
        out
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    // "C++" and "C#" end in punctuation; a following "+" or "#" would make them another token.
    !joins(before) && !joins(after) && after != Some('+') && after != Some('#')
}

fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(['.', '\n', ';', '!', '?'])
        .map(|i| i + 1)
        .unwrap_or(0)
}

fn qualifier_before(prefix: &str) -> Qualifier {
    let prefix = format!(" {}", prefix.to_lowercase());
    if NEGATION_CUES
        .iter()
        .any(|cue| prefix.contains(&format!(" {cue}")))
    {
        Qualifier::Negated
    } else if HEDGE_CUES.iter().any(|cue| prefix.contains(cue)) {
        Qualifier::Hedged
    } else {
        Qualifier::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        SkillExtractor::new(SkillTaxonomy::embedded())
            .unwrap()
            .extract(text)
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn matches_need_word_boundaries() {
        assert_eq!(names("javascripting golang gopher"), ["Go"]);
        assert_eq!(names("C++ and C# but not C"), ["C++", "C#"]);
    }

    #[test]
    fn spans_are_character_offsets() {
        let text = "Zürich team: React";
        let m = &SkillExtractor::new(SkillTaxonomy::embedded())
            .unwrap()
            .extract(text)[0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), "React");
    }

    #[test]
    fn hedges_are_marked() {
        let found = SkillExtractor::new(SkillTaxonomy::embedded())
            .unwrap()
            .extract("Exposure to Rust is a plus.");
        assert_eq!(found[0].qualifier, Qualifier::Hedged);
    }
}
