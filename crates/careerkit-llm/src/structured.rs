//! Structured output: a JSON value valid against a JSON Schema from any provider. The schema
//! goes to the provider as `response_format` (servers that constrain decoding use it); the
//! answer is validated here anyway, and an invalid one gets exactly one repair call with the
//! validation errors before [`Error::InvalidModelOutput`].

use careerkit_core::llm::{ChatMessage, ChatRequest, LlmProvider, ResponseFormat};
use careerkit_core::{Error, Result};
use serde_json::Value;

/// Asks `provider` for a JSON value valid against `schema`.
///
/// # Errors
/// [`Error::InvalidInput`] when `schema` is not a valid JSON Schema; the provider's errors;
/// [`Error::InvalidModelOutput`] when the answer is still invalid after one repair call.
///
/// ```no_run
/// # async fn demo(provider: &dyn careerkit_core::llm::LlmProvider) -> careerkit_core::Result<()> {
/// use careerkit_core::llm::{ChatMessage, ChatRequest};
/// use serde_json::json;
///
/// let schema = json!({"type": "object", "required": ["score"],
///                     "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 10}}});
/// let request = ChatRequest::new(vec![ChatMessage::user("Rate this bullet from 0 to 10.")]);
/// let value = careerkit_llm::complete_json(provider, request, &schema).await?;
/// assert!(value["score"].is_i64());
/// # Ok(()) }
/// ```
pub async fn complete_json(
    provider: &dyn LlmProvider,
    request: ChatRequest,
    schema: &Value,
) -> Result<Value> {
    let validator = jsonschema::validator_for(schema)
        .map_err(|e| Error::invalid(format!("not a valid JSON Schema: {e}")))?;
    let mut request = request;
    if request.response_format == ResponseFormat::Text {
        request.response_format = ResponseFormat::JsonSchema {
            name: "output".into(),
            schema: schema.clone(),
        };
    }
    let first = provider.chat(request.clone()).await?;
    let problems = match check(&validator, &first.content) {
        Ok(value) => return Ok(value),
        Err(problems) => problems,
    };
    request
        .messages
        .push(ChatMessage::assistant(first.content, Vec::new()));
    request.messages.push(ChatMessage::user(format!(
        "That answer is not valid: {problems}. Reply with only the corrected JSON value, nothing else."
    )));
    let repaired = provider.chat(request).await?;
    check(&validator, &repaired.content).map_err(|problems| Error::InvalidModelOutput {
        message: format!("answer does not match the schema after one repair: {problems}"),
    })
}

/// Parses `text` (tolerating a Markdown code fence around it) and validates it.
fn check(validator: &jsonschema::Validator, text: &str) -> std::result::Result<Value, String> {
    let trimmed = text.trim();
    let body = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .unwrap_or(trimmed);
    let value: Value = serde_json::from_str(body.trim()).map_err(|e| format!("not JSON ({e})"))?;
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at '{}'", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors.join("; "))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn fenced_json_is_accepted_and_errors_name_the_place() {
        let schema = serde_json::json!({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]});
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert_eq!(
            check(&validator, "```json\n{\"n\": 3}\n```").unwrap()["n"],
            3
        );
        let err = check(&validator, "{\"n\": \"three\"}").unwrap_err();
        assert!(err.contains("/n"), "{err}");
        assert!(check(&validator, "n = 3")
            .unwrap_err()
            .starts_with("not JSON"));
    }
}
