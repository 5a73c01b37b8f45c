//! Turns wire chunks into normalised events: tool-call pieces joined by index (or by position
//! when a server sends none), the finish reason forced to `ToolCalls` when calls were made,
//! usage estimated when the server sent none, and `Finished` always last.

use std::collections::BTreeMap;

use careerkit_core::llm::{ChatEvent, FinishReason, ToolCall, Usage};
use careerkit_core::{Error, Result};
use serde_json::Value;

use super::wire::{Chunk, Delta};
use crate::estimate;

#[derive(Debug, Default)]
struct PartialCall {
    id: Option<String>,
    name: String,
    arguments: String,
}

/// Accumulates one call's chunks.
#[derive(Debug)]
pub(crate) struct Assembler {
    provider: String,
    calls: BTreeMap<usize, PartialCall>,
    last_index: Option<usize>,
    completion_chars: usize,
    prompt_estimate: u32,
    finish_reason: Option<String>,
    usage: Option<Usage>,
    silent_truncation: bool,
}

/// A reported prompt under this share of the estimate means the server dropped part of it
/// (the estimate is within a few tens of percent for prose, JSON and code).
const TRUNCATED_SHARE: f64 = 0.5;

/// Prompts estimated below this are not checked: no server's context is that small, and the
/// per-message framing of the estimate dominates short prompts.
const MIN_CHECKED_PROMPT: u32 = 1024;

impl Assembler {
    /// A fresh assembler for a call whose prompt is estimated at `prompt_estimate` tokens.
    pub fn new(provider: String, prompt_estimate: u32) -> Self {
        Self {
            provider,
            calls: BTreeMap::new(),
            last_index: None,
            completion_chars: 0,
            prompt_estimate,
            finish_reason: None,
            usage: None,
            silent_truncation: false,
        }
    }

    /// Checks the usage the server reports against the prompt estimate, for servers that cut
    /// a prompt longer than their context without saying so (Ollama keeps the last `num_ctx`
    /// tokens): a prompt reported at under half its estimate ends the call with
    /// [`Error::ContextOverflow`] instead of an answer to a prompt the model never saw whole.
    /// Only a call whose response reports usage can be checked (Ollama's streams do not).
    pub fn detect_silent_truncation(mut self) -> Self {
        self.silent_truncation = true;
        self
    }

    /// Whether the server said why generation ended.
    pub fn saw_finish(&self) -> bool {
        self.finish_reason.is_some()
    }

    /// Reads one chunk, appending the events it yields to `out`.
    ///
    /// # Errors
    /// When the chunk carries an error object.
    pub fn push(&mut self, chunk: Chunk, out: &mut Vec<ChatEvent>) -> Result<()> {
        if let Some(error) = chunk.error {
            let message = error["message"]
                .as_str()
                .map_or_else(|| error.to_string(), str::to_string);
            return Err(Error::Provider {
                provider: self.provider.clone(),
                status: None,
                message: format!("error event in stream: {message}"),
                retryable: false,
            });
        }
        if let Some(usage) = chunk.usage {
            self.usage = Some(usage.normalise());
        }
        // Only the first choice: careerkit never asks for n > 1.
        if let Some(choice) = chunk
            .choices
            .into_iter()
            .find(|c| c.index.unwrap_or(0) == 0)
        {
            if let Some(delta) = choice.delta.or(choice.message) {
                self.delta(delta, out);
            }
            if let Some(reason) = choice.finish_reason {
                self.finish_reason = Some(reason);
            }
        }
        Ok(())
    }

    fn delta(&mut self, delta: Delta, out: &mut Vec<ChatEvent>) {
        if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
            self.completion_chars += text.chars().count();
            out.push(ChatEvent::TextDelta { text });
        }
        for call in delta.tool_calls.unwrap_or_default() {
            let function = call.function.unwrap_or_default();
            let name = function.name.clone().filter(|n| !n.is_empty());
            let index = match call.index {
                Some(index) => index,
                // No index (Gemini): a piece with an id or a name starts a new call, any other
                // piece continues the last one.
                None if call.id.is_some() || name.is_some() || self.last_index.is_none() => {
                    self.calls.keys().next_back().map_or(0, |last| last + 1)
                }
                None => self.last_index.unwrap_or(0),
            };
            self.last_index = Some(index);
            let arguments = function.arguments_text();
            self.completion_chars += arguments.chars().count();
            let partial = self.calls.entry(index).or_default();
            if partial.id.is_none() {
                partial.id = call.id.clone().filter(|id| !id.is_empty());
            }
            if let Some(name) = &name {
                partial.name.push_str(name);
            }
            partial.arguments.push_str(&arguments);
            out.push(ChatEvent::ToolCallDelta {
                index,
                id: call.id.filter(|id| !id.is_empty()),
                name,
                arguments,
            });
        }
    }

    /// Ends the call: completed tool calls in order, usage (estimated when none came), and
    /// the normalised finish reason.
    ///
    /// # Errors
    /// [`Error::ContextOverflow`] when the server cut the prompt (see
    /// [`Assembler::detect_silent_truncation`]).
    pub fn finish(&mut self, out: &mut Vec<ChatEvent>) -> Result<()> {
        let checked = self.silent_truncation && self.prompt_estimate >= MIN_CHECKED_PROMPT;
        if let Some(reported) = self.usage.as_ref().filter(|_| checked) {
            let expected = f64::from(self.prompt_estimate);
            if f64::from(reported.prompt_tokens) < TRUNCATED_SHARE * expected {
                return Err(Error::ContextOverflow {
                    tokens: self.prompt_estimate as usize,
                    limit: reported.prompt_tokens as usize,
                });
            }
        }
        let calls = std::mem::take(&mut self.calls);
        let made_calls = !calls.is_empty();
        for (index, call) in calls {
            let arguments = if call.arguments.trim().is_empty() {
                Value::Object(serde_json::Map::new())
            } else {
                // Unparsable arguments stay as text for the agent to report back to the model.
                serde_json::from_str(&call.arguments).unwrap_or(Value::String(call.arguments))
            };
            let id = call.id.unwrap_or_else(|| generated_id(index));
            out.push(ChatEvent::ToolCall {
                call: ToolCall {
                    id,
                    name: call.name,
                    arguments,
                },
            });
        }
        let usage = self.usage.take().unwrap_or(Usage {
            prompt_tokens: self.prompt_estimate,
            completion_tokens: estimate::tokens_for_chars(self.completion_chars),
            cached_tokens: 0,
            estimated: true,
        });
        out.push(ChatEvent::Usage { usage });
        let reason = if made_calls {
            FinishReason::ToolCalls
        } else {
            match self.finish_reason.as_deref() {
                None | Some("stop") | Some("end_turn") => FinishReason::Stop,
                Some("length") | Some("max_tokens") => FinishReason::Length,
                Some("tool_calls") | Some("function_call") => FinishReason::ToolCalls,
                Some("content_filter") => FinishReason::ContentFilter,
                Some(other) => FinishReason::Other(other.to_string()),
            }
        };
        out.push(ChatEvent::Finished { reason });
        Ok(())
    }
}

/// An id for a call the server sent without one: unique enough to pair results with calls.
fn generated_id(index: usize) -> String {
    format!("call_{index}_{:016x}", fastrand::u64(..))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn run(chunks: &[&str]) -> Vec<ChatEvent> {
        let mut assembler = Assembler::new("test".into(), 10);
        let mut out = Vec::new();
        for chunk in chunks {
            assembler
                .push(serde_json::from_str(chunk).unwrap(), &mut out)
                .unwrap();
        }
        assembler.finish(&mut out).unwrap();
        out
    }

    fn calls(events: &[ChatEvent]) -> Vec<ToolCall> {
        events
            .iter()
            .filter_map(|e| match e {
                ChatEvent::ToolCall { call } => Some(call.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn indexed_pieces_join_into_calls_and_stop_becomes_tool_calls() {
        let events = run(&[
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{\"x\""}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":1,"id":"b","function":{"name":"g","arguments":""}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}"#,
            r#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#,
        ]);
        let calls = calls(&events);
        assert_eq!(calls.len(), 2);
        assert_eq!((calls[0].id.as_str(), calls[0].name.as_str()), ("a", "f"));
        assert_eq!(calls[0].arguments, serde_json::json!({"x": 1}));
        assert_eq!(calls[1].arguments, serde_json::json!({}));
        assert_eq!(
            events.last(),
            Some(&ChatEvent::Finished {
                reason: FinishReason::ToolCalls
            })
        );
    }

    #[test]
    fn calls_without_index_are_told_apart_by_id_and_name() {
        let events = run(&[
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"f","arguments":"{}"}},{"id":"z","function":{"name":"g","arguments":"{\"a\":"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"2}"}}]}}]}"#,
        ]);
        let calls = calls(&events);
        assert_eq!(calls.len(), 2);
        assert!(calls[0].id.starts_with("call_0_"));
        assert_eq!(calls[1].arguments, serde_json::json!({"a": 2}));
    }

    #[test]
    fn missing_usage_is_estimated_and_unknown_reasons_kept() {
        let events = run(&[
            r#"{"choices":[{"delta":{"content":"abcdefgh"},"finish_reason":"new_reason"}]}"#,
        ]);
        let usage = events.iter().find_map(|e| match e {
            ChatEvent::Usage { usage } => Some(*usage),
            _ => None,
        });
        assert_eq!(
            usage,
            Some(Usage {
                prompt_tokens: 10,
                completion_tokens: 2,
                cached_tokens: 0,
                estimated: true
            })
        );
        assert_eq!(
            events.last(),
            Some(&ChatEvent::Finished {
                reason: FinishReason::Other("new_reason".into())
            })
        );
    }

    #[test]
    fn an_error_object_is_a_provider_error() {
        let mut assembler = Assembler::new("test".into(), 1);
        let chunk = serde_json::from_str(r#"{"error":{"message":"overloaded"}}"#).unwrap();
        let err = assembler.push(chunk, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("overloaded"));
    }
}
