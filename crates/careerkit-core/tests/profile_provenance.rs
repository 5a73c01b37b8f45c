//! Provenance of every extracted value: exact spans into the extracted text, the file's
//! SHA-256 as source, one timestamp per parse, named rules and meaningful confidences.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod profile_eval;

use careerkit_core::provenance::{Extractor, Source};
use sha2::{Digest, Sha256};

/// Letters and digits only, so a value with collapsed whitespace or a joined line still
/// compares with the text it came from.
fn alnum(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn every_value_of_every_labelled_resume_has_an_exact_span() {
    let mut checked = 0;
    for (path, _) in profile_eval::labelled_documents() {
        let (text, profile) = profile_eval::parse_file(&path).expect("parses");
        let chars: Vec<char> = text.text.chars().collect();
        for (kind, value, prov) in profile_eval::all_fields(&profile) {
            let span = prov
                .span
                .unwrap_or_else(|| panic!("{}: {kind} {value:?} has no span", path.display()));
            assert!(
                span.start < span.end && span.end <= chars.len(),
                "{kind} {value:?}: bad span {span:?}"
            );
            let covered: String = chars[span.start..span.end].iter().collect();
            // A date range split over two lines ("June 2020 –" / "Present") covers both parts.
            let parts: Vec<String> = if kind == "dates" {
                value.split(['–', '-', '—']).map(alnum).collect()
            } else {
                vec![alnum(&value)]
            };
            assert!(
                parts.iter().all(|p| alnum(&covered).contains(p.as_str())),
                "{}: {kind} {value:?} not in its span text {covered:?}",
                path.display()
            );
            assert_eq!(span.page, text.page_of(span.start));
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} values checked");
}

#[test]
fn provenance_names_the_file_the_rule_and_one_timestamp() {
    let path = profile_eval::data_dir().join("resumes/pdf/resumematcher__john_doe.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (_, profile) = profile_eval::parse_file(&path).unwrap();
    let fields = profile_eval::all_fields(&profile);
    assert!(fields.len() > 40);
    let at = fields[0].2.extracted_at;
    for (kind, value, prov) in &fields {
        assert_eq!(
            prov.source,
            Source::File {
                name: Some("resumematcher__john_doe.pdf".into()),
                sha256: sha.clone()
            }
        );
        assert_eq!(prov.extracted_at, at, "one timestamp per parse");
        assert!((0.0..=1.0).contains(&prov.confidence), "{kind} {value}");
        match &prov.extractor {
            Extractor::Rule { name } => {
                assert!(name.contains('.'), "rule name {name:?} for {kind}")
            }
            other => panic!("{kind}: unexpected extractor {other:?}"),
        }
    }
}

#[test]
fn each_field_records_its_rule_and_a_confidence_that_means_something() {
    let path = profile_eval::data_dir().join("resumes/pdf/resumematcher__john_doe.pdf");
    let (_, profile) = profile_eval::parse_file(&path).unwrap();
    let rule = |p: &careerkit_core::provenance::Provenance| match &p.extractor {
        Extractor::Rule { name } => name.clone(),
        _ => String::new(),
    };
    let c = &profile.contact;
    let email = &c.emails[0].provenance;
    assert_eq!(rule(email), "contact.email");
    assert!(email.confidence >= 0.95, "a pattern-certain email");
    assert_eq!(rule(&c.phones[0].provenance), "contact.phone");
    assert_eq!(c.phones[0].value.normalized, "1234567890");
    let name = &c.name.as_ref().unwrap().provenance;
    assert_eq!(rule(name), "contact.name_first_line");
    assert!(
        name.confidence < email.confidence,
        "a positional name is less certain than an email"
    );
    let links: Vec<String> = c.links.iter().map(|l| rule(&l.provenance)).collect();
    assert!(links.iter().all(|r| r == "contact.link_url"), "{links:?}");
    assert_eq!(
        rule(&c.location.as_ref().unwrap().provenance),
        "contact.location"
    );
    let job = &profile.experience[0];
    assert_eq!(
        rule(&job.title.as_ref().unwrap().provenance),
        "experience.title_company_keywords"
    );
    assert_eq!(
        rule(&job.dates.as_ref().unwrap().provenance),
        "experience.dates"
    );
    assert_eq!(rule(&job.bullets[0].provenance), "experience.bullet");
    let school = &profile.education[0];
    assert_eq!(
        rule(&school.degree.as_ref().unwrap().provenance),
        "education.degree"
    );
    assert_eq!(
        rule(&school.institution.as_ref().unwrap().provenance),
        "education.institution_keyword"
    );
    assert_eq!(rule(&profile.skills[0].provenance), "skills.item");
    assert_eq!(
        rule(&profile.certifications[0].provenance),
        "certifications.line"
    );
    assert_eq!(
        rule(&profile.summary.as_ref().unwrap().provenance),
        "summary.section"
    );
}
