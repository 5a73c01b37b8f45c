//! The OpenAI-compatible transcriber against the test peer: the multipart request it sends,
//! segment timestamps into a transcript feedback can time, and errors by kind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use careerkit_core::interview::feedback::{analyze_answer, Answer, FeedbackOptions};
use careerkit_core::transcribe::{Audio, Transcriber};
use careerkit_core::ErrorKind;
use careerkit_llm::openai::{Dialect, OpenAiCompatible};
use careerkit_testpeer::{Answer as Scripted, Fault, Script, Segment, Step, TestPeer};

fn transcriber(peer: &TestPeer) -> impl Transcriber {
    OpenAiCompatible::new(Dialect::OpenAi, "gpt-4o-mini")
        .unwrap()
        .with_base_url(peer.base_url())
        .with_api_key("sk-audio")
        .transcriber("whisper-1")
}

fn audio() -> Audio {
    Audio {
        bytes: b"RIFF....WAVEfmt ".repeat(64),
        file_name: "answer.wav".into(),
        language: Some("en".into()),
    }
}

fn spoken() -> Step {
    let segment = |start: f64, end: f64, text: &str| Segment {
        start,
        end,
        text: text.into(),
    };
    Step::answer(Scripted::Transcript {
        text: "At my last job deploys failed weekly. I rewrote the pipeline.".into(),
        language: "en".into(),
        segments: vec![
            segment(0.0, 4.0, " At my last job deploys failed weekly."),
            segment(7.5, 10.0, " I rewrote the pipeline."),
        ],
    })
}

#[tokio::test]
async fn segments_become_a_timed_transcript_that_feedback_can_pace() {
    let peer = TestPeer::start(Script::new(vec![spoken()])).unwrap();
    let t = transcriber(&peer);
    assert_eq!(t.id(), "openai:whisper-1");
    let transcript = t.transcribe(&audio()).await.unwrap();
    let times: Vec<(f64, f64, &str)> = transcript
        .segments
        .iter()
        .map(|s| (s.start_s, s.end_s, s.text.as_str()))
        .collect();
    assert_eq!(
        times,
        [
            (0.0, 4.0, "At my last job deploys failed weekly."),
            (7.5, 10.0, "I rewrote the pipeline.")
        ]
    );

    // What went over the wire: a multipart form with the file, the model and verbose_json.
    let request = &peer.requests()[0];
    assert_eq!(request.path, "/v1/audio/transcriptions");
    assert_eq!(request.headers["authorization"], "Bearer sk-audio");
    assert_eq!(request.body["model"], "whisper-1");
    assert_eq!(request.body["response_format"], "verbose_json");
    assert_eq!(request.body["language"], "en");
    assert_eq!(request.body["file"]["filename"], "answer.wav");
    assert_eq!(request.body["file"]["bytes"], audio().bytes.len());

    // Feedback times the answer from the segments: 11 words over 10 s, one 3.5 s pause.
    let report = analyze_answer(
        "Tell me about a time you improved a process",
        &Answer::Transcript(transcript),
        &FeedbackOptions::default(),
    )
    .unwrap();
    assert_eq!(report.delivery.words_per_minute, Some(66.0));
    assert_eq!(report.delivery.long_pauses.len(), 1);
}

#[tokio::test]
async fn errors_keep_their_kind() {
    let peer = TestPeer::start(Script::new(vec![
        Step::fault(Fault::Status {
            status: 429,
            retry_after_secs: Some(2),
        }),
        Step::fault(Fault::Status {
            status: 500,
            retry_after_secs: None,
        }),
        Step::text("not a transcript"),
    ]))
    .unwrap();
    let t = transcriber(&peer);
    let limited = t.transcribe(&audio()).await.unwrap_err();
    assert_eq!(limited.kind(), ErrorKind::RateLimited);
    let failed = t.transcribe(&audio()).await.unwrap_err();
    assert_eq!(failed.kind(), ErrorKind::Provider);
    assert!(failed.is_retryable());
    // A step that is not a transcript: the peer answers 400, which is not worth a retry.
    let refused = t.transcribe(&audio()).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Provider);
    assert!(!refused.is_retryable());
}
