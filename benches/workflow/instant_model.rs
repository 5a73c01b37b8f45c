//! A model that answers at once, for measuring the runtime without a model: the first turn
//! reads the resume, the second the gaps, the third answers. Shared by the workflow bench and
//! the concurrent-sessions example.

use async_trait::async_trait;
use careerkit::llm::{
    ChatEvent, ChatRequest, ChatStream, FinishReason, LlmProvider, Role, ToolCall,
};
use futures::StreamExt;

/// Model turns per run: get_resume, get_gaps, the answer.
pub const TURNS: u64 = 3;

/// Answers at once: the first turn reads the resume, the second the gaps, the third answers.
pub struct InstantModel;

#[async_trait]
impl LlmProvider for InstantModel {
    fn id(&self) -> String {
        "bench:instant".into()
    }

    async fn chat_stream(&self, request: ChatRequest) -> careerkit::Result<ChatStream> {
        let tool_results = request
            .messages
            .iter()
            .filter(|m| m.role == Role::Tool)
            .count();
        let call = |name: &str| ChatEvent::ToolCall {
            call: ToolCall {
                id: format!("call-{tool_results}"),
                name: name.into(),
                arguments: serde_json::json!({}),
            },
        };
        let events = match tool_results {
            0 => vec![call("get_resume"), finished(FinishReason::ToolCalls)],
            1 => vec![call("get_gaps"), finished(FinishReason::ToolCalls)],
            _ => vec![
                ChatEvent::TextDelta {
                    text: "Lead with the Kubernetes migration.".into(),
                },
                finished(FinishReason::Stop),
            ],
        };
        Ok(futures::stream::iter(events.into_iter().map(Ok)).boxed())
    }
}

fn finished(reason: FinishReason) -> ChatEvent {
    ChatEvent::Finished { reason }
}
