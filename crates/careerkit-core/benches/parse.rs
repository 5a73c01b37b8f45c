//! Resume parsing speed on the real resumes in ../shared/data: PDF -> text and PDF -> profile
//! (text plus structure), in process, one file at a time, as a product parses an upload.
//!
//! Run: `cargo bench -p careerkit-core --bench parse`. criterion reports the time per batch of
//! all PDFs; divide by the file count (printed at start) for the per-resume time. Results go in
//! BENCHMARKS.md beside `benches/pdf_text/run.sh`, which times poppler and pdfminer.six.

// Setup failures abort the bench with a message; there is no caller to return them to.
#![allow(clippy::panic)]
// `criterion_group!` generates a public function without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;

use careerkit_core::extract::parse_resume;
use careerkit_core::intake::{extract_text, IntakeOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn resume_pdfs() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/resumes/pdf"
    ));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

fn bench_parse(c: &mut Criterion) {
    let files = resume_pdfs();
    eprintln!("{} resume PDFs", files.len());
    let options = IntakeOptions::default();
    let mut group = c.benchmark_group("resumes");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.sample_size(20);
    group.bench_function("pdf_to_text", |b| {
        b.iter(|| {
            for (name, bytes) in &files {
                black_box(extract_text(bytes, Some(name), &options).ok());
            }
        })
    });
    group.bench_function("pdf_to_profile", |b| {
        b.iter(|| {
            for (name, bytes) in &files {
                black_box(parse_resume(bytes, Some(name), &options).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
