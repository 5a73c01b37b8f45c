//! The OpenAI chat-completions wire format: the request body we send and the lenient shapes we
//! read back. Every response field is optional and unknown fields are ignored, so a server
//! that adds fields or new enum values never breaks parsing.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use careerkit_core::llm::{ChatMessage, ChatRequest, ResponseFormat, Role, ToolChoice, Usage};

use super::Dialect;

/// Whether `model` is a reasoning model that rejects `temperature` and `max_tokens`
/// (OpenAI's o1, o3, o4 and gpt-5 families, with or without a date or size suffix).
pub(crate) fn is_reasoning_model(model: &str) -> bool {
    let name = model.rsplit('/').next().unwrap_or(model);
    ["o1", "o3", "o4", "gpt-5"]
        .iter()
        .any(|family| name == *family || name.starts_with(&format!("{family}-")))
}

/// The JSON body for `request` in `dialect`.
pub(crate) fn request_body(
    request: &ChatRequest,
    model: &str,
    dialect: Dialect,
    stream: bool,
) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(model));
    body.insert(
        "messages".into(),
        Value::Array(request.messages.iter().map(message).collect()),
    );
    let reasoning = is_reasoning_model(model);
    if let Some(max) = request.max_tokens {
        // OpenAI's current name (required by reasoning models); the others know `max_tokens`.
        let key = if reasoning || dialect == Dialect::OpenAi {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body.insert(key.into(), json!(max));
    }
    if let Some(temperature) = request.temperature.filter(|_| !reasoning) {
        body.insert("temperature".into(), json!(temperature));
    }
    if !request.stop.is_empty() {
        body.insert("stop".into(), json!(request.stop));
    }
    if !request.tools.is_empty() {
        let tools: Vec<Value> = request
            .tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": t.parameters}})
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
        let choice = match &request.tool_choice {
            ToolChoice::Auto => json!("auto"),
            ToolChoice::None => json!("none"),
            ToolChoice::Required => json!("required"),
            ToolChoice::Tool(name) => json!({"type": "function", "function": {"name": name}}),
        };
        body.insert("tool_choice".into(), choice);
    }
    if let ResponseFormat::JsonSchema { name, schema } = &request.response_format {
        body.insert(
            "response_format".into(),
            json!({"type": "json_schema", "json_schema": {"name": name, "schema": schema}}),
        );
    }
    body.insert("stream".into(), json!(stream));
    if stream && dialect.sends_stream_options() {
        body.insert("stream_options".into(), json!({"include_usage": true}));
    }
    Value::Object(body)
}

fn message(message: &ChatMessage) -> Value {
    let role = match message.role {
        Role::System => "system",
        Role::User => "user",
        Role::Assistant => "assistant",
        Role::Tool => "tool",
    };
    let mut value = json!({"role": role, "content": message.content});
    if !message.tool_calls.is_empty() {
        let calls: Vec<Value> = message
            .tool_calls
            .iter()
            .map(|c| {
                json!({"id": c.id, "type": "function",
                       "function": {"name": c.name, "arguments": c.arguments.to_string()}})
            })
            .collect();
        value["tool_calls"] = Value::Array(calls);
        if message.content.is_empty() {
            value["content"] = Value::Null;
        }
    }
    if let Some(id) = &message.tool_call_id {
        value["tool_call_id"] = json!(id);
    }
    value
}

/// One streamed chunk (`chat.completion.chunk`) or a whole completion (`chat.completion`).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Chunk {
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub usage: Option<WireUsage>,
    #[serde(default)]
    pub error: Option<Value>,
}

/// A choice: `delta` when streaming, `message` in a whole completion.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Choice {
    #[serde(default)]
    pub index: Option<u32>,
    #[serde(default)]
    pub delta: Option<Delta>,
    #[serde(default)]
    pub message: Option<Delta>,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

/// Message content and tool calls, whole or in pieces.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Delta {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub tool_calls: Option<Vec<WireCall>>,
}

/// A tool call or a piece of one.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireCall {
    #[serde(default)]
    pub index: Option<usize>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub function: Option<WireFunction>,
}

/// The function part of a tool call.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireFunction {
    #[serde(default)]
    pub name: Option<String>,
    /// A JSON string per the API; some servers send the object itself.
    #[serde(default)]
    pub arguments: Option<Value>,
}

impl WireFunction {
    /// The arguments as text, whichever way they were sent.
    pub fn arguments_text(&self) -> String {
        match &self.arguments {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        }
    }
}

/// Token counts as sent.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireUsage {
    #[serde(default)]
    pub prompt_tokens: Option<u32>,
    #[serde(default)]
    pub completion_tokens: Option<u32>,
    #[serde(default)]
    pub prompt_tokens_details: Option<PromptDetails>,
}

/// Details of the prompt tokens.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PromptDetails {
    #[serde(default)]
    pub cached_tokens: Option<u32>,
}

impl WireUsage {
    /// The normalised counts.
    pub fn normalise(&self) -> Usage {
        Usage {
            prompt_tokens: self.prompt_tokens.unwrap_or(0),
            completion_tokens: self.completion_tokens.unwrap_or(0),
            cached_tokens: self
                .prompt_tokens_details
                .as_ref()
                .and_then(|d| d.cached_tokens)
                .unwrap_or(0),
            estimated: false,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn reasoning_families_are_recognised() {
        for model in [
            "o1",
            "o1-mini",
            "o3-2025-04-16",
            "o4-mini",
            "gpt-5",
            "gpt-5-nano",
            "openai/o3",
        ] {
            assert!(is_reasoning_model(model), "{model}");
        }
        for model in [
            "gpt-4o-mini",
            "gpt-4.1",
            "llama3.2",
            "o1x",
            "gemini-2.5-flash",
        ] {
            assert!(!is_reasoning_model(model), "{model}");
        }
    }

    #[test]
    fn unknown_fields_and_values_parse() {
        let chunk: Chunk = serde_json::from_str(
            r#"{"choices":[{"index":0,"delta":{"content":"hi","reasoning_content":"...","role":"robot"},
               "finish_reason":"brand_new_reason","extra":{"x":1}}],"usage":null,"whatever":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(
            chunk.choices[0].finish_reason.as_deref(),
            Some("brand_new_reason")
        );
        assert_eq!(
            chunk.choices[0].delta.as_ref().unwrap().content.as_deref(),
            Some("hi")
        );
    }
}
