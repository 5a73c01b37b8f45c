//! Interview question plans and answer feedback on the real resumes and postings: plans have no
//! duplicates, cover the gaps and honour the options; feedback orders strong and weak answers
//! and reads timing exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use careerkit_core::analysis::{GapAnalysis, SkillMatch};
use careerkit_core::extract::parse_resume;
use careerkit_core::intake::IntakeOptions;
use careerkit_core::interview::feedback::{
    analyze_answer, Answer, FeedbackOptions, FeedbackReport, Segment, StarPart, Transcript,
};
use careerkit_core::interview::questions::{plan_questions, Probe, QuestionOptions, RoundType};
use careerkit_core::interview::QuestionKind;
use careerkit_core::jd::{Importance, JobDescription};
use careerkit_core::profile::Profile;
use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
use careerkit_core::text::ExtractedText;
use chrono::NaiveDate;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).join(rel)
}

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(rel)
}

fn resume(path: PathBuf) -> (ExtractedText, Profile) {
    let bytes = std::fs::read(&path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    parse_resume(&bytes, Some(&name), &IntakeOptions::default()).unwrap()
}

/// (resume, posting) pairs from the repository samples and ../shared/data.
fn pairs() -> Vec<(String, PathBuf, PathBuf)> {
    vec![
        (
            "jordan/platform".into(),
            repo("samples/resume_jordan_rivera.md"),
            repo("samples/jd_platform_engineer.txt"),
        ),
        (
            "john_doe/backend".into(),
            data("resumes/pdf/resumematcher__john_doe.pdf"),
            data("jds/text/resumematcher__backend-eng.txt"),
        ),
        (
            "bruce_wayne/frontend".into(),
            data("resumes/pdf/resumematcher__bruce_wayne_fullstack.pdf"),
            data("jds/text/resumematcher__frontend-eng.txt"),
        ),
        (
            "rendercv/ml".into(),
            data("resumes/pdf/rendercv__john_doe_classic.pdf"),
            data("jds/text/resumematcher__ml-eng.txt"),
        ),
        (
            "devops/platform".into(),
            data("resumes/pdf/soupboss__devops_engineer_example.pdf"),
            repo("samples/jd_platform_engineer.txt"),
        ),
    ]
}

fn analysed(
    r: &Path,
    j: &Path,
    extractor: &SkillExtractor,
) -> (Profile, JobDescription, GapAnalysis) {
    let (text, profile) = resume(r.to_path_buf());
    let jd = JobDescription::parse(&std::fs::read_to_string(j).unwrap(), extractor).unwrap();
    let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let gap = GapAnalysis::analyze(&profile, &text, &jd, extractor, today);
    (profile, jd, gap)
}

#[test]
fn plans_have_no_duplicates_and_aim_at_the_gaps() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    for (label, r, j) in pairs() {
        let (profile, jd, gap) = analysed(&r, &j, &extractor);
        for round in [
            RoundType::Mixed,
            RoundType::Technical,
            RoundType::Behavioural,
            RoundType::Screening,
            RoundType::SystemDesign,
        ] {
            for count in [5, 6, 8] {
                let options = QuestionOptions {
                    count,
                    round,
                    focus_skill: None,
                };
                let plans = plan_questions(&profile, &jd, &gap, &options).unwrap();
                assert_eq!(plans.len(), count, "{label} {round:?}: {plans:#?}");
                let texts: HashSet<&str> = plans.iter().map(|p| p.text.as_str()).collect();
                assert_eq!(
                    texts.len(),
                    plans.len(),
                    "{label}: duplicate question texts"
                );
                let ids: HashSet<&str> = plans.iter().map(|p| p.id.as_str()).collect();
                assert_eq!(ids.len(), plans.len());
                for p in &plans {
                    assert!(!p.kb_query.trim().is_empty() && !p.rationale.is_empty());
                    for e in &p.evidence {
                        if let (
                            Some(span),
                            careerkit_core::analysis::EvidenceSource::JobDescription,
                        ) = (e.span, &e.source)
                        {
                            let quoted: String = jd
                                .text
                                .chars()
                                .skip(span.start)
                                .take(span.end - span.start)
                                .collect();
                            assert_eq!(quoted, e.text, "{label}: JD evidence span is off");
                        }
                    }
                }
                // The most important gap (a missing required skill, else a partial one) is asked.
                // The required gaps (missing first, else partial) are probed: at least one in
                // a mixed or technical round, and every probe names a real gap.
                let required: Vec<&SkillMatch> = {
                    let missing: Vec<&SkillMatch> = gap
                        .missing
                        .iter()
                        .filter(|m| m.importance == Importance::Required)
                        .collect();
                    if missing.is_empty() {
                        gap.partial
                            .iter()
                            .filter(|m| m.importance == Importance::Required)
                            .collect()
                    } else {
                        missing
                    }
                };
                let probed: Vec<&str> = plans
                    .iter()
                    .filter_map(|p| match &p.probe {
                        Probe::GapSkill { skill_id, .. } => Some(skill_id.as_str()),
                        _ => None,
                    })
                    .collect();
                let gaps: Vec<&str> = gap
                    .missing
                    .iter()
                    .chain(&gap.partial)
                    .map(|m| m.skill_id.as_str())
                    .collect();
                assert!(
                    probed.iter().all(|id| gaps.contains(id)),
                    "{label}: {probed:?}"
                );
                if !required.is_empty() && matches!(round, RoundType::Mixed | RoundType::Technical)
                {
                    assert!(
                        required
                            .iter()
                            .any(|m| probed.contains(&m.skill_id.as_str())),
                        "{label} {round:?}: no required gap probed: {plans:#?}"
                    );
                }
            }
        }
        let mixed = plan_questions(&profile, &jd, &gap, &QuestionOptions::default()).unwrap();
        let kinds: HashSet<QuestionKind> = mixed.iter().map(|p| p.kind).collect();
        assert!(
            kinds.len() >= 3,
            "{label}: a mixed round mixes kinds: {kinds:?}"
        );
    }
}

#[test]
fn round_type_and_focus_skill_shape_the_plan() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let (r, j) = (
        repo("samples/resume_jordan_rivera.md"),
        repo("samples/jd_platform_engineer.txt"),
    );
    let (profile, jd, gap) = analysed(&r, &j, &extractor);
    let count = |round| {
        let plans = plan_questions(
            &profile,
            &jd,
            &gap,
            &QuestionOptions {
                count: 6,
                round,
                focus_skill: None,
            },
        )
        .unwrap();
        (
            plans
                .iter()
                .filter(|p| p.kind == QuestionKind::Behavioural)
                .count(),
            plans
                .iter()
                .filter(|p| p.kind == QuestionKind::SystemDesign)
                .count(),
        )
    };
    assert!(count(RoundType::Behavioural).0 >= 3);
    assert!(count(RoundType::SystemDesign).1 >= 2);
    // Jordan's big numbers (3,200 requests per second, 28%) are probed.
    let plans = plan_questions(
        &profile,
        &jd,
        &gap,
        &QuestionOptions {
            count: 6,
            round: RoundType::Behavioural,
            focus_skill: None,
        },
    )
    .unwrap();
    assert!(plans.iter().any(|p| matches!(&p.probe, Probe::Claim { text, .. } if text.contains("28%") || text.contains("3,200"))), "{plans:#?}");
    // Kubernetes is missing from Jordan's resume and required by the posting.
    let focused = plan_questions(
        &profile,
        &jd,
        &gap,
        &QuestionOptions {
            count: 5,
            round: RoundType::Mixed,
            focus_skill: Some("kubernetes".into()),
        },
    )
    .unwrap();
    assert!(focused[0].text.contains("Kubernetes"), "{:#?}", focused[0]);
    let unknown = plan_questions(
        &profile,
        &jd,
        &gap,
        &QuestionOptions {
            count: 5,
            round: RoundType::Mixed,
            focus_skill: Some("Zig".into()),
        },
    )
    .unwrap();
    assert!(unknown[0].text.contains("Zig"));
    assert!(plan_questions(
        &profile,
        &jd,
        &gap,
        &QuestionOptions {
            count: 0,
            ..QuestionOptions::default()
        }
    )
    .is_err());
}

fn feedback(answer: &str) -> FeedbackReport {
    analyze_answer(
        "Tell me about a time you led a migration.",
        &Answer::Text(answer.into()),
        &FeedbackOptions::default(),
    )
    .unwrap()
}

#[test]
fn feedback_orders_answers_by_their_star_completeness() {
    let full = "In 2021 at Lumen Freight we still deployed fourteen services by hand, and a bad \
        deploy took the tracking API down twice that spring. I was responsible for moving every \
        service to Docker before peak season. I wrote a migration plan, built a shared base \
        image, and paired with each team to containerise their service. I also set up CI/CD \
        pipelines in GitHub Actions so every merge was tested and deployed the same way. As a \
        result, all 14 services moved in ten weeks, deploys went from an hour to eight minutes, \
        and we had no deploy-related outage that peak season.";
    let no_result = "In 2021 at Lumen Freight we still deployed fourteen services by hand. I \
        was responsible for moving every service to Docker. I wrote a migration plan, built a \
        shared base image, and paired with each team to containerise their service.";
    let vague = "We kind of moved stuff to Docker, I think. It was, um, a big project basically.";
    let (a, b, c) = (feedback(full), feedback(no_result), feedback(vague));
    assert!(
        a.overall > b.overall && b.overall > c.overall,
        "{} {} {}",
        a.overall,
        b.overall,
        c.overall
    );
    let result = |r: &FeedbackReport| {
        r.star
            .iter()
            .find(|s| s.part == StarPart::Result)
            .unwrap()
            .clone()
    };
    assert!(result(&a).present && !result(&b).present);
    assert!(b
        .recommendations
        .iter()
        .any(|x| x.part == Some(StarPart::Result)));
    let schema = FeedbackReport::json_schema().to_string();
    assert!(schema.contains("words_per_minute") && schema.contains("kb_query"));
    let json = serde_json::to_value(&a).unwrap();
    let back: FeedbackReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, a);
}

#[test]
fn words_per_minute_from_a_timed_transcript_is_exact() {
    // 36 words over 0.5 s .. 20.5 s: 36 * 60 / 20 = 108 wpm, one 4 s pause at 8.0 s.
    let t = Transcript {
        segments: vec![
            Segment {
                start_s: 0.5,
                end_s: 8.0,
                text: "At my last job our checkout kept failing under load during sales.".into(),
            },
            Segment {
                start_s: 12.0,
                end_s: 16.0,
                text: "My goal was to fix it before Black Friday so I profiled the service.".into(),
            },
            Segment {
                start_s: 16.2,
                end_s: 20.5,
                text: "As a result errors fell by 90% and revenue grew.".into(),
            },
        ],
    };
    let words: usize = t
        .segments
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();
    let r = analyze_answer(
        "Tell me about a time you fixed a production problem.",
        &Answer::Transcript(t),
        &FeedbackOptions::default(),
    )
    .unwrap();
    assert_eq!(r.delivery.word_count, words);
    assert_eq!(r.delivery.duration_s, Some(20.0));
    assert_eq!(
        r.delivery.words_per_minute,
        Some((words as f64 * 3.0 * 100.0).round() / 100.0)
    );
    assert_eq!(r.delivery.long_pauses.len(), 1);
    assert_eq!(r.delivery.long_pauses[0].at_s, 8.0);
    assert_eq!(r.delivery.long_pauses[0].length_s, 4.0);
}
