//! Token estimates for servers that report no usage: metering must never see zero.
//!
//! About four characters per token for English text with the common BPE vocabularies, plus a
//! few tokens of framing per message; an over-estimate is the safe side for budgets.

use careerkit_core::llm::ChatRequest;

/// Framing tokens per message (role markers and separators).
const PER_MESSAGE: u32 = 4;

/// Tokens for `chars` characters of generated or prompt text (rounded up).
pub fn tokens_for_chars(chars: usize) -> u32 {
    u32::try_from(chars.div_ceil(4)).unwrap_or(u32::MAX)
}

/// Estimated prompt tokens of `request`: messages, tool calls in them, and tool schemas.
pub fn prompt_tokens(request: &ChatRequest) -> u32 {
    let mut chars = 0usize;
    for message in &request.messages {
        chars += message.content.chars().count();
        for call in &message.tool_calls {
            chars += call.name.len() + call.arguments.to_string().chars().count();
        }
    }
    for tool in &request.tools {
        chars +=
            tool.name.len() + tool.description.chars().count() + tool.parameters.to_string().len();
    }
    let framing =
        PER_MESSAGE.saturating_mul(u32::try_from(request.messages.len()).unwrap_or(u32::MAX));
    tokens_for_chars(chars).saturating_add(framing)
}

#[cfg(test)]
mod tests {
    use careerkit_core::llm::ChatMessage;

    use super::*;

    #[test]
    fn counts_text_and_framing() {
        assert_eq!(tokens_for_chars(0), 0);
        assert_eq!(tokens_for_chars(9), 3);
        let request = ChatRequest::new(vec![ChatMessage::user("12345678")]);
        assert_eq!(prompt_tokens(&request), 2 + PER_MESSAGE);
    }
}
