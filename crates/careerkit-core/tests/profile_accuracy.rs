//! Accuracy floors for resume parsing: the numbers in `benches/profile_accuracy/RESULTS.md` may
//! rise but must not fall below these. They hold for both PDF text extractors the project has
//! had (pdf-extract lines; glyph-position lines without blank lines between blocks).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod profile_eval;

/// Asserts the F1 of each field is at least its floor.
fn assert_floors(report: &profile_eval::Report, floors: &[(&str, f64)]) {
    for &(field, floor) in floors {
        let f1 = report.f1(field);
        assert!(
            f1 >= floor,
            "{field}: F1 {f1:.3} fell below {floor}\n{}\n{:#?}",
            report.table(),
            report.misses
        );
    }
}

#[test]
fn labelled_resumes_meet_the_floors() {
    let report = profile_eval::evaluate_labelled();
    assert_eq!(report.documents, 21, "every labelled resume parses");
    assert_floors(
        &report,
        &[
            ("name", 0.95),
            ("headline", 0.85),
            ("emails", 0.95),
            ("phones", 0.95),
            ("location", 0.92),
            ("links", 0.80),
            ("experience entries", 0.88),
            ("education entries", 0.93),
            ("skills", 0.80),
        ],
    );
}

#[test]
fn dotin_text_resumes_meet_the_floors() {
    let report = profile_eval::evaluate_dotin(None);
    assert_eq!(report.documents, 310);
    assert_floors(
        &report,
        &[
            ("emails", 0.93),
            ("name", 0.70),
            ("degrees", 0.45),
            ("location", 0.45),
        ],
    );
}

#[test]
fn dotin_multi_line_resumes_meet_the_floors() {
    let report = profile_eval::evaluate_dotin(Some(false));
    assert!(report.documents >= 80);
    assert_floors(
        &report,
        &[
            ("emails", 0.97),
            ("name", 0.92),
            ("location", 0.88),
            ("degrees", 0.77),
            ("colleges", 0.66),
            ("companies", 0.46),
            ("designations", 0.43),
        ],
    );
}
