//! Feedback on one interview answer: a STAR analysis from cue lexicons and sentence-level
//! heuristics, delivery metrics computed from the words and (when the answer is a timed
//! transcript) the timestamps, an overall score whose parts add up to it, and recommendations
//! that each carry a knowledge-base query for the agent to cite.
//!
//! Nothing here is estimated by a model: words per minute is only reported when timestamps give
//! a duration, and every STAR quote is a span of the answer.
//!
//! ```
//! use careerkit_core::interview::feedback::{analyze_answer, Answer, FeedbackOptions, StarPart};
//!
//! let answer = Answer::Text(
//!     "Last year at Acme our checkout service kept timing out during sales. \
//!      My goal was to fix it before Black Friday. I profiled the service, added a Redis \
//!      cache and rewrote the slowest query. As a result, p99 latency dropped by 60% and we \
//!      had no outage that weekend."
//!         .into(),
//! );
//! let report = analyze_answer(
//!     "Tell me about a time you fixed a performance problem.",
//!     &answer,
//!     &FeedbackOptions::default(),
//! )?;
//! let result = report.star.iter().find(|c| c.part == StarPart::Result).unwrap();
//! assert!(result.present);
//! assert!(result.quote.as_ref().unwrap().text.contains("60%"));
//! assert!(report.delivery.words_per_minute.is_none()); // plain text has no timing
//! # Ok::<(), careerkit_core::Error>(())
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{sentences, slice_chars, words, QuestionKind, Word};
use crate::error::{Error, Result};
use crate::rag::Passage;

/// One timed piece of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Segment {
    /// Start, in seconds from the beginning of the recording.
    pub start_s: f64,
    /// End, in seconds.
    pub end_s: f64,
    /// What was said.
    pub text: String,
}

/// A timed transcript of a spoken answer (what a `Transcriber` returns).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Transcript {
    /// Segments in time order.
    pub segments: Vec<Segment>,
}

impl Transcript {
    /// The segments' text joined with single spaces: the text every span of a report points
    /// into.
    pub fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A candidate's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Typed text (no timing, so no pace or pauses).
    Text(String),
    /// A timed transcript.
    Transcript(Transcript),
}

impl Answer {
    /// The answer's text (a transcript's segments joined by spaces).
    pub fn text(&self) -> String {
        match self {
            Answer::Text(t) => t.clone(),
            Answer::Transcript(t) => t.text(),
        }
    }
}

/// Options for [`analyze_answer`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeedbackOptions {
    /// The question's kind; inferred from its wording when absent.
    #[serde(default)]
    pub kind: Option<QuestionKind>,
}

/// The four parts of a STAR answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StarPart {
    /// The context: where, when, what was going on.
    Situation,
    /// What the candidate had to achieve.
    Task,
    /// What the candidate personally did.
    Action,
    /// What came of it, ideally measured.
    Result,
}

const STAR_PARTS: [StarPart; 4] = [
    StarPart::Situation,
    StarPart::Task,
    StarPart::Action,
    StarPart::Result,
];

/// A span of the answer text quoted as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Quote {
    /// The quoted text.
    pub text: String,
    /// First character in the answer text (Unicode scalar values).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// How one STAR part is covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StarComponent {
    /// Which part.
    pub part: StarPart,
    /// Whether the answer shows it (score at least 0.4).
    pub present: bool,
    /// The sentence that shows it best.
    pub quote: Option<Quote>,
    /// 0-1: how clearly and completely it is shown.
    pub score: f64,
    /// What the cues that fired were (`"cue: my goal was"`, `"number: 60%"`), for explanation.
    pub signals: Vec<String>,
    /// What is missing or weak, in words the candidate can act on; `None` when nothing is.
    pub missing: Option<String>,
}

/// A term found in the answer and how often.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TermCount {
    /// The term, lowercased.
    pub term: String,
    /// Occurrences.
    pub count: usize,
}

/// A silence between two transcript segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pause {
    /// When the silence starts (end of the previous segment), in seconds.
    pub at_s: f64,
    /// Its length in seconds.
    pub length_s: f64,
}

/// How the answer's length compares with what the question kind expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LengthVerdict {
    /// Fewer words than expected.
    TooShort,
    /// Within the expected range.
    Within,
    /// More words than expected.
    TooLong,
}

/// Delivery metrics, each computed from the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeliveryMetrics {
    /// Words in the answer.
    pub word_count: usize,
    /// Seconds from the first segment's start to the last one's end (transcripts only).
    pub duration_s: Option<f64>,
    /// `word_count / duration` in words per minute (transcripts only).
    pub words_per_minute: Option<f64>,
    /// Filler words found ("um", "you know", "basically"...).
    pub fillers: Vec<TermCount>,
    /// Fillers per 100 words.
    pub fillers_per_100_words: f64,
    /// Hedges found ("I think", "maybe", "kind of"...).
    pub hedges: Vec<TermCount>,
    /// Hedges per 100 words.
    pub hedges_per_100_words: f64,
    /// Gaps between segments longer than 2 seconds (transcripts only; empty for text).
    pub long_pauses: Vec<Pause>,
    /// Words expected for the question's kind: (least, most).
    pub expected_words: (usize, usize),
    /// The answer's length against that range.
    pub length: LengthVerdict,
    /// Three-word phrases said three times or more.
    pub repeated_phrases: Vec<TermCount>,
    /// Share of "I" among "I" and "we" as subjects (`None` when neither is used).
    pub first_person_share: Option<f64>,
}

/// One part of the overall score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScorePart {
    /// What is scored (`"star"`, `"length"`, `"fillers_and_hedges"`, `"pace"`, `"repetition"`).
    pub name: String,
    /// Its weight: the most points it can give (weights sum to 100).
    pub weight: f64,
    /// How well it is met, in `[0, 1]`.
    pub raw: f64,
    /// `weight * raw`, rounded to hundredths; the parts sum to the overall score.
    pub points: f64,
}

/// What a recommendation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackArea {
    /// A STAR part.
    Star,
    /// Answer length.
    Length,
    /// Filler words.
    Fillers,
    /// Hedging.
    Hedges,
    /// Speaking pace.
    Pace,
    /// Long pauses.
    Pauses,
    /// Repetition.
    Repetition,
    /// Ownership ("we" instead of "I").
    Ownership,
}

/// Something to do better, with a query for the knowledge base passage to cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Recommendation {
    /// What it is about.
    pub area: FeedbackArea,
    /// The STAR part, for [`FeedbackArea::Star`].
    pub part: Option<StarPart>,
    /// What to do, in one sentence.
    pub message: String,
    /// What to search in the knowledge base for a passage to cite ("STAR result quantify").
    pub kb_query: String,
    /// Points of the overall score at stake (weight times the shortfall), for ranking.
    pub points_at_stake: f64,
    /// Knowledge-base passages that back the advice, best first (filled by
    /// [`cite_recommendations`](super::cite_recommendations); empty without a knowledge base).
    #[serde(default)]
    pub sources: Vec<Passage>,
}

/// Feedback on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeedbackReport {
    /// The question asked.
    pub question: String,
    /// Its kind (given or inferred).
    pub kind: QuestionKind,
    /// The text every quote points into.
    pub answer_text: String,
    /// Situation, task, action and result, in that order.
    pub star: Vec<StarComponent>,
    /// Delivery metrics.
    pub delivery: DeliveryMetrics,
    /// 0-100, the sum of the breakdown's points.
    pub overall: f64,
    /// The parts of the overall score.
    pub breakdown: Vec<ScorePart>,
    /// What to improve, most points at stake first.
    pub recommendations: Vec<Recommendation>,
}

impl FeedbackReport {
    /// The JSON Schema of the report, for structured output and for products.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(FeedbackReport)).unwrap_or_default()
    }
}

/// A pause longer than this (seconds) between segments is reported.
const LONG_PAUSE_S: f64 = 2.0;
/// Conversational pace, words per minute: full marks inside, less outside.
const PACE_RANGE: (f64, f64) = (120.0, 170.0);

/// Analyses `answer` to `question`.
///
/// # Errors
/// [`Error::InvalidInput`] when the answer has no words, or a transcript segment has a negative
/// or inverted time, or segments are out of order.
pub fn analyze_answer(
    question: &str,
    answer: &Answer,
    options: &FeedbackOptions,
) -> Result<FeedbackReport> {
    if let Answer::Transcript(t) = answer {
        validate(t)?;
    }
    let text = answer.text();
    let tokens = words(&text);
    if tokens.is_empty() {
        return Err(Error::invalid("the answer has no words"));
    }
    let kind = options
        .kind
        .unwrap_or_else(|| QuestionKind::infer(question));
    let star = star_analysis(&text);
    let delivery = delivery(answer, &tokens, kind);
    let breakdown = breakdown(&star, &delivery);
    let overall = round2(breakdown.iter().map(|p| p.points).sum());
    let recommendations = recommendations(&star, &delivery, &breakdown);
    Ok(FeedbackReport {
        question: question.to_string(),
        kind,
        answer_text: text,
        star,
        delivery,
        overall,
        breakdown,
        recommendations,
    })
}

fn validate(t: &Transcript) -> Result<()> {
    let mut last_end = 0.0_f64;
    for (i, s) in t.segments.iter().enumerate() {
        if !(s.start_s.is_finite() && s.end_s.is_finite()) || s.start_s < 0.0 || s.end_s < s.start_s
        {
            return Err(Error::invalid(format!(
                "transcript segment {i} has an invalid time range ({} - {} s)",
                s.start_s, s.end_s
            )));
        }
        if s.start_s + 1e-9 < last_end {
            return Err(Error::invalid(format!(
                "transcript segment {i} starts before the previous one ends"
            )));
        }
        last_end = s.end_s;
    }
    Ok(())
}

// ---- STAR ----------------------------------------------------------------------------------

const SITUATION_CUES: &[&str] = &[
    "when i was",
    "at my previous",
    "at my last",
    "in my previous",
    "in my last",
    "at the time",
    "back in",
    "last year",
    "a few years ago",
    "years ago",
    "there was",
    "we had",
    "our team",
    "the team was",
    "the company",
    "our company",
    "the project",
    "we were",
    "i was working",
    "i worked at",
    "while working",
    "context",
    "the problem was",
    "kept",
    "faced",
    "ago",
    "my team",
    "last month",
    "last quarter",
    "last week",
    "last spring",
    "last summer",
    "last autumn",
    "last fall",
    "last winter",
    "during",
    "in the middle of",
    "when i joined",
    "the night before",
    "in my first",
    "in my second",
    "inherited",
];
const TASK_CUES: &[&str] = &[
    "my goal",
    "the goal",
    "my task",
    "the task",
    "i was responsible",
    "i was asked",
    "i was tasked",
    "i needed to",
    "i had to",
    "we needed to",
    "we had to",
    "my job was",
    "my role was",
    "my responsibility",
    "the objective",
    "the challenge was",
    "i wanted to",
    "in charge of",
    "deadline",
    "needed to",
    "accountable for",
    "responsible for",
    "my target",
    "the target",
    "task was",
    "had to",
    "to own",
    "i volunteered",
];
const ACTION_VERBS: &[&str] = &[
    "analysed",
    "analyzed",
    "added",
    "automated",
    "built",
    "changed",
    "coached",
    "collaborated",
    "configured",
    "convinced",
    "created",
    "debugged",
    "decided",
    "defined",
    "delivered",
    "deployed",
    "designed",
    "developed",
    "documented",
    "drove",
    "fixed",
    "found",
    "gathered",
    "implemented",
    "improved",
    "initiated",
    "interviewed",
    "introduced",
    "investigated",
    "launched",
    "led",
    "mentored",
    "met",
    "migrated",
    "negotiated",
    "organised",
    "organized",
    "paired",
    "persuaded",
    "planned",
    "presented",
    "prioritised",
    "prioritized",
    "profiled",
    "proposed",
    "prototyped",
    "rebuilt",
    "refactored",
    "replaced",
    "researched",
    "reviewed",
    "rewrote",
    "ran",
    "scheduled",
    "set",
    "simplified",
    "spoke",
    "started",
    "talked",
    "tested",
    "traced",
    "trained",
    "wrote",
    "scripted",
    "moved",
    "deleted",
    "split",
    "volunteered",
    "sat",
    "spotted",
    "reproduced",
    "listened",
    "called",
    "showed",
    "paged",
    "rolled",
    "cached",
    "rehearsed",
    "asked",
    "removed",
    "merged",
    "reorganised",
    "reorganized",
    "read",
];
const RESULT_CUES: &[&str] = &[
    "as a result",
    "result",
    "resulted",
    "outcome",
    "in the end",
    "eventually",
    "ultimately",
    "which meant",
    "led to",
    "reduced",
    "increased",
    "improved",
    "saved",
    "cut",
    "grew",
    "dropped",
    "fell",
    "doubled",
    "halved",
    "shipped",
    "launched",
    "on time",
    "no outage",
    "promoted",
    "adopted",
    "feedback",
    "learned",
    "learnt",
    "achieved",
    "went down",
    "went up",
    "down from",
    "down to",
    "now",
    "finished",
    "early",
    "ahead of",
    "on schedule",
    "approved",
    "recovered",
    "no longer",
    "percent",
    "per cent",
];

/// Per-sentence cue evidence.
struct SentenceCues {
    span: (usize, usize),
    /// Position of the sentence's middle in the answer, 0..1.
    position: f64,
    signals: [Vec<String>; 4],
    scores: [f64; 4],
}

fn phrase_hits(lower: &[String], cues: &[&str]) -> Vec<String> {
    cues.iter()
        .filter(|cue| contains_phrase(lower, cue))
        .map(|c| c.to_string())
        .collect()
}

/// Whether the word sequence `phrase` occurs in `tokens`.
fn contains_phrase(tokens: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    tokens
        .windows(p.len())
        .any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
}

fn is_number(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        || matches!(
            w,
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "twice"
                | "half"
                | "dozen"
                | "hundred"
                | "hundreds"
                | "thousand"
                | "thousands"
                | "million"
                | "millions"
        )
}

fn sentence_cues(text: &str) -> Vec<SentenceCues> {
    let spans = sentences(text);
    let total = text.chars().count().max(1) as f64;
    spans
        .into_iter()
        .map(|(s, e)| {
            let toks: Vec<String> = words(&slice_chars(text, s, e))
                .into_iter()
                .map(|w| w.lower)
                .collect();
            let position = (s + e) as f64 / 2.0 / total;
            let mut signals: [Vec<String>; 4] = Default::default();
            let mut scores = [0.0; 4];

            let situation = phrase_hits(&toks, SITUATION_CUES);
            let past = toks
                .iter()
                .any(|t| matches!(t.as_str(), "was" | "were" | "had"));
            if !situation.is_empty() {
                scores[0] =
                    0.5 + if past { 0.25 } else { 0.0 } + if position < 0.4 { 0.25 } else { 0.0 };
            } else if past && position < 0.25 {
                scores[0] = 0.4;
                signals[0].push("past tense at the start".into());
            }
            signals[0].extend(situation.into_iter().map(|c| format!("cue: {c}")));

            let task = phrase_hits(&toks, TASK_CUES);
            if !task.is_empty() {
                scores[1] = 0.6
                    + if position < 0.6 { 0.2 } else { 0.0 }
                    + 0.2 * f64::from(u8::from(task.len() > 1));
            }
            signals[1].extend(task.into_iter().map(|c| format!("cue: {c}")));

            let verbs: Vec<&String> = toks
                .iter()
                .filter(|t| ACTION_VERBS.contains(&t.as_str()))
                .collect();
            let i_subject = toks.iter().any(|t| t == "i");
            let we_subject = toks.iter().any(|t| t == "we");
            if !verbs.is_empty() {
                scores[2] = match (i_subject, we_subject) {
                    (true, _) => 0.6,
                    (false, true) => 0.35,
                    (false, false) => 0.3,
                } + 0.1 * (verbs.len().min(4) as f64);
                signals[2].extend(verbs.iter().map(|v| format!("action verb: {v}")));
            }

            let outcome = phrase_hits(&toks, RESULT_CUES);
            let numbers: Vec<&String> = toks.iter().filter(|t| is_number(t)).collect();
            if !outcome.is_empty() {
                scores[3] = 0.45
                    + if numbers.is_empty() { 0.0 } else { 0.35 }
                    + if position > 0.5 { 0.2 } else { 0.0 };
                signals[3].extend(outcome.into_iter().map(|c| format!("cue: {c}")));
                signals[3].extend(numbers.iter().map(|n| format!("number: {n}")));
            } else if position > 0.6 && !numbers.is_empty() {
                // A measured outcome needs no cue word ("Nightly failures: twelve to one").
                scores[3] = 0.45;
                signals[3].extend(numbers.iter().map(|n| format!("number at the end: {n}")));
            }
            SentenceCues {
                span: (s, e),
                position,
                signals,
                scores: scores.map(|x: f64| x.min(1.0)),
            }
        })
        .collect()
}

/// Each part takes the sentence that shows it best; a sentence serves one part only (the one it
/// shows most strongly; ties go to the earlier STAR part when the sentence is early, the later
/// when it is late).
fn star_analysis(text: &str) -> Vec<StarComponent> {
    let cues = sentence_cues(text);
    let owner: Vec<Option<usize>> = cues
        .iter()
        .map(|c| {
            let mut best: Option<usize> = None;
            for p in 0..4 {
                let better = match best {
                    None => c.scores[p] > 0.0,
                    Some(b) => {
                        c.scores[p] > c.scores[b] + 1e-9
                            || ((c.scores[p] - c.scores[b]).abs() <= 1e-9 && c.position > 0.5)
                    }
                };
                if better {
                    best = Some(p);
                }
            }
            best
        })
        .collect();
    let action_sentences = owner.iter().filter(|o| **o == Some(2)).count();
    STAR_PARTS
        .iter()
        .enumerate()
        .map(|(p, &part)| {
            let best = cues
                .iter()
                .zip(&owner)
                .filter(|(_, o)| **o == Some(p))
                .map(|(c, _)| c)
                .max_by(|a, b| a.scores[p].total_cmp(&b.scores[p]));
            let mut score = best.map_or(0.0, |c| c.scores[p]);
            if part == StarPart::Action && action_sentences > 1 {
                // Several steps described: a fuller account of what was done.
                score = (score + 0.1 * (action_sentences - 1).min(3) as f64).min(1.0);
            }
            let present = score >= 0.4;
            let quote = best.filter(|_| present).map(|c| Quote {
                text: slice_chars(text, c.span.0, c.span.1),
                start: c.span.0,
                end: c.span.1,
            });
            let has_number =
                best.is_some_and(|c| c.signals[3].iter().any(|s| s.starts_with("number")));
            let has_i = best.is_some_and(|c| {
                words(&slice_chars(text, c.span.0, c.span.1))
                    .iter()
                    .any(|w| w.lower == "i")
            });
            StarComponent {
                part,
                present,
                quote,
                score: round2(score),
                signals: best.map(|c| c.signals[p].clone()).unwrap_or_default(),
                missing: missing_text(part, present, score, has_number, has_i),
            }
        })
        .collect()
}

fn missing_text(
    part: StarPart,
    present: bool,
    score: f64,
    number: bool,
    i: bool,
) -> Option<String> {
    let text = match part {
        StarPart::Situation if !present => {
            "Set the scene: where you were, when, and what was going on."
        }
        StarPart::Task if !present => {
            "Say what you had to achieve and why it mattered (\"My goal was...\")."
        }
        StarPart::Action if !present => {
            "Describe the concrete steps you took yourself, with action verbs."
        }
        StarPart::Action if !i => "Say what you did (\"I\"), not only what the team did (\"we\").",
        StarPart::Result if !present => {
            "End with the outcome: what changed because of what you did."
        }
        StarPart::Result if !number => {
            "Quantify the result (a percentage, time saved, users, money)."
        }
        _ if score < 0.7 => "Make this part more explicit and specific.",
        _ => return None,
    };
    Some(text.to_string())
}

// ---- delivery ------------------------------------------------------------------------------

const FILLERS: &[&str] = &[
    "um",
    "umm",
    "uh",
    "uhm",
    "erm",
    "er",
    "ah",
    "hmm",
    "you know",
    "i mean",
    "basically",
    "actually",
    "literally",
    "so yeah",
    "like you know",
];
const HEDGES: &[&str] = &[
    "i think",
    "i guess",
    "i believe",
    "i feel like",
    "maybe",
    "perhaps",
    "probably",
    "kind of",
    "sort of",
    "somewhat",
    "i'm not sure",
    "not sure",
    "hopefully",
    "i suppose",
    "more or less",
    "a little bit",
];

/// Counts occurrences of each phrase in `tokens`; a token counted by an earlier (longer or
/// listed-first) phrase is not counted again.
fn count_terms(tokens: &[String], terms: &[&str], used: &mut [bool]) -> Vec<TermCount> {
    let mut sorted: Vec<&str> = terms.to_vec();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.split(' ').count()));
    let mut counts: Vec<TermCount> = Vec::new();
    for term in sorted {
        let p: Vec<&str> = term.split(' ').collect();
        let mut count = 0;
        let mut i = 0;
        while i + p.len() <= tokens.len() {
            let hit = (0..p.len()).all(|k| tokens[i + k] == p[k] && !used[i + k]);
            if hit {
                used[i..i + p.len()].iter_mut().for_each(|u| *u = true);
                count += 1;
                i += p.len();
            } else {
                i += 1;
            }
        }
        if count > 0 {
            counts.push(TermCount {
                term: term.to_string(),
                count,
            });
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    counts
}

const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "to", "of", "in", "on", "at", "for", "it", "is", "was", "i",
    "we", "that", "this", "with", "so", "but", "be", "as", "my", "our",
];

/// Three-word phrases said at least three times, not made only of stop words.
fn repeated_phrases(tokens: &[String]) -> Vec<TermCount> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for w in tokens.windows(3) {
        if w.iter().all(|t| STOP_WORDS.contains(&t.as_str())) {
            continue;
        }
        *counts.entry(w.join(" ")).or_default() += 1;
    }
    let mut out: Vec<TermCount> = counts
        .into_iter()
        .filter(|(_, c)| *c >= 3)
        .map(|(term, count)| TermCount { term, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    out
}

fn delivery(answer: &Answer, tokens: &[Word], kind: QuestionKind) -> DeliveryMetrics {
    // "%" is a token of its own but not a spoken word.
    let lower: Vec<String> = tokens
        .iter()
        .filter(|w| w.lower != "%")
        .map(|w| w.lower.clone())
        .collect();
    let n = lower.len();
    let per_100 = |counts: &[TermCount]| {
        round2(counts.iter().map(|c| c.count).sum::<usize>() as f64 * 100.0 / n.max(1) as f64)
    };
    let mut used = vec![false; n];
    let fillers = count_terms(&lower, FILLERS, &mut used);
    let hedges = count_terms(&lower, HEDGES, &mut used);
    let (duration_s, long_pauses) = match answer {
        Answer::Transcript(t) if !t.segments.is_empty() => {
            let first = t.segments.first().map_or(0.0, |s| s.start_s);
            let last = t.segments.last().map_or(0.0, |s| s.end_s);
            let pauses = t
                .segments
                .windows(2)
                .filter_map(|w| {
                    let gap = w[1].start_s - w[0].end_s;
                    (gap > LONG_PAUSE_S).then(|| Pause {
                        at_s: w[0].end_s,
                        length_s: round2(gap),
                    })
                })
                .collect();
            ((last > first).then_some(last - first), pauses)
        }
        _ => (None, Vec::new()),
    };
    let expected = kind.expected_words();
    let length = if n < expected.0 {
        LengthVerdict::TooShort
    } else if n > expected.1 {
        LengthVerdict::TooLong
    } else {
        LengthVerdict::Within
    };
    let i_count = lower.iter().filter(|t| *t == "i").count();
    let we_count = lower.iter().filter(|t| *t == "we").count();
    DeliveryMetrics {
        word_count: n,
        duration_s: duration_s.map(round2),
        words_per_minute: duration_s.map(|d| round2(n as f64 * 60.0 / d)),
        fillers_per_100_words: per_100(&fillers),
        fillers,
        hedges_per_100_words: per_100(&hedges),
        hedges,
        long_pauses,
        expected_words: expected,
        length,
        repeated_phrases: repeated_phrases(&lower),
        first_person_share: (i_count + we_count > 0)
            .then(|| round2(i_count as f64 / (i_count + we_count) as f64)),
    }
}

// ---- score and recommendations -------------------------------------------------------------

/// Base weights; pace drops out (and the rest scale back to 100) when there is no timing.
const WEIGHTS: [(&str, f64); 5] = [
    ("star", 60.0),
    ("length", 12.0),
    ("fillers_and_hedges", 12.0),
    ("pace", 8.0),
    ("repetition", 8.0),
];

fn breakdown(star: &[StarComponent], d: &DeliveryMetrics) -> Vec<ScorePart> {
    let star_raw = star.iter().map(|c| c.score).sum::<f64>() / star.len().max(1) as f64;
    let (lo, hi) = d.expected_words;
    let length_raw = match d.length {
        LengthVerdict::Within => 1.0,
        LengthVerdict::TooShort => d.word_count as f64 / lo.max(1) as f64,
        LengthVerdict::TooLong => (hi as f64 / d.word_count.max(1) as f64).powi(2),
    };
    // Four fillers or hedges per 100 words cost everything.
    let verbal_raw = (1.0 - (d.fillers_per_100_words + d.hedges_per_100_words) / 4.0).max(0.0);
    let pace_raw = d.words_per_minute.map(|wpm| {
        if wpm < PACE_RANGE.0 {
            wpm / PACE_RANGE.0
        } else if wpm > PACE_RANGE.1 {
            PACE_RANGE.1 / wpm
        } else {
            1.0
        }
    });
    let repeated: usize = d
        .repeated_phrases
        .iter()
        .map(|r| r.count.saturating_sub(1))
        .sum();
    let repetition_raw = (1.0 - repeated as f64 * 20.0 / d.word_count.max(1) as f64).max(0.0);
    let raws: Vec<(&str, f64, Option<f64>)> = WEIGHTS
        .iter()
        .map(|&(name, w)| {
            let raw = match name {
                "star" => Some(star_raw),
                "length" => Some(length_raw),
                "fillers_and_hedges" => Some(verbal_raw),
                "pace" => pace_raw,
                _ => Some(repetition_raw),
            };
            (name, w, raw)
        })
        .collect();
    let total: f64 = raws.iter().filter(|r| r.2.is_some()).map(|r| r.1).sum();
    raws.into_iter()
        .filter_map(|(name, w, raw)| {
            let raw = raw?.clamp(0.0, 1.0);
            let weight = w * 100.0 / total;
            Some(ScorePart {
                name: name.to_string(),
                weight: round2(weight),
                raw: round2(raw),
                points: round2(weight * raw),
            })
        })
        .collect()
}

fn recommendations(
    star: &[StarComponent],
    d: &DeliveryMetrics,
    parts: &[ScorePart],
) -> Vec<Recommendation> {
    let stake = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .map_or(0.0, |p| round2(p.weight * (1.0 - p.raw)))
    };
    let star_weight = parts
        .iter()
        .find(|p| p.name == "star")
        .map_or(0.0, |p| p.weight);
    let mut out: Vec<Recommendation> = star
        .iter()
        .filter_map(|c| {
            let message = c.missing.clone()?;
            let query = match (c.part, c.present) {
                (StarPart::Situation, _) => "STAR situation context interview answer",
                (StarPart::Task, _) => "STAR task goal responsibility",
                (StarPart::Action, true) => "STAR action ownership say I not we",
                (StarPart::Action, false) => "STAR action concrete steps",
                (StarPart::Result, true) => "STAR result quantify impact metrics",
                (StarPart::Result, false) => "STAR result outcome",
            };
            Some(Recommendation {
                area: FeedbackArea::Star,
                part: Some(c.part),
                message,
                kb_query: query.into(),
                points_at_stake: round2(star_weight / 4.0 * (1.0 - c.score)),
                sources: Vec::new(),
            })
        })
        .collect();
    let mut push = |area, message: String, query: &str, points: f64| {
        out.push(Recommendation {
            area,
            part: None,
            message,
            kb_query: query.into(),
            points_at_stake: points,
            sources: Vec::new(),
        })
    };
    match d.length {
        LengthVerdict::TooShort => push(
            FeedbackArea::Length,
            format!(
                "At {} words the answer is short; aim for {}-{} words with more detail.",
                d.word_count, d.expected_words.0, d.expected_words.1
            ),
            "interview answer length too short detail",
            stake("length"),
        ),
        LengthVerdict::TooLong => push(
            FeedbackArea::Length,
            format!(
                "At {} words the answer runs long; aim for {}-{} words and cut background.",
                d.word_count, d.expected_words.0, d.expected_words.1
            ),
            "interview answer concise length",
            stake("length"),
        ),
        LengthVerdict::Within => {}
    }
    let list = |t: &[TermCount]| {
        t.iter()
            .map(|c| format!("\"{}\" x{}", c.term, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let verbal = stake("fillers_and_hedges");
    if d.fillers_per_100_words >= 1.0 {
        push(
            FeedbackArea::Fillers,
            format!(
                "{} filler words per 100 words ({}): pause silently instead.",
                d.fillers_per_100_words,
                list(&d.fillers)
            ),
            "reduce filler words um uh speaking",
            verbal,
        );
    }
    if d.hedges_per_100_words >= 1.0 {
        push(
            FeedbackArea::Hedges,
            format!(
                "{} hedges per 100 words ({}): state what you did with confidence.",
                d.hedges_per_100_words,
                list(&d.hedges)
            ),
            "confident language avoid hedging interview",
            verbal,
        );
    }
    if let Some(wpm) = d.words_per_minute {
        if !(PACE_RANGE.0..=PACE_RANGE.1).contains(&wpm) {
            let direction = if wpm < PACE_RANGE.0 { "slow" } else { "fast" };
            push(
                FeedbackArea::Pace,
                format!(
                    "{wpm:.0} words per minute is {direction}; aim for {:.0}-{:.0}.",
                    PACE_RANGE.0, PACE_RANGE.1
                ),
                "speaking pace words per minute interview",
                stake("pace"),
            );
        }
    }
    if !d.long_pauses.is_empty() {
        push(
            FeedbackArea::Pauses,
            format!(
                "{} pauses longer than {LONG_PAUSE_S} s; structure the answer (STAR) before speaking.",
                d.long_pauses.len()
            ),
            "long pauses interview structure answer",
            0.0,
        );
    }
    if !d.repeated_phrases.is_empty() {
        push(
            FeedbackArea::Repetition,
            format!("Repeated phrases: {}.", list(&d.repeated_phrases)),
            "avoid repetition interview answer",
            stake("repetition"),
        );
    }
    if d.first_person_share.is_some_and(|s| s < 0.5) {
        push(
            FeedbackArea::Ownership,
            "You say \"we\" more than \"I\": make your own contribution clear.".into(),
            "STAR action ownership say I not we",
            0.0,
        );
    }
    out.sort_by(|a, b| b.points_at_stake.total_cmp(&a.points_at_stake));
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRONG: &str = "In 2022 I was the backend lead at a logistics startup, and our \
        shipment-tracking API kept timing out during peak hours. My goal was to bring p99 \
        latency under 200 ms before the holiday season. I profiled the slowest endpoints, \
        found an N+1 query, and rewrote it as a single join. I also added a Redis cache for \
        carrier lookups and set up load tests in CI. As a result, p99 latency dropped from \
        900 ms to 150 ms and we handled 3x the traffic with no outage.";
    const WEAK: &str = "Um, I think we basically worked on, like, some performance stuff. \
        You know, we kind of made it faster, maybe. It was good I guess.";

    fn report(text: &str) -> FeedbackReport {
        analyze_answer(
            "Tell me about a time you improved performance.",
            &Answer::Text(text.into()),
            &FeedbackOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn strong_answer_shows_all_four_parts_with_quotes() {
        let r = report(STRONG);
        assert_eq!(r.kind, QuestionKind::Behavioural);
        for c in &r.star {
            assert!(c.present, "{:?} missing: {:?}", c.part, c);
            let q = c.quote.as_ref().unwrap();
            assert_eq!(slice_chars(&r.answer_text, q.start, q.end), q.text);
        }
        let result = &r.star[3];
        assert!(result.quote.as_ref().unwrap().text.contains("150 ms"));
        assert!(r.star[1]
            .quote
            .as_ref()
            .unwrap()
            .text
            .starts_with("My goal"));
    }

    #[test]
    fn strong_answer_outscores_weak_one() {
        let (strong, weak) = (report(STRONG), report(WEAK));
        let star = |r: &FeedbackReport| r.breakdown[0].raw;
        assert!(star(&strong) > star(&weak) + 0.3);
        assert!(
            strong.overall > weak.overall + 20.0,
            "{} vs {}",
            strong.overall,
            weak.overall
        );
        let sum: f64 = strong.breakdown.iter().map(|p| p.points).sum();
        assert!((sum - strong.overall).abs() < 1e-6);
    }

    #[test]
    fn weak_answer_counts_fillers_and_hedges_and_recommends() {
        let r = report(WEAK);
        let terms: Vec<&str> = r.delivery.fillers.iter().map(|t| t.term.as_str()).collect();
        assert!(
            terms.contains(&"um") && terms.contains(&"basically") && terms.contains(&"you know")
        );
        let hedges: Vec<&str> = r.delivery.hedges.iter().map(|t| t.term.as_str()).collect();
        assert!(
            hedges.contains(&"i think")
                && hedges.contains(&"kind of")
                && hedges.contains(&"i guess")
        );
        assert_eq!(r.delivery.length, LengthVerdict::TooShort);
        assert!(r
            .recommendations
            .iter()
            .any(|x| x.area == FeedbackArea::Fillers));
        assert!(r
            .recommendations
            .iter()
            .any(|x| x.part == Some(StarPart::Result) && x.kb_query.contains("STAR result")));
    }

    #[test]
    fn words_per_minute_and_pauses_come_from_timestamps() {
        // 30 words in segments spanning 0.0 - 12.0 s: exactly 150 wpm; one 3 s pause.
        let seg = |a: f64, b: f64, n: usize| Segment {
            start_s: a,
            end_s: b,
            text: vec!["word"; n].join(" "),
        };
        let t = Transcript {
            segments: vec![seg(0.0, 4.0, 10), seg(4.5, 6.0, 5), seg(9.0, 12.0, 15)],
        };
        let r = analyze_answer(
            "What is Rust?",
            &Answer::Transcript(t),
            &FeedbackOptions::default(),
        )
        .unwrap();
        assert_eq!(r.delivery.word_count, 30);
        assert_eq!(r.delivery.duration_s, Some(12.0));
        assert_eq!(r.delivery.words_per_minute, Some(150.0));
        assert_eq!(
            r.delivery.long_pauses,
            vec![Pause {
                at_s: 6.0,
                length_s: 3.0
            }]
        );
        assert!(r.breakdown.iter().any(|p| p.name == "pace" && p.raw == 1.0));
        // "word word word" repeats far more than three times.
        assert!(r
            .delivery
            .repeated_phrases
            .iter()
            .any(|p| p.term == "word word word"));
    }

    #[test]
    fn plain_text_reports_no_pace_and_rescales_weights() {
        let r = report(STRONG);
        assert!(r.delivery.words_per_minute.is_none());
        assert!(r.breakdown.iter().all(|p| p.name != "pace"));
        let weights: f64 = r.breakdown.iter().map(|p| p.weight).sum();
        assert!((weights - 100.0).abs() < 0.05);
    }

    #[test]
    fn bad_transcripts_and_empty_answers_are_refused() {
        let inverted = Transcript {
            segments: vec![Segment {
                start_s: 3.0,
                end_s: 1.0,
                text: "hi".into(),
            }],
        };
        let err = analyze_answer(
            "q",
            &Answer::Transcript(inverted),
            &FeedbackOptions::default(),
        );
        assert!(matches!(err, Err(Error::InvalidInput { .. })));
        let empty = analyze_answer(
            "q",
            &Answer::Text("  ...  ".into()),
            &FeedbackOptions::default(),
        );
        assert!(matches!(empty, Err(Error::InvalidInput { .. })));
    }

    #[test]
    fn we_only_answer_asks_for_ownership() {
        let r = report(
            "At my last job our team had a flaky deploy pipeline. We needed to fix it. We \
             rewrote the scripts and we added retries. As a result deploys improved.",
        );
        assert!(r.star[2]
            .missing
            .as_deref()
            .unwrap_or_default()
            .contains("\"I\""));
        assert!(r
            .recommendations
            .iter()
            .any(|x| x.area == FeedbackArea::Ownership));
    }
}
