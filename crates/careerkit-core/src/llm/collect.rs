//! Assembles a [`ChatResponse`] from a stream of events.

use futures::StreamExt;

use super::{ChatEvent, ChatResponse, ChatStream};
use crate::Result;

/// Drains `stream` into one response: text deltas concatenated, completed tool calls in order,
/// the last usage and finish reason seen. Tool-call deltas are skipped (providers also send the
/// completed call). The first error ends the call.
pub async fn collect_stream(mut stream: ChatStream) -> Result<ChatResponse> {
    let mut response = ChatResponse::default();
    while let Some(event) = stream.next().await {
        match event? {
            ChatEvent::TextDelta { text } => response.content.push_str(&text),
            ChatEvent::ToolCallDelta { .. } => {}
            ChatEvent::ToolCall { call } => response.tool_calls.push(call),
            ChatEvent::Usage { usage } => response.usage = usage,
            ChatEvent::Finished { reason } => response.finish_reason = reason,
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use futures::stream;
    use serde_json::json;

    use super::*;
    use crate::llm::{FinishReason, ToolCall, Usage};

    #[tokio::test]
    async fn assembles_text_tool_calls_usage_and_reason() {
        let call = ToolCall {
            id: "c1".into(),
            name: "lookup".into(),
            arguments: json!({"skill": "Rust"}),
        };
        let usage = Usage {
            prompt_tokens: 12,
            completion_tokens: 5,
            ..Usage::default()
        };
        let events = vec![
            Ok(ChatEvent::TextDelta { text: "Hel".into() }),
            Ok(ChatEvent::TextDelta { text: "lo".into() }),
            Ok(ChatEvent::ToolCallDelta {
                index: 0,
                id: Some("c1".into()),
                name: Some("lookup".into()),
                arguments: "{\"skill\"".into(),
            }),
            Ok(ChatEvent::ToolCall { call: call.clone() }),
            Ok(ChatEvent::Usage { usage }),
            Ok(ChatEvent::Finished {
                reason: FinishReason::ToolCalls,
            }),
        ];
        let response = collect_stream(Box::pin(stream::iter(events)))
            .await
            .unwrap();
        assert_eq!(response.content, "Hello");
        assert_eq!(response.tool_calls, vec![call]);
        assert_eq!(response.usage.total(), 17);
        assert_eq!(response.finish_reason, FinishReason::ToolCalls);
    }

    #[tokio::test]
    async fn the_first_error_ends_the_call() {
        let events = vec![
            Ok(ChatEvent::TextDelta {
                text: "partial".into(),
            }),
            Err(crate::Error::Provider {
                provider: "test".into(),
                status: None,
                message: "connection reset".into(),
                retryable: true,
            }),
        ];
        let err = collect_stream(Box::pin(stream::iter(events)))
            .await
            .unwrap_err();
        assert!(err.is_retryable());
    }
}
