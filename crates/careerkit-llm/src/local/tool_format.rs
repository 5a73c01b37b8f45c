//! How a local model calls tools: the request's tools become a schema union (one object per
//! tool, `{"tool": name, "arguments": <its parameters>}`, plus `{"answer": text}` when the model
//! may answer), decoding is constrained to it, and the result is parsed back into a tool call or
//! an answer.

use std::sync::atomic::{AtomicU64, Ordering};

use careerkit_core::llm::{ToolCall, ToolChoice, ToolSpec};
use careerkit_core::{Error, Result};
use serde_json::{json, Value};

/// What the constrained output turned out to be.
#[derive(Debug, PartialEq)]
pub(crate) enum ToolOutput {
    /// A plain answer.
    Answer(String),
    /// A call of one of the tools.
    Call(ToolCall),
}

/// The tools the model may pick from under `choice` (none means: answer in text).
pub(crate) fn offered<'a>(tools: &'a [ToolSpec], choice: &ToolChoice) -> Vec<&'a ToolSpec> {
    match choice {
        ToolChoice::None => Vec::new(),
        ToolChoice::Tool(name) => tools.iter().filter(|t| &t.name == name).collect(),
        ToolChoice::Auto | ToolChoice::Required => tools.iter().collect(),
    }
}

/// The schema of the model's reply.
pub(crate) fn reply_schema(tools: &[&ToolSpec], choice: &ToolChoice) -> Value {
    let mut alternatives: Vec<Value> = tools
        .iter()
        .map(|t| {
            json!({
                "type": "object",
                "properties": {"tool": {"const": t.name}, "arguments": t.parameters},
                "required": ["tool", "arguments"],
            })
        })
        .collect();
    if *choice == ToolChoice::Auto {
        alternatives.push(json!({
            "type": "object",
            "properties": {"answer": {"type": "string"}},
            "required": ["answer"],
        }));
    }
    json!({"anyOf": alternatives})
}

/// Instructions for the system prompt describing the tools and the reply format.
pub(crate) fn instructions(tools: &[&ToolSpec], choice: &ToolChoice) -> String {
    let mut text = String::from("You can use these tools:\n");
    for tool in tools {
        text.push_str(&format!(
            "- {}: {} Arguments: {}\n",
            tool.name, tool.description, tool.parameters
        ));
    }
    text.push_str(
        "To use a tool, reply with JSON only: {\"tool\": \"<tool name>\", \"arguments\": {...}}.",
    );
    if *choice == ToolChoice::Auto {
        text.push_str(
            " If no tool is needed, reply with JSON only: {\"answer\": \"<your answer>\"}.",
        );
    }
    text
}

/// Parses the model's (schema-constrained) reply.
pub(crate) fn parse_reply(text: &str) -> Result<ToolOutput> {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let invalid = |message: String| Error::InvalidModelOutput { message };
    let value: Value = serde_json::from_str(text)
        .map_err(|e| invalid(format!("the tool-call reply is not JSON ({e}): {text}")))?;
    if let Some(answer) = value.get("answer").and_then(Value::as_str) {
        return Ok(ToolOutput::Answer(answer.to_string()));
    }
    match (
        value.get("tool").and_then(Value::as_str),
        value.get("arguments"),
    ) {
        (Some(name), Some(arguments)) => Ok(ToolOutput::Call(ToolCall {
            id: format!("local_call_{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)),
            name: name.to_string(),
            arguments: arguments.clone(),
        })),
        _ => Err(invalid(format!(
            "the reply is neither a tool call nor an answer: {text}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::json_grammar::JsonGrammar;

    fn tools() -> Vec<ToolSpec> {
        vec![ToolSpec {
            name: "lookup_skill".into(),
            description: "Finds a skill.".into(),
            parameters: json!({"type": "object", "properties": {"skill": {"type": "string"}}, "required": ["skill"]}),
        }]
    }

    #[test]
    fn the_reply_grammar_takes_calls_and_answers_only() {
        let tools = tools();
        let offered = offered(&tools, &ToolChoice::Auto);
        let grammar = JsonGrammar::new(&reply_schema(&offered, &ToolChoice::Auto));
        let start = grammar.start();
        for ok in [
            r#"{"tool": "lookup_skill", "arguments": {"skill": "Rust"}}"#,
            r#"{"answer": "Hi"}"#,
        ] {
            let mut s = start.clone();
            assert!(grammar.advance(&mut s, ok.as_bytes()), "{ok}");
            assert!(grammar.is_closed(&s));
        }
        for bad in [
            r#"{"tool": "other""#,
            r#"{"tool": "lookup_skill", "arguments": {"level""#,
            r#"{"answer": "Hi", "tool""#,
        ] {
            assert!(!grammar.accepts(&start, bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn parses_calls_and_answers() {
        match parse_reply(r#"{"tool": "lookup_skill", "arguments": {"skill": "Rust"}}"#).unwrap() {
            ToolOutput::Call(call) => {
                assert_eq!(call.name, "lookup_skill");
                assert_eq!(call.arguments, json!({"skill": "Rust"}));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse_reply(r#"{"answer": "Hi"}"#).unwrap(),
            ToolOutput::Answer("Hi".into())
        );
        assert!(parse_reply("{\"tool\"").is_err());
    }
}
