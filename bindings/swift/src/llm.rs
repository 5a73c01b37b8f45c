//! A host app's own model (a Swift or Kotlin object answering chat requests) as careerkit's
//! [`LlmProvider`] port: [`HostLlmProvider`] is the interface the host implements,
//! [`HostProvider`] adapts it to the port, and the records here are what crosses the boundary.

use std::sync::Arc;

use careerkit_core::llm::{
    ChatEvent, ChatRequest, ChatResponse, ChatStream, FinishReason, LlmProvider, ToolCall, Usage,
};
use futures::stream;

use crate::errors::CareerkitError;
use crate::types::{from_json, to_json, wire_name};

/// One message of a chat request.
#[derive(Debug, Clone, uniffi::Record)]
pub struct LlmMessage {
    /// `system`, `user`, `assistant` or `tool`.
    pub role: String,
    /// The text.
    pub content: String,
    /// For a `tool` message, the id of the call it answers.
    pub tool_call_id: Option<String>,
}

/// A chat request careerkit sends to a host's model.
#[derive(Debug, Clone, uniffi::Record)]
pub struct LlmRequest {
    /// The conversation so far.
    pub messages: Vec<LlmMessage>,
    /// Most tokens to generate, when capped.
    pub max_tokens: Option<u32>,
    /// Sampling temperature, when set.
    pub temperature: Option<f32>,
    /// The full request as JSON (tools, tool choice, JSON-schema response format, stop
    /// sequences, assistant tool calls), in careerkit's `ChatRequest` shape.
    pub json: String,
}

impl TryFrom<&ChatRequest> for LlmRequest {
    type Error = CareerkitError;
    fn try_from(request: &ChatRequest) -> Result<Self, CareerkitError> {
        Ok(LlmRequest {
            messages: request
                .messages
                .iter()
                .map(|m| LlmMessage {
                    role: wire_name(&m.role),
                    content: m.content.clone(),
                    tool_call_id: m.tool_call_id.clone(),
                })
                .collect(),
            max_tokens: request.max_tokens,
            temperature: request.temperature,
            json: to_json(request)?,
        })
    }
}

/// A tool call the model asks for.
#[derive(Debug, Clone, uniffi::Record)]
pub struct LlmToolCall {
    /// The call's id, echoed in the tool result message.
    pub id: String,
    /// The tool's name.
    pub name: String,
    /// The arguments, a JSON object.
    pub arguments_json: String,
}

/// A host model's answer.
#[derive(Debug, Clone, uniffi::Record)]
pub struct LlmResponse {
    /// The generated text.
    pub content: String,
    /// Tool calls asked for, in order.
    #[uniffi(default = [])]
    pub tool_calls: Vec<LlmToolCall>,
    /// Why generation stopped: `stop`, `length`, `tool_calls`, `content_filter` or any other
    /// word; unset means `stop`, or `tool_calls` when there are some.
    #[uniffi(default = None)]
    pub finish_reason: Option<String>,
    /// Prompt tokens used (0 when unknown).
    #[uniffi(default = 0)]
    pub prompt_tokens: u32,
    /// Completion tokens used (0 when unknown).
    #[uniffi(default = 0)]
    pub completion_tokens: u32,
}

impl LlmResponse {
    /// careerkit's response.
    fn core(self) -> Result<ChatResponse, CareerkitError> {
        let tool_calls = self
            .tool_calls
            .into_iter()
            .map(|c| {
                Ok(ToolCall {
                    arguments: from_json("tool call arguments", &c.arguments_json)?,
                    id: c.id,
                    name: c.name,
                })
            })
            .collect::<Result<Vec<_>, CareerkitError>>()?;
        let finish_reason = match self.finish_reason.as_deref() {
            None if !tool_calls.is_empty() => FinishReason::ToolCalls,
            None | Some("stop") => FinishReason::Stop,
            Some("length") => FinishReason::Length,
            Some("tool_calls") => FinishReason::ToolCalls,
            Some("content_filter") => FinishReason::ContentFilter,
            Some(other) => FinishReason::Other(other.to_string()),
        };
        Ok(ChatResponse {
            content: self.content,
            tool_calls,
            finish_reason,
            usage: Usage {
                prompt_tokens: self.prompt_tokens,
                completion_tokens: self.completion_tokens,
                ..Usage::default()
            },
        })
    }
}

impl From<ChatResponse> for LlmResponse {
    fn from(response: ChatResponse) -> Self {
        LlmResponse {
            tool_calls: response
                .tool_calls
                .iter()
                .map(|c| LlmToolCall {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    arguments_json: c.arguments.to_string(),
                })
                .collect(),
            finish_reason: Some(match &response.finish_reason {
                FinishReason::Other(word) => word.clone(),
                known => wire_name(known),
            }),
            prompt_tokens: response.usage.prompt_tokens,
            completion_tokens: response.usage.completion_tokens,
            content: response.content,
        }
    }
}

/// A chat model implemented by the host app (calling its own backend, an on-device model, ...).
/// careerkit calls it wherever it needs a model, through its `LlmProvider` port.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait HostLlmProvider: Send + Sync {
    /// A stable id such as `acme:assistant-v2`, used in usage records and logs.
    fn id(&self) -> String;

    /// Answers one chat request. A thrown `RateLimited`, `InvalidModelOutput`, `Cancelled` or
    /// `InvalidInput` keeps its kind; any other failure becomes a `Provider` error.
    async fn chat(&self, request: LlmRequest) -> Result<LlmResponse, CareerkitError>;
}

/// A [`HostLlmProvider`] as careerkit's [`LlmProvider`]: the host's whole answer becomes one
/// text delta, its tool calls, its usage and the finish reason.
pub struct HostProvider(pub Arc<dyn HostLlmProvider>);

impl HostProvider {
    /// The port's error for a host failure, with the provider's id where the port has one.
    fn port_error(&self, err: CareerkitError) -> careerkit::Error {
        let provider = self.0.id();
        match err {
            CareerkitError::RateLimited { .. } => careerkit::Error::RateLimited {
                provider,
                retry_after: None,
            },
            CareerkitError::InvalidInput { reason } => careerkit::Error::invalid(reason),
            CareerkitError::InvalidModelOutput { reason } => {
                careerkit::Error::InvalidModelOutput { message: reason }
            }
            CareerkitError::Cancelled { reason } => careerkit::Error::Cancelled { reason },
            other => careerkit::Error::Provider {
                provider,
                status: None,
                retryable: matches!(other, CareerkitError::Network { .. }),
                message: other.to_string(),
            },
        }
    }

    async fn ask(&self, request: &ChatRequest) -> careerkit::Result<ChatResponse> {
        let asked = LlmRequest::try_from(request).map_err(|e| self.port_error(e))?;
        let answer = self.0.chat(asked).await.map_err(|e| self.port_error(e))?;
        answer.core().map_err(|e| self.port_error(e))
    }
}

#[async_trait::async_trait]
impl LlmProvider for HostProvider {
    fn id(&self) -> String {
        self.0.id()
    }

    async fn chat_stream(&self, request: ChatRequest) -> careerkit::Result<ChatStream> {
        let response = self.ask(&request).await?;
        let mut events = vec![ChatEvent::TextDelta {
            text: response.content,
        }];
        events.extend(
            response
                .tool_calls
                .into_iter()
                .map(|call| ChatEvent::ToolCall { call }),
        );
        events.push(ChatEvent::Usage {
            usage: response.usage,
        });
        events.push(ChatEvent::Finished {
            reason: response.finish_reason,
        });
        Ok(Box::pin(stream::iter(events.into_iter().map(Ok))))
    }

    async fn chat(&self, request: ChatRequest) -> careerkit::Result<ChatResponse> {
        self.ask(&request).await
    }
}

/// Sends `request` (careerkit's `ChatRequest` JSON) to a host provider through careerkit's
/// `LlmProvider` port, streaming and collecting its events the way careerkit's agents do: a
/// host checks its provider end to end with it.
///
/// # Errors
/// `InvalidInput` for a request that is not careerkit's JSON; the provider's errors as the port
/// maps them (`RateLimited`, `Provider`, `InvalidModelOutput`, `Cancelled`, `InvalidInput`).
#[uniffi::export(async_runtime = "tokio")]
pub async fn chat_with_provider(
    provider: Arc<dyn HostLlmProvider>,
    request_json: String,
) -> Result<LlmResponse, CareerkitError> {
    let request: ChatRequest = from_json("chat request", &request_json)?;
    let port = HostProvider(provider);
    let stream = port.chat_stream(request).await?;
    Ok(careerkit_core::llm::collect_stream(stream).await?.into())
}
