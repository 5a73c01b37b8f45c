//! Dense query latency at 1k and 100k chunks (384-d synthetic vectors, one thread): exact
//! search, and the IVF index at 100k. Hybrid (BM25 + dense + fusion) latency over 1k real-text
//! chunks with the model-free embedder, so the number is the index's own cost. p50/p95 and 1M
//! chunks: `cargo run --release -p careerkit-rag --example rag_latency`.
//!
//! ```text
//! cargo bench -p careerkit-rag --bench rag_query
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use careerkit_core::rag::RetrievalFilter;
use careerkit_rag::SourceDocument;
use criterion::{criterion_group, criterion_main, Criterion};

mod synthetic;

const DIMS: usize = 384;

fn dense(c: &mut Criterion) {
    for (n, label, threshold) in [
        (1_000, "exact/1k", usize::MAX),
        (100_000, "exact/100k", usize::MAX),
        (100_000, "ivf/100k", 20_000),
    ] {
        let data = synthetic::clustered(n, DIMS, 7);
        let mut index = synthetic::dense_index(&data, DIMS, threshold);
        index.rebuild_ann();
        let mut rng = synthetic::Rng::new(99);
        let queries: Vec<Vec<f32>> = (0..64)
            .map(|_| synthetic::query_near(&data, &mut rng, DIMS))
            .collect();
        let mut q = 0;
        c.bench_function(&format!("dense {label} top-10"), |b| {
            b.iter(|| {
                q = (q + 1) % queries.len();
                index.search(&queries[q], 10)
            })
        });
    }
}

fn hybrid(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let kb = synthetic::model_free_kb(dir.path(), DIMS);
    let topics = [
        "resume keywords",
        "STAR answers",
        "system design",
        "ATS parsing",
        "salary talks",
    ];
    let docs: Vec<SourceDocument> = (0..250)
        .map(|i| SourceDocument {
            id: format!("d{i}.md"),
            source: "local".into(),
            tags: vec![],
            text: (0..4)
                .map(|s| {
                    format!(
                        "## Section {s}\n\nAdvice {i}.{s} on {} with example number {} and more words.\n\n",
                        topics[(i + s) % topics.len()],
                        i * 7 + s
                    )
                })
                .collect(),
        })
        .collect();
    kb.upsert(&docs, &mut |_| {}).unwrap();
    assert_eq!(kb.chunk_count().unwrap(), 1000);
    c.bench_function("hybrid 1k chunks top-5 (model-free embedder)", |b| {
        b.iter(|| {
            kb.search(
                "how to tell STAR answers about system design",
                5,
                RetrievalFilter::default(),
            )
            .unwrap()
        })
    });
}

criterion_group!(benches, dense, hybrid);
criterion_main!(benches);
