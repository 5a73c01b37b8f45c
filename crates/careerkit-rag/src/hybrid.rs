//! Reciprocal rank fusion: one ranking from the lexical and the dense ones.
//!
//! BM25 scores and cosine similarities are on different scales; RRF ignores scores and adds
//! `1 / (k + rank)` per list (Cormack, Clarke and Büttcher, SIGIR 2009, with k = 60), so a
//! passage ranked well by both methods rises above one ranked first by only one.

use std::collections::HashMap;

use tantivy::DocAddress;

use crate::index::Hit;

/// The `k` of reciprocal rank fusion.
pub const RRF_K: f32 = 60.0;

/// Fuses ranked lists (best first) into one, best first; a hit's score becomes its fused score.
/// Ties keep the order of first appearance.
pub fn reciprocal_rank_fusion(lists: &[&[Hit]]) -> Vec<Hit> {
    let mut fused: HashMap<DocAddress, (f32, usize)> = HashMap::new();
    let mut order = 0;
    for list in lists {
        for (rank, hit) in list.iter().enumerate() {
            let entry = fused.entry(hit.address).or_insert_with(|| {
                order += 1;
                (0.0, order)
            });
            entry.0 += 1.0 / (RRF_K + rank as f32 + 1.0);
        }
    }
    let mut out: Vec<(DocAddress, (f32, usize))> = fused.into_iter().collect();
    out.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    out.into_iter()
        .map(|(address, (score, _))| Hit { address, score })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(ids: &[u32]) -> Vec<Hit> {
        ids.iter()
            .map(|&d| Hit {
                address: DocAddress::new(0, d),
                score: 1.0,
            })
            .collect()
    }

    #[test]
    fn agreement_beats_a_single_first_place() {
        let lexical = hits(&[1, 2, 3]);
        let dense = hits(&[4, 2, 1]);
        let fused = reciprocal_rank_fusion(&[&lexical, &dense]);
        let ids: Vec<u32> = fused.iter().map(|h| h.address.doc_id).collect();
        // 1: 1/61 + 1/63; 2: 2/62; 4: 1/61; 3: 1/63.
        assert_eq!(ids, [1, 2, 4, 3]);
        assert!((fused[0].score - (1.0 / 61.0 + 1.0 / 63.0)).abs() < 1e-6);
        assert!(reciprocal_rank_fusion(&[]).is_empty());
    }
}
