//! `careerkit tailor RESUME JD` as a person runs it: the scripted model on the test peer
//! proposes edits, the answers come from stdin, and the tailored resume is written and read back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use careerkit::document::ResumeDocument;
use careerkit::Careerkit;
use careerkit_testpeer::{Script, Step, TestPeer};
use serde_json::json;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}

/// Runs `careerkit tailor` on the samples against `peer`, with `stdin` as the person's answers.
fn tailor(
    peer: &TestPeer,
    data_dir: &std::path::Path,
    out: &std::path::Path,
    stdin: &str,
    extra: &[&str],
) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerkit"))
        .arg("tailor")
        .arg(sample("resume_jordan_rivera.md"))
        .arg(sample("jd_platform_engineer.txt"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("CAREERKIT_DATA_DIR", data_dir)
        .env("CAREERKIT_LLM", "openai:scripted")
        .env("CAREERKIT_LLM_BASE_URL", peer.base_url())
        .env("CAREERKIT_LLM_API_KEY", "sk-tailor")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The sample resume's first bullet: (id, text).
fn first_bullet() -> (String, String) {
    let kit = Careerkit::builder().build().unwrap();
    let resume = std::fs::read(sample("resume_jordan_rivera.md")).unwrap();
    let parsed = kit.parse_resume(&resume, Some("resume.md")).unwrap();
    let document = ResumeDocument::from_profile(&parsed.profile);
    let bullet = document.bullets().next().unwrap();
    (bullet.id.clone(), bullet.text.clone())
}

#[test]
fn proposals_apply_only_when_approved_and_the_tailored_resume_reads_back() {
    let (bullet_id, text) = first_bullet();
    let rewritten = format!("Delivered: {text}");
    let invented =
        json!({"kind": "rewrite_bullet", "bullet_id": bullet_id, "text": "Cut costs by 93%"});
    let peer = TestPeer::start(Script::new(vec![
        // Round 1: an edit the guard accepts; the person approves it; then the summary turn.
        Step::tool_call(
            "edit_resume",
            json!({"kind": "rewrite_bullet", "bullet_id": bullet_id, "text": rewritten}),
        ),
        Step::text("I made your first bullet lead with the outcome."),
        // Round 2: the model invents a number twice, so careerkit proposes its own edit, which
        // the person declines.
        Step::tool_call("edit_resume", invented.clone()),
        Step::tool_call("edit_resume", invented),
    ]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tailored.md");
    let run = tailor(
        &peer,
        &dir.path().join("data"),
        &out,
        "y\nn\n",
        &["--rounds", "2"],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );

    assert!(stdout.contains(&format!("+ {rewritten}")), "{stdout}");
    assert!(stdout.contains("guard: accepted"), "{stdout}");
    assert!(
        stdout.contains("careerkit's rule-based suggestion"),
        "{stdout}"
    );
    assert!(stdout.contains("1 edit(s) applied"), "{stdout}");
    assert_eq!(
        stdout.matches("the guard refused the model's edit").count(),
        2,
        "{stdout}"
    );
    let tailored = std::fs::read_to_string(&out).unwrap();
    assert!(tailored.contains(&rewritten), "{tailored}");
    assert!(!tailored.contains("93%"));
    // Every model turn that asked for an edit forced the edit tool.
    let forced = json!({"type": "function", "function": {"name": "edit_resume"}});
    let bodies = peer.chat_bodies();
    assert_eq!(bodies.len(), 4);
    for i in [0, 2, 3] {
        assert_eq!(bodies[i]["tool_choice"], forced);
    }
}

#[test]
fn declining_everything_writes_nothing_and_an_unknown_format_is_refused() {
    let (bullet_id, text) = first_bullet();
    let peer = TestPeer::start(Script::new(vec![
        Step::tool_call(
            "edit_resume",
            json!({"kind": "rewrite_bullet", "bullet_id": bullet_id, "text": format!("Delivered: {text}")}),
        ),
        Step::text("Fine, I left it as it was."),
    ]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tailored.md");
    // End of input is a quit.
    let run = tailor(&peer, &dir.path().join("data"), &out, "", &[]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("no edit applied"), "{stdout}");
    assert!(!out.exists());

    let bad = tailor(
        &peer,
        &dir.path().join("data"),
        &dir.path().join("tailored.odt"),
        "",
        &[],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use .md, .html, .pdf or .docx"));
}
