//! `careerkit ask` against the test peer, configured through the environment, and on the
//! embedded default (the local GGUF model) when nothing is configured.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use careerkit_testpeer::{Fault, Script, Step, TestPeer};

fn ask(prompt: &str, llm: Option<&str>, base_url: &str) -> std::process::Output {
    ask_command(prompt, llm, base_url, 50).output().unwrap()
}

fn ask_command(prompt: &str, llm: Option<&str>, base_url: &str, max_tokens: u32) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_careerkit"));
    command
        .args(["ask", prompt, "--max-tokens", &max_tokens.to_string()])
        .env_remove("CAREERKIT_LLM")
        .env_remove("OPENAI_API_KEY")
        .env("CAREERKIT_LLM_BASE_URL", base_url)
        .env("CAREERKIT_LLM_API_KEY", "sk-cli");
    if let Some(llm) = llm {
        command.env("CAREERKIT_LLM", llm);
    }
    command
}

#[test]
fn streams_the_answer_from_the_configured_provider() {
    let peer = TestPeer::start(Script::new(vec![
        Step::fault(Fault::Status {
            status: 503,
            retry_after_secs: None,
        }),
        Step::text("Lead with the migration you ran — 40% faster deploys.").with_chunk_bytes(1),
    ]))
    .unwrap();
    let out = ask(
        "How do I open my resume?",
        Some("openai:gpt-4o-mini"),
        &peer.base_url(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Lead with the migration you ran — 40% faster deploys.\n"
    );
    let bodies = peer.chat_bodies();
    assert_eq!(bodies.len(), 2, "the 503 was retried");
    assert_eq!(
        bodies[1]["messages"][0]["content"],
        "How do I open my resume?"
    );
    assert_eq!(bodies[1]["model"], "gpt-4o-mini");
    assert_eq!(bodies[1]["max_completion_tokens"], 50);
    assert_eq!(peer.requests()[1].headers["authorization"], "Bearer sk-cli");
}

#[test]
fn without_configuration_or_local_model_it_says_what_to_set() {
    let empty = tempfile::tempdir().unwrap();
    let out = ask_command("hi", None, "http://127.0.0.1:9/v1", 50)
        .env("CAREERKIT_MODELS_DIR", empty.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("CAREERKIT_LLM is not set"), "{stderr}");
    assert!(stderr.contains("scripts/fetch-models"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn without_configuration_it_streams_from_the_local_model() {
    let model = careerkit_llm::local::LocalModel::default_path();
    assert!(
        model.exists(),
        "the local model is missing at {}: run scripts/fetch-models and set \
         CAREERKIT_MODELS_DIR (scripts/test does both)",
        model.display()
    );
    // Nothing listens on the base URL: an answer can only come from the local model, the same
    // one `local:PATH` names explicitly.
    for llm in [None, Some(format!("local:{}", model.display()))] {
        let out = ask_command(
            "Name one thing a resume needs.",
            llm.as_deref(),
            "http://127.0.0.1:9/v1",
            8,
        )
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "{llm:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer = String::from_utf8(out.stdout).unwrap();
        assert!(
            answer.split_whitespace().count() >= 1,
            "{llm:?}: {answer:?}"
        );
    }
}
