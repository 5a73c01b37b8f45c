//! Intake over the real and hostile files in ../shared/data.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use careerkit_core::intake::{extract_text, IntakeOptions};
use careerkit_core::{Error, ErrorKind};

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}

fn extract(rel: &str) -> Result<careerkit_core::text::ExtractedText, Error> {
    let path = shared(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().and_then(|n| n.to_str());
    extract_text(&bytes, name, &IntakeOptions::default())
}

#[test]
fn every_real_docx_resume_yields_text_with_its_email_or_name() {
    for (file, needle) in [
        ("resumes/docx/soupboss__01-accountant.docx", "Accountant"),
        ("resumes/docx/soupboss__01-desktop_support.docx", "Support"),
        (
            "resumes/docx/soupboss__01-office_coordinator.docx",
            "Coordinator",
        ),
        ("resumes/docx/jimk__resume_template.docx", "Experience"),
    ] {
        let text = extract(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            text.text.to_lowercase().contains(&needle.to_lowercase()),
            "{file} lacks {needle}:\n{}",
            text.text
        );
    }
}

#[test]
fn every_real_pdf_resume_yields_text() {
    let dir = shared("resumes/pdf");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = format!(
            "resumes/pdf/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let text = extract(&rel).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(
            text.text.split_whitespace().count() > 50,
            "{rel} has too little text"
        );
        n += 1;
    }
    assert!(n >= 17);
}

#[test]
fn hostile_files_get_typed_errors() {
    for (file, kind) in [
        ("bad/zero_bytes__empty.pdf", ErrorKind::UnsupportedFormat),
        ("bad/random_bytes__4k.pdf", ErrorKind::UnsupportedFormat),
        (
            "bad/wrong_extension__ods_named_pdf.pdf",
            ErrorKind::UnsupportedFormat,
        ),
        (
            "bad/encrypted_user_baz_owner_foo__aes128.pdf",
            ErrorKind::PasswordProtected,
        ),
        (
            "bad/image_only__awesomecv_resume_150dpi.pdf",
            ErrorKind::NoTextLayer,
        ),
    ] {
        let err = extract(file)
            .err()
            .unwrap_or_else(|| panic!("{file} parsed"));
        assert_eq!(err.kind(), kind, "{file}: {err}");
    }
}

#[test]
fn truncated_pdf_is_an_error_or_partial_text_never_a_panic() {
    match extract("bad/truncated_60pct__rendercv_classic.pdf") {
        Ok(text) => assert!(!text.text.trim().is_empty()),
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::Corrupt | ErrorKind::NoTextLayer | ErrorKind::Internal
            ),
            "{e}"
        ),
    }
}

#[test]
fn docx_edge_cases_never_panic() {
    for file in [
        "bad/docx_edge__mammoth_empty.docx",
        "bad/docx_edge__mammoth_strict-format.docx",
        "bad/docx_edge__mammoth_tables.docx",
        "bad/docx_edge__mammoth_text-box.docx",
    ] {
        match extract(file) {
            Ok(_) => {}
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::Corrupt | ErrorKind::UnsupportedFormat),
                "{file}: {e}"
            ),
        }
    }
    let tables = extract("bad/docx_edge__mammoth_tables.docx").unwrap();
    assert!(tables.text.contains("Top left"), "{}", tables.text);
    let text_box = extract("bad/docx_edge__mammoth_text-box.docx").unwrap();
    assert!(
        text_box.text.to_lowercase().contains("datum plane"),
        "{}",
        text_box.text
    );
}
