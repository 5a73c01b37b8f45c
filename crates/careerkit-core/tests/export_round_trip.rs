//! Every export format renders a fictional resume, and careerkit's own parser reads every piece
//! of it back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use careerkit_core::document::{DocBullet, DocEntry, DocSection, ResumeDocument};
use careerkit_core::export::{check_round_trip, export, preview, ExportFormat};
use careerkit_core::intake::{detect_format, Limits};
use careerkit_core::profile::SectionKind;
use careerkit_core::text::DocumentFormat;

fn sample() -> ResumeDocument {
    let bullets = [
        "Designed a shipment-tracking API in Go and PostgreSQL serving 3,200 requests per second at p99 under 120 ms, with a long sentence so the line has to wrap on every renderer that has a page width",
        "Cut monthly AWS spend by 28% with Terraform",
    ];
    ResumeDocument {
        name: "Jordan Rivera".into(),
        headline: Some("Backend Engineer".into()),
        contact: vec![
            "jordan.rivera@example.com".into(),
            "+1 (415) 555-0142".into(),
            "Oakland, CA".into(),
        ],
        sections: vec![
            DocSection {
                id: "experience".into(),
                kind: SectionKind::Experience,
                title: "Experience".into(),
                entries: vec![DocEntry {
                    id: "experience-0".into(),
                    title: Some("Senior Backend Engineer".into()),
                    subtitle: Some("Lumen Freight".into()),
                    meta: Some("Mar 2021 – Present · Oakland, CA".into()),
                    paragraphs: vec![],
                    bullets: bullets
                        .iter()
                        .enumerate()
                        .map(|(i, t)| DocBullet {
                            id: format!("experience-0-b{i}"),
                            text: t.to_string(),
                        })
                        .collect(),
                }],
            },
            DocSection {
                id: "skills".into(),
                kind: SectionKind::Skills,
                title: "Skills".into(),
                entries: vec![DocEntry {
                    id: "skills-0".into(),
                    paragraphs: vec!["Python, Go, PostgreSQL, Docker, Zoë's café tooling".into()],
                    ..Default::default()
                }],
            },
        ],
    }
}

#[test]
fn every_format_survives_the_round_trip() {
    let doc = sample();
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Pdf,
        ExportFormat::Docx,
    ] {
        let bytes = export(&doc, format).unwrap();
        let report = check_round_trip(&doc, format, &bytes).unwrap();
        assert!(
            report.checked >= 10,
            "{format:?} checked only {}",
            report.checked
        );
        assert!(report.is_intact(), "{format:?} lost {:?}", report.lost);
    }
}

#[test]
fn exports_are_the_formats_they_claim() {
    let doc = sample();
    let limits = Limits::default();
    let pdf = export(&doc, ExportFormat::Pdf).unwrap();
    assert_eq!(
        detect_format(&pdf, None, &limits).unwrap(),
        DocumentFormat::Pdf
    );
    let docx = export(&doc, ExportFormat::Docx).unwrap();
    assert_eq!(
        detect_format(&docx, None, &limits).unwrap(),
        DocumentFormat::Docx
    );
    let md = String::from_utf8(export(&doc, ExportFormat::Markdown).unwrap()).unwrap();
    assert!(md.contains(
        "### Senior Backend Engineer — Lumen Freight\n\n*Mar 2021 – Present · Oakland, CA*"
    ));
    assert!(preview(&doc)
        .contains("<li id=\"experience-0-b1\">Cut monthly AWS spend by 28% with Terraform</li>"));
}

#[test]
fn html_is_not_round_tripped() {
    let doc = sample();
    let html = export(&doc, ExportFormat::Html).unwrap();
    assert!(check_round_trip(&doc, ExportFormat::Html, &html).is_err());
}

#[test]
fn a_lost_piece_is_reported() {
    let doc = sample();
    let mut other = sample();
    other.sections[0].entries[0].bullets[1].text =
        "Invented a bullet that was never exported".into();
    let bytes = export(&doc, ExportFormat::Pdf).unwrap();
    let report = check_round_trip(&other, ExportFormat::Pdf, &bytes).unwrap();
    assert_eq!(
        report.lost,
        vec![(
            "experience-0-b1".to_string(),
            "Invented a bullet that was never exported".to_string()
        )]
    );
}

#[test]
fn a_long_resume_paginates() {
    let mut doc = sample();
    let entry = doc.sections[0].entries[0].clone();
    doc.sections[0].entries = (0..30)
        .map(|i| DocEntry {
            id: format!("experience-{i}"),
            ..entry.clone()
        })
        .collect();
    let pdf = export(&doc, ExportFormat::Pdf).unwrap();
    let text = careerkit_core::intake::extract_text(&pdf, None, &Default::default()).unwrap();
    assert!(text.page_count() >= 3, "{} pages", text.page_count());
}
