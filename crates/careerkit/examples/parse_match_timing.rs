//! The Rust side of the binding-overhead benchmark (`benches/bindings/run.sh`): parse every
//! resume PDF in ../shared/data and match it against the sample job, ROUNDS times, and print
//! the mean time per resume in microseconds.
//!
//! `cargo run --release -p careerkit --example parse_match_timing -- [ROUNDS]`

use std::time::Instant;

use careerkit::Careerkit;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(format!("{root}/../shared/data/resumes/pdf"))? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        files.push((name, std::fs::read(&path)?));
    }
    files.sort();
    let kit = Careerkit::builder().build()?;
    let job = kit.parse_job(&std::fs::read_to_string(format!(
        "{root}/samples/jd_platform_engineer.txt"
    ))?)?;
    let start = Instant::now();
    let mut scored = 0.0;
    for _ in 0..rounds {
        for (name, bytes) in &files {
            let resume = kit.parse_resume(bytes, name.as_deref())?;
            scored += kit.analyze(&resume, &job).score;
        }
    }
    let per_resume = start.elapsed().as_secs_f64() * 1e6 / (rounds * files.len()) as f64;
    println!("rust\t{per_resume:.1} us per resume (parse + match)\t{} resumes x {rounds} rounds\tchecksum {scored:.1}", files.len());
    Ok(())
}
