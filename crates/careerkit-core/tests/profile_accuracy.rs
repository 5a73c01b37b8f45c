//! Accuracy floors for resume parsing: the numbers in `benches/profile_accuracy/RESULTS.md` may
//! rise but must not fall below these.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod profile_eval;

/// Asserts `field`'s F1 is at least `floor`.
fn assert_floor(report: &profile_eval::Report, field: &str, floor: f64) {
    let f1 = report.f1(field);
    assert!(
        f1 >= floor,
        "{field}: F1 {f1:.3} fell below {floor}\n{}\n{:#?}",
        report.table(),
        report.misses
    );
}

#[test]
fn labelled_resumes_meet_the_floors() {
    let report = profile_eval::evaluate_labelled();
    assert_eq!(report.documents, 21, "every labelled resume parses");
    for (field, floor) in [
        ("name", 0.95),
        ("emails", 0.95),
        ("phones", 0.95),
        ("location", 0.85),
        ("links", 0.80),
        ("experience entries", 0.95),
        ("education entries", 0.85),
        ("skills", 0.80),
    ] {
        assert_floor(&report, field, floor);
    }
}

#[test]
fn dotin_text_resumes_meet_the_floors() {
    let report = profile_eval::evaluate_dotin();
    assert_eq!(report.documents, 310);
    for (field, floor) in [
        ("emails", 0.93),
        ("name", 0.55),
        ("degrees", 0.45),
        ("location", 0.50),
    ] {
        assert_floor(&report, field, floor);
    }
}
