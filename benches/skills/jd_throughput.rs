//! Skill extraction throughput on real job descriptions: the 58 SkillSpan dev postings and the
//! four Resume-Matcher JDs from the shared dev data, each run through
//! `SkillExtractor::extract` (taxonomy automaton + context rules + tagger for the requirement
//! flag) and `SkillExtractor::phrases` (tagger spans). Prints JDs per second and MB per second.
//!
//! ```text
//! cargo bench -p careerkit-core --bench skills
//! ```
//!
//! A plain timing loop (no criterion) keeps the dependency tree small; results are recorded in
//! `benches/skills/README.md`.

use std::time::{Duration, Instant};

use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/jds/text");
    let mut jds: Vec<String> = Vec::new();
    for dir in [data.to_string(), format!("{data}/skillspan")] {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                jds.push(std::fs::read_to_string(path)?);
            }
        }
    }
    let bytes: usize = jds.iter().map(String::len).sum();
    println!(
        "{} JDs, {:.1} KB on average",
        jds.len(),
        bytes as f64 / jds.len() as f64 / 1e3
    );

    let start = Instant::now();
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
    // Touch the embedded tagger so its one-time parse is part of start-up, not of the loop.
    std::hint::black_box(extractor.extract("Rust"));
    println!(
        "start-up (taxonomy, automaton, tagger weights): {:?}",
        start.elapsed()
    );

    let mut mentions = 0;
    let rate = measure(&jds, |jd| mentions += extractor.extract(jd).len());
    report("extract", rate, bytes, jds.len());
    let mut phrases = 0;
    let rate = measure(&jds, |jd| phrases += extractor.phrases(jd).len());
    report("phrases", rate, bytes, jds.len());
    std::hint::black_box((mentions, phrases));
    Ok(())
}

/// Runs `f` over all JDs repeatedly for at least two seconds; returns passes per second.
fn measure(jds: &[String], mut f: impl FnMut(&str)) -> f64 {
    let start = Instant::now();
    let mut passes = 0u32;
    while start.elapsed() < Duration::from_secs(2) || passes < 3 {
        for jd in jds {
            f(jd);
        }
        passes += 1;
    }
    f64::from(passes) / start.elapsed().as_secs_f64()
}

fn report(name: &str, passes_per_second: f64, bytes: usize, count: usize) {
    println!(
        "{name:<8} {:>8.0} JDs/s  {:>6.2} MB/s",
        passes_per_second * count as f64,
        passes_per_second * bytes as f64 / 1e6
    );
}
