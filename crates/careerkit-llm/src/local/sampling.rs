//! Picks the next token from the logits: greedy or temperature with nucleus (top-p) sampling
//! from a seeded generator, after a repeat penalty, restricted to the tokens a constraint allows.

/// How tokens are chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SamplingOptions {
    /// 0 (or below) means greedy: always the most likely token.
    pub temperature: f32,
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches this.
    pub top_p: f32,
    /// Seed of the sampling generator; the same seed and request give the same output.
    pub seed: u64,
    /// Logits of recently generated tokens are divided (positive) or multiplied (negative) by
    /// this; 1.0 disables it.
    pub repeat_penalty: f32,
    /// How many recent tokens the repeat penalty looks at.
    pub repeat_last_n: usize,
}

impl Default for SamplingOptions {
    fn default() -> Self {
        Self {
            temperature: 0.0,
            top_p: 0.9,
            seed: 42,
            repeat_penalty: 1.2,
            repeat_last_n: 64,
        }
    }
}

/// A seeded sampler (splitmix64: small, fast and reproducible everywhere).
pub(crate) struct Sampler {
    options: SamplingOptions,
    state: u64,
}

impl Sampler {
    pub(crate) fn new(options: SamplingOptions) -> Self {
        Self {
            options,
            state: options.seed,
        }
    }

    fn next_unit(&mut self) -> f64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Applies the repeat penalty for `history` (skipping tokens `exempt` says are structural).
    pub(crate) fn penalize(
        &self,
        logits: &mut [f32],
        history: &[u32],
        exempt: &dyn Fn(u32) -> bool,
    ) {
        let penalty = self.options.repeat_penalty;
        if (penalty - 1.0).abs() < f32::EPSILON {
            return;
        }
        let start = history.len().saturating_sub(self.options.repeat_last_n);
        let mut seen = std::collections::HashSet::new();
        for &token in &history[start..] {
            if exempt(token) || !seen.insert(token) {
                continue;
            }
            if let Some(logit) = logits.get_mut(token as usize) {
                *logit = if *logit >= 0.0 {
                    *logit / penalty
                } else {
                    *logit * penalty
                };
            }
        }
    }

    /// Chooses a token among those whose logit is finite (masked tokens are `-inf`).
    /// Returns `None` when every token is masked.
    pub(crate) fn sample(&mut self, logits: &[f32]) -> Option<u32> {
        let mut best: Option<(usize, f32)> = None;
        for (i, &l) in logits.iter().enumerate() {
            if l.is_finite() && best.is_none_or(|(_, b)| l > b) {
                best = Some((i, l));
            }
        }
        let (best_id, best_logit) = best?;
        if self.options.temperature <= 0.0 {
            return u32::try_from(best_id).ok();
        }
        let temperature = self.options.temperature;
        let mut probs: Vec<(usize, f32)> = logits
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_finite())
            .map(|(i, &l)| (i, ((l - best_logit) / temperature).exp()))
            .collect();
        probs.sort_by(|a, b| b.1.total_cmp(&a.1));
        let total: f32 = probs.iter().map(|p| p.1).sum();
        let mut kept = 0.0;
        let mut cut = probs.len();
        for (n, p) in probs.iter().enumerate() {
            kept += p.1 / total;
            if kept >= self.options.top_p {
                cut = n + 1;
                break;
            }
        }
        probs.truncate(cut);
        let kept_total: f32 = probs.iter().map(|p| p.1).sum();
        let mut target = self.next_unit() as f32 * kept_total;
        for (i, p) in &probs {
            target -= p;
            if target <= 0.0 {
                return u32::try_from(*i).ok();
            }
        }
        u32::try_from(probs.last().map_or(best_id, |p| p.0)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_best_unmasked_token() {
        let mut s = Sampler::new(SamplingOptions::default());
        assert_eq!(s.sample(&[0.1, 3.0, f32::NEG_INFINITY, 2.0]), Some(1));
        assert_eq!(s.sample(&[f32::NEG_INFINITY, f32::NEG_INFINITY]), None);
    }

    #[test]
    fn seeded_sampling_is_reproducible_and_respects_the_mask() {
        let options = SamplingOptions {
            temperature: 1.0,
            top_p: 1.0,
            seed: 7,
            ..SamplingOptions::default()
        };
        let logits = [1.0, 1.0, f32::NEG_INFINITY, 1.0];
        let run = || {
            let mut s = Sampler::new(options);
            (0..50)
                .map(|_| s.sample(&logits).unwrap())
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert!(!a.contains(&2));
        assert!(a.contains(&0) && a.contains(&1) && a.contains(&3));
    }

    #[test]
    fn repeat_penalty_lowers_recent_tokens() {
        let s = Sampler::new(SamplingOptions::default());
        let mut logits = [2.0, -1.0, 2.0];
        s.penalize(&mut logits, &[0, 1, 0], &|_| false);
        assert!(logits[0] < 2.0 && logits[1] < -1.0 && (logits[2] - 2.0).abs() < 1e-6);
    }
}
