//! Labelled text and span scores: what the skill tagger is trained on and how extraction is
//! measured (SkillSpan's loose-overlap precision and recall, and character-level F1), so a
//! product can measure careerkit on its own labelled documents the same way.

use serde::{Deserialize, Serialize};

use super::tagger::PhraseKind;

/// A labelled phrase, in character offsets. Reads SkillSpan-style JSON spans
/// (`{"type": "knowledge", "start": 3, "end": 9}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledSpan {
    /// Skill or knowledge.
    #[serde(alias = "type")]
    pub kind: PhraseKind,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// A text with its labelled phrases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledText {
    /// The text.
    pub text: String,
    /// Its phrases.
    pub spans: Vec<LabelledSpan>,
}

/// Counts behind precision, recall and F1, accumulated over many documents.
///
/// Loose overlap (as in SkillSpan): a predicted span is right when it overlaps a gold span, and
/// a gold span is found when a predicted span overlaps it. Character level: the characters
/// covered by predictions against those covered by gold spans.
///
/// ```
/// use careerkit_core::skills::SpanScores;
///
/// let mut scores = SpanScores::default();
/// scores.add(&[(0, 4), (10, 12)], &[(2, 6)]);
/// assert_eq!(scores.precision(), 0.5);
/// assert_eq!(scores.recall(), 1.0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanScores {
    /// Predicted spans.
    pub predicted: usize,
    /// Predicted spans that overlap a gold span.
    pub predicted_correct: usize,
    /// Gold spans.
    pub gold: usize,
    /// Gold spans overlapped by a prediction.
    pub gold_found: usize,
    /// Characters covered by predictions.
    pub predicted_chars: usize,
    /// Characters covered by gold spans.
    pub gold_chars: usize,
    /// Characters covered by both.
    pub overlap_chars: usize,
}

impl SpanScores {
    /// Adds one document's predicted and gold spans (`(start, end)` in characters).
    pub fn add(&mut self, predicted: &[(usize, usize)], gold: &[(usize, usize)]) {
        let overlaps = |a: &(usize, usize), b: &(usize, usize)| a.0 < b.1 && b.0 < a.1;
        self.predicted += predicted.len();
        self.gold += gold.len();
        self.predicted_correct += predicted
            .iter()
            .filter(|p| gold.iter().any(|g| overlaps(p, g)))
            .count();
        self.gold_found += gold
            .iter()
            .filter(|g| predicted.iter().any(|p| overlaps(p, g)))
            .count();
        let covered = |spans: &[(usize, usize)]| {
            let mut chars: Vec<usize> = spans.iter().flat_map(|&(s, e)| s..e).collect();
            chars.sort_unstable();
            chars.dedup();
            chars
        };
        let (p, g) = (covered(predicted), covered(gold));
        self.predicted_chars += p.len();
        self.gold_chars += g.len();
        self.overlap_chars += p.iter().filter(|c| g.binary_search(c).is_ok()).count();
    }

    /// Share of predicted spans that overlap a gold span (1.0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.predicted_correct, self.predicted)
    }

    /// Share of gold spans that a prediction overlaps (1.0 when there is no gold span).
    pub fn recall(&self) -> f64 {
        ratio(self.gold_found, self.gold)
    }

    /// Harmonic mean of loose precision and recall.
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }

    /// Character-level F1.
    pub fn char_f1(&self) -> f64 {
        harmonic(
            ratio(self.overlap_chars, self.predicted_chars),
            ratio(self.overlap_chars, self.gold_chars),
        )
    }
}

impl std::ops::AddAssign for SpanScores {
    /// Pools the counts of two evaluations (e.g. cross-validation folds).
    fn add_assign(&mut self, other: SpanScores) {
        self.predicted += other.predicted;
        self.predicted_correct += other.predicted_correct;
        self.gold += other.gold;
        self.gold_found += other.gold_found;
        self.predicted_chars += other.predicted_chars;
        self.gold_chars += other.gold_chars;
        self.overlap_chars += other.overlap_chars;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_level_counts_each_character_once() {
        let mut s = SpanScores::default();
        s.add(&[(0, 10), (5, 10)], &[(8, 12)]);
        assert_eq!(
            (s.predicted_chars, s.gold_chars, s.overlap_chars),
            (10, 4, 2)
        );
        assert!((s.char_f1() - 2.0 * 0.2 * 0.5 / 0.7).abs() < 1e-9);
    }

    #[test]
    fn reads_skillspan_json_spans() {
        let span: LabelledSpan =
            serde_json::from_str(r#"{"type": "knowledge", "start": 3, "end": 9, "text": "x"}"#)
                .unwrap();
        assert_eq!(span.kind, PhraseKind::Knowledge);
    }
}
