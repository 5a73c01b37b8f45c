//! Renders a scripted step into what goes on the wire: SSE events or a JSON body, per dialect,
//! with the step's fault applied. Pure functions, so the server only sends what they return.

use std::time::Duration;

use bytes::Bytes;
use serde_json::{json, Value};

use crate::script::{Answer, Dialect, Fault, ScriptedCall, ScriptedUsage, Step};

/// One thing the response body does next.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Send these bytes as one body frame.
    Bytes(Bytes),
    /// Send nothing for this long.
    Sleep(Duration),
    /// Drop the connection mid-body.
    Reset,
}

/// A whole scripted response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rendered {
    /// HTTP status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// `text/event-stream` or `application/json`.
    pub content_type: &'static str,
    /// Wait this long before the response head.
    pub stall_before: Option<Duration>,
    /// Close the connection instead of answering.
    pub reset_before: bool,
    /// The body.
    pub pieces: Vec<Piece>,
}

/// What the request asked for, as far as rendering cares.
#[derive(Debug, Clone, Default)]
pub(crate) struct Asked {
    /// The model named in the request.
    pub model: String,
    /// `stream: true`.
    pub stream: bool,
    /// `stream_options.include_usage: true`.
    pub include_usage: bool,
    /// Characters of message text, for the default usage.
    pub prompt_chars: usize,
}

const CREATED: u64 = 1_700_000_000;
const TEXT_PIECE_CHARS: usize = 6;
const ARGUMENT_PIECE_CHARS: usize = 8;

/// Renders a chat-completion step.
pub(crate) fn chat(step: &Step, dialect: Dialect, asked: &Asked) -> Rendered {
    if let Some(rendered) = refusal(step) {
        return rendered;
    }
    let answer = step
        .answer
        .clone()
        .unwrap_or_else(|| Answer::Text(String::new()));
    let usage = usage_for(step, &answer, asked);
    if asked.stream {
        let events = stream_events(step, dialect, asked, &answer, usage);
        let mut sse: Vec<Bytes> = events
            .iter()
            .map(|e| Bytes::from(format!("data: {e}\n\n")))
            .collect();
        sse.push(Bytes::from_static(b"data: [DONE]\n\n"));
        finish(
            step,
            "text/event-stream",
            sse,
            Bytes::from_static(b"data: {\"choices\": [oops\n\n"),
        )
    } else {
        let body = completion_body(step, dialect, asked, &answer, usage);
        let bytes = Bytes::from(body.to_string());
        let half = bytes.len() / 2;
        let parts = vec![bytes.slice(..half), bytes.slice(half..)];
        finish(
            step,
            "application/json",
            parts,
            Bytes::from_static(b"{not json"),
        )
    }
}

/// Renders a transcription step (`verbose_json`, `json` or `text`).
pub(crate) fn transcript(step: &Step, response_format: &str) -> Rendered {
    if let Some(rendered) = refusal(step) {
        return rendered;
    }
    let (text, language, segments) = match &step.answer {
        Some(Answer::Transcript {
            text,
            language,
            segments,
        }) => (text.clone(), language.clone(), segments.clone()),
        _ => return error_response(400, "test peer: this step is not a transcript", None),
    };
    let (content_type, body) = match response_format {
        "text" => ("text/plain", text),
        "json" => ("application/json", json!({ "text": text }).to_string()),
        _ => {
            let duration = segments.last().map(|s| s.end).unwrap_or(0.0);
            let segments: Vec<Value> = segments
                .iter()
                .enumerate()
                .map(|(id, s)| {
                    json!({"id": id, "seek": 0, "start": s.start, "end": s.end, "text": s.text,
                           "tokens": [], "temperature": 0.0, "avg_logprob": -0.2,
                           "compression_ratio": 1.2, "no_speech_prob": 0.01})
                })
                .collect();
            let body = json!({"task": "transcribe", "language": language, "duration": duration,
                              "text": text, "segments": segments});
            ("application/json", body.to_string())
        }
    };
    finish(
        step,
        content_type,
        vec![Bytes::from(body)],
        Bytes::from_static(b"{not json"),
    )
}

/// The `/v1/models` list.
pub(crate) fn models(models: &[String]) -> Value {
    let data: Vec<Value> = models
        .iter()
        .map(|id| json!({"id": id, "object": "model", "created": CREATED, "owned_by": "careerkit-testpeer"}))
        .collect();
    json!({"object": "list", "data": data})
}

/// An OpenAI-style error response.
pub(crate) fn error_response(status: u16, message: &str, retry_after: Option<u64>) -> Rendered {
    let body =
        json!({"error": {"message": message, "type": "peer_fault", "param": null, "code": null}});
    Rendered {
        status,
        headers: retry_after
            .map(|s| vec![("retry-after", s.to_string())])
            .unwrap_or_default(),
        content_type: "application/json",
        stall_before: None,
        reset_before: false,
        pieces: vec![Piece::Bytes(Bytes::from(body.to_string()))],
    }
}

/// Faults that replace the whole response: a status, a reset or a stall before the head.
fn refusal(step: &Step) -> Option<Rendered> {
    match step.fault {
        Some(Fault::Status {
            status,
            retry_after_secs,
        }) => Some(error_response(
            status,
            &format!("scripted fault: HTTP {status}"),
            retry_after_secs,
        )),
        Some(Fault::ResetBeforeFirstByte) => Some(Rendered {
            reset_before: true,
            ..error_response(500, "", None)
        }),
        _ => None,
    }
}

/// Applies the in-body faults and the chunking to the body `parts` (SSE events or halves of
/// a JSON body).
fn finish(
    step: &Step,
    content_type: &'static str,
    parts: Vec<Bytes>,
    malformed: Bytes,
) -> Rendered {
    let mut pieces: Vec<Piece> = parts.iter().cloned().map(Piece::Bytes).collect();
    let mut stall_before = None;
    match step.fault {
        Some(Fault::Stall { ms, after_events }) => match after_events {
            None => stall_before = Some(Duration::from_millis(ms)),
            Some(n) => pieces.insert(n.min(pieces.len()), Piece::Sleep(Duration::from_millis(ms))),
        },
        Some(Fault::ResetAfterFirstByte { after_events }) => {
            pieces.truncate(after_events.max(1));
            pieces.push(Piece::Reset);
        }
        Some(Fault::MalformedSse { after_events }) => {
            pieces.insert(after_events.min(pieces.len()), Piece::Bytes(malformed));
        }
        Some(Fault::Truncated { after_events }) => pieces.truncate(after_events.max(1)),
        _ => {}
    }
    if let Some(size) = step.chunk_bytes.filter(|s| *s > 0) {
        pieces = pieces
            .into_iter()
            .flat_map(|piece| match piece {
                Piece::Bytes(bytes) => (0..bytes.len())
                    .step_by(size)
                    .map(|at| Piece::Bytes(bytes.slice(at..(at + size).min(bytes.len()))))
                    .collect(),
                other => vec![other],
            })
            .collect();
    }
    Rendered {
        status: 200,
        headers: Vec::new(),
        content_type,
        stall_before,
        reset_before: false,
        pieces,
    }
}

fn usage_for(step: &Step, answer: &Answer, asked: &Asked) -> Option<ScriptedUsage> {
    if step.no_usage {
        return None;
    }
    Some(step.usage.unwrap_or(ScriptedUsage {
        prompt_tokens: (asked.prompt_chars / 4 + 1) as u32,
        completion_tokens: (answer_text(answer).chars().count() / 4 + 1) as u32,
        cached_tokens: 0,
    }))
}

fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Text(text) | Answer::Transcript { text, .. } => text.clone(),
        Answer::Json(value) => value.to_string(),
        Answer::ToolCalls(calls) => calls
            .iter()
            .map(|c| format!("{}{}", c.name, c.arguments))
            .collect(),
    }
}

fn usage_json(usage: ScriptedUsage) -> Value {
    json!({
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "total_tokens": usage.prompt_tokens + usage.completion_tokens,
        "prompt_tokens_details": {"cached_tokens": usage.cached_tokens, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "accepted_prediction_tokens": 0}
    })
}

fn call_id(call: &ScriptedCall, index: usize) -> String {
    call.id.clone().unwrap_or_else(|| format!("call_{index}"))
}

fn whole_call(call: &ScriptedCall, index: usize, with_index: bool) -> Value {
    let mut value = json!({
        "id": call_id(call, index),
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments.to_string()}
    });
    if with_index {
        value["index"] = json!(index);
    }
    value
}

fn chunk(asked: &Asked, delta: Value, finish_reason: Option<&str>) -> Value {
    json!({
        "id": "chatcmpl-peer",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": asked.model,
        "system_fingerprint": "fp_peer",
        "service_tier": "default",
        "x_peer_extension": {"note": "an unknown field clients must ignore"},
        "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish_reason}]
    })
}

fn pieces(text: &str, size: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

fn stream_events(
    step: &Step,
    dialect: Dialect,
    asked: &Asked,
    answer: &Answer,
    usage: Option<ScriptedUsage>,
) -> Vec<Value> {
    let mut events = vec![chunk(
        asked,
        json!({"role": "assistant", "content": ""}),
        None,
    )];
    let mut final_delta = json!({});
    let natural = match answer {
        Answer::ToolCalls(calls) => {
            match dialect {
                Dialect::Openai => {
                    for (i, call) in calls.iter().enumerate() {
                        let head = json!({"index": i, "id": call_id(call, i), "type": "function",
                                          "function": {"name": call.name, "arguments": ""}});
                        events.push(chunk(asked, json!({"tool_calls": [head]}), None));
                        for piece in pieces(&call.arguments.to_string(), ARGUMENT_PIECE_CHARS) {
                            let delta = json!({"index": i, "function": {"arguments": piece}});
                            events.push(chunk(asked, json!({"tool_calls": [delta]}), None));
                        }
                    }
                }
                Dialect::Gemini => {
                    let whole: Vec<Value> = calls
                        .iter()
                        .enumerate()
                        .map(|(i, c)| whole_call(c, i, false))
                        .collect();
                    events.push(chunk(
                        asked,
                        json!({"role": "assistant", "tool_calls": whole}),
                        None,
                    ));
                }
                Dialect::Ollama => {
                    let whole: Vec<Value> = calls
                        .iter()
                        .enumerate()
                        .map(|(i, c)| whole_call(c, i, true))
                        .collect();
                    final_delta = json!({"role": "assistant", "content": "", "tool_calls": whole});
                }
            }
            if dialect == Dialect::Gemini {
                "stop"
            } else {
                "tool_calls"
            }
        }
        other => {
            for piece in pieces(&answer_text(other), TEXT_PIECE_CHARS) {
                events.push(chunk(asked, json!({"content": piece}), None));
            }
            "stop"
        }
    };
    let reason = step.finish_reason.as_deref().unwrap_or(natural);
    let mut last = chunk(asked, final_delta, Some(reason));
    match (dialect, usage) {
        (Dialect::Gemini, Some(usage)) => last["usage"] = usage_json(usage),
        (Dialect::Openai, Some(usage)) if asked.include_usage => {
            events.push(last);
            last = json!({"id": "chatcmpl-peer", "object": "chat.completion.chunk",
                          "created": CREATED, "model": asked.model, "choices": [],
                          "usage": usage_json(usage)});
        }
        _ => {}
    }
    events.push(last);
    events
}

fn completion_body(
    step: &Step,
    dialect: Dialect,
    asked: &Asked,
    answer: &Answer,
    usage: Option<ScriptedUsage>,
) -> Value {
    let (content, tool_calls, natural) = match answer {
        Answer::ToolCalls(calls) => {
            let whole: Vec<Value> = calls
                .iter()
                .enumerate()
                .map(|(i, c)| whole_call(c, i, false))
                .collect();
            let reason = if dialect == Dialect::Gemini {
                "stop"
            } else {
                "tool_calls"
            };
            (Value::Null, Some(whole), reason)
        }
        other => (Value::String(answer_text(other)), None, "stop"),
    };
    let mut message = json!({"role": "assistant", "content": content, "refusal": null});
    if let Some(calls) = tool_calls {
        message["tool_calls"] = Value::Array(calls);
    }
    let mut body = json!({
        "id": "chatcmpl-peer",
        "object": "chat.completion",
        "created": CREATED,
        "model": asked.model,
        "system_fingerprint": "fp_peer",
        "x_peer_extension": {"note": "an unknown field clients must ignore"},
        "choices": [{"index": 0, "message": message, "logprobs": null,
                     "finish_reason": step.finish_reason.as_deref().unwrap_or(natural)}]
    });
    if let Some(usage) = usage {
        body["usage"] = usage_json(usage);
    }
    body
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn asked(stream: bool, include_usage: bool) -> Asked {
        Asked {
            model: "m".into(),
            stream,
            include_usage,
            prompt_chars: 40,
        }
    }

    fn data_lines(rendered: &Rendered) -> Vec<String> {
        let mut all = Vec::new();
        for piece in &rendered.pieces {
            if let Piece::Bytes(b) = piece {
                all.extend_from_slice(b);
            }
        }
        String::from_utf8(all)
            .unwrap()
            .split("\n\n")
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_start_matches("data: ").to_string())
            .collect()
    }

    #[test]
    fn gemini_tool_calls_have_no_index_and_finish_with_stop() {
        let step = Step::tool_call("lookup", json!({"skill": "Rust"}));
        let lines = data_lines(&chat(&step, Dialect::Gemini, &asked(true, false)));
        let calls: Vec<Value> = lines
            .iter()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["choices"][0]["delta"]["tool_calls"].as_array().cloned())
            .flatten()
            .collect();
        assert_eq!(calls.len(), 1);
        assert!(calls[0].get("index").is_none());
        assert!(lines
            .iter()
            .any(|l| l.contains("\"finish_reason\":\"stop\"")));
        assert!(lines.iter().any(|l| l.contains("\"usage\"")));
        assert_eq!(lines.last().unwrap(), "[DONE]");
    }

    #[test]
    fn openai_sends_usage_only_when_asked() {
        let step = Step::text("Hello there");
        let with = data_lines(&chat(&step, Dialect::Openai, &asked(true, true)));
        let without = data_lines(&chat(&step, Dialect::Openai, &asked(true, false)));
        assert!(with.iter().any(|l| l.contains("\"usage\"")));
        assert!(!without.iter().any(|l| l.contains("\"usage\"")));
    }

    #[test]
    fn one_byte_chunks_cut_utf8_characters() {
        let step = Step::text("naïve café").with_chunk_bytes(1);
        let rendered = chat(&step, Dialect::Openai, &asked(true, true));
        assert!(rendered
            .pieces
            .iter()
            .all(|p| matches!(p, Piece::Bytes(b) if b.len() == 1)));
        assert!(data_lines(&rendered).iter().any(|l| l.contains("caf")));
    }

    #[test]
    fn faults_shape_the_body() {
        let reset =
            Step::text("abc def ghi").with_fault(Fault::ResetAfterFirstByte { after_events: 2 });
        let rendered = chat(&reset, Dialect::Openai, &asked(true, false));
        assert_eq!(rendered.pieces.len(), 3);
        assert_eq!(rendered.pieces.last(), Some(&Piece::Reset));
        let limited = Step::fault(Fault::Status {
            status: 429,
            retry_after_secs: Some(3),
        });
        let rendered = chat(&limited, Dialect::Openai, &asked(true, false));
        assert_eq!(rendered.status, 429);
        assert_eq!(rendered.headers, vec![("retry-after", "3".to_string())]);
    }
}
