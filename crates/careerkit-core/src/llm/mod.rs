//! The `LlmProvider` port: how every agent in careerkit talks to a model.
//!
//! A provider turns a [`ChatRequest`] into a stream of normalised [`ChatEvent`]s: text deltas,
//! tool-call deltas, completed tool calls, usage and the finish reason. Providers differ in their
//! wire quirks (which the `careerkit-llm` crate normalises); agents see only these types.
//! Dropping the stream cancels the call.
//!
//! ```
//! use careerkit_core::llm::{ChatMessage, ChatRequest};
//!
//! let request = ChatRequest::new(vec![
//!     ChatMessage::system("You are a careful career coach."),
//!     ChatMessage::user("Suggest one bullet for a platform engineer."),
//! ])
//! .with_max_tokens(128);
//! assert_eq!(request.messages.len(), 2);
//! ```

mod collect;
mod message;
mod price;
mod response;

pub use collect::collect_stream;
pub use message::{ChatMessage, ChatRequest, ResponseFormat, Role, ToolCall, ToolChoice, ToolSpec};
pub use price::Price;
pub use response::{ChatEvent, ChatResponse, FinishReason, Usage};

use futures::stream::BoxStream;

use crate::Result;

/// A stream of normalised events from one model call; dropping it cancels the call.
pub type ChatStream = BoxStream<'static, Result<ChatEvent>>;

/// A chat model: hosted (OpenAI-compatible HTTP) or local (a GGUF file), or a layer (retry,
/// fallback, metering, cache) wrapped around one.
///
/// Implementors provide [`LlmProvider::chat_stream`]; [`LlmProvider::chat`] collects it.
#[async_trait::async_trait]
pub trait LlmProvider: Send + Sync {
    /// A stable identifier such as `openai:gpt-4o-mini` or `local:SmolLM2-135M-Instruct`,
    /// used in usage records, cache keys and logs.
    fn id(&self) -> String;

    /// Starts a call and returns its event stream. Errors before the first event (refused,
    /// rate limited, unreachable) come back here; errors after it come as stream items.
    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream>;

    /// Runs a call to completion and returns the assembled response.
    async fn chat(&self, request: ChatRequest) -> Result<ChatResponse> {
        let stream = self.chat_stream(request).await?;
        collect_stream(stream).await
    }
}
