//! PDF text quality on the real resumes in ../shared/data: every file gives text close to
//! poppler's, labelled contact fields come out intact, and two-column layouts read column by
//! column.

// Helpers are test code too; clippy's allow-*-in-tests only covers `#[test]` functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pdf_common;

use careerkit_core::intake::{extract_text, IntakeOptions};
use careerkit_core::text::ExtractedText;
use pdf_common::{labelled_fields, missing_fields, poppler_text, resume_pdfs, shared, stem};

fn extract(rel: &str) -> ExtractedText {
    let bytes = std::fs::read(shared(rel)).unwrap();
    extract_text(&bytes, Some("resume.pdf"), &IntakeOptions::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_resume_pdf_matches_poppler_at_word_level() {
    let files = resume_pdfs();
    assert!(files.len() >= 17, "{} PDFs", files.len());
    let mut report = Vec::new();
    for path in &files {
        let stem = stem(path);
        let text = extract(&format!("resumes/pdf/{stem}.pdf"));
        let f1 = pdf_common::word_f1(&text.text, &poppler_text(&stem).unwrap());
        report.push((stem, f1));
    }
    let below: Vec<_> = report.iter().filter(|(_, f1)| *f1 < 0.96).collect();
    assert!(below.is_empty(), "word F1 under 0.96: {below:?}");
    let mean = report.iter().map(|r| r.1).sum::<f64>() / report.len() as f64;
    assert!(mean >= 0.99, "mean word F1 {mean:.3}: {report:?}");
}

#[test]
fn labelled_contacts_come_out_intact() {
    // Every labelled email and phone number of every resume, character for character.
    // Exception: Laverne's phone has its hyphen drawn as two glyphs (poppler loses it too).
    for path in resume_pdfs() {
        let stem = stem(&path);
        let text = extract(&format!("resumes/pdf/{stem}.pdf"));
        let label = pdf_common::label(&stem);
        let mut contacts: Vec<String> = ["emails", "phones"]
            .iter()
            .flat_map(|k| label[k].as_array().cloned().unwrap_or_default())
            .filter_map(|v| v.as_str().map(String::from))
            .filter(|v| v != "(909) 555-5555")
            .collect();
        contacts.extend(label["name"].as_str().map(String::from));
        let missing = missing_fields(&text.text, &contacts);
        assert!(
            missing.is_empty(),
            "{stem} lost {missing:?}:\n{}",
            text.text
        );
    }
    // Links too where they are printed as text (not icons standing for a URL).
    for stem in [
        "openresume__openresume-resume",
        "resumematcher__template_modern-two-column",
        "resumematcher__john_doe",
        "deedy__resume_openfont",
        "billryan__resume_en",
        "moderncv__classic_green",
    ] {
        let text = extract(&format!("resumes/pdf/{stem}.pdf"));
        let missing = missing_fields(&text.text, &labelled_fields(stem));
        assert!(
            missing.is_empty(),
            "{stem} lost {missing:?}:\n{}",
            text.text
        );
    }
}

#[test]
fn chromium_letter_spacing_and_typst_fonts_give_whole_words() {
    let chromium = extract("resumes/pdf/resumematcher__template_modern-two-column.pdf");
    assert!(
        chromium.text.contains("john.doe@email.com"),
        "{}",
        chromium.text
    );
    assert!(
        chromium.text.contains("+1 (415) 555-0142"),
        "{}",
        chromium.text
    );
    assert!(chromium.warnings.is_empty(), "{:?}", chromium.warnings);
    // Typst fonts report no glyph widths to pdf-extract; text must still come out in order.
    let typst = extract("resumes/pdf/rendercv__john_doe_classic.pdf");
    assert!(
        typst.text.contains("Last updated in Mar 2026"),
        "{}",
        typst.text
    );
    assert!(typst.text.contains("john.doe@email.com"), "{}", typst.text);
}

fn position_of(text: &str, heading: &str) -> usize {
    text.find(heading)
        .unwrap_or_else(|| panic!("{heading} missing from:\n{text}"))
}

#[test]
fn two_column_resumes_read_the_left_column_first() {
    for (stem, left, right) in [
        (
            "deedy__resume_openfont",
            &["EDUCATION", "LINKS", "COURSEWORK", "SKILLS"][..],
            &["EXPERIENCE", "RESEARCH", "AWARDS", "PUBLICATIONS"][..],
        ),
        (
            "resumematcher__template_modern-two-column",
            &["SUMMARY", "EXPERIENCE", "PROJECTS"][..],
            &["EDUCATION", "SKILLS", "LINKS"][..],
        ),
    ] {
        let text = extract(&format!("resumes/pdf/{stem}.pdf")).text;
        let last_left = left.iter().map(|h| position_of(&text, h)).max().unwrap();
        let first_right = right.iter().map(|h| position_of(&text, h)).min().unwrap();
        assert!(
            last_left < first_right,
            "{stem} interleaves its columns:\n{text}"
        );
        // The name above both columns stays first.
        let name = labelled_fields(stem).into_iter().next().unwrap();
        assert!(
            text.starts_with(&name) || text.lines().nth(1) == Some(&name),
            "{text}"
        );
    }
}

#[test]
fn single_column_resumes_with_right_aligned_dates_keep_rows_together() {
    let text = extract("resumes/pdf/resumematcher__john_doe.pdf").text;
    let labels: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared("resumes/labels/resumematcher__john_doe.json")).unwrap(),
    )
    .unwrap();
    // Each job's company or title shares its line with the job's start date.
    for job in labels["experience"].as_array().unwrap() {
        let start = job["start"].as_str().unwrap();
        let line = text
            .lines()
            .find(|l| l.contains(start))
            .unwrap_or_else(|| panic!("{start} missing:\n{text}"));
        let company = job["company"].as_str().unwrap();
        let title = job["title"].as_str().unwrap();
        assert!(
            line.contains(company) || line.contains(title),
            "{start} is on `{line}`, away from {company}/{title}"
        );
    }
}
