//! Ranking jobs for a person and people for a job, on the real postings in ../shared/data and
//! fictional resumes written here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use careerkit_core::analysis::rank::{rank_candidates, rank_jobs, Preferences};
use careerkit_core::analysis::{JdFeatures, ResumeFeatures};
use careerkit_core::extract::parse_resume;
use careerkit_core::intake::IntakeOptions;
use careerkit_core::jd::{JobDescription, RemotePolicy};
use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
use chrono::NaiveDate;

const BACKEND_RESUME: &str = "# Sam Okafor\n\nBackend Engineer\n\nsam@example.com\n\n## Experience\n\n### Senior Backend Engineer — Parcelly\n*Jan 2019 – Present*\n\n- Built order APIs in Python, Django and PostgreSQL on AWS with Docker and Kubernetes\n- Ran Kafka pipelines and Redis caches serving 2,000 requests per second\n\n## Skills\n\nPython, Django, PostgreSQL, AWS, Docker, Kubernetes, Kafka, Redis, REST APIs, SQL\n";
const FRONTEND_RESUME: &str = "# Lee Varga\n\nFrontend Engineer\n\nlee@example.com\n\n## Experience\n\n### Frontend Engineer — Pixelry\n*Mar 2020 – Present*\n\n- Built React and TypeScript interfaces with Next.js, HTML and CSS\n- Wrote Jest tests and improved accessibility scores by 30%\n\n## Skills\n\nJavaScript, TypeScript, React, Next.js, HTML, CSS, Jest, Figma\n";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

fn resume(text: &str, extractor: &SkillExtractor) -> ResumeFeatures {
    let (extracted, profile) =
        parse_resume(text.as_bytes(), Some("cv.md"), &IntakeOptions::default()).unwrap();
    ResumeFeatures::new(&profile, &extracted, extractor, today())
}

fn posting(name: &str, extractor: &SkillExtractor) -> JobDescription {
    let path = format!(
        "{}/../../../shared/data/jds/text/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    JobDescription::parse(&std::fs::read_to_string(path).unwrap(), extractor).unwrap()
}

#[test]
fn a_backend_engineer_ranks_the_backend_posting_above_product_management() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let names = [
        "resumematcher__product-manager.txt",
        "resumematcher__backend-eng.txt",
    ];
    let jobs: Vec<JobDescription> = names.iter().map(|n| posting(n, &extractor)).collect();
    let features: Vec<JdFeatures> = jobs
        .iter()
        .map(|j| JdFeatures::new(j, extractor.taxonomy()))
        .collect();
    let to_rank: Vec<_> = names
        .iter()
        .zip(&jobs)
        .zip(&features)
        .map(|((n, j), f)| (*n, j, f))
        .collect();
    let ranked = rank_jobs(
        &resume(BACKEND_RESUME, &extractor),
        &to_rank,
        &Preferences::default(),
    );
    assert_eq!(
        ranked[0].id, "resumematcher__backend-eng.txt",
        "{ranked:#?}"
    );
    assert!(ranked[0].match_score > ranked[1].match_score);
    assert!(ranked
        .iter()
        .all(|r| r.preference_fit == 1.0 && r.unmet.is_empty()));
}

#[test]
fn preferences_reorder_jobs_and_say_why() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let body = "Requirements:\n- 4+ years building backend services in Python and PostgreSQL\n- Experience with Docker, Kubernetes and AWS\n- Strong communication skills and ownership of production systems";
    let berlin = JobDescription::parse(&format!("Backend Engineer\nLocation: Berlin, Germany\nOn-site\n{body}\nSalary: €60,000 - €70,000 per year"), &extractor).unwrap();
    let remote = JobDescription::parse(&format!("Backend Engineer\nLocation: Remote\nFully remote\n{body}\nSalary: €80,000 - €95,000 per year"), &extractor).unwrap();
    assert_eq!(
        berlin.remote.as_ref().map(|r| r.value),
        Some(RemotePolicy::Onsite)
    );
    assert_eq!(
        remote.remote.as_ref().map(|r| r.value),
        Some(RemotePolicy::Remote)
    );
    let (fb, fr) = (
        JdFeatures::new(&berlin, extractor.taxonomy()),
        JdFeatures::new(&remote, extractor.taxonomy()),
    );
    let me = resume(BACKEND_RESUME, &extractor);
    let jobs = [("berlin", &berlin, &fb), ("remote", &remote, &fr)];

    let anywhere = rank_jobs(&me, &jobs, &Preferences::default());
    assert!(
        (anywhere[0].match_score - anywhere[1].match_score).abs() < 1e-9,
        "same requirements, same fit"
    );

    let prefs = Preferences {
        remote: vec![RemotePolicy::Remote],
        min_salary_per_year: Some(75_000.0),
        ..Preferences::default()
    };
    let ranked = rank_jobs(&me, &jobs, &prefs);
    assert_eq!(ranked[0].id, "remote");
    assert_eq!(ranked[0].preference_fit, 1.0);
    let berlin_row = &ranked[1];
    assert!(
        (berlin_row.preference_fit - 0.5 * 0.6).abs() < 1e-9,
        "{berlin_row:?}"
    );
    assert!(
        berlin_row.unmet.iter().any(|u| u.contains("onsite")),
        "{:?}",
        berlin_row.unmet
    );
    assert!(
        berlin_row.unmet.iter().any(|u| u.contains("70000")),
        "{:?}",
        berlin_row.unmet
    );
    assert!((berlin_row.rank_score - berlin_row.match_score * 0.3).abs() < 0.01);
}

#[test]
fn people_are_ranked_for_a_job_with_what_they_miss() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let job = posting("resumematcher__frontend-eng.txt", &extractor);
    let features = JdFeatures::new(&job, extractor.taxonomy());
    let (backend, frontend) = (
        resume(BACKEND_RESUME, &extractor),
        resume(FRONTEND_RESUME, &extractor),
    );
    let ranked = rank_candidates(&features, &[("sam", &backend), ("lee", &frontend)]);
    assert_eq!(ranked[0].id, "lee", "{ranked:#?}");
    assert!(ranked[0].match_score > ranked[1].match_score);
    assert!(
        ranked[1].missing_required.iter().any(|s| s == "React"),
        "{:?}",
        ranked[1].missing_required
    );
    assert!(!ranked[0].missing_required.iter().any(|s| s == "React"));
}
