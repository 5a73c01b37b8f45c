//! `careerkit kb seed` and `careerkit kb search`, and the commands that cite the knowledge base
//! (`questions`, `feedback`), on a temporary data directory with the real sentence model
//! (CAREERKIT_MODELS_DIR).

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

/// The citations of a list of passages as `document § headings` labels.
fn cited(sources: &serde_json::Value) -> Vec<String> {
    sources
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let c = &p["citation"];
            let path: Vec<&str> = c["heading_path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap())
                .collect();
            format!("{} § {}", c["document"].as_str().unwrap(), path.join(" > "))
        })
        .collect()
}

#[test]
fn questions_and_feedback_cite_the_shipped_knowledge_base() {
    let data = tempfile::tempdir().unwrap();
    let resume = "samples/resume_jordan_rivera.md";
    let jd = "samples/jd_platform_engineer.txt";

    // First use seeds the shipped knowledge base by itself.
    let out: serde_json::Value =
        serde_json::from_str(&ok(data.path(), &["questions", resume, jd, "--json"])).unwrap();
    let questions = out["questions"].as_array().unwrap();
    assert!((5..=8).contains(&questions.len()), "{out}");
    let texts: std::collections::HashSet<&str> = questions
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), questions.len(), "duplicate questions");
    let shipped: Vec<&str> = careerkit::rag::kb::builtin_documents()
        .iter()
        .map(|(name, _)| *name)
        .collect();
    for q in questions {
        let sources = cited(&q["sources"]);
        assert!(!sources.is_empty(), "no citation for {q}");
        assert!(
            sources
                .iter()
                .all(|s| shipped.iter().any(|d| s.starts_with(d))),
            "{sources:?}"
        );
    }
    // The big-number claim is grounded in the guidance on quantifying results.
    let claim = questions
        .iter()
        .find(|q| q["probe"]["claim"] == "big_number")
        .expect("a question about a big number");
    assert!(
        cited(&claim["sources"])
            .iter()
            .any(|s| s.contains("Quantifying Results")),
        "{claim}"
    );

    // --no-kb: the same questions, uncited.
    let bare: serde_json::Value = serde_json::from_str(&ok(
        data.path(),
        &["questions", resume, jd, "--json", "--no-kb", "--count", "5"],
    ))
    .unwrap();
    let bare = bare["questions"].as_array().unwrap();
    assert_eq!(bare.len(), 5);
    assert!(bare.iter().all(|q| q["sources"] == serde_json::json!([])));

    // Feedback on an answer with no task and no result: those are the first recommendations,
    // each citing the STAR guide's section on it.
    let answer = data.path().join("answer.txt");
    std::fs::write(
        &answer,
        "So, um, at my last job we had a lot of incidents with the deploy pipeline. I basically \
         rewrote the pipeline in GitHub Actions and added canary releases.",
    )
    .unwrap();
    let report: serde_json::Value = serde_json::from_str(&ok(
        data.path(),
        &[
            "feedback",
            "Tell me about a time you improved a process",
            answer.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    let recommendations = report["recommendations"].as_array().unwrap();
    for part in ["task", "result"] {
        let r = recommendations
            .iter()
            .find(|r| r["part"] == part)
            .unwrap_or_else(|| panic!("no recommendation for the {part}: {report}"));
        let heading = if part == "task" { "Task" } else { "Result" };
        assert!(
            cited(&r["sources"])
                .iter()
                .any(|s| s.starts_with("star-method.md") && s.ends_with(heading)),
            "{r}"
        );
    }
    // A human-readable report shows the score and the citations.
    let text = ok(
        data.path(),
        &[
            "feedback",
            "Tell me about a time you improved a process",
            answer.to_str().unwrap(),
        ],
    );
    assert!(
        text.starts_with("Overall: ") && text.contains("see star-method.md"),
        "{text}"
    );
}
