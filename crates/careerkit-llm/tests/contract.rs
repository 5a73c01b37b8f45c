//! Contract tests: the same scenarios through every dialect of the OpenAI-compatible provider
//! against the test peer, checking the normalised events are identical and what was sent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use careerkit_core::llm::{
    ChatEvent, ChatMessage, ChatRequest, FinishReason, LlmProvider, ToolSpec,
};
use careerkit_core::Error;
use careerkit_llm::openai::{Dialect, OpenAiCompatible};
use careerkit_llm::{complete_json, Timeouts};
use careerkit_testpeer::{Dialect as Wire, Fault, Script, Step, TestPeer};
use futures::StreamExt;
use serde_json::{json, Value};

fn wire(dialect: Dialect) -> Wire {
    match dialect {
        Dialect::Gemini => Wire::Gemini,
        Dialect::Ollama => Wire::Ollama,
        _ => Wire::Openai,
    }
}

fn peer(dialect: Dialect, steps: Vec<Step>) -> TestPeer {
    TestPeer::start(Script::new(steps).with_dialect(wire(dialect))).unwrap()
}

fn provider(peer: &TestPeer, dialect: Dialect, model: &str) -> Arc<dyn LlmProvider> {
    Arc::new(
        OpenAiCompatible::new(dialect, model)
            .unwrap()
            .with_base_url(peer.base_url())
            .with_api_key("sk-test"),
    )
}

/// Events with consecutive text merged, tool-call deltas dropped (after checking they add up
/// to the calls), call ids numbered, and usage reduced to its presence.
fn normalise(events: &[ChatEvent]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut deltas: std::collections::BTreeMap<usize, String> = Default::default();
    let mut calls = 0;
    for event in events {
        match event {
            ChatEvent::TextDelta { text } => match out.last_mut() {
                Some(Value::Object(last)) if last.contains_key("text") => {
                    let joined = format!("{}{}", last["text"].as_str().unwrap(), text);
                    last.insert("text".into(), json!(joined));
                }
                _ => out.push(json!({"text": text})),
            },
            ChatEvent::ToolCallDelta {
                index, arguments, ..
            } => deltas.entry(*index).or_default().push_str(arguments),
            ChatEvent::ToolCall { call } => {
                let streamed: Value = serde_json::from_str(&deltas[&calls]).unwrap();
                assert_eq!(streamed, call.arguments, "deltas must add up to the call");
                out.push(json!({"call": calls, "name": call.name, "arguments": call.arguments}));
                calls += 1;
            }
            ChatEvent::Usage { usage } => {
                assert!(usage.total() > 0, "usage is never zero");
                out.push(json!("usage"));
            }
            ChatEvent::Finished { reason } => out.push(json!({"finished": reason})),
        }
    }
    out
}

async fn events(provider: &dyn LlmProvider, request: ChatRequest) -> Vec<ChatEvent> {
    let stream = provider.chat_stream(request).await.unwrap();
    stream.map(|e| e.unwrap()).collect().await
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest::new(vec![
        ChatMessage::system("Be brief."),
        ChatMessage::user(text),
    ])
}

fn tools() -> Vec<ToolSpec> {
    vec![ToolSpec {
        name: "lookup_skill".into(),
        description: "Looks a skill up in the taxonomy.".into(),
        parameters: json!({"type": "object", "properties": {"skill": {"type": "string"}}}),
    }]
}

/// Runs `scenario` for every dialect and checks all give the same normalised events.
async fn same_for_every_dialect<F, Fut>(scenario: F) -> Vec<Value>
where
    F: Fn(Dialect) -> Fut,
    Fut: std::future::Future<Output = Vec<Value>>,
{
    let reference = scenario(Dialect::OpenAi).await;
    for dialect in Dialect::ALL {
        assert_eq!(scenario(dialect).await, reference, "{dialect:?}");
    }
    reference
}

#[tokio::test]
async fn streamed_text_split_at_every_byte() {
    let text = "Grüße — led a 5-person team; cut p95 latency by 40% 🎉";
    let reference = same_for_every_dialect(|dialect| async move {
        let peer = peer(dialect, vec![Step::text(text).with_chunk_bytes(1)]);
        normalise(&events(provider(&peer, dialect, "m").as_ref(), ask("hi")).await)
    })
    .await;
    assert_eq!(
        reference,
        vec![
            json!({"text": text}),
            json!("usage"),
            json!({"finished": "stop"})
        ]
    );
}

#[tokio::test]
async fn plain_text_without_streaming() {
    for dialect in Dialect::ALL {
        let peer = peer(dialect, vec![Step::text("Hello there.").with_usage(7, 3)]);
        let response = provider(&peer, dialect, "m").chat(ask("hi")).await.unwrap();
        assert_eq!(response.content, "Hello there.");
        assert_eq!(response.finish_reason, FinishReason::Stop);
        assert_eq!(
            (response.usage.total(), response.usage.estimated),
            (10, false)
        );
        assert_eq!(peer.chat_bodies()[0]["stream"], false);
    }
}

#[tokio::test]
async fn a_tool_calling_conversation() {
    let reference = same_for_every_dialect(|dialect| async move {
        let calls = careerkit_testpeer::Answer::ToolCalls(vec![
            careerkit_testpeer::ScriptedCall {
                name: "lookup_skill".into(),
                arguments: json!({"skill": "Kubernetes"}),
                id: None,
            },
            careerkit_testpeer::ScriptedCall {
                name: "lookup_skill".into(),
                arguments: json!({"skill": "Terraform"}),
                id: None,
            },
        ]);
        let peer = peer(
            dialect,
            vec![Step::answer(calls), Step::text("Both are in the taxonomy.")],
        );
        let provider = provider(&peer, dialect, "m");
        let request = ask("Check my skills").with_tools(tools());
        let first = events(provider.as_ref(), request.clone()).await;
        let made: Vec<_> = first
            .iter()
            .filter_map(|e| match e {
                ChatEvent::ToolCall { call } => Some(call.clone()),
                _ => None,
            })
            .collect();
        let mut follow_up = request;
        follow_up
            .messages
            .push(ChatMessage::assistant("", made.clone()));
        for call in &made {
            follow_up.messages.push(ChatMessage::tool_result(
                call.id.clone(),
                "{\"known\": true}",
            ));
        }
        let second = events(provider.as_ref(), follow_up).await;
        let sent = &peer.chat_bodies()[1]["messages"];
        assert_eq!(sent[2]["tool_calls"][1]["function"]["name"], "lookup_skill");
        assert_eq!(sent[3]["tool_call_id"], json!(made[0].id));
        assert_eq!(
            peer.chat_bodies()[0]["tools"][0]["function"]["name"],
            "lookup_skill"
        );
        let mut all = normalise(&first);
        all.extend(normalise(&second));
        all
    })
    .await;
    assert_eq!(
        reference[3],
        json!({"finished": "tool_calls"}),
        "{reference:?}"
    );
}

#[tokio::test]
async fn json_output_goes_through_the_schema() {
    let schema = json!({"type": "object", "required": ["score"],
                        "properties": {"score": {"type": "integer", "maximum": 10}}});
    for dialect in Dialect::ALL {
        let peer = peer(
            dialect,
            vec![
                Step::json(json!({"score": 42})),
                Step::json(json!({"score": 7})),
            ],
        );
        let provider = provider(&peer, dialect, "m");
        let value = complete_json(provider.as_ref(), ask("Rate it"), &schema)
            .await
            .unwrap();
        assert_eq!(value, json!({"score": 7}));
        let bodies = peer.chat_bodies();
        assert_eq!(
            bodies[0]["response_format"]["json_schema"]["schema"],
            schema
        );
        let repair = bodies[1]["messages"].as_array().unwrap().last().unwrap()["content"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            repair.contains("maximum") || repair.contains("10"),
            "{repair}"
        );

        let peer2 = self::peer(
            dialect,
            vec![
                Step::text("no json here"),
                Step::json(json!({"score": "high"})),
            ],
        );
        let err = complete_json(
            self::provider(&peer2, dialect, "m").as_ref(),
            ask("Rate it"),
            &schema,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::InvalidModelOutput { .. }), "{err}");
    }
}

#[tokio::test]
async fn what_each_dialect_sends() {
    let peer = peer(
        Dialect::OpenAi,
        vec![
            Step::text("a"),
            Step::text("b"),
            Step::text("c"),
            Step::text("d"),
        ],
    );
    let request = ask("hi").with_temperature(0.2).with_max_tokens(64);
    for (dialect, model) in [
        (Dialect::OpenAi, "o3-mini"),
        (Dialect::OpenAi, "gpt-4o-mini"),
        (Dialect::Ollama, "llama3.2"),
        (Dialect::Gemini, "gemini-2.5-flash"),
    ] {
        events(provider(&peer, dialect, model).as_ref(), request.clone()).await;
    }
    let bodies = peer.chat_bodies();
    assert_eq!(bodies[0]["max_completion_tokens"], 64);
    assert!(bodies[0].get("temperature").is_none() && bodies[0].get("max_tokens").is_none());
    assert_eq!(bodies[1]["max_completion_tokens"], 64);
    assert!((bodies[1]["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
    assert_eq!(bodies[1]["stream_options"]["include_usage"], true);
    assert_eq!(bodies[2]["max_tokens"], 64);
    assert!(bodies[3].get("stream_options").is_none());
    assert_eq!(
        peer.requests()[0].headers["authorization"],
        "Bearer sk-test"
    );
}

#[tokio::test]
async fn missing_usage_is_estimated_and_unknown_finish_reasons_kept() {
    for dialect in Dialect::ALL {
        let peer = peer(
            dialect,
            vec![Step::text("twelve chars")
                .without_usage()
                .with_finish_reason("brand_new")],
        );
        let all = events(provider(&peer, dialect, "m").as_ref(), ask("hi")).await;
        let usage = all
            .iter()
            .find_map(|e| match e {
                ChatEvent::Usage { usage } => Some(*usage),
                _ => None,
            })
            .unwrap();
        assert!(
            usage.estimated && usage.completion_tokens == 3 && usage.prompt_tokens > 0,
            "{usage:?}"
        );
        assert_eq!(
            all.last(),
            Some(&ChatEvent::Finished {
                reason: FinishReason::Other("brand_new".into())
            })
        );
    }
}

async fn start_error(step: Step, dialect: Dialect) -> Error {
    let peer = peer(dialect, vec![step]);
    match provider(&peer, dialect, "m").chat_stream(ask("hi")).await {
        Err(err) => err,
        Ok(_) => panic!("expected an error before the stream"),
    }
}

/// The events before the error, and the error.
async fn stream_error(provider: &dyn LlmProvider) -> (Vec<ChatEvent>, Error) {
    let mut stream = provider.chat_stream(ask("hi")).await.unwrap();
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => seen.push(event),
            Err(err) => return (seen, err),
        }
    }
    panic!("expected an error in the stream, got {seen:?}");
}

#[tokio::test]
async fn faults_become_typed_errors_in_every_dialect() {
    for dialect in Dialect::ALL {
        let limited = start_error(
            Step::fault(Fault::Status {
                status: 429,
                retry_after_secs: Some(2),
            }),
            dialect,
        )
        .await;
        assert!(
            matches!(limited, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(2)),
            "{limited}"
        );
        let server = start_error(
            Step::fault(Fault::Status {
                status: 500,
                retry_after_secs: None,
            }),
            dialect,
        )
        .await;
        assert!(
            matches!(
                server,
                Error::Provider {
                    status: Some(500),
                    retryable: true,
                    ..
                }
            ),
            "{server}"
        );
        let bad = start_error(
            Step::fault(Fault::Status {
                status: 400,
                retry_after_secs: None,
            }),
            dialect,
        )
        .await;
        assert!(
            matches!(
                bad,
                Error::Provider {
                    status: Some(400),
                    retryable: false,
                    ..
                }
            ),
            "{bad}"
        );
        let reset = start_error(Step::fault(Fault::ResetBeforeFirstByte), dialect).await;
        assert!(
            matches!(
                reset,
                Error::Provider {
                    status: None,
                    retryable: true,
                    ..
                }
            ),
            "{reset}"
        );

        let cases = [
            (Fault::ResetAfterFirstByte { after_events: 2 }, true),
            (Fault::MalformedSse { after_events: 2 }, false),
            (Fault::Truncated { after_events: 2 }, true),
        ];
        for (fault, retryable) in cases {
            let peer = peer(
                dialect,
                vec![Step::text("partial answer that is cut").with_fault(fault.clone())],
            );
            let (seen, err) = stream_error(provider(&peer, dialect, "m").as_ref()).await;
            assert_eq!(
                seen,
                vec![ChatEvent::TextDelta {
                    text: "partia".into()
                }],
                "{fault:?}"
            );
            assert_eq!(err.is_retryable(), retryable, "{fault:?}: {err}");
            assert!(!seen.iter().any(|e| matches!(e, ChatEvent::Finished { .. })));
        }
    }
}

#[tokio::test]
async fn stalls_hit_the_first_token_and_between_token_timeouts() {
    for dialect in [Dialect::OpenAi, Dialect::Gemini, Dialect::Ollama] {
        let peer = peer(
            dialect,
            vec![
                Step::text("slow").with_fault(Fault::Stall {
                    ms: 1500,
                    after_events: None,
                }),
                Step::text("stalls midway").with_fault(Fault::Stall {
                    ms: 1500,
                    after_events: Some(2),
                }),
            ],
        );
        let guarded = Timeouts::new(provider(&peer, dialect, "m"))
            .first_token(Duration::from_millis(300))
            .between_tokens(Duration::from_millis(300));
        let err = guarded.chat_stream(ask("hi")).await.err().unwrap();
        assert!(
            matches!(&err, Error::Timeout { operation, .. } if operation == "first token"),
            "{err}"
        );
        let (seen, err) = stream_error(&guarded).await;
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(
            matches!(&err, Error::Timeout { operation, .. } if operation == "between tokens"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn a_prompt_ollama_cut_to_its_context_is_an_error_not_an_answer() {
    // About 2,000 tokens of prompt; Ollama says it read 512 (it keeps the last `num_ctx`).
    // Its streams report no usage, so the check is on whole responses.
    let long = "Tailor my resume to the platform engineer posting. ".repeat(160);
    let peer = peer(
        Dialect::Ollama,
        vec![
            Step::text("An answer to half a question.").with_usage(512, 8),
            Step::text("An answer to the whole question.").with_usage(1900, 8),
        ],
    );
    let ollama = provider(&peer, Dialect::Ollama, "llama3.2");
    let cut = ollama.chat(ask(&long)).await.unwrap_err();
    assert!(
        matches!(cut, Error::ContextOverflow { limit: 512, .. }),
        "{cut:?}"
    );
    assert_eq!(cut.kind(), careerkit_core::ErrorKind::LimitExceeded);
    // A server that read the whole prompt answers as usual.
    let whole = ollama.chat(ask(&long)).await.unwrap();
    assert_eq!(whole.content, "An answer to the whole question.");
    // Other servers report what they read and refuse what does not fit themselves.
    let peer = self::peer(
        Dialect::OpenAi,
        vec![Step::text("Fine.").with_usage(512, 8)],
    );
    let openai = provider(&peer, Dialect::OpenAi, "gpt-4o-mini");
    assert_eq!(openai.chat(ask(&long)).await.unwrap().content, "Fine.");
}
