//! careerkit-testpeer: an OpenAI-compatible server on 127.0.0.1 for tests.
//!
//! It speaks the real wire format (HTTP/1.1, JSON, server-sent events) with scripted answers
//! (text, tool calls, JSON, transcripts) and scripted faults (429 with `Retry-After`, 500,
//! connection resets before and after the first byte, stalls, malformed and truncated SSE) in
//! the dialects of the servers careerkit supports (OpenAI, Gemini's OpenAI endpoint, Ollama).
//! It records every request so tests can check what was sent. Rust tests start it with
//! [`TestPeer::start`]; other languages' tests run the `careerkit-testpeer` binary.
//!
//! Routes: `POST /v1/chat/completions` (streaming and not), `GET /v1/models`,
//! `POST /v1/audio/transcriptions` (multipart), and for tests in other languages
//! `GET /_peer/requests` (the recorded requests) and `POST /_peer/steps` (append steps).

mod script;
mod server;
mod wire;

pub use script::{Answer, Dialect, Fault, Script, ScriptedCall, ScriptedUsage, Segment, Step};
pub use server::{RecordedRequest, TestPeer};
