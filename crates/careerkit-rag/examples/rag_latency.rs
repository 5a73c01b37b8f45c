//! Query latency p50/p95 of the dense index at 1k, 100k and 1M chunks (384-d synthetic
//! clustered vectors, one thread), exact and IVF, with the IVF's recall@10 against exact search
//! and its build time; then index build throughput (chunking, tantivy, vectors, commits) with the
//! model-free embedder, so embedding time (benches/rag_embed) is left out.
//!
//! ```text
//! cargo run --release -p careerkit-rag --example rag_latency [SIZES...]   # default 1000 100000 1000000
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use careerkit_rag::SourceDocument;

#[path = "../../../benches/rag_query/synthetic.rs"]
mod synthetic;

const DIMS: usize = 384;
const QUERIES: usize = 200;

fn percentiles(mut micros: Vec<f64>) -> (f64, f64) {
    micros.sort_by(f64::total_cmp);
    let at = |p: f64| micros[((micros.len() - 1) as f64 * p).round() as usize];
    (at(0.50), at(0.95))
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("sizes are numbers"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    println!("dense top-10, {DIMS}-d, one thread, {QUERIES} queries per row");
    println!(
        "{:>9} {:>6} {:>10} {:>10} {:>10} {:>9}",
        "chunks", "search", "p50 ms", "p95 ms", "recall@10", "build s"
    );
    for n in sizes {
        let data = synthetic::clustered(n, DIMS, 7);
        let mut index = synthetic::dense_index(&data, DIMS, 1);
        let t = Instant::now();
        index.rebuild_ann();
        let build = t.elapsed().as_secs_f64();
        let mut rng = synthetic::Rng::new(99);
        let queries: Vec<Vec<f32>> = (0..QUERIES)
            .map(|_| synthetic::query_near(&data, &mut rng, DIMS))
            .collect();
        let (mut exact_t, mut ivf_t, mut found) = (Vec::new(), Vec::new(), 0);
        for q in &queries {
            let t = Instant::now();
            let exact = index.search_exact_hashes(q, 10);
            exact_t.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let approx = index.search(q, 10);
            ivf_t.push(t.elapsed().as_secs_f64() * 1e3);
            found += approx
                .iter()
                .filter(|a| exact.iter().any(|e| e.1 == a.1))
                .count();
        }
        let (p50, p95) = percentiles(exact_t);
        println!(
            "{n:>9} {:>6} {p50:>10.3} {p95:>10.3} {:>10} {:>9}",
            "exact", "1.000", "-"
        );
        let (p50, p95) = percentiles(ivf_t);
        let recall = found as f64 / (QUERIES * 10) as f64;
        println!(
            "{n:>9} {:>6} {p50:>10.3} {p95:>10.3} {recall:>10.3} {build:>9.2}",
            "ivf"
        );
    }

    // Index build throughput without the model.
    let dir = tempfile::tempdir().unwrap();
    let kb = synthetic::model_free_kb(dir.path(), DIMS);
    let docs: Vec<SourceDocument> = (0..400)
        .map(|i| SourceDocument {
            id: format!("d{i}.md"),
            source: "local".into(),
            tags: vec![],
            text: (0..5)
                .map(|s| format!("## Section {s}\n\nAdvice {i}.{s}: quantify results, mirror the posting's words, keep one column. {}\n\n", "More detail. ".repeat(10)))
                .collect(),
        })
        .collect();
    let t = Instant::now();
    let report = kb.upsert(&docs, &mut |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "index build (model-free embedder): {} chunks in {secs:.2} s = {:.0} chunks/s",
        report.chunks,
        report.chunks as f64 / secs
    );
}
