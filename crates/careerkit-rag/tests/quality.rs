//! Retrieval quality: recall@5 and MRR@10 of BM25, dense and hybrid retrieval on the labelled
//! query set over the shipped knowledge base (benches/rag_quality/queries.jsonl); hybrid must
//! beat both on the whole set and on the held-out half that took no part in choosing the fusion
//! defaults (examples/rag_fusion_sweep.rs). Prints the numbers (`cargo test -p careerkit-rag
//! --test quality -- --nocapture`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use careerkit_core::rag::RetrievalMode;
use careerkit_rag::eval::Scores;

#[path = "../../../benches/rag_quality/shipped.rs"]
mod shipped;

/// Hybrid strictly ahead of both BM25 and dense on recall@5 and on MRR@10.
fn assert_hybrid_beats_both(set: &str, bm25: Scores, dense: Scores, hybrid: Scores) {
    for (name, other) in [("bm25", bm25), ("dense", dense)] {
        assert!(
            hybrid.recall_at_5 > other.recall_at_5 && hybrid.mrr_at_10 > other.mrr_at_10,
            "{set}: hybrid {hybrid:?} does not beat {name} {other:?}"
        );
    }
}

#[test]
fn hybrid_retrieval_beats_bm25_and_dense_alone() {
    let shipped::Shipped {
        kb, set, documents, ..
    } = shipped::seeded(&common::model_dir());
    let n = set.queries().len();
    assert!(n >= 100, "the labelled set has {n} queries");
    println!(
        "retrieval quality: {n} queries, {} documents, {} chunks",
        documents,
        kb.chunk_count().unwrap()
    );
    let held_out = set.subset((1..n).step_by(2));
    for (name, set) in [("all", &set), ("held-out half", &held_out)] {
        let scores: Vec<Scores> = [
            RetrievalMode::Lexical,
            RetrievalMode::Dense,
            RetrievalMode::Hybrid,
        ]
        .into_iter()
        .map(|mode| set.evaluate(&kb, mode).unwrap())
        .collect();
        for (mode, s) in ["bm25", "dense", "hybrid"].iter().zip(&scores) {
            println!(
                "{name:>13} {mode:>6}: recall@5 {:.3}  MRR@10 {:.3}",
                s.recall_at_5, s.mrr_at_10
            );
        }
        assert_hybrid_beats_both(name, scores[0], scores[1], scores[2]);
    }
}
