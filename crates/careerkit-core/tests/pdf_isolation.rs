//! PDF parsing in a worker process: the real worker binary gives the same text as in-process
//! parsing and the same typed errors, and a worker that crashes or hangs becomes
//! `ParserCrashed` or `ParseTimeout`.

// Helpers are test code too; clippy's allow-*-in-tests only covers `#[test]` functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pdf_common;

use std::time::Duration;

use careerkit_core::intake::isolate::PdfIsolation;
use careerkit_core::intake::{extract_text, IntakeOptions, Limits};
use careerkit_core::Error;
use pdf_common::shared;

fn worker() -> IntakeOptions {
    IntakeOptions {
        pdf_isolation: PdfIsolation::worker(env!("CARGO_BIN_EXE_careerkit-extract-worker")),
        ..IntakeOptions::default()
    }
}

fn shell(script: &str, timeout: Duration) -> IntakeOptions {
    IntakeOptions {
        limits: Limits {
            parse_timeout: timeout,
            ..Limits::default()
        },
        pdf_isolation: PdfIsolation::Subprocess {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), script.into()],
            max_memory_bytes: u64::MAX,
        },
    }
}

fn resume() -> Vec<u8> {
    std::fs::read(shared("resumes/pdf/deedy__resume_openfont.pdf")).unwrap()
}

#[test]
fn the_worker_gives_the_same_text_as_in_process_parsing() {
    let bytes = resume();
    let isolated = extract_text(&bytes, Some("cv.pdf"), &worker()).unwrap();
    let in_process = extract_text(&bytes, Some("cv.pdf"), &IntakeOptions::default()).unwrap();
    assert!(isolated.text.contains("deedy@fb.com"), "{}", isolated.text);
    assert_eq!(isolated, in_process);
}

#[test]
fn the_worker_returns_typed_errors() {
    let encrypted = std::fs::read(shared("bad/encrypted_user_baz_owner_foo__aes128.pdf")).unwrap();
    let err = extract_text(&encrypted, None, &worker()).unwrap_err();
    assert!(matches!(err, Error::PasswordProtected), "{err}");
    let truncated = std::fs::read(shared("bad/truncated_60pct__rendercv_classic.pdf")).unwrap();
    let in_process = extract_text(&truncated, None, &IntakeOptions::default()).map(|t| t.text);
    let isolated = extract_text(&truncated, None, &worker()).map(|t| t.text);
    assert_eq!(format!("{in_process:?}"), format!("{isolated:?}"));
}

#[test]
fn a_worker_killed_by_a_signal_is_a_parser_crash() {
    let options = shell("cat > /dev/null; kill -SEGV $$", Duration::from_secs(10));
    let err = extract_text(&resume(), None, &options).unwrap_err();
    assert!(
        matches!(err, Error::ParserCrashed { ref message } if message.contains("signal")),
        "{err}"
    );
}

#[test]
fn a_worker_without_a_valid_reply_is_a_parser_crash() {
    let options = shell("cat > /dev/null; echo not json", Duration::from_secs(10));
    let err = extract_text(&resume(), None, &options).unwrap_err();
    assert!(matches!(err, Error::ParserCrashed { .. }), "{err}");
}

#[test]
fn a_hung_worker_is_killed_at_the_deadline() {
    let options = shell("exec sleep 30", Duration::from_millis(300));
    let err = extract_text(&resume(), None, &options).unwrap_err();
    assert!(matches!(err, Error::ParseTimeout { .. }), "{err}");
}

#[test]
fn a_worker_under_a_tiny_memory_cap_fails_cleanly() {
    let options = IntakeOptions {
        pdf_isolation: PdfIsolation::Subprocess {
            program: env!("CARGO_BIN_EXE_careerkit-extract-worker").into(),
            args: Vec::new(),
            max_memory_bytes: 8 * 1024 * 1024,
        },
        ..IntakeOptions::default()
    };
    let err = extract_text(&resume(), None, &options).unwrap_err();
    assert!(matches!(err, Error::ParserCrashed { .. }), "{err}");
}
