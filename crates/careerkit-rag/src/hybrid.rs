//! Reciprocal rank fusion: one ranking from the lexical and the dense ones.
//!
//! BM25 scores and cosine similarities are on different scales; RRF ignores scores and adds
//! `weight / (k + rank)` per list (Cormack, Clarke and Büttcher, SIGIR 2009), so a passage ranked
//! well by both methods rises above one ranked first by only one. The weights and `k` are
//! [`FusionOptions`]; how the defaults were chosen is in BENCHMARKS.md.

use std::collections::HashMap;
use std::hash::Hash;

/// How [`reciprocal_rank_fusion`] weighs the lexical (BM25) and the dense ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusionOptions {
    /// The `k` of `1 / (k + rank)`: small values reward first places, large ones agreement.
    pub k: f32,
    /// The weight of the BM25 ranking.
    pub lexical_weight: f32,
    /// The weight of the dense ranking.
    pub dense_weight: f32,
    /// How deep each ranking goes before fusion (at least the `k` asked for).
    pub depth: usize,
}

impl Default for FusionOptions {
    fn default() -> Self {
        // Chosen by examples/rag_fusion_sweep.rs on half of the labelled queries and checked on
        // the other half (BENCHMARKS.md): with a few hundred chunks, first places matter (small
        // k), and BM25 is the stronger of the two lists on career guidance.
        FusionOptions {
            k: 5.0,
            lexical_weight: 1.25,
            dense_weight: 1.0,
            depth: 40,
        }
    }
}

impl FusionOptions {
    /// Fuses the lexical and the dense ranking (each best first) into one, best first.
    pub fn fuse<K: Hash + Eq + Clone>(&self, lexical: &[K], dense: &[K]) -> Vec<(K, f32)> {
        reciprocal_rank_fusion(
            &[(lexical, self.lexical_weight), (dense, self.dense_weight)],
            self.k,
        )
    }
}

/// Fuses weighted rankings (each best first) into one, best first, with its fused scores: an
/// item's score is the sum over the lists it is in of `weight / (k + rank)`, ranks from 1. Ties
/// keep the order of first appearance.
pub fn reciprocal_rank_fusion<K: Hash + Eq + Clone>(
    lists: &[(&[K], f32)],
    k: f32,
) -> Vec<(K, f32)> {
    let mut fused: HashMap<K, (f32, usize)> = HashMap::new();
    for (list, weight) in lists {
        for (rank, item) in list.iter().enumerate() {
            let next = fused.len();
            let entry = fused.entry(item.clone()).or_insert((0.0, next));
            entry.0 += weight / (k + rank as f32 + 1.0);
        }
    }
    let mut out: Vec<(K, (f32, usize))> = fused.into_iter().collect();
    out.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    out.into_iter()
        .map(|(item, (score, _))| (item, score))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(fused: &[(u32, f32)]) -> Vec<u32> {
        fused.iter().map(|(id, _)| *id).collect()
    }

    #[test]
    fn agreement_beats_a_single_first_place() {
        let fused = reciprocal_rank_fusion(&[(&[1, 2, 3][..], 1.0), (&[4, 2, 1][..], 1.0)], 60.0);
        // 1: 1/61 + 1/63; 2: 2/62; 4: 1/61; 3: 1/63.
        assert_eq!(ids(&fused), [1, 2, 4, 3]);
        assert!((fused[0].1 - (1.0 / 61.0 + 1.0 / 63.0)).abs() < 1e-6);
        assert!(reciprocal_rank_fusion::<u32>(&[], 60.0).is_empty());
    }

    #[test]
    fn weights_and_k_change_the_order() {
        let lexical = [1, 2, 3];
        let dense = [3, 4, 1];
        let even = FusionOptions {
            k: 60.0,
            lexical_weight: 1.0,
            ..FusionOptions::default()
        };
        // Equal weights: 1 and 3 are each first in one list and third in the other.
        assert_eq!(ids(&even.fuse(&lexical, &dense)), [1, 3, 2, 4]);
        // A heavier dense list puts its first place on top.
        let dense_heavy = FusionOptions {
            dense_weight: 2.0,
            ..even
        };
        assert_eq!(ids(&dense_heavy.fuse(&lexical, &dense))[0], 3);
        // With a small k, a lone first place (weighted 1) beats two middling places.
        let sharp = FusionOptions { k: 1.0, ..even };
        let fused = sharp.fuse(&[1, 5, 6], &[7, 5, 8]);
        // 1: 1/2; 5: 1/3 + 1/3; 7: 1/2.
        assert_eq!(ids(&fused)[0], 5);
        let sharper = FusionOptions {
            k: 0.0,
            lexical_weight: 1.5,
            ..even
        };
        // 1: 1.5; 5: 1.5/2 + 1/2 = 1.25; 7: 1.
        assert_eq!(ids(&sharper.fuse(&[1, 5, 6], &[7, 5, 8])), [1, 5, 7, 6, 8]);
    }
}
