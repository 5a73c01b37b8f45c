//! Job description parsing on the real postings in ../shared/data/jds.

// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use careerkit_core::jd::{
    DegreeLevel, EmploymentType, Importance, JobDescription, SalaryPeriod, Seniority,
};
use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
use careerkit_core::ErrorKind;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).join(rel)
}

fn extractor() -> SkillExtractor {
    SkillExtractor::new(SkillTaxonomy::embedded()).unwrap()
}

fn parse(rel: &str) -> JobDescription {
    let text = std::fs::read_to_string(shared(rel)).unwrap();
    JobDescription::parse(&text, &extractor()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Every span the parser reports points at the text it claims.
fn assert_spans_hold(jd: &JobDescription) {
    for skill in &jd.skills {
        for m in &skill.mentions {
            assert_eq!(char_slice(&jd.text, m.start, m.end), m.text);
        }
    }
    if let Some(t) = &jd.title {
        assert_eq!(char_slice(&jd.text, t.span.start, t.span.end), t.value);
    }
    for r in &jd.responsibilities {
        let raw = char_slice(&jd.text, r.span.start, r.span.end);
        assert_eq!(
            raw.split_whitespace().collect::<Vec<_>>().join(" "),
            r.value
        );
    }
}

fn required(jd: &JobDescription) -> Vec<&str> {
    jd.required_skills().map(|s| s.name.as_str()).collect()
}

#[test]
fn resume_matcher_backend_posting() {
    let jd = parse("jds/text/resumematcher__backend-eng.txt");
    assert_spans_hold(&jd);
    assert_eq!(jd.title.as_ref().unwrap().value, "Senior Backend Engineer");
    assert_eq!(jd.seniority, Some(Seniority::Senior));
    assert_eq!(jd.years_required.as_ref().unwrap().value.min, 4.0);
    let req = required(&jd);
    for skill in [
        "Python",
        "FastAPI",
        "Django",
        "PostgreSQL",
        "Docker",
        "Kubernetes",
        "Redis",
    ] {
        assert!(req.contains(&skill), "{skill} not required: {req:?}");
    }
    let python = jd.skills.iter().find(|s| s.name == "Python").unwrap();
    assert_eq!(
        python.years.unwrap().min,
        4.0,
        "4+ years of professional Python"
    );
    assert!(jd.responsibilities.iter().any(|r| r
        .value
        .starts_with("You will design and build high-throughput Python services")));
    assert_eq!(jd.salary, None);
}

#[test]
fn resume_matcher_frontend_ml_and_pm_postings() {
    let fe = parse("jds/text/resumematcher__frontend-eng.txt");
    assert_spans_hold(&fe);
    assert_eq!(fe.title.as_ref().unwrap().value, "Senior Frontend Engineer");
    let react = fe.skills.iter().find(|s| s.name == "React").unwrap();
    assert_eq!(react.years.unwrap().min, 4.0);
    assert!(required(&fe).contains(&"TypeScript"));

    let ml = parse("jds/text/resumematcher__ml-eng.txt");
    assert_spans_hold(&ml);
    assert_eq!(
        ml.title.as_ref().unwrap().value,
        "Machine Learning Engineer"
    );
    assert_eq!(ml.seniority, None);
    assert_eq!(ml.years_required.as_ref().unwrap().value.min, 3.0);
    assert!(required(&ml).contains(&"PyTorch"));

    let pm = parse("jds/text/resumematcher__product-manager.txt");
    assert_spans_hold(&pm);
    assert_eq!(pm.title.as_ref().unwrap().value, "Senior Product Manager");
    assert_eq!(pm.seniority, Some(Seniority::Senior));
    assert!(required(&pm).contains(&"SQL"));
    // The inline "Responsibilities:" paragraph becomes one item per clause.
    let duties: Vec<&str> = pm
        .responsibilities
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    assert!(
        duties.contains(&"author detailed PRDs and acceptance criteria"),
        "{duties:?}"
    );
    assert!(duties.len() >= 4);
}

#[test]
fn skillspan_tech_postings_give_level_contract_degree_and_pay() {
    let net = parse("jds/text/skillspan/skillspan_dev_tech_008.txt");
    assert_spans_hold(&net);
    assert_eq!(net.seniority, Some(Seniority::Senior));
    assert_eq!(
        net.employment_type.as_ref().map(|e| e.value),
        Some(EmploymentType::FullTime)
    );
    let edu = net.education.as_ref().unwrap();
    assert_eq!(edu.level, DegreeLevel::Bachelor);
    assert_eq!(edu.field.as_deref(), Some("CS/Engineering"));
    // "Advantage: Experience in AWS and Docker" is a nice-to-have line, but both skills are also
    // in the must-have technology list, so they stay required; "5+ years" has no skill of ours.
    assert!(required(&net).contains(&"C#"));

    let camunda = parse("jds/text/skillspan/skillspan_dev_tech_029.txt");
    assert_spans_hold(&camunda);
    let salary = camunda.salary.as_ref().unwrap();
    assert_eq!((salary.min, salary.max), (42_000.0, 42_000.0));
    assert_eq!(salary.currency, "EUR");
    assert_eq!(salary.period, Some(SalaryPeriod::Year));
    assert_eq!(
        char_slice(&camunda.text, salary.span.start, salary.span.end),
        "€42k - 42k"
    );
    // Its only "plus" is "Plus these awesome benefits:", which asks for nothing: no skill there
    // may count as preferred.
    assert!(camunda
        .skills
        .iter()
        .all(|s| s.importance == Importance::Required));
}

#[test]
fn skillspan_titles_and_levels_from_job_board_layouts() {
    // "Role: DevOps" is the board's category; the first line is the title.
    let devops = parse("jds/text/skillspan/skillspan_dev_tech_001.txt");
    assert_eq!(
        devops.title.unwrap().value,
        "DevOps Engineer (CI CD Cloud Docker Jenkins)"
    );
    assert_eq!(
        devops.seniority,
        Some(Seniority::Senior),
        "Experience level: Senior"
    );
    // "Experience level: Junior Mid-Level Senior": any of them, so the lowest.
    let open = parse("jds/text/skillspan/skillspan_dev_tech_004.txt");
    assert_eq!(open.seniority, Some(Seniority::Junior));
    // "Java Developer – Full-time job – <LOCATION>".
    let java = parse("jds/text/skillspan/skillspan_dev_tech_023.txt");
    assert_eq!(java.title.unwrap().value, "Java Developer");
}

#[test]
fn every_skillspan_posting_parses_with_spans_inside_labelled_skills() {
    let ex = extractor();
    let dir = shared("jds/text/skillspan");
    let (mut ours, mut inside, mut postings) = (0usize, 0usize, 0usize);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let jd = match JobDescription::parse(&text, &ex) {
            Ok(jd) => jd,
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{}", path.display());
                continue;
            }
        };
        postings += 1;
        assert_spans_hold(&jd);
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let labels: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shared(&format!("jds/labels/skillspan/{stem}.json"))).unwrap(),
        )
        .unwrap();
        let spans: Vec<(usize, usize)> = labels["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        for m in jd.skills.iter().flat_map(|s| &s.mentions) {
            ours += 1;
            if spans.iter().any(|&(s, e)| m.start >= s && m.end <= e) {
                inside += 1;
            }
        }
    }
    assert!(postings >= 55, "only {postings} postings parsed");
    // Precision against SkillSpan's human skill/knowledge spans (measured 2026-11: see report).
    let precision = inside as f64 / ours as f64;
    eprintln!("skillspan: {postings} postings, {inside}/{ours} mentions inside labelled spans");
    assert!(ours > 100 && precision > 0.5, "{inside}/{ours}");
}

#[test]
fn the_employer_under_the_title_is_the_company_and_its_name_is_no_skill() {
    let text = "Senior Platform Engineer\nNorthwind Logistics — Remote (US)\n\nNorthwind Logistics is hiring a platform engineer.\n\nRequirements\n- 5+ years with Kubernetes and Terraform on AWS\n- Experience in logistics software is a plus";
    let extractor = SkillExtractor::new(SkillTaxonomy::embedded()).unwrap();
    let jd = JobDescription::parse(text, &extractor).unwrap();
    assert_eq!(
        jd.company.as_ref().map(|c| c.value.as_str()),
        Some("Northwind Logistics")
    );
    let company = jd.company.as_ref().unwrap();
    assert_eq!(
        char_slice(&jd.text, company.span.start, company.span.end),
        "Northwind Logistics"
    );
    let logistics = jd.skills.iter().find(|s| s.name == "Logistics");
    // Only the requirement line's "logistics" counts, never the company's name.
    if let Some(skill) = logistics {
        assert!(
            skill.mentions.iter().all(|m| m.text == "logistics"),
            "{:?}",
            skill.mentions
        );
    }
    assert!(jd.skills.iter().any(|s| s.name == "Kubernetes"));
}
