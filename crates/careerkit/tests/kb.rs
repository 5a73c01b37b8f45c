//! `careerkit kb seed` and `careerkit kb search` on a temporary data directory, with the real
//! sentence model (CAREERKIT_MODELS_DIR).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn careerkit(data: &Path, args: &[&str]) -> Output {
    let models = careerkit::rag::embed::default_model_dir();
    assert!(
        models.join("model.safetensors").exists(),
        "the sentence model is missing at {}: run scripts/fetch-models and set \
         CAREERKIT_MODELS_DIR (scripts/test does both)",
        models.display()
    );
    Command::new(env!("CARGO_BIN_EXE_careerkit"))
        .args(args)
        .env("CAREERKIT_DATA_DIR", data)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let out = careerkit(data, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn seed_then_search_prints_cited_passages() {
    let data = tempfile::tempdir().unwrap();
    let fixtures = repo().join("crates/careerkit-rag/tests/fixtures");
    let fixtures = fixtures.to_str().unwrap();

    // Searching before seeding says what to do.
    let empty = careerkit(data.path(), &["kb", "search", "STAR"]);
    assert!(!empty.status.success());
    assert!(String::from_utf8_lossy(&empty.stderr).contains("kb seed"));

    let seeded = ok(data.path(), &["kb", "seed", fixtures]);
    assert!(seeded.starts_with("3 documents indexed"), "{seeded}");
    assert!(data.path().join("kb/text/meta.json").exists());
    let again = ok(data.path(), &["kb", "seed", fixtures]);
    assert!(
        again.contains("3 unchanged") && again.contains("0 embedded"),
        "{again}"
    );

    let table = ok(
        data.path(),
        &[
            "kb",
            "search",
            "is a scanned PDF readable by screening software",
            "-k",
            "2",
        ],
    );
    assert!(
        table.starts_with("1. ats.md § Applicant tracking systems > File types"),
        "{table}"
    );
    assert!(table.contains("\n2. "), "{table}");

    let json: serde_json::Value = serde_json::from_str(&ok(
        data.path(),
        &[
            "kb",
            "search",
            "end the story with measurable results",
            "--json",
            "-k",
            "3",
        ],
    ))
    .unwrap();
    let top = &json[0];
    assert_eq!(top["citation"]["document"], "star.md");
    assert_eq!(top["citation"]["heading_path"][1], "Result");
    assert!(top["citation"]["span"]["end"].as_u64().unwrap() > 0);
    assert_eq!(json.as_array().unwrap().len(), 3);

    // --reset empties before seeding; a tag filter narrows the results.
    let reset = ok(data.path(), &["kb", "seed", fixtures, "--reset"]);
    assert!(reset.starts_with("3 documents indexed"), "{reset}");
    let filtered: serde_json::Value = serde_json::from_str(&ok(
        data.path(),
        &["kb", "search", "interview", "--tag", "design", "--json"],
    ))
    .unwrap();
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["citation"]["document"] == "design.md"));
}
