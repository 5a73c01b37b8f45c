//! What the peer answers: a script of steps, each an answer plus optional fault and quirks.
//!
//! A script is JSON (a file for the binary, a value for Rust tests):
//!
//! ```json
//! {
//!   "dialect": "openai",
//!   "models": ["test-model"],
//!   "steps": [
//!     {"answer": {"text": "Hello there."}},
//!     {"answer": {"tool_calls": [{"name": "lookup", "arguments": {"skill": "Rust"}}]}},
//!     {"answer": {"json": {"score": 7}}, "chunk_bytes": 1},
//!     {"fault": {"status": {"status": 429, "retry_after_secs": 2}}},
//!     {"fault": "reset_before_first_byte"}
//!   ],
//!   "default": {"answer": {"text": "fallback answer"}}
//! }
//! ```
//!
//! Each request to `/v1/chat/completions` or `/v1/audio/transcriptions` takes the next step;
//! when the steps run out the `default` step answers, and without one the peer replies 400
//! "script exhausted" so a test fails loudly.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The wire dialect the peer speaks: where the OpenAI-compatible servers differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// OpenAI: tool-call deltas with `index`, usage chunk only when
    /// `stream_options.include_usage` is asked for, `finish_reason: "tool_calls"`.
    #[default]
    Openai,
    /// Gemini's OpenAI endpoint: whole tool calls in one chunk without `index`,
    /// `finish_reason: "stop"` after tool calls, usage in the last chunk.
    Gemini,
    /// Ollama: tool calls only in the final chunk, never a usage chunk when streaming.
    Ollama,
}

/// A tool call the scripted model makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScriptedCall {
    /// The tool's name.
    pub name: String,
    /// Its arguments (sent as a JSON string, as the API does).
    pub arguments: Value,
    /// The call id; `call_<n>` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// One segment of a scripted transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Start in seconds.
    pub start: f64,
    /// End in seconds.
    pub end: f64,
    /// The words spoken.
    pub text: String,
}

/// What the scripted model says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// A text answer.
    Text(String),
    /// Tool calls (no text).
    ToolCalls(Vec<ScriptedCall>),
    /// A JSON value, sent as the answer text.
    Json(Value),
    /// An answer to `/v1/audio/transcriptions`.
    Transcript {
        /// The whole text.
        text: String,
        /// Spoken language.
        #[serde(default = "english")]
        language: String,
        /// Timed segments.
        #[serde(default)]
        segments: Vec<Segment>,
    },
}

fn english() -> String {
    "en".to_string()
}

/// How the delivery of an answer goes wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// An HTTP error status with an OpenAI-style error body.
    Status {
        /// The status code (429, 500, 400, ...).
        status: u16,
        /// A `Retry-After` header in seconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    },
    /// The connection closes before any byte of the response.
    ResetBeforeFirstByte,
    /// The connection closes after `after_events` SSE events (or half the JSON body).
    ResetAfterFirstByte {
        /// Events sent before the reset.
        #[serde(default = "one")]
        after_events: usize,
    },
    /// No bytes for `ms` milliseconds: before the response head when `after_events` is
    /// absent, else after that many events.
    Stall {
        /// How long.
        ms: u64,
        /// Events sent before the stall.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after_events: Option<usize>,
    },
    /// After `after_events` events, one `data:` line that is not JSON, then the rest.
    MalformedSse {
        /// Events sent before the bad one.
        #[serde(default = "one")]
        after_events: usize,
    },
    /// The body ends cleanly after `after_events` events: no finish reason, no `[DONE]`.
    Truncated {
        /// Events sent before the end.
        #[serde(default = "one")]
        after_events: usize,
    },
}

fn one() -> usize {
    1
}

/// Token counts the peer reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptedUsage {
    /// Prompt tokens.
    pub prompt_tokens: u32,
    /// Completion tokens.
    pub completion_tokens: u32,
    /// Cached prompt tokens.
    #[serde(default)]
    pub cached_tokens: u32,
}

/// One scripted exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The answer (a fault may cut it short). Absent for a pure fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// What goes wrong, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
    /// Overrides the script's dialect for this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<Dialect>,
    /// Splits the response body into pieces of this many bytes (1 = every byte, which cuts
    /// UTF-8 characters in the middle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_bytes: Option<usize>,
    /// Sends no usage at all, whatever the request asked.
    #[serde(default)]
    pub no_usage: bool,
    /// The usage to report; estimated from the text when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<ScriptedUsage>,
    /// The finish reason to send instead of the dialect's usual one (for unknown values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
}

impl Step {
    /// A step that answers `answer` with no fault.
    pub fn answer(answer: Answer) -> Self {
        Self {
            answer: Some(answer),
            fault: None,
            dialect: None,
            chunk_bytes: None,
            no_usage: false,
            usage: None,
            finish_reason: None,
        }
    }

    /// A step that answers with `text`.
    pub fn text(text: impl Into<String>) -> Self {
        Self::answer(Answer::Text(text.into()))
    }

    /// A step that calls one tool.
    pub fn tool_call(name: impl Into<String>, arguments: Value) -> Self {
        Self::answer(Answer::ToolCalls(vec![ScriptedCall {
            name: name.into(),
            arguments,
            id: None,
        }]))
    }

    /// A step that answers with the JSON `value`.
    pub fn json(value: Value) -> Self {
        Self::answer(Answer::Json(value))
    }

    /// A pure fault (no answer).
    pub fn fault(fault: Fault) -> Self {
        Self {
            answer: None,
            fault: Some(fault),
            ..Self::text("")
        }
    }

    /// Adds a fault to this step.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// Speaks `dialect` for this step.
    pub fn with_dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = Some(dialect);
        self
    }

    /// Splits the body into pieces of `bytes` bytes.
    pub fn with_chunk_bytes(mut self, bytes: usize) -> Self {
        self.chunk_bytes = Some(bytes);
        self
    }

    /// Sends no usage.
    pub fn without_usage(mut self) -> Self {
        self.no_usage = true;
        self
    }

    /// Reports this usage.
    pub fn with_usage(mut self, prompt_tokens: u32, completion_tokens: u32) -> Self {
        self.usage = Some(ScriptedUsage {
            prompt_tokens,
            completion_tokens,
            cached_tokens: 0,
        });
        self
    }

    /// Sends this finish reason verbatim.
    pub fn with_finish_reason(mut self, reason: impl Into<String>) -> Self {
        self.finish_reason = Some(reason.into());
        self
    }
}

/// A whole script.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Script {
    /// The dialect of every step that does not set its own.
    #[serde(default)]
    pub dialect: Dialect,
    /// Model ids listed by `/v1/models` (`["test-model"]` when empty).
    #[serde(default)]
    pub models: Vec<String>,
    /// Steps in order, one per request.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The step used once `steps` ran out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Step>,
}

impl Script {
    /// A script of these steps in the OpenAI dialect.
    pub fn new(steps: Vec<Step>) -> Self {
        Self {
            steps,
            ..Self::default()
        }
    }

    /// Speaks `dialect` by default.
    pub fn with_dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// Answers with `step` once the steps ran out.
    pub fn with_default(mut self, step: Step) -> Self {
        self.default = Some(step);
        self
    }
}
