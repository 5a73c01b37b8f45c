//! Each intake limit is its own typed error, and a product can change every one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use careerkit_core::intake::{extract_text, IntakeOptions, Limits};
use careerkit_core::{Error, ErrorKind};

fn with(limits: Limits) -> IntakeOptions {
    IntakeOptions {
        limits,
        ..IntakeOptions::default()
    }
}

#[test]
fn extracted_text_over_the_limit_is_too_much_text() {
    let text = "Experienced engineer. ".repeat(100);
    let options = with(Limits {
        max_chars: 500,
        ..Limits::default()
    });
    let err = extract_text(text.as_bytes(), Some("cv.txt"), &options).unwrap_err();
    assert!(matches!(err, Error::TooMuchText { limit: 500 }), "{err}");
    assert_eq!(err.kind(), ErrorKind::LimitExceeded);
    assert!(extract_text(text.as_bytes(), Some("cv.txt"), &IntakeOptions::default()).is_ok());
}

#[test]
fn a_file_over_the_size_limit_is_refused_whatever_its_format() {
    let options = with(Limits {
        max_file_bytes: 1_000,
        ..Limits::default()
    });
    for bytes in [b"%PDF-1.7 ".repeat(200), b"a plain resume ".repeat(100)] {
        let err = extract_text(&bytes, Some("cv.pdf"), &options).unwrap_err();
        assert!(
            matches!(err, Error::FileTooLarge { limit: 1_000, .. }),
            "{err}"
        );
    }
}

#[test]
fn the_default_limits_are_the_documented_ones() {
    let limits = Limits::default();
    assert_eq!(limits.max_file_bytes, 5 * 1024 * 1024);
    assert_eq!(limits.max_pages, 20);
    assert_eq!(limits.parse_timeout, std::time::Duration::from_secs(10));
}
