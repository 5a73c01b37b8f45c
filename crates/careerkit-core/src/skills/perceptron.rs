//! An averaged structured perceptron over BIO tags with Viterbi decoding: the learned part of
//! skill-phrase detection. It knows nothing about text; [`super::tagger`] turns tokens into
//! hashed features and reads spans back from the tags.
//!
//! Weights are kept for [`KINDS`] independent tag sets (one per phrase kind), so nested phrases
//! of different kinds ("building [RESTful web services]") are both learnable from one feature
//! extraction pass.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};

/// Phrase kinds the model tags independently (skill, knowledge).
pub(crate) const KINDS: usize = 2;
/// Tags per kind: outside, begin, inside.
pub(crate) const TAGS: usize = 3;
const WIDTH: usize = KINDS * TAGS;

/// Tag values.
pub(crate) const O: usize = 0;
pub(crate) const B: usize = 1;
pub(crate) const I: usize = 2;

/// Feature keys are already FNV hashes: hashing them again (std's SipHash) only costs time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Feature weights and tag transitions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Perceptron {
    weights: KeyMap<[f32; WIDTH]>,
    /// `transitions[kind][from][to]`; `from == TAGS` is the start of a sequence.
    transitions: [[[f32; TAGS]; TAGS + 1]; KINDS],
    /// Added to the `B` and `I` scores of each kind when decoding: above zero trades precision
    /// for recall. Chosen after training, by cross-validation.
    recall_bias: [f32; KINDS],
}

impl Perceptron {
    /// The same weights with another recall bias for `kind`.
    pub(crate) fn with_recall_bias(&self, kind: usize, bias: f32) -> Perceptron {
        let mut model = self.clone();
        model.recall_bias[kind] = bias;
        model
    }

    /// Best tag sequence for one kind, given each token's hashed features.
    pub(crate) fn decode(&self, kind: usize, features: &[Vec<u64>]) -> Vec<usize> {
        let emissions: Vec<[f32; TAGS]> = features
            .iter()
            .map(|f| {
                let b = self.recall_bias[kind];
                let mut e = [0.0, b, b];
                for w in f.iter().filter_map(|h| self.weights.get(h)) {
                    for (t, slot) in e.iter_mut().enumerate() {
                        *slot += w[kind * TAGS + t];
                    }
                }
                e
            })
            .collect();
        viterbi(&emissions, &self.transitions[kind])
    }

    /// Serialises non-zero weights as text: one `hash w0 .. w5` line per feature, then the
    /// transitions on a line starting with `T` and the recall biases on one starting with `R`.
    pub(crate) fn to_text(&self) -> String {
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        let mut out = String::new();
        for key in keys {
            let w = &self.weights[key];
            out.push_str(&format!("{key:016x}"));
            for v in w {
                out.push_str(&format!(" {}", round(*v)));
            }
            out.push('\n');
        }
        out.push('T');
        for v in self.transitions.iter().flatten().flatten() {
            out.push_str(&format!(" {}", round(*v)));
        }
        out.push_str("\nR");
        for v in self.recall_bias {
            out.push_str(&format!(" {}", round(v)));
        }
        out.push('\n');
        out
    }

    /// Reads what [`Perceptron::to_text`] wrote.
    pub(crate) fn from_text(text: &str) -> Result<Perceptron> {
        let bad = |line: usize| Error::invalid(format!("skill tagger weights: bad line {line}"));
        let mut model = Perceptron::default();
        for (n, line) in text.lines().enumerate() {
            let mut parts = line.split(' ');
            let head = parts.next().unwrap_or_default();
            let values: Vec<f32> = parts
                .map(|p| p.parse::<f32>().map_err(|_| bad(n + 1)))
                .collect::<Result<_>>()?;
            if head == "R" {
                model.recall_bias = values.try_into().map_err(|_| bad(n + 1))?;
            } else if head == "T" {
                let expected = KINDS * (TAGS + 1) * TAGS;
                if values.len() != expected {
                    return Err(bad(n + 1));
                }
                for (slot, v) in model.transitions.iter_mut().flatten().flatten().zip(values) {
                    *slot = v;
                }
            } else {
                let key = u64::from_str_radix(head, 16).map_err(|_| bad(n + 1))?;
                let w: [f32; WIDTH] = values.try_into().map_err(|_| bad(n + 1))?;
                model.weights.insert(key, w);
            }
        }
        Ok(model)
    }

    /// Number of features with weights.
    pub(crate) fn len(&self) -> usize {
        self.weights.len()
    }
}

/// Trained weights are in the tens (one unit per update, averaged): one decimal keeps the
/// shipped file small without changing decisions.
fn round(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

/// A feature whose averaged weights are all below this share of the largest weight barely moves
/// a decision; dropping those halves the shipped file with no change in cross-validated
/// accuracy. Relative, because weights grow with the amount of training data and epochs.
const PRUNE_RATIO: f32 = 0.03;

fn viterbi(emissions: &[[f32; TAGS]], transitions: &[[f32; TAGS]; TAGS + 1]) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0usize; TAGS]; n];
    for t in 0..TAGS {
        score[0][t] = transitions[TAGS][t] + emissions[0][t] + illegal(None, t);
    }
    for i in 1..n {
        for t in 0..TAGS {
            let (best_prev, best) = (0..TAGS)
                .map(|p| (p, score[i - 1][p] + transitions[p][t] + illegal(Some(p), t)))
                .fold((0, f32::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
            score[i][t] = best + emissions[i][t];
            back[i][t] = best_prev;
        }
    }
    let mut tag = (0..TAGS)
        .fold((0, f32::NEG_INFINITY), |a, t| {
            if score[n - 1][t] > a.1 {
                (t, score[n - 1][t])
            } else {
                a
            }
        })
        .0;
    let mut tags = vec![0; n];
    for i in (0..n).rev() {
        tags[i] = tag;
        tag = back[i][tag];
    }
    tags
}

/// An `I` must follow a `B` or an `I`.
fn illegal(prev: Option<usize>, tag: usize) -> f32 {
    if tag == I && !matches!(prev, Some(B) | Some(I)) {
        -1.0e6
    } else {
        0.0
    }
}

/// Trains a [`Perceptron`] with weight averaging (Collins 2002; the lazy-update trick keeps
/// averaging linear in the number of updates).
#[derive(Debug, Default)]
pub(crate) struct Trainer {
    model: Perceptron,
    totals: KeyMap<[f32; WIDTH]>,
    stamps: KeyMap<[u64; WIDTH]>,
    transition_totals: [[[f32; TAGS]; TAGS + 1]; KINDS],
    step: u64,
}

impl Trainer {
    /// One training example: the features of a sequence and its gold tags for each kind.
    pub(crate) fn learn(&mut self, features: &[Vec<u64>], gold: &[Vec<usize>; KINDS]) {
        self.step += 1;
        for (kind, gold_tags) in gold.iter().enumerate() {
            let guess = self.model.decode(kind, features);
            if &guess == gold_tags {
                continue;
            }
            for (i, f) in features.iter().enumerate() {
                if guess[i] != gold_tags[i] {
                    for h in f {
                        self.bump(*h, kind * TAGS + gold_tags[i], 1.0);
                        self.bump(*h, kind * TAGS + guess[i], -1.0);
                    }
                }
                let prev = |tags: &[usize]| if i == 0 { TAGS } else { tags[i - 1] };
                let (gp, pp) = (prev(gold_tags), prev(&guess));
                if (gp, gold_tags[i]) != (pp, guess[i]) {
                    self.bump_transition(kind, gp, gold_tags[i], 1.0);
                    self.bump_transition(kind, pp, guess[i], -1.0);
                }
            }
        }
    }

    fn bump(&mut self, feature: u64, slot: usize, delta: f32) {
        let w = self.model.weights.entry(feature).or_insert([0.0; WIDTH]);
        let total = self.totals.entry(feature).or_insert([0.0; WIDTH]);
        let stamp = self.stamps.entry(feature).or_insert([0; WIDTH]);
        total[slot] += (self.step - stamp[slot]) as f32 * w[slot];
        stamp[slot] = self.step;
        w[slot] += delta;
    }

    fn bump_transition(&mut self, kind: usize, from: usize, to: usize, delta: f32) {
        // Averaging: a delta made at step s counts for (N + 1 - s) steps, so the sum is
        // (N + 1) * w_final - sum(delta * s); keep the second term.
        self.transition_totals[kind][from][to] += delta * -(self.step as f32);
        self.model.transitions[kind][from][to] += delta;
    }

    /// The averaged model.
    pub(crate) fn finish(self) -> Perceptron {
        let step = self.step as f32 + 1.0;
        let mut model = Perceptron::default();
        let averaged: Vec<(u64, [f32; WIDTH])> = self
            .model
            .weights
            .iter()
            .map(|(key, w)| {
                let total = self.totals.get(key).copied().unwrap_or([0.0; WIDTH]);
                let stamp = self.stamps.get(key).copied().unwrap_or([0; WIDTH]);
                let mut avg = [0.0; WIDTH];
                for s in 0..WIDTH {
                    avg[s] = (total[s] + (self.step - stamp[s]) as f32 * w[s]) / step;
                }
                (*key, avg)
            })
            .collect();
        let largest = averaged
            .iter()
            .flat_map(|(_, avg)| avg.iter().map(|v| v.abs()))
            .fold(0.0, f32::max);
        for (key, avg) in averaged {
            if avg.iter().any(|v| v.abs() >= PRUNE_RATIO * largest) {
                model.weights.insert(key, avg);
            }
        }
        for k in 0..KINDS {
            for f in 0..=TAGS {
                for t in 0..TAGS {
                    let w = self.model.transitions[k][f][t];
                    let acc = self.transition_totals[k][f][t];
                    model.transitions[k][f][t] = (w * step + acc) / step;
                }
            }
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_pattern_and_round_trips_through_text() {
        // Feature 7 marks the start of a phrase, 8 its continuation, 9 anything else.
        let features = vec![vec![9], vec![7], vec![8], vec![9]];
        let gold = [vec![O, B, I, O], vec![O, O, O, O]];
        let mut trainer = Trainer::default();
        for _ in 0..5 {
            trainer.learn(&features, &gold);
        }
        let model = trainer.finish();
        assert_eq!(model.decode(0, &features), gold[0]);
        assert_eq!(model.decode(1, &features), gold[1]);
        let again = Perceptron::from_text(&model.with_recall_bias(1, 0.5).to_text()).unwrap();
        assert_eq!(again.decode(0, &features), gold[0]);
        assert_eq!(again.recall_bias, [0.0, 0.5]);
        assert!(Perceptron::from_text("zz 1 2").is_err());
    }
}
