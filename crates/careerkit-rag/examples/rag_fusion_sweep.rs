//! How the hybrid fusion defaults ([`FusionOptions`]) were chosen: BM25 and dense rankings of
//! the labelled queries (benches/rag_quality/queries.jsonl) over the shipped knowledge base are
//! fused with every `k` and lexical weight of a grid; the grid is ranked on the tuning half (even
//! positions) and the best settings are reported on the held-out half (odd positions), which
//! took no part in choosing them.
//!
//! ```text
//! cargo run --release -p careerkit-rag --example rag_fusion_sweep
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use careerkit_core::rag::{Citation, RetrievalMode};
use careerkit_rag::embed::default_model_dir;
use careerkit_rag::eval::Scores;
use careerkit_rag::hybrid::FusionOptions;

#[path = "../../../benches/rag_quality/shipped.rs"]
mod shipped;

const DEPTH: usize = 40;

/// Fuses each query's two rankings with `fusion`.
fn fused(
    fusion: &FusionOptions,
    lexical: &[Vec<Citation>],
    dense: &[Vec<Citation>],
) -> Vec<Vec<Citation>> {
    let key = |c: &Citation| (c.document.clone(), c.span.start, c.span.end);
    lexical
        .iter()
        .zip(dense)
        .map(|(l, d)| {
            let by_key: HashMap<_, &Citation> = l.iter().chain(d).map(|c| (key(c), c)).collect();
            let keys = |list: &[Citation]| list.iter().map(key).collect::<Vec<_>>();
            fusion
                .fuse(&keys(l), &keys(d))
                .into_iter()
                .map(|(k, _)| by_key[&k].clone())
                .collect()
        })
        .collect()
}

fn row(name: &str, tune: Scores, held_out: Scores, all: Scores) {
    println!(
        "{name:<28} {:>6.3} {:>6.3}   {:>6.3} {:>6.3}   {:>6.3} {:>6.3}",
        tune.recall_at_5,
        tune.mrr_at_10,
        held_out.recall_at_5,
        held_out.mrr_at_10,
        all.recall_at_5,
        all.mrr_at_10
    );
}

fn main() {
    let shipped::Shipped {
        kb, set, documents, ..
    } = shipped::seeded(&default_model_dir());
    let n = set.queries().len();
    let tune = set.subset((0..n).step_by(2));
    let held_out = set.subset((1..n).step_by(2));
    let split = |rankings: &[Vec<Citation>]| {
        let pick = |start: usize| -> Vec<Vec<Citation>> {
            rankings.iter().skip(start).step_by(2).cloned().collect()
        };
        (
            tune.score(&pick(0)),
            held_out.score(&pick(1)),
            set.score(rankings),
        )
    };
    let lexical = set.rankings(&kb, RetrievalMode::Lexical, DEPTH).unwrap();
    let dense = set.rankings(&kb, RetrievalMode::Dense, DEPTH).unwrap();

    println!(
        "{n} queries over {documents} documents: tuning half {} (even positions), held-out half {} (odd positions)",
        tune.queries().len(),
        held_out.queries().len()
    );
    println!(
        "{:<28} {:>13}   {:>13}   {:>13}",
        "", "tuning R@5 MRR", "held-out", "all"
    );
    let (t, h, a) = split(&lexical);
    row("bm25", t, h, a);
    let (t, h, a) = split(&dense);
    row("dense", t, h, a);

    let mut grid = Vec::new();
    for k in [0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 60.0, 100.0] {
        for lexical_weight in [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0] {
            let fusion = FusionOptions {
                k,
                lexical_weight,
                dense_weight: 1.0,
                depth: DEPTH,
            };
            let (t, h, a) = split(&fused(&fusion, &lexical, &dense));
            grid.push((fusion, t, h, a));
        }
    }
    let default = FusionOptions::default();
    if let Some((_, t, h, a)) = grid.iter().find(|g| g.0 == default) {
        row("rrf default (current)", *t, *h, *a);
    }
    // Ranked on the tuning half only: recall@5 plus MRR@10.
    grid.sort_by(|a, b| {
        (b.1.recall_at_5 + b.1.mrr_at_10).total_cmp(&(a.1.recall_at_5 + a.1.mrr_at_10))
    });
    println!("best 10 on the tuning half:");
    for (fusion, t, h, a) in grid.iter().take(10) {
        let name = format!("k {} lexical x{}", fusion.k, fusion.lexical_weight);
        row(&name, *t, *h, *a);
    }
}
