//! Sentences per second of the BERT embedder on benches/rag_embed/sentences.txt (what
//! benches/rag_embed/run.sh compares with sentence-transformers), then the build throughput of
//! the shipped knowledge base with that model (chunking, embedding, tantivy, commit). Threads
//! follow RAYON_NUM_THREADS.
//!
//! ```text
//! RAYON_NUM_THREADS=2 cargo run --release -p careerkit-rag --example embed_throughput -- benches/rag_embed/sentences.txt
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use careerkit_core::rag::Embedder;
use careerkit_rag::{BertEmbedder, BertOptions, KnowledgeBase, KnowledgeBaseOptions};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: embed_throughput SENTENCES_FILE [BATCH]");
    let batch: usize = std::env::args().nth(2).map_or(16, |b| b.parse().unwrap());
    let text = std::fs::read_to_string(path).unwrap();
    let sentences: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let e = BertEmbedder::load_default_with(BertOptions {
        batch_size: batch,
        max_seq_length: None,
    })
    .unwrap();
    e.embed(&sentences[..8]).unwrap(); // warm-up
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let v = e.embed(&sentences).unwrap();
        assert_eq!(v.len(), sentences.len());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "careerkit (BertEmbedder): {} sentences, batch {batch}, best of 3: {:.2} s = {:.1} sentences/s",
        sentences.len(),
        best,
        sentences.len() as f64 / best
    );

    let dir = tempfile::tempdir().unwrap();
    let kb = KnowledgeBase::open(dir.path(), Arc::new(e), KnowledgeBaseOptions::default()).unwrap();
    let t = Instant::now();
    let report = kb.seed_builtin(&mut |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "shipped knowledge base: {} chunks indexed in {secs:.2} s = {:.1} chunks/s",
        report.chunks,
        report.chunks as f64 / secs
    );
}
