//! The `careerkit` command-line tool, run as a user runs it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample(name: &str) -> PathBuf {
    repo().join("samples").join(name)
}

fn careerkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careerkit"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn ok_stdout(args: &[&str]) -> String {
    let out = careerkit(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn parse_prints_a_table_and_json_with_provenance() {
    let resume = sample("resume_jordan_rivera.md");
    let table = ok_stdout(&["parse", path(&resume)]);
    assert!(table.contains("jordan.rivera@example.com"), "{table}");
    assert!(table.contains("contact.email"), "{table}");
    let json: serde_json::Value =
        serde_json::from_str(&ok_stdout(&["parse", "--json", path(&resume)])).unwrap();
    let email = &json["contact"]["emails"][0];
    assert_eq!(email["value"], "jordan.rivera@example.com");
    assert_eq!(email["provenance"]["extractor"]["kind"], "rule");
    assert!(email["provenance"]["confidence"].as_f64().unwrap() > 0.9);
    assert_eq!(json["experience"][0]["company"]["value"], "Lumen Freight");
}

#[test]
fn bad_input_exits_non_zero_with_one_line() {
    let shared = repo().join("../shared/data/bad/wrong_extension__ods_named_pdf.pdf");
    let empty = tempfile::NamedTempFile::new().unwrap();
    for file in [
        shared.as_path(),
        empty.path(),
        Path::new("/no/such/file.pdf"),
    ] {
        let out = careerkit(&["parse", path(file)]);
        assert!(!out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("careerkit: error: "), "{stderr}");
    }
}

#[test]
fn parse_reads_every_resume_in_the_shared_data_through_the_isolated_worker() {
    let mut parsed = 0;
    for dir in ["resumes/pdf", "resumes/docx"] {
        for entry in std::fs::read_dir(repo().join("../shared/data").join(dir)).unwrap() {
            let file = entry.unwrap().path();
            let json: serde_json::Value =
                serde_json::from_str(&ok_stdout(&["parse", "--json", path(&file)])).unwrap();
            assert_eq!(json["schema_version"], 1, "{}", file.display());
            parsed += 1;
        }
    }
    assert!(parsed >= 21, "{parsed}");
}

#[test]
fn skills_json_spans_index_the_plain_text_file() {
    let jd = sample("jd_platform_engineer.txt");
    let text: Vec<char> = std::fs::read_to_string(&jd).unwrap().chars().collect();
    let mentions: Vec<serde_json::Value> =
        serde_json::from_str(&ok_stdout(&["skills", "--json", path(&jd)])).unwrap();
    assert!(mentions.len() >= 10);
    for m in &mentions {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            m["text"].as_str().unwrap()
        );
        assert!(m["name"].is_string() && m["category"].is_string());
    }
    assert!(mentions.iter().any(|m| m["name"] == "Kubernetes"));
}

#[test]
fn match_gives_a_score_with_breakdown_and_writes_charts() {
    let charts = tempfile::tempdir().unwrap();
    let (resume, jd) = (
        sample("resume_jordan_rivera.md"),
        sample("jd_platform_engineer.txt"),
    );
    let json: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "match",
        "--json",
        "--chart",
        path(charts.path()),
        path(&resume),
        path(&jd),
    ]))
    .unwrap();
    let score = json["score"].as_f64().unwrap();
    let sum: f64 = json["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["points"].as_f64().unwrap())
        .sum();
    assert!(
        (score - sum).abs() < 0.01,
        "score {score} is not the sum of its factors {sum}"
    );
    assert!(json["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "Rust"));
    for name in [
        "score_breakdown.svg",
        "skills_coverage.svg",
        "score_breakdown.vl.json",
        "skills_coverage.vl.json",
    ] {
        let written = std::fs::read_to_string(charts.path().join(name)).unwrap();
        assert!(
            written.contains(if name.ends_with(".svg") {
                "<svg"
            } else {
                "vega-lite"
            }),
            "{name}"
        );
    }
    let table = ok_stdout(&["match", path(&resume), path(&jd)]);
    assert!(
        table.contains("Match score:") && table.contains("ATS readiness"),
        "{table}"
    );
}

#[test]
fn export_writes_each_format_and_reports_the_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let resume = sample("resume_jordan_rivera.md");
    for (format, magic) in [
        ("md", &b"# Jordan Rivera"[..]),
        ("html", b"<!DOCTYPE html>"),
        ("pdf", b"%PDF-"),
        ("docx", b"PK"),
    ] {
        let out = dir.path().join(format!("cv.{format}"));
        let stdout = ok_stdout(&[
            "export",
            "--format",
            format,
            "--out",
            path(&out),
            path(&resume),
        ]);
        assert!(std::fs::read(&out).unwrap().starts_with(magic), "{format}");
        if format != "html" {
            assert!(stdout.contains("pieces intact"), "{format}: {stdout}");
        }
    }
}

#[test]
fn demo_prints_the_analysis_and_writes_exports_and_charts() {
    let out = tempfile::tempdir().unwrap();
    let stdout = ok_stdout(&["demo", "--out", path(out.path())]);
    assert!(stdout.contains("Match score:"), "{stdout}");
    for file in [
        "resume.md",
        "resume.html",
        "resume.pdf",
        "resume.docx",
        "charts/skills_coverage.svg",
        "cover-letter.md",
        "cover-letter.pdf",
    ] {
        assert!(out.path().join(file).exists(), "{file} missing");
    }
    assert!(stdout.contains("== Cover letter"), "{stdout}");
    assert!(
        stdout.contains("cover-letter.pdf") && stdout.contains("re-read: all"),
        "{stdout}"
    );
}

#[test]
fn cover_letter_prints_markdown_writes_a_docx_and_refuses_an_unknown_tone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letter.docx");
    let resume = sample("resume_jordan_rivera.md");
    let jd = sample("jd_platform_engineer.txt");
    let args = [
        "cover-letter",
        path(&resume),
        path(&jd),
        "--tone",
        "direct",
        "--length",
        "short",
        "--out",
        path(&out),
    ];
    let stdout = ok_stdout(&args);
    assert!(
        stdout.starts_with("**Application for Senior Platform Engineer"),
        "{stdout}"
    );
    assert!(
        stdout.contains("I am applying for the Senior Platform Engineer role"),
        "{stdout}"
    );
    assert!(stdout.contains("Best,\n\nJordan Rivera\n"), "{stdout}");
    // The written letter is read back like any export.
    assert!(
        stdout.contains("letter.docx") && stdout.contains("re-read: all"),
        "{stdout}"
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));

    let json = ok_stdout(&["cover-letter", path(&resume), path(&jd), "--json"]);
    let letter: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(letter["evidence"].as_array().unwrap().len(), 2);

    let bad = careerkit(&[
        "cover-letter",
        path(&resume),
        path(&jd),
        "--tone",
        "sarcastic",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("sarcastic"));
}
