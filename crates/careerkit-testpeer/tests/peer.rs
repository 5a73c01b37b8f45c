//! The peer over real HTTP: routes, faults and the binary other languages launch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use careerkit_testpeer::{Answer, Fault, Script, Segment, Step, TestPeer};
use serde_json::{json, Value};

fn chat_body(stream: bool) -> Value {
    json!({"model": "test-model", "stream": stream, "stream_options": {"include_usage": true},
           "messages": [{"role": "user", "content": "Say hello"}]})
}

#[test]
fn streams_sse_in_one_byte_chunks_and_records_the_request() {
    let peer = TestPeer::start(Script::new(vec![
        Step::text("héllo wörld").with_chunk_bytes(1)
    ]))
    .unwrap();
    let client = reqwest::blocking::Client::new();
    let response = client
        .post(format!("{}/chat/completions", peer.base_url()))
        .header("authorization", "Bearer sk-test")
        .json(&chat_body(true))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let text = response.text().unwrap();
    assert!(text.ends_with("data: [DONE]\n\n"), "{text}");
    let content: String = text
        .split("\n\n")
        .filter_map(|e| e.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|v| {
            v["choices"][0]["delta"]["content"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert_eq!(content, "héllo wörld");
    let requests = peer.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["authorization"], "Bearer sk-test");
    assert_eq!(requests[0].body["messages"][0]["content"], "Say hello");
}

#[test]
fn faults_reach_the_client() {
    let peer = TestPeer::start(Script::new(vec![
        Step::fault(Fault::Status {
            status: 429,
            retry_after_secs: Some(7),
        }),
        Step::fault(Fault::ResetBeforeFirstByte),
        Step::text("cut short here").with_fault(Fault::ResetAfterFirstByte { after_events: 2 }),
    ]))
    .unwrap();
    let client = reqwest::blocking::Client::new();
    let url = format!("{}/chat/completions", peer.base_url());
    let limited = client.post(&url).json(&chat_body(true)).send().unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "7");
    assert!(client.post(&url).json(&chat_body(true)).send().is_err());
    let cut = client.post(&url).json(&chat_body(true)).send().unwrap();
    assert_eq!(cut.status(), 200);
    assert!(cut.text().is_err(), "the body must end with an error");
    let exhausted = client.post(&url).json(&chat_body(false)).send().unwrap();
    assert_eq!(exhausted.status(), 400);
}

#[test]
fn lists_models_and_transcribes_multipart_audio() {
    let step = Step::answer(Answer::Transcript {
        text: "I led the migration.".into(),
        language: "en".into(),
        segments: vec![
            Segment {
                start: 0.0,
                end: 1.2,
                text: "I led".into(),
            },
            Segment {
                start: 1.2,
                end: 2.5,
                text: "the migration.".into(),
            },
        ],
    });
    let peer = TestPeer::start(Script::new(vec![step])).unwrap();
    let client = reqwest::blocking::Client::new();
    let models: Value = client
        .get(format!("{}/models", peer.base_url()))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(models["data"][0]["id"], "test-model");
    let form = reqwest::blocking::multipart::Form::new()
        .text("model", "whisper-1")
        .text("response_format", "verbose_json")
        .part(
            "file",
            reqwest::blocking::multipart::Part::bytes(vec![0u8; 640]).file_name("answer.wav"),
        );
    let transcript: Value = client
        .post(format!("{}/audio/transcriptions", peer.base_url()))
        .multipart(form)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(transcript["text"], "I led the migration.");
    assert_eq!(transcript["segments"][1]["end"], 2.5);
    assert_eq!(transcript["duration"], 2.5);
    let recorded = peer.requests().last().unwrap().body.clone();
    assert_eq!(recorded["model"], "whisper-1");
    assert_eq!(recorded["file"]["filename"], "answer.wav");
    assert_eq!(recorded["file"]["bytes"], 640);
}

#[test]
fn the_binary_serves_a_script_file_and_control_routes() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("script.json");
    std::fs::write(
        &script,
        r#"{"steps": [{"answer": {"text": "from the file"}}]}"#,
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerkit-testpeer"))
        .args(["--port", "0", "--script", script.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let client = reqwest::blocking::Client::new();
    let url = format!("{base}/chat/completions");
    let first: Value = client
        .post(&url)
        .json(&chat_body(false))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(first["choices"][0]["message"]["content"], "from the file");
    let root = base.trim_end_matches("/v1");
    client
        .post(format!("{root}/_peer/steps"))
        .json(&json!({"answer": {"json": {"ok": true}}}))
        .send()
        .unwrap();
    let second: Value = client
        .post(&url)
        .json(&chat_body(false))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(second["choices"][0]["message"]["content"], "{\"ok\":true}");
    let requests: Value = client
        .get(format!("{root}/_peer/requests"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(requests.as_array().unwrap().len(), 2);
    child.kill().unwrap();
    child.wait().unwrap();
}
