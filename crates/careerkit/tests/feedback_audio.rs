//! `careerkit feedback QUESTION answer.wav`: the recording is transcribed by the server
//! `CAREERKIT_LLM` names (the test peer on 127.0.0.1), then timed and scored.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use careerkit_testpeer::{Answer, Script, Segment, Step, TestPeer};

#[test]
fn a_recording_is_transcribed_then_paced_and_scored() {
    let segment = |start: f64, end: f64, text: &str| Segment {
        start,
        end,
        text: text.into(),
    };
    let peer = TestPeer::start(Script::new(vec![Step::answer(Answer::Transcript {
        text: String::new(),
        language: "en".into(),
        segments: vec![
            segment(
                0.0,
                5.0,
                "Our deploys failed every week, so, um, I owned fixing them.",
            ),
            segment(
                8.0,
                14.0,
                "I rewrote the pipeline and cut failed deploys by 80 percent.",
            ),
        ],
    })]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let recording = dir.path().join("answer.webm");
    std::fs::write(&recording, b"\x1aE\xdf\xa3 not really webm").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_careerkit"))
        .args(["feedback", "Tell me about a time you fixed a process"])
        .arg(&recording)
        .args(["--json", "--no-kb"])
        .env("CAREERKIT_LLM", "openai:gpt-4o-mini")
        .env("CAREERKIT_LLM_BASE_URL", peer.base_url())
        .env("CAREERKIT_LLM_API_KEY", "sk-audio")
        .env("CAREERKIT_TRANSCRIBE_MODEL", "whisper-large-v3")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 22 words over 14 s, and the 3 s gap is a long pause.
    assert_eq!(report["delivery"]["duration_s"], 14.0);
    assert_eq!(report["delivery"]["words_per_minute"], 94.29);
    assert_eq!(report["delivery"]["long_pauses"][0]["length_s"], 3.0);
    let result = &report["star"][3];
    assert_eq!(result["part"], "result");
    assert!(result["present"].as_bool().unwrap(), "{result}");

    let request = &peer.requests()[0];
    assert_eq!(request.path, "/v1/audio/transcriptions");
    assert_eq!(request.body["model"], "whisper-large-v3");
    assert_eq!(request.body["file"]["filename"], "answer.webm");
}
