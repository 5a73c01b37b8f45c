//! The fabrication checks on crafted edits of the real resumes: invented employers, titles,
//! dates, degrees and numbers are rejected, unevidenced skills need confirmation, faithful
//! rephrasings pass; proposals are grounded and their gains match a re-score; approved edits
//! apply by id and rejected ones never do.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use careerkit_core::analysis::GapAnalysis;
use careerkit_core::document::ResumeDocument;
use careerkit_core::extract::parse_resume;
use careerkit_core::intake::IntakeOptions;
use careerkit_core::jd::{DegreeLevel, JobDescription};
use careerkit_core::profile::{Profile, SectionKind};
use careerkit_core::rewrite::{
    apply, propose, Decision, Edit, FindingKind, Guard, ProposalContext,
};
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

fn real_resumes() -> Vec<(String, ExtractedText, Profile)> {
    let mut out = vec![(
        "jordan".to_string(),
        resume(repo("samples/resume_jordan_rivera.md")),
    )];
    for name in [
        "resumematcher__john_doe.pdf",
        "resumematcher__bruce_wayne_fullstack.pdf",
        "rendercv__john_doe_classic.pdf",
        "awesomecv__resume.pdf",
        "soupboss__devops_engineer_example.pdf",
        "openresume__openresume-resume.pdf",
    ] {
        out.push((
            name.to_string(),
            resume(data(&format!("resumes/pdf/{name}"))),
        ));
    }
    out.into_iter().map(|(n, (t, p))| (n, t, p)).collect()
}

fn bullets(doc: &ResumeDocument) -> Vec<(String, String)> {
    doc.sections
        .iter()
        .filter(|s| s.kind == SectionKind::Experience)
        .flat_map(|s| &s.entries)
        .flat_map(|e| &e.bullets)
        .map(|b| (b.id.clone(), b.text.clone()))
        .collect()
}

fn rewrite(id: &str, text: String) -> Edit {
    Edit::RewriteBullet {
        bullet_id: id.to_string(),
        text,
    }
}

#[test]
fn faithful_rephrasings_of_every_real_bullet_pass() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let mut checked = 0;
    for (name, _, profile) in real_resumes() {
        let doc = ResumeDocument::from_profile(&profile);
        let guard = Guard::new(&profile, &extractor);
        for (id, text) in bullets(&doc) {
            let mut rest = text.trim().chars();
            let first = rest
                .next()
                .map(|c| c.to_lowercase().to_string())
                .unwrap_or_default();
            for candidate in [
                text.clone(),
                format!("Successfully {first}{}", rest.as_str()),
            ] {
                let v = guard.check(&doc, &rewrite(&id, candidate.clone()));
                assert_eq!(
                    v.decision,
                    Decision::Accepted,
                    "{name} {id}: {candidate:?} -> {:#?}",
                    v.findings
                );
                // Every kept number and name carries its evidence.
                assert!(v
                    .findings
                    .iter()
                    .all(|f| f.evidence.is_some() || f.kind == FindingKind::SupportedDate));
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} rephrasings checked");
}

#[test]
fn smuggled_facts_are_caught_on_every_real_bullet() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let smuggled: [(&str, FindingKind); 6] = [
        (" at Initech Global", FindingKind::InventedEmployer),
        (", saving $4.2M a year", FindingKind::InventedNumber),
        (
            ", improving conversion by 73.9%",
            FindingKind::InventedNumber,
        ),
        (" as Director of Engineering", FindingKind::InventedTitle),
        (" in March 2009", FindingKind::InventedDate),
        (", a 12x speed-up", FindingKind::InventedNumber),
    ];
    let mut caught = 0;
    let mut degree_resumes = 0;
    for (name, _, profile) in real_resumes() {
        let doc = ResumeDocument::from_profile(&profile);
        let guard = Guard::new(&profile, &extractor);
        // A degree this person does not hold (some of them do hold a PhD).
        let held: Vec<DegreeLevel> = profile
            .education
            .iter()
            .filter_map(|e| {
                e.degree
                    .as_ref()
                    .and_then(|d| DegreeLevel::from_degree(&d.value))
            })
            .collect();
        let degree = [
            " while completing a PhD",
            " while completing an MBA",
            " while completing a BSc",
        ]
        .into_iter()
        .find(|d| !held.contains(&DegreeLevel::from_degree(d).unwrap()));
        let mut attempts = smuggled.to_vec();
        // The checks work at degree level: someone holding all three levels cannot be caught
        // inventing one (a second PhD in another field would pass).
        if let Some(degree) = degree {
            attempts.push((degree, FindingKind::InventedDegree));
            degree_resumes += 1;
        }
        for (id, text) in bullets(&doc) {
            for (addition, kind) in &attempts {
                let edit = rewrite(&id, format!("{}{addition}", text.trim_end_matches('.')));
                let v = guard.check(&doc, &edit);
                assert_eq!(
                    v.decision,
                    Decision::Rejected,
                    "{name} {id}: {addition:?} passed: {:#?}",
                    v.findings
                );
                assert!(
                    v.findings.iter().any(|f| f.kind == *kind),
                    "{name} {id}: {addition:?} not flagged as {kind:?}: {:#?}",
                    v.findings
                );
                assert!(v.approve(true).is_err());
                caught += 1;
            }
        }
    }
    assert!(caught > 200, "only {caught} smuggling attempts");
    assert!(
        degree_resumes >= 6,
        "degree smuggling tried on {degree_resumes} resumes only"
    );
}

#[test]
fn unevidenced_skills_need_confirmation_and_held_ones_do_not() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let (_, profile) = resume(repo("samples/resume_jordan_rivera.md"));
    let doc = ResumeDocument::from_profile(&profile);
    let guard = Guard::new(&profile, &extractor);
    let v = guard.check(
        &doc,
        &Edit::AddSkill {
            skill: "Kubernetes".into(),
        },
    );
    assert_eq!(v.decision, Decision::NeedsConfirmation, "{:#?}", v.findings);
    assert!(v.approve(false).is_err());
    let edited = apply(&doc, &v.approve(true).unwrap()).unwrap();
    assert!(
        edited.section(SectionKind::Skills).unwrap().entries[0].paragraphs[0]
            .ends_with("Kubernetes")
    );
    let v = guard.check(
        &doc,
        &Edit::AddSkill {
            skill: "Postgres".into(),
        },
    );
    assert_eq!(v.decision, Decision::Accepted, "{:#?}", v.findings);
    let evidence = v.findings[0].evidence.as_ref().unwrap();
    assert_eq!(evidence.text, "PostgreSQL");
    // A skill woven into a bullet that the profile never shows is not silently accepted.
    let (id, text) = bullets(&doc)[0].clone();
    let v = guard.check(&doc, &rewrite(&id, format!("{text} on Kubernetes")));
    assert_eq!(v.decision, Decision::NeedsConfirmation, "{:#?}", v.findings);
    // Unknown ids and reorders that add items are rejected.
    let v = guard.check(&doc, &rewrite("experience-9-b9", "Built APIs".into()));
    assert_eq!(v.decision, Decision::Rejected);
    let v = guard.check(
        &doc,
        &Edit::ReorderSkills {
            order: vec!["Python".into(), "Rust".into()],
        },
    );
    assert_eq!(v.decision, Decision::Rejected);
}

#[test]
fn evidence_spans_point_into_the_resume_text() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let (text, profile) = resume(repo("samples/resume_jordan_rivera.md"));
    let doc = ResumeDocument::from_profile(&profile);
    let guard = Guard::new(&profile, &extractor);
    let v = guard.check(
        &doc,
        &rewrite(
            "experience-0-b1",
            "Reduced AWS spend 28% at Lumen Freight using Terraform and spot instances".into(),
        ),
    );
    assert_eq!(v.decision, Decision::Accepted, "{:#?}", v.findings);
    let mut with_spans = 0;
    for f in &v.findings {
        let e = f.evidence.as_ref().unwrap();
        if let Some(span) = e.span {
            let quoted: String = text
                .text
                .chars()
                .skip(span.start)
                .take(span.end - span.start)
                .collect();
            assert_eq!(quoted, e.text);
            with_spans += 1;
        }
    }
    assert!(with_spans >= 3, "{:#?}", v.findings);
}

#[test]
fn proposals_are_grounded_and_their_gain_is_a_rescore() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let postings = [
        repo("samples/jd_platform_engineer.txt"),
        data("jds/text/resumematcher__backend-eng.txt"),
        data("jds/text/resumematcher__frontend-eng.txt"),
    ];
    let mut total = 0;
    for (name, text, profile) in real_resumes() {
        let doc = ResumeDocument::from_profile(&profile);
        for posting in &postings {
            let jd = JobDescription::parse(&std::fs::read_to_string(posting).unwrap(), &extractor)
                .unwrap();
            let ctx = ProposalContext {
                profile: &profile,
                resume: &text,
                document: &doc,
                jd: &jd,
                extractor: &extractor,
                today,
            };
            let base = GapAnalysis::analyze(&profile, &text, &jd, &extractor, today).score;
            for p in propose(&ctx) {
                total += 1;
                assert_ne!(p.verdict.decision, Decision::Rejected, "{name}: {p:#?}");
                let approved = p.verdict.approve(true).unwrap();
                let edited = apply(&doc, &approved).unwrap();
                assert_ne!(
                    edited, doc,
                    "{name}: a proposal that changes nothing: {p:#?}"
                );
                assert!(p.expected_gain >= 0.0, "{name}: {p:#?}");
                if let Edit::RewriteBullet {
                    bullet_id,
                    text: new,
                } = &p.edit
                {
                    // Re-scoring the edited profile by hand gives the same gain.
                    let mut changed = profile.clone();
                    let (i, j) = bullet_id
                        .trim_start_matches("experience-")
                        .split_once("-b")
                        .unwrap();
                    let field = &mut changed.experience[i.parse::<usize>().unwrap()].bullets
                        [j.parse::<usize>().unwrap()];
                    if !text.text.contains(&field.value) {
                        continue;
                    }
                    let mut t = text.clone();
                    t.text = t.text.replacen(&field.value, new, 1);
                    field.value = new.clone();
                    let after = GapAnalysis::analyze(&changed, &t, &jd, &extractor, today).score;
                    assert!(
                        (after - base - p.expected_gain).abs() < 0.02,
                        "{name}: {} vs {}",
                        after - base,
                        p.expected_gain
                    );
                    assert!(!p.evidence.is_empty(), "{name}: {p:#?}");
                }
            }
        }
    }
    assert!(total > 10, "only {total} proposals");
}

#[test]
fn jordan_gets_postgres_wording_and_skills_led_by_the_posting() {
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let (text, profile) = resume(repo("samples/resume_jordan_rivera.md"));
    let doc = ResumeDocument::from_profile(&profile);
    let jd = JobDescription::parse(
        &std::fs::read_to_string(repo("samples/jd_platform_engineer.txt")).unwrap(),
        &extractor,
    )
    .unwrap();
    let ctx = ProposalContext {
        profile: &profile,
        resume: &text,
        document: &doc,
        jd: &jd,
        extractor: &extractor,
        today,
    };
    let proposals = propose(&ctx);
    let reorder = proposals.iter().find_map(|p| match &p.edit {
        Edit::ReorderSkills { order } => Some(order.clone()),
        _ => None,
    });
    let order = reorder.expect("a skills reorder");
    // The posting asks for Kubernetes, Docker, AWS first; Jordan has Docker and AWS.
    let first_required = order
        .iter()
        .position(|s| s == "Docker" || s == "AWS")
        .unwrap();
    let git = order.iter().position(|s| s == "Git").unwrap();
    assert!(first_required < git, "{order:?}");
    // A rejected edit never reaches the document: approve() refuses it.
    let guard = Guard::new(&profile, &extractor);
    let bad = guard.check(
        &doc,
        &rewrite("experience-0-b0", "Designed APIs at Stripe".into()),
    );
    assert!(bad.approve(true).is_err());
}
