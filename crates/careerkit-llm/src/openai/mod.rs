//! The OpenAI-compatible HTTP provider: OpenAI, Gemini's OpenAI endpoint, Ollama, vLLM,
//! llama.cpp's server and LM Studio, with their quirks normalised so agents see the same
//! events from each.
//!
//! Streaming uses `/chat/completions` with `stream: true` and an SSE parser that takes bytes
//! split anywhere (inside a UTF-8 character included); [`LlmProvider::chat`] uses the
//! non-streaming form. Request differences live in [`Dialect`] and the model name (reasoning
//! models get `max_completion_tokens` and no temperature).

mod assemble;
mod transcribe;
mod wire;

use std::collections::VecDeque;
use std::time::Duration;

use async_trait::async_trait;
use eventsource_stream::{EventStreamError, Eventsource};
use futures::stream::{self, BoxStream, StreamExt};

use careerkit_core::llm::{
    collect_stream, ChatEvent, ChatRequest, ChatResponse, ChatStream, LlmProvider,
};
use careerkit_core::{Error, Result};

use crate::errors::{malformed, retry_after, status_error, transport_error};
use crate::estimate;
use assemble::Assembler;
pub use transcribe::OpenAiTranscriber;
use wire::{request_body, Chunk};

/// Which OpenAI-compatible server is on the other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// api.openai.com (and Azure-style deployments of the same API).
    OpenAi,
    /// Gemini's OpenAI endpoint: no `stream_options`; tool calls without `index`.
    Gemini,
    /// Ollama's `/v1`: tool calls arrive whole in the final chunk.
    Ollama,
    /// vLLM's OpenAI server.
    Vllm,
    /// llama.cpp's `llama-server`.
    LlamaCpp,
    /// LM Studio's local server.
    LmStudio,
}

impl Dialect {
    /// Every dialect, for tests and help texts.
    pub const ALL: [Dialect; 6] = [
        Dialect::OpenAi,
        Dialect::Gemini,
        Dialect::Ollama,
        Dialect::Vllm,
        Dialect::LlamaCpp,
        Dialect::LmStudio,
    ];

    /// The configuration prefix (`openai`, `gemini`, `ollama`, `vllm`, `llamacpp`, `lmstudio`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::OpenAi => "openai",
            Dialect::Gemini => "gemini",
            Dialect::Ollama => "ollama",
            Dialect::Vllm => "vllm",
            Dialect::LlamaCpp => "llamacpp",
            Dialect::LmStudio => "lmstudio",
        }
    }

    /// The dialect named `name` (as [`Dialect::name`], plus `llama.cpp` and `lm-studio`).
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "openai" => Some(Dialect::OpenAi),
            "gemini" => Some(Dialect::Gemini),
            "ollama" => Some(Dialect::Ollama),
            "vllm" => Some(Dialect::Vllm),
            "llamacpp" | "llama.cpp" | "llama-cpp" => Some(Dialect::LlamaCpp),
            "lmstudio" | "lm-studio" => Some(Dialect::LmStudio),
            _ => None,
        }
    }

    /// The server's usual base URL.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Dialect::OpenAi => "https://api.openai.com/v1",
            Dialect::Gemini => "https://generativelanguage.googleapis.com/v1beta/openai",
            Dialect::Ollama => "http://localhost:11434/v1",
            Dialect::Vllm => "http://localhost:8000/v1",
            Dialect::LlamaCpp => "http://localhost:8080/v1",
            Dialect::LmStudio => "http://localhost:1234/v1",
        }
    }

    /// Guesses the dialect from a base URL (host and well-known ports); OpenAI otherwise.
    pub fn detect(base_url: &str) -> Dialect {
        let url = base_url.to_ascii_lowercase();
        if url.contains("generativelanguage.googleapis.com") {
            Dialect::Gemini
        } else if url.contains(":11434") || url.contains("ollama") {
            Dialect::Ollama
        } else if url.contains(":1234") {
            Dialect::LmStudio
        } else if url.contains(":8000") || url.contains("vllm") {
            Dialect::Vllm
        } else if url.contains(":8080") || url.contains("llama") {
            Dialect::LlamaCpp
        } else {
            Dialect::OpenAi
        }
    }

    /// Whether the server takes `stream_options: {include_usage: true}`.
    fn sends_stream_options(self) -> bool {
        self != Dialect::Gemini
    }
}

/// A model behind an OpenAI-compatible `/chat/completions` endpoint.
///
/// ```
/// use careerkit_llm::openai::{Dialect, OpenAiCompatible};
/// use careerkit_core::llm::LlmProvider;
///
/// let provider = OpenAiCompatible::new(Dialect::Ollama, "llama3.2")
///     .unwrap()
///     .with_base_url("http://127.0.0.1:11434/v1");
/// assert_eq!(provider.id(), "ollama:llama3.2");
/// ```
#[derive(Debug, Clone)]
pub struct OpenAiCompatible {
    client: reqwest::Client,
    base_url: String,
    api_key: Option<String>,
    model: String,
    dialect: Dialect,
}

/// How long connecting may take; the other timeouts are the [`crate::Timeouts`] layer's.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl OpenAiCompatible {
    /// A provider for `model` on `dialect`'s default base URL, without a key.
    ///
    /// # Errors
    /// When the HTTP client cannot be built (no TLS backend).
    pub fn new(dialect: Dialect, model: impl Into<String>) -> Result<Self> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| transport_error(dialect.name(), "cannot build the HTTP client", &e))?;
        Ok(Self {
            client,
            base_url: dialect.default_base_url().to_string(),
            api_key: None,
            model: model.into(),
            dialect,
        })
    }

    /// Uses another base URL (the part before `/chat/completions`).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
        self
    }

    /// Sends `Authorization: Bearer <key>`.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The configured model.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The dialect spoken.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    async fn post(&self, request: &ChatRequest, stream: bool) -> Result<reqwest::Response> {
        let model = request.model.as_deref().unwrap_or(&self.model);
        let body = request_body(request, model, self.dialect, stream);
        let builder = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .header("content-type", "application/json")
            .body(body.to_string());
        self.send(builder).await
    }

    /// A transcriber for `model` (`whisper-1`, ...) on the same server, with the same key.
    pub fn transcriber(&self, model: impl Into<String>) -> OpenAiTranscriber {
        OpenAiTranscriber::new(self.clone(), model.into())
    }

    /// Sends a request with the key; a non-success status becomes the matching error.
    async fn send(&self, mut builder: reqwest::RequestBuilder) -> Result<reqwest::Response> {
        if let Some(key) = &self.api_key {
            builder = builder.bearer_auth(key);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| transport_error(&self.id(), "request failed", &e))?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(response);
        }
        let wait = retry_after(response.headers());
        let text = response.text().await.unwrap_or_default();
        Err(status_error(&self.id(), status, wait, &text))
    }
}

impl OpenAiCompatible {
    /// The chunk assembler for one call of `request` (Ollama's silent truncation checked).
    fn assembler(&self, request: &ChatRequest) -> Assembler {
        let assembler = Assembler::new(self.id(), estimate::prompt_tokens(request));
        if self.dialect == Dialect::Ollama {
            assembler.detect_silent_truncation()
        } else {
            assembler
        }
    }
}

#[async_trait]
impl LlmProvider for OpenAiCompatible {
    fn id(&self) -> String {
        format!("{}:{}", self.dialect.name(), self.model)
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let response = self.post(&request, true).await?;
        Ok(sse_events(
            self.id(),
            response.bytes_stream(),
            self.assembler(&request),
        ))
    }

    async fn chat(&self, request: ChatRequest) -> Result<ChatResponse> {
        let response = self.post(&request, false).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(&self.id(), "response interrupted", &e))?;
        let chunk: Chunk = serde_json::from_slice(&bytes)
            .map_err(|e| malformed(&self.id(), &format!("completion is not JSON ({e})")))?;
        let mut assembler = self.assembler(&request);
        let mut events = Vec::new();
        assembler.push(chunk, &mut events)?;
        assembler.finish(&mut events)?;
        collect_stream(stream::iter(events.into_iter().map(Ok)).boxed()).await
    }
}

struct SseState<S> {
    provider: String,
    events: S,
    assembler: Assembler,
    pending: VecDeque<ChatEvent>,
    done: bool,
}

/// Decodes an SSE byte stream into normalised events. Ends with an error when the stream is
/// malformed, interrupted, or ends before the server said it finished.
fn sse_events<B, E>(provider: String, bytes: B, assembler: Assembler) -> ChatStream
where
    B: futures::Stream<Item = std::result::Result<bytes::Bytes, E>> + Send + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    let state = SseState {
        provider,
        events: Box::pin(bytes.eventsource()),
        assembler,
        pending: VecDeque::new(),
        done: false,
    };
    let events: BoxStream<'static, Result<ChatEvent>> =
        stream::unfold(state, |mut state| async move {
            loop {
                if let Some(event) = state.pending.pop_front() {
                    return Some((Ok(event), state));
                }
                if state.done {
                    return None;
                }
                match next_events(&mut state).await {
                    Ok(()) => {}
                    Err(err) => {
                        state.done = true;
                        state.pending.clear();
                        return Some((Err(err), state));
                    }
                }
            }
        })
        .boxed();
    events
}

async fn next_events<S, E>(state: &mut SseState<S>) -> Result<()>
where
    S: futures::Stream<Item = std::result::Result<eventsource_stream::Event, EventStreamError<E>>>
        + Unpin,
    E: std::error::Error,
{
    let mut out = Vec::new();
    match state.events.next().await {
        Some(Ok(event)) => {
            let data = event.data.trim();
            if data == "[DONE]" {
                state.assembler.finish(&mut out)?;
                state.done = true;
            } else if !data.is_empty() {
                let chunk: Chunk = serde_json::from_str(data).map_err(|e| {
                    malformed(&state.provider, &format!("stream event is not JSON ({e})"))
                })?;
                state.assembler.push(chunk, &mut out)?;
            }
        }
        Some(Err(EventStreamError::Transport(err))) => {
            return Err(transport_error(&state.provider, "stream interrupted", &err));
        }
        Some(Err(err)) => return Err(malformed(&state.provider, &err.to_string())),
        None if state.assembler.saw_finish() => {
            // Some servers close after the finish reason without `[DONE]`; that is complete.
            state.assembler.finish(&mut out)?;
            state.done = true;
        }
        None => {
            return Err(Error::Provider {
                provider: state.provider.clone(),
                status: None,
                message: "stream ended before the model finished (truncated)".into(),
                retryable: true,
            })
        }
    }
    state.pending.extend(out);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::convert::Infallible;

    use careerkit_core::llm::FinishReason;

    use super::*;

    const BODY: &str = concat!(
        "data: {\"choices\":[{\"delta\":{\"content\":\"Grüße \"}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"content\":\"— 你好 🎉\"}}]}\n\n",
        ": a comment line\n\n",
        "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\n\n",
        "data: [DONE]\n\n"
    );

    async fn decode(pieces: Vec<Vec<u8>>) -> ChatResponse {
        let bytes = stream::iter(
            pieces
                .into_iter()
                .map(|p| Ok::<_, Infallible>(bytes::Bytes::from(p))),
        );
        let events = sse_events("t".into(), bytes, Assembler::new("t".into(), 1));
        collect_stream(events).await.unwrap()
    }

    #[tokio::test]
    async fn a_stream_split_at_every_byte_decodes_the_same() {
        let whole = decode(vec![BODY.as_bytes().to_vec()]).await;
        assert_eq!(whole.content, "Grüße — 你好 🎉");
        assert_eq!(whole.usage.total(), 7);
        assert_eq!(whole.finish_reason, FinishReason::Stop);
        let bytes = BODY.as_bytes();
        let single = decode(bytes.iter().map(|b| vec![*b]).collect()).await;
        assert_eq!(single, whole);
        for cut in 1..bytes.len() {
            let split = decode(vec![bytes[..cut].to_vec(), bytes[cut..].to_vec()]).await;
            assert_eq!(split, whole, "split at byte {cut}");
        }
    }

    #[test]
    fn dialects_detect_from_urls_and_names() {
        assert_eq!(
            Dialect::detect("https://generativelanguage.googleapis.com/v1beta/openai"),
            Dialect::Gemini
        );
        assert_eq!(
            Dialect::detect("http://localhost:11434/v1"),
            Dialect::Ollama
        );
        assert_eq!(
            Dialect::detect("https://api.openai.com/v1"),
            Dialect::OpenAi
        );
        for dialect in Dialect::ALL {
            assert_eq!(Dialect::from_name(dialect.name()), Some(dialect));
            assert_eq!(Dialect::detect(dialect.default_base_url()), dialect);
        }
    }
}
