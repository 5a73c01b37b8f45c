//! What comes out of a model call: normalised stream events and the assembled response.

use serde::{Deserialize, Serialize};

use super::message::ToolCall;

/// Token counts of one call. Providers that omit usage get an estimate, never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt.
    pub prompt_tokens: u32,
    /// Tokens generated.
    pub completion_tokens: u32,
    /// Prompt tokens served from the provider's prompt cache.
    #[serde(default)]
    pub cached_tokens: u32,
    /// True when the provider reported no usage and these are estimates.
    #[serde(default)]
    pub estimated: bool,
}

impl Usage {
    /// Prompt plus completion tokens.
    pub fn total(&self) -> u32 {
        self.prompt_tokens.saturating_add(self.completion_tokens)
    }

    /// Adds another call's usage to this one (estimated if either was).
    pub fn add(&mut self, other: &Usage) {
        self.prompt_tokens = self.prompt_tokens.saturating_add(other.prompt_tokens);
        self.completion_tokens = self
            .completion_tokens
            .saturating_add(other.completion_tokens);
        self.cached_tokens = self.cached_tokens.saturating_add(other.cached_tokens);
        self.estimated |= other.estimated;
    }
}

/// Why generation ended, normalised across providers (a call that produced tool calls always
/// reports [`FinishReason::ToolCalls`], whatever the provider said).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The model finished its answer or hit a stop sequence.
    #[default]
    Stop,
    /// The token limit was reached.
    Length,
    /// The model called tools and waits for their results.
    ToolCalls,
    /// The provider filtered the content.
    ContentFilter,
    /// Anything else the provider said, kept verbatim.
    Other(String),
}

/// One normalised event of a streamed call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ChatEvent {
    /// A piece of answer text.
    TextDelta {
        /// The text.
        text: String,
    },
    /// A piece of a tool call being streamed (`index` orders calls within the message).
    ToolCallDelta {
        /// Position of the call in the message.
        index: usize,
        /// The call id, on the first delta of a call.
        id: Option<String>,
        /// The tool name, on the first delta of a call.
        name: Option<String>,
        /// A fragment of the JSON arguments text.
        arguments: String,
    },
    /// A tool call, complete and parsed; sent once per call after its deltas.
    ToolCall {
        /// The call.
        call: ToolCall,
    },
    /// Token usage of the call; sent once, before [`ChatEvent::Finished`].
    Usage {
        /// The counts.
        usage: Usage,
    },
    /// The call ended; always the last event of a successful stream.
    Finished {
        /// Why.
        reason: FinishReason,
    },
}

/// A call's assembled result.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatResponse {
    /// The answer text.
    pub content: String,
    /// Tool calls the model made.
    pub tool_calls: Vec<ToolCall>,
    /// Why generation ended.
    pub finish_reason: FinishReason,
    /// Token usage.
    pub usage: Usage,
}
