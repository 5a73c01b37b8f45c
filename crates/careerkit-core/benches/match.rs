//! Throughput of gap analysis: profile x job description pairs per second once both are parsed
//! (features precomputed), plus the one-off cost of parsing a posting and reading a resume.
//!
//! Run: `cargo bench -p careerkit-core --bench match` (criterion prints `thrpt` in elements/s;
//! one element is one scored pair with its full `GapAnalysis`: matches, evidence, factors,
//! suggestions). Results go in BENCHMARKS.md.

// Setup failures abort the bench with a message; there is no caller to return them to.
#![allow(clippy::panic)]
// `criterion_group!` generates a public function without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;

use careerkit_core::analysis::{GapAnalysis, JdFeatures, ResumeFeatures};
use careerkit_core::jd::JobDescription;
use careerkit_core::profile::{DateRange, EndDate, Experience, PartialDate, Profile};
use careerkit_core::provenance::Field;
use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
use careerkit_core::text::{DocumentFormat, ExtractedText};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const POSTINGS: [&str; 4] = [
    "resumematcher__backend-eng.txt",
    "resumematcher__frontend-eng.txt",
    "resumematcher__ml-eng.txt",
    "resumematcher__product-manager.txt",
];

fn posting_text(name: &str) -> String {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        .join("jds/text")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn role(title: &str, start: i32, end: Option<i32>, bullets: &[&str]) -> Experience {
    let date = |year| PartialDate {
        year,
        month: Some(3),
    };
    Experience {
        title: Some(Field::from_user(title.to_string())),
        dates: Some(Field::from_user(DateRange {
            start: Some(date(start)),
            end: Some(end.map_or(EndDate::Present, |y| EndDate::Date(date(y)))),
            raw: String::new(),
        })),
        bullets: bullets
            .iter()
            .map(|b| Field::from_user(b.to_string()))
            .collect(),
        ..Experience::default()
    }
}

/// Two candidates: a backend engineer and a frontend engineer, with their resume text.
fn candidates() -> Vec<(Profile, ExtractedText)> {
    let profiles = [
        vec![
            role(
                "Senior Software Engineer",
                2020,
                None,
                &[
                    "Python, FastAPI and Kafka on AWS; p99 latency down 40%",
                    "Ran Postgres and Redis for 2M users",
                ],
            ),
            role(
                "Software Engineer",
                2017,
                Some(2020),
                &["Django REST APIs, Docker, CI/CD with GitHub Actions"],
            ),
        ],
        vec![
            role(
                "Frontend Engineer",
                2021,
                None,
                &[
                    "React, Next.js and TypeScript design system used by 40 teams",
                    "Cut bundle size 35%",
                ],
            ),
            role(
                "Web Developer",
                2018,
                Some(2021),
                &["JavaScript, GraphQL and Node.js dashboards"],
            ),
        ],
    ];
    profiles
        .into_iter()
        .map(|experience| {
            let profile = Profile {
                experience,
                skills: vec![Field::from_user("SQL, Git, Linux".into())],
                ..Profile::default()
            };
            let text = profile
                .experience
                .iter()
                .flat_map(|e| e.title.iter().chain(&e.bullets).map(|f| f.value.clone()))
                .chain(std::iter::once("Skills: SQL, Git, Linux".to_string()))
                .collect::<Vec<_>>()
                .join("\n");
            let resume = ExtractedText {
                format: DocumentFormat::Text,
                text,
                page_starts: vec![0],
                warnings: vec![],
            };
            (profile, resume)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let extractor =
        SkillExtractor::new(SkillTaxonomy::embedded()).unwrap_or_else(|e| panic!("{e}"));
    let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
    let texts: Vec<String> = POSTINGS.iter().map(|p| posting_text(p)).collect();
    let jds: Vec<JobDescription> = texts
        .iter()
        .map(|t| JobDescription::parse(t, &extractor).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let jd_features: Vec<JdFeatures> = jds
        .iter()
        .map(|jd| JdFeatures::new(jd, extractor.taxonomy()))
        .collect();
    let people = candidates();
    let resume_features: Vec<ResumeFeatures> = people
        .iter()
        .map(|(p, r)| ResumeFeatures::new(p, r, &extractor, today))
        .collect();

    let pairs = (jd_features.len() * resume_features.len()) as u64;
    let mut group = c.benchmark_group("pair");
    group.throughput(Throughput::Elements(pairs));
    group.bench_function("gap_analysis", |b| {
        b.iter(|| {
            for r in &resume_features {
                for j in &jd_features {
                    black_box(GapAnalysis::compute(black_box(r), black_box(j)));
                }
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("prepare");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("jd_parse_and_features", |b| {
        b.iter(|| {
            for t in &texts {
                let jd = JobDescription::parse(black_box(t), &extractor)
                    .unwrap_or_else(|e| panic!("{e}"));
                black_box(JdFeatures::new(&jd, extractor.taxonomy()));
            }
        })
    });
    group.throughput(Throughput::Elements(people.len() as u64));
    group.bench_function("resume_features", |b| {
        b.iter(|| {
            for (p, r) in &people {
                black_box(ResumeFeatures::new(black_box(p), r, &extractor, today));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
