//! The learned skill-phrase tagger: turns each line of a text into tokens with hashed features
//! (the words around, their shape and word classes, taxonomy matches, the line's first words and
//! the section heading it sits under) and tags skill and knowledge phrases with an averaged
//! perceptron.
//!
//! Why learned: a taxonomy alone fires on job titles, the employer's own stack and benefits,
//! and misses a third of what annotators call skills ("performance and scalability
//! optimisations"). The section and line features let the model learn where requirements are
//! stated. The shipped weights (`data/skill_tagger.txt`) are trained by
//! `cargo run -p careerkit-core --release --example train_skill_tagger` on SkillSpan postings
//! (MIT) only; see `data/NOTICE.md` for which postings and the held-out evaluation.
//! Throughput: `benches/skills`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::eval::LabelledText;
use super::extractor::{RawMatch, SkillExtractor};
use super::perceptron::{Perceptron, Trainer, B, I, KINDS, O};
use super::taxonomy::{SkillCategory, SkillTaxonomy};
use super::word_classes::{self, Classes};
use crate::error::Result;
use crate::text::CharIndex;

/// The kind of a skill phrase, following SkillSpan's annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhraseKind {
    /// An ability to do something, often a verb phrase ("deploy services on AWS").
    Skill,
    /// Knowledge of a field, tool or technology ("Terraform", "cloud hosting security").
    Knowledge,
}

impl PhraseKind {
    fn index(self) -> usize {
        match self {
            PhraseKind::Skill => 0,
            PhraseKind::Knowledge => 1,
        }
    }

    const ALL: [PhraseKind; KINDS] = [PhraseKind::Skill, PhraseKind::Knowledge];
}

/// A phrase the tagger found, in byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaggedSpan {
    pub(crate) kind: PhraseKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Tags skill and knowledge phrases. Cheap to clone (the embedded model is shared).
#[derive(Debug, Clone)]
pub struct SkillTagger {
    model: std::sync::Arc<Perceptron>,
}

/// Words whose presence anywhere on a line is a feature of every token on it: they say whether
/// the line states a requirement, describes the role, or sells the company.
const LINE_CUES: &[&str] = &[
    "experience",
    "knowledge",
    "understanding",
    "skills",
    "proficient",
    "proficiency",
    "familiar",
    "familiarity",
    "expertise",
    "degree",
    "background",
    "ability",
    "strong",
    "required",
    "preferred",
    "plus",
    "we",
    "our",
    "you",
    "your",
    "offer",
    "benefits",
    "years",
    "using",
    "with",
    "such",
];

/// A line this short is a heading ("Technical Skills:", "Job benefits:").
const HEADING_TOKENS: usize = 6;

impl SkillTagger {
    /// The tagger shipped with careerkit (`data/skill_tagger.txt`).
    pub fn embedded() -> SkillTagger {
        static EMBEDDED: OnceLock<SkillTagger> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                SkillTagger::from_text(include_str!("../../data/skill_tagger.txt"))
                    .unwrap_or_else(|_| SkillTagger::from_model(Perceptron::default()))
            })
            .clone()
    }

    fn from_model(model: Perceptron) -> SkillTagger {
        SkillTagger {
            model: std::sync::Arc::new(model),
        }
    }

    /// Reads weights written by [`SkillTagger::to_text`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidInput`] when a line is not a weight line.
    pub fn from_text(text: &str) -> Result<SkillTagger> {
        Perceptron::from_text(text).map(SkillTagger::from_model)
    }

    /// The weights as text, one hashed feature per line.
    pub fn to_text(&self) -> String {
        self.model.to_text()
    }

    /// The same tagger with a recall bias for `kind`: a positive bias (try 0.5 to 3) finds more
    /// phrases at the cost of precision, a negative one fewer. The shipped tagger's biases were
    /// chosen by cross-validation on its training postings.
    pub fn with_recall_bias(&self, kind: PhraseKind, bias: f32) -> SkillTagger {
        SkillTagger::from_model(self.model.with_recall_bias(kind.index(), bias))
    }

    /// How many features carry weight (0 for an untrained tagger).
    pub fn feature_count(&self) -> usize {
        self.model.len()
    }

    /// Trains a tagger on labelled texts for `epochs` passes, using `extractor`'s taxonomy
    /// matches as features. The order of lines is shuffled deterministically, so the same data
    /// gives the same weights.
    ///
    /// ```
    /// use careerkit_core::skills::{LabelledSpan, LabelledText, PhraseKind, SkillExtractor, SkillTagger, SkillTaxonomy};
    ///
    /// let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
    /// let text = "Experience with Terraform\nWe offer free lunch";
    /// let data = vec![LabelledText {
    ///     text: text.into(),
    ///     spans: vec![LabelledSpan { kind: PhraseKind::Knowledge, start: 16, end: 25 }],
    /// }];
    /// let tagger = SkillTagger::train(&extractor, &data, 5);
    /// let extractor = SkillExtractor::with_tagger(SkillTaxonomy::embedded(), tagger)?;
    /// assert_eq!(extractor.phrases(text)[0].text, "Terraform");
    /// # Ok::<(), careerkit_core::Error>(())
    /// ```
    pub fn train(extractor: &SkillExtractor, data: &[LabelledText], epochs: usize) -> SkillTagger {
        let mut sequences: Vec<(Vec<Vec<u64>>, GoldTags)> = Vec::new();
        for doc in data {
            let index = CharIndex::new(&doc.text);
            let matches = extractor.find(&doc.text);
            for line in lines(&doc.text, &matches, extractor.taxonomy()) {
                let mut gold: GoldTags = Default::default();
                for kind in PhraseKind::ALL {
                    let tags = &mut gold[kind.index()];
                    *tags = vec![O; line.tokens.len()];
                    for span in doc.spans.iter().filter(|s| s.kind == kind) {
                        let (s, e) = (index.byte_of_char(span.start), index.byte_of_char(span.end));
                        let mut first = true;
                        for (t, tok) in line.tokens.iter().enumerate() {
                            if tok.0 < e && s < tok.1 && tags[t] == O {
                                tags[t] = if first { B } else { I };
                                first = false;
                            }
                        }
                    }
                }
                sequences.push((line.features, gold));
            }
        }
        let mut trainer = Trainer::default();
        let mut order: Vec<usize> = (0..sequences.len()).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..epochs {
            // Fisher-Yates with a fixed linear congruential generator: reproducible weights.
            for i in (1..order.len()).rev() {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                order.swap(i, (seed >> 33) as usize % (i + 1));
            }
            for &i in &order {
                trainer.learn(&sequences[i].0, &sequences[i].1);
            }
        }
        SkillTagger::from_model(trainer.finish())
    }

    /// Skill and knowledge phrases in `text`, given its taxonomy matches.
    pub(crate) fn tag(
        &self,
        text: &str,
        matches: &[RawMatch],
        taxonomy: &SkillTaxonomy,
    ) -> Vec<TaggedSpan> {
        if self.model.len() == 0 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for line in lines(text, matches, taxonomy) {
            for kind in PhraseKind::ALL {
                let tags = self.model.decode(kind.index(), &line.features);
                let mut open: Option<(usize, usize)> = None;
                for (t, tag) in tags.iter().enumerate() {
                    let tok = line.tokens[t];
                    match (*tag, open) {
                        (I, Some((s, _))) => open = Some((s, tok.1)),
                        (B, _) | (I, None) => {
                            if let Some((s, e)) = open.take() {
                                out.push(TaggedSpan {
                                    kind,
                                    start: s,
                                    end: e,
                                });
                            }
                            open = Some(tok);
                        }
                        _ => {
                            if let Some((s, e)) = open.take() {
                                out.push(TaggedSpan {
                                    kind,
                                    start: s,
                                    end: e,
                                });
                            }
                        }
                    }
                }
                if let Some((s, e)) = open {
                    out.push(TaggedSpan {
                        kind,
                        start: s,
                        end: e,
                    });
                }
            }
        }
        out.sort_by_key(|s| (s.start, s.end));
        out
    }
}

/// A line's gold tags, one sequence per phrase kind.
type GoldTags = [Vec<usize>; KINDS];

/// One line's tokens (byte ranges in the whole text) and each token's hashed features.
struct Line {
    tokens: Vec<(usize, usize)>,
    features: Vec<Vec<u64>>,
}

fn lines(text: &str, matches: &[RawMatch], taxonomy: &SkillTaxonomy) -> Vec<Line> {
    let mut out = Vec::new();
    let mut section = String::from("none");
    let mut offset = 0;
    for (line_no, raw) in text.split('\n').enumerate() {
        let tokens = tokenize(raw, offset);
        offset += raw.len() + 1;
        if tokens.is_empty() {
            continue;
        }
        let words: Vec<String> = tokens
            .iter()
            .map(|t| text[t.0..t.1].to_lowercase())
            .collect();
        let features = line_features(text, &tokens, &words, line_no, &section, matches, taxonomy);
        if tokens.len() <= HEADING_TOKENS {
            section = words.iter().take(2).cloned().collect::<Vec<_>>().join("_");
        }
        out.push(Line { tokens, features });
    }
    out
}

/// Words: letters and digits, with inner `.`, `-`, `'` ("Node.js", "e-commerce") and trailing
/// `+`/`#` ("C++", "C#"); every other non-space character is a token of its own.
fn tokenize(line: &str, offset: usize) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let joins_next = matches!(d, '.' | '-' | '\'')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
                if d.is_alphanumeric() || joins_next {
                    j += 1;
                } else {
                    break;
                }
            }
            while j < chars.len() && matches!(chars[j].1, '+' | '#') {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |c| c.0);
            tokens.push((offset + start, offset + end));
            i = j;
        } else {
            tokens.push((offset + start, offset + start + c.len_utf8()));
            i += 1;
        }
    }
    tokens
}

fn line_features(
    text: &str,
    tokens: &[(usize, usize)],
    words: &[String],
    line_no: usize,
    section: &str,
    matches: &[RawMatch],
    taxonomy: &SkillTaxonomy,
) -> Vec<Vec<u64>> {
    let n = tokens.len();
    // Taxonomy tag of each token: "B:language", "I:tool", or "O".
    let mut tax: Vec<String> = vec!["O".into(); n];
    let mut ids: Vec<&str> = vec!["-"; n];
    let mut in_line = 0;
    for m in matches {
        let mut first = true;
        for (t, tok) in tokens.iter().enumerate() {
            if tok.0 < m.version_end && m.start < tok.1 {
                let category = category_name(taxonomy.skills()[m.skill].category);
                tax[t] = format!("{}:{category}", if first { "B" } else { "I" });
                ids[t] = &taxonomy.skills()[m.skill].id;
                if first {
                    in_line += 1;
                }
                first = false;
            }
        }
    }
    let classes: Vec<Classes> = words.iter().map(|w| word_classes::classes(w)).collect();
    let heading = n <= HEADING_TOKENS;
    let line_shared: Vec<u64> = {
        let mut f = vec![
            "bias".to_string(),
            format!("l0={}", words[0]),
            format!(
                "l01={}_{}",
                words[0],
                words.get(1).map_or("", String::as_str)
            ),
            format!("sec={section}"),
            format!("len={}", bucket(n, &[1, 3, 8, 20])),
            format!("lno={}", bucket(line_no, &[2, 19])),
            format!("ntax={}", in_line.min(3)),
            format!("head={heading}"),
            format!("end={}", words[n - 1]),
        ];
        for cue in LINE_CUES {
            if words.iter().any(|w| w == cue) {
                f.push(format!("cue={cue}"));
            }
        }
        f.iter().map(|s| hash_parts(&[s])).collect()
    };
    let word = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            words.get(i as usize).map_or("</s>", String::as_str)
        }
    };
    let tax_at = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            tax.get(i as usize).map_or("</s>", String::as_str)
        }
    };
    let lex = |i: isize| -> usize {
        usize::try_from(i)
            .ok()
            .and_then(|i| words.get(i))
            .map_or(0, |w| taxonomy.word_frequency(w) as usize)
    };
    let class_at = |i: isize, level: usize| -> &str {
        usize::try_from(i)
            .ok()
            .and_then(|i| classes.get(i))
            .map_or("-", |c| c[level])
    };
    (0..n)
        .map(|t| {
            let i = t as isize;
            let raw = &text[tokens[t].0..tokens[t].1];
            let w = word(i);
            let (pos, shape) = (bucket(t, &[0, 1, 3]), shape(raw));
            let lex_here = bucket(taxonomy.word_frequency(w) as usize, &[0, 1, 5]);
            let mut f: Vec<u64> = line_shared.clone();
            // Each feature is the concatenation of its parts, hashed without allocating.
            for parts in [
                &["w=", w][..],
                &["w-1=", word(i - 1)],
                &["w+1=", word(i + 1)],
                &["w-2=", word(i - 2)],
                &["w+2=", word(i + 2)],
                &["w-1w=", word(i - 1), "_", w],
                &["ww+1=", w, "_", word(i + 1)],
                &["shape=", &shape],
                &["suf3=", suffix(w, 3)],
                &["pre3=", prefix(w, 3)],
                &["tax=", tax_at(i)],
                &["tax-1=", tax_at(i - 1)],
                &["tax+1=", tax_at(i + 1)],
                &["pos=", pos],
                &["pos_tax=", pos, "_", tax_at(i)],
                &["sec_tax=", section, "_", tax_at(i)],
                &["l0_w=", &words[0], "_", w],
                &["tid=", ids[t]],
                &["lex=", lex_here],
                &["lex-1=", bucket(lex(i - 1), &[0, 1, 5])],
                &["lex+1=", bucket(lex(i + 1), &[0, 1, 5])],
                &["suf2=", suffix(w, 2)],
                &["c0=", class_at(i, 0)],
                &["c1=", class_at(i, 1)],
                &["c2=", class_at(i, 2)],
                &["c1-1=", class_at(i - 1, 1)],
                &["c1+1=", class_at(i + 1, 1)],
                &["c2-1c2=", class_at(i - 1, 2), "_", class_at(i, 2)],
                &["c2c2+1=", class_at(i, 2), "_", class_at(i + 1, 2)],
                &["c1_tax=", class_at(i, 1), "_", tax_at(i)],
            ] {
                f.push(hash_parts(parts));
            }
            f
        })
        .collect()
}

fn category_name(category: SkillCategory) -> &'static str {
    match category {
        SkillCategory::Language => "language",
        SkillCategory::Framework => "framework",
        SkillCategory::Database => "database",
        SkillCategory::Cloud => "cloud",
        SkillCategory::Tool => "tool",
        SkillCategory::Method => "method",
        SkillCategory::SoftSkill => "soft_skill",
        SkillCategory::Certification => "certification",
        SkillCategory::Domain => "domain",
    }
}

/// The index of the first bound `value` does not exceed, as a label ("0", "1", ..., "max").
fn bucket(value: usize, bounds: &[usize]) -> &'static str {
    const LABELS: [&str; 5] = ["0", "1", "2", "3", "4"];
    bounds
        .iter()
        .position(|&b| value <= b)
        .and_then(|i| LABELS.get(i).copied())
        .unwrap_or("max")
}

/// "Kubernetes" -> "Xx", "k8s" -> "xdx", "CI/CD" -> "X/X".
fn shape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(s) {
            out.push(s);
        }
    }
    out
}

fn suffix(word: &str, n: usize) -> &str {
    let start = word
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &word[start..]
}

fn prefix(word: &str, n: usize) -> &str {
    let end = word.char_indices().nth(n).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// FNV-1a, 64 bit, over the concatenated parts: stable across Rust versions and platforms,
/// unlike `std`'s hasher, so the shipped weights stay valid.
fn hash_parts(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_tech_names_whole() {
        let line = "Node.js, C++ & CI/CD (e-commerce)";
        let got: Vec<&str> = tokenize(line, 0).iter().map(|t| &line[t.0..t.1]).collect();
        assert_eq!(
            got,
            [
                "Node.js",
                ",",
                "C++",
                "&",
                "CI",
                "/",
                "CD",
                "(",
                "e-commerce",
                ")"
            ]
        );
    }

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Kubernetes"), "Xx");
        assert_eq!(shape("k8s"), "xdx");
        assert_eq!(suffix("zürich", 3), "ich");
        assert_eq!(prefix("zürich", 3), "zür");
        assert_eq!(bucket(5, &[1, 3, 8]), "2");
        assert_eq!(bucket(50, &[1, 3, 8]), "max");
        assert_eq!(hash_parts(&["w=", "go"]), hash_parts(&["w=go"]));
    }
}
