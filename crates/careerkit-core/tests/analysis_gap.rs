//! Gap analysis and the explainable score, with hand-built profiles against the real postings in
//! ../shared/data/jds.

// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use careerkit_core::analysis::{
    chart, EvidenceSource, FactorId, GapAnalysis, MatchStatus, PartialReason, Relation,
    SuggestionKind,
};
use careerkit_core::jd::{Importance, JobDescription, Seniority};
use careerkit_core::profile::{DateRange, Education, EndDate, Experience, PartialDate, Profile};
use careerkit_core::provenance::Field;
use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
use careerkit_core::text::{DocumentFormat, ExtractedText};
use chrono::NaiveDate;

fn extractor() -> SkillExtractor {
    SkillExtractor::new(SkillTaxonomy::embedded()).unwrap()
}

fn posting(name: &str) -> JobDescription {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        .join("jds/text")
        .join(name);
    JobDescription::parse(&std::fs::read_to_string(path).unwrap(), &extractor()).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

fn role(
    title: &str,
    company: &str,
    start: (i32, u8),
    end: Option<(i32, u8)>,
    bullets: &[&str],
) -> Experience {
    let date = |(year, month): (i32, u8)| PartialDate {
        year,
        month: Some(month),
    };
    Experience {
        title: Some(Field::from_user(title.to_string())),
        company: Some(Field::from_user(company.to_string())),
        dates: Some(Field::from_user(DateRange {
            start: Some(date(start)),
            end: Some(end.map_or(EndDate::Present, |e| EndDate::Date(date(e)))),
            raw: String::new(),
        })),
        bullets: bullets
            .iter()
            .map(|b| Field::from_user(b.to_string()))
            .collect(),
        ..Experience::default()
    }
}

/// A backend engineer: Python in two overlapping roles (Jan 2018 - Dec 2020 and Jun 2020 -
/// Present, 6.5 years in all by 2024-06), Docker and "Postgres", no Kubernetes.
fn backend_profile() -> Profile {
    Profile {
        contact: careerkit_core::profile::Contact {
            name: Some(Field::from_user("Ada Example".into())),
            ..Default::default()
        },
        experience: vec![
            role(
                "Senior Software Engineer",
                "Acme",
                (2020, 6),
                None,
                &["Built Python services on AWS with FastAPI, cutting latency 40%"],
            ),
            role(
                "Software Engineer",
                "Beta",
                (2018, 1),
                Some((2020, 12)),
                &["Shipped Python and Django APIs backed by Postgres and Redis"],
            ),
            role(
                "Support Engineer",
                "Gamma",
                (2015, 1),
                Some((2017, 12)),
                &["Ran Docker images for 300 customers"],
            ),
        ],
        education: vec![Education {
            degree: Some(Field::from_user("BSc Computer Science".into())),
            ..Default::default()
        }],
        skills: vec![Field::from_user("SQL".into())],
        ..Profile::default()
    }
}

/// The resume text a profile would be read from, so evidence spans point into real text.
fn render(profile: &Profile) -> ExtractedText {
    let mut lines: Vec<String> = Vec::new();
    let value = |f: &Option<Field<String>>| f.as_ref().map(|f| f.value.clone()).unwrap_or_default();
    lines.push(value(&profile.contact.name));
    lines.push(value(&profile.contact.headline));
    lines.push("Experience".into());
    for e in &profile.experience {
        lines.push(format!("{} - {}", value(&e.title), value(&e.company)));
        lines.extend(e.bullets.iter().map(|b| format!("- {}", b.value)));
    }
    lines.push("Education".into());
    lines.extend(profile.education.iter().map(|e| value(&e.degree)));
    lines.push("Skills".into());
    lines.push(
        profile
            .skills
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    ExtractedText {
        format: DocumentFormat::Text,
        text: lines.join("\n"),
        page_starts: vec![0],
        warnings: vec![],
    }
}

fn analyze(profile: &Profile, jd: &JobDescription) -> GapAnalysis {
    GapAnalysis::analyze(profile, &render(profile), jd, &extractor(), today())
}

fn find<'a>(gap: &'a GapAnalysis, name: &str) -> &'a careerkit_core::analysis::SkillMatch {
    gap.matched
        .iter()
        .chain(&gap.partial)
        .chain(&gap.missing)
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{name} not asked"))
}

#[test]
fn backend_profile_against_backend_posting() {
    let jd = posting("resumematcher__backend-eng.txt");
    let profile = backend_profile();
    let resume = render(&profile);
    let gap = GapAnalysis::analyze(&profile, &resume, &jd, &extractor(), today());

    let python = find(&gap, "Python");
    assert_eq!(python.status, MatchStatus::Matched);
    assert_eq!(
        python.years_shown,
        Some(6.5),
        "overlap of two roles counted once"
    );
    assert_eq!(python.years_required, Some(4.0));
    assert!(python
        .jd_evidence
        .iter()
        .all(|e| e.source == EvidenceSource::JobDescription));
    // Evidence spans point into the resume text.
    let chars: Vec<char> = resume.text.chars().collect();
    for e in &python.resume_evidence {
        if let Some(span) = e.span {
            assert_eq!(
                chars[span.start..span.end].iter().collect::<String>(),
                e.text
            );
        }
    }
    assert!(python
        .resume_evidence
        .iter()
        .any(|e| e.source == EvidenceSource::Experience { index: 0 }));

    // Kubernetes implies Docker in the taxonomy: Docker shown makes Kubernetes partial.
    let k8s = find(&gap, "Kubernetes");
    assert_eq!(k8s.status, MatchStatus::Partial);
    assert!(
        matches!(&k8s.reason, Some(PartialReason::RelatedSkill { name, .. }) if name == "Docker")
    );
    assert_eq!(find(&gap, "PostgreSQL").status, MatchStatus::Matched);
    // "Postgres" is the skill but not the posting's word.
    assert!(gap.keywords.missing.contains(&"PostgreSQL".to_string()));
    assert!(gap.keywords.found.contains(&"Python".to_string()));

    assert_eq!(gap.experience.years_shown, 9.5);
    assert_eq!(gap.seniority.candidate, Some(Seniority::Senior));
    assert_eq!(
        gap.title.closest_title.as_deref(),
        Some("Senior Software Engineer")
    );
    assert_eq!(gap.title.overlap, 0.5, "engineer, not backend");
    assert!(gap.score > 40.0 && gap.score < 95.0, "{}", gap.score);
}

#[test]
fn points_sum_to_the_score_and_weights_to_100() {
    for name in [
        "resumematcher__backend-eng.txt",
        "resumematcher__frontend-eng.txt",
        "resumematcher__ml-eng.txt",
        "resumematcher__product-manager.txt",
    ] {
        let gap = analyze(&backend_profile(), &posting(name));
        let points: f64 = gap.factors.iter().map(|f| f.points).sum();
        assert!(
            (points - gap.score).abs() < 1e-9,
            "{name}: {points} vs {}",
            gap.score
        );
        let weights: f64 = gap.factors.iter().map(|f| f.weight).sum();
        assert!((weights - 100.0).abs() < 0.05, "{name}: weights {weights}");
        for f in &gap.factors {
            assert!((0.0..=1.0).contains(&f.raw));
            assert!((f.points - f.weight * f.raw).abs() < 0.01, "{f:?}");
        }
        // Each skill factor is the sum of its skills' points.
        for (factor, importance) in [
            (FactorId::RequiredSkills, Importance::Required),
            (FactorId::PreferredSkills, Importance::Preferred),
        ] {
            let Some(f) = gap.factors.iter().find(|f| f.id == factor) else {
                continue;
            };
            let items: f64 = gap
                .matched
                .iter()
                .chain(&gap.partial)
                .chain(&gap.missing)
                .filter(|s| s.importance == importance)
                .map(|s| s.points)
                .sum();
            assert!(
                (items - f.points).abs() < 0.1,
                "{name} {factor:?}: {items} vs {}",
                f.points
            );
        }
    }
}

#[test]
fn fewer_years_and_related_skills_are_partial() {
    // React for two years only, and Next.js not at all (React is related: Next.js implies it).
    let profile = Profile {
        experience: vec![role(
            "Frontend Engineer",
            "Delta",
            (2022, 6),
            Some((2024, 5)),
            &["Built React and TypeScript screens used by 10k people"],
        )],
        ..Profile::default()
    };
    let gap = analyze(&profile, &posting("resumematcher__frontend-eng.txt"));
    let react = find(&gap, "React");
    assert_eq!(react.status, MatchStatus::Partial);
    assert_eq!(
        react.reason,
        Some(PartialReason::FewerYears {
            have: 2.0,
            need: 4.0
        })
    );
    assert!((react.credit - 0.75).abs() < 1e-9);
    let next = find(&gap, "Next.js");
    assert_eq!(next.status, MatchStatus::Partial);
    match &next.reason {
        Some(PartialReason::RelatedSkill { name, relation, .. }) => {
            assert_eq!(name, "React");
            assert_eq!(*relation, Relation::ImpliedBy);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !next.resume_evidence.is_empty(),
        "evidence of the related skill"
    );
}

/// Applies a suggestion to the profile the way a candidate would.
fn apply(profile: &mut Profile, kind: &SuggestionKind) {
    match kind {
        SuggestionKind::AddSkill { keyword, .. } | SuggestionKind::UseKeyword { keyword, .. } => {
            profile.skills.push(Field::from_user(keyword.clone()));
        }
        SuggestionKind::MentionInRoles {
            keyword,
            experience,
            ..
        } => {
            for &i in experience {
                profile.experience[i]
                    .bullets
                    .push(Field::from_user(format!("Worked daily with {keyword}")));
            }
        }
        SuggestionKind::MatchTitle { title } => {
            profile.contact.headline = Some(Field::from_user(title.clone()));
        }
    }
}

#[test]
fn every_suggestion_adds_the_points_it_claims() {
    let mut checked = 0;
    for name in [
        "resumematcher__backend-eng.txt",
        "resumematcher__frontend-eng.txt",
        "resumematcher__ml-eng.txt",
    ] {
        let jd = posting(name);
        let before = analyze(&backend_profile(), &jd);
        assert!(!before.suggestions.is_empty());
        assert!(
            before
                .suggestions
                .windows(2)
                .all(|w| w[0].gain >= w[1].gain),
            "ranked by gain"
        );
        for suggestion in &before.suggestions {
            let mut profile = backend_profile();
            apply(&mut profile, &suggestion.kind);
            let after = analyze(&profile, &jd);
            let rise = after.score - before.score;
            assert!(
                (rise - suggestion.gain).abs() <= 0.05,
                "{name}: {} claimed {}, rose {rise}",
                suggestion.message,
                suggestion.gain
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn kinds_of_suggestions_on_the_backend_posting() {
    let gap = analyze(
        &backend_profile(),
        &posting("resumematcher__backend-eng.txt"),
    );
    let kinds: Vec<&SuggestionKind> = gap.suggestions.iter().map(|s| &s.kind).collect();
    assert!(kinds
        .iter()
        .any(|k| matches!(k, SuggestionKind::AddSkill { keyword, .. } if keyword == "Kubernetes")));
    assert!(kinds.iter().any(
        |k| matches!(k, SuggestionKind::UseKeyword { keyword, .. } if keyword == "PostgreSQL")
    ));
    assert!(kinds
        .iter()
        .any(|k| matches!(k, SuggestionKind::MatchTitle { .. })));
    let k8s = gap
        .suggestions
        .iter()
        .find(|s| matches!(&s.kind, SuggestionKind::AddSkill { keyword, .. } if keyword == "Kubernetes"))
        .unwrap();
    assert!(k8s.message.starts_with("Add evidence of Kubernetes"));
    assert!(k8s.message.ends_with(&format!("+{:.1}", k8s.gain)));
}

#[test]
fn years_short_suggests_naming_the_skill_in_dated_roles() {
    // Python only in the skills list: years asked (4) are not shown in any role.
    let mut profile = backend_profile();
    for e in &mut profile.experience {
        e.bullets.retain(|b| !b.value.contains("Python"));
    }
    profile.skills.push(Field::from_user("Python".into()));
    let jd = posting("resumematcher__backend-eng.txt");
    let gap = analyze(&profile, &jd);
    assert_eq!(
        find(&gap, "Python").reason,
        Some(PartialReason::FewerYears {
            have: 0.0,
            need: 4.0
        })
    );
    let s = gap
        .suggestions
        .iter()
        .find(|s| matches!(&s.kind, SuggestionKind::MentionInRoles { skill_id, .. } if skill_id == "python"))
        .unwrap();
    // Newest roles first, until four years are covered: Acme (Jun 2020 - now) is exactly 4 years.
    assert!(
        matches!(&s.kind, SuggestionKind::MentionInRoles { experience, .. } if experience == &[0])
    );
    assert!(
        s.message.contains("Senior Software Engineer at Acme"),
        "{}",
        s.message
    );
}

#[test]
fn a_profile_that_shows_everything_scores_100() {
    let jd = posting("resumematcher__backend-eng.txt");
    let keywords: Vec<String> = jd.skills.iter().map(|s| s.keyword().to_string()).collect();
    let profile = Profile {
        contact: careerkit_core::profile::Contact {
            headline: Some(Field::from_user("Senior Backend Engineer".into())),
            ..Default::default()
        },
        experience: vec![role(
            "Senior Backend Engineer",
            "Acme",
            (2016, 1),
            None,
            &[&format!("Built services with {}", keywords.join(", "))],
        )],
        ..Profile::default()
    };
    let gap = analyze(&profile, &jd);
    assert_eq!(gap.score, 100.0, "{:#?}", gap.factors);
    assert!(gap.missing.is_empty() && gap.partial.is_empty());
    assert!(gap.suggestions.is_empty());
}

#[test]
fn results_serialise_and_have_a_schema() {
    let gap = analyze(&backend_profile(), &posting("resumematcher__ml-eng.txt"));
    let json = serde_json::to_string(&gap).unwrap();
    let back: GapAnalysis = serde_json::from_str(&json).unwrap();
    assert_eq!(back, gap);
    let schema = serde_json::to_string(&schemars::schema_for!(GapAnalysis)).unwrap();
    for field in ["suggestions", "factors", "resume_evidence", "keywords"] {
        assert!(schema.contains(field), "{field}");
    }
}

#[test]
fn charts_are_vega_lite_specs_with_inline_data() {
    let gap = analyze(
        &backend_profile(),
        &posting("resumematcher__backend-eng.txt"),
    );
    let coverage = chart::skills_coverage(&gap);
    let breakdown = chart::score_breakdown(&gap);
    for spec in [&coverage, &breakdown] {
        // Through text and back: what a front end receives.
        let spec: serde_json::Value = serde_json::from_str(&spec.to_string()).unwrap();
        assert_eq!(
            spec["$schema"],
            "https://vega.github.io/schema/vega-lite/v5.json"
        );
        assert_eq!(spec["mark"]["type"], "bar");
        assert!(!spec["data"]["values"].as_array().unwrap().is_empty());
        assert!(spec["encoding"]["x"].is_object() && spec["encoding"]["y"].is_object());
    }
    let rows = coverage["data"]["values"].as_array().unwrap();
    let asked = gap.matched.len() + gap.partial.len() + gap.missing.len();
    assert_eq!(rows.len(), asked);
    assert!(rows.iter().any(|r| r["skill"] == "Kubernetes"
        && r["status"] == "partial"
        && r["category"] == "tool"));
    let earned: f64 = breakdown["data"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["part"] == "earned")
        .map(|r| r["points"].as_f64().unwrap())
        .sum();
    assert!((earned - gap.score).abs() < 1e-6);
}

#[test]
fn a_real_resume_pdf_gets_evidence_spans_into_its_text() {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        .join("resumes/pdf/soupboss__devops_engineer_example.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let resume = careerkit_core::intake::extract_text(
        &bytes,
        Some("resume.pdf"),
        &careerkit_core::intake::IntakeOptions::default(),
    )
    .unwrap();
    let jd = posting("resumematcher__backend-eng.txt");
    let gap = GapAnalysis::analyze(&Profile::default(), &resume, &jd, &extractor(), today());
    // The resume lists Docker, Python and SQL under Skills.
    for name in ["Docker", "SQL"] {
        assert_eq!(find(&gap, name).status, MatchStatus::Matched, "{name}");
    }
    let chars: Vec<char> = resume.text.chars().collect();
    let mut spans = 0;
    for s in gap.matched.iter().chain(&gap.partial) {
        for e in &s.resume_evidence {
            let span = e.span.unwrap();
            assert_eq!(
                chars[span.start..span.end].iter().collect::<String>(),
                e.text
            );
            assert_eq!(span.page, resume.page_of(span.start));
            assert_eq!(e.source, EvidenceSource::ResumeText);
            spans += 1;
        }
    }
    assert!(spans >= 3);
    // Without dated roles in the profile, Python (4+ years asked) is shown but for 0 years.
    assert_eq!(
        find(&gap, "Python").reason,
        Some(PartialReason::FewerYears {
            have: 0.0,
            need: 4.0
        })
    );
}
