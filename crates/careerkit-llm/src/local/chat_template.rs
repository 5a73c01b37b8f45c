//! Turns a conversation into the prompt text a local model was trained on. Only the ChatML
//! family (`<|im_start|>role\n...<|im_end|>`, used by SmolLM2, Qwen and others) is supported;
//! a GGUF file with another template is refused with a clear error rather than prompted wrongly.

use careerkit_core::llm::{ChatMessage, Role};
use careerkit_core::{Error, Result};

const START: &str = "<|im_start|>";
const END: &str = "<|im_end|>";

/// A ChatML prompt renderer, with the default system prompt the template inserts when the
/// conversation has none.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChatTemplate {
    default_system: Option<String>,
}

impl ChatTemplate {
    /// Reads the `tokenizer.chat_template` Jinja text; a missing template means ChatML.
    pub(crate) fn from_jinja(template: Option<&str>) -> Result<Self> {
        let Some(template) = template else {
            return Ok(Self {
                default_system: None,
            });
        };
        if !template.contains(START) || !template.contains(END) {
            return Err(Error::invalid(
                "the model's chat template is not ChatML (<|im_start|>/<|im_end|>); only the ChatML family is supported by the local provider",
            ));
        }
        let marker = format!("{START}system\n");
        let default_system = template.find(&marker).and_then(|at| {
            let rest = &template[at + marker.len()..];
            let text = &rest[..rest.find(END)?];
            (!text.contains("{{") && !text.contains("{%") && !text.is_empty())
                .then(|| text.to_string())
        });
        Ok(Self { default_system })
    }

    /// The prompt for `messages`, ending with the opened assistant turn. Tool results are shown
    /// to the model as user turns naming the tool; assistant tool calls as their JSON.
    pub(crate) fn render(&self, messages: &[ChatMessage]) -> String {
        let mut prompt = String::new();
        if messages.first().is_none_or(|m| m.role != Role::System) {
            if let Some(system) = &self.default_system {
                push_turn(&mut prompt, "system", system);
            }
        }
        for message in messages {
            match message.role {
                Role::System => push_turn(&mut prompt, "system", &message.content),
                Role::User => push_turn(&mut prompt, "user", &message.content),
                Role::Assistant => {
                    let mut content = message.content.clone();
                    for call in &message.tool_calls {
                        let json =
                            serde_json::json!({"tool": call.name, "arguments": call.arguments});
                        content.push_str(&json.to_string());
                    }
                    push_turn(&mut prompt, "assistant", &content);
                }
                Role::Tool => {
                    let name = messages
                        .iter()
                        .flat_map(|m| &m.tool_calls)
                        .find(|c| Some(&c.id) == message.tool_call_id.as_ref())
                        .map_or("tool", |c| c.name.as_str());
                    let text = format!("Result of {name}: {}", message.content);
                    push_turn(&mut prompt, "user", &text);
                }
            }
        }
        prompt.push_str(START);
        prompt.push_str("assistant\n");
        prompt
    }
}

fn push_turn(prompt: &mut String, role: &str, content: &str) {
    prompt.push_str(START);
    prompt.push_str(role);
    prompt.push('\n');
    prompt.push_str(content);
    prompt.push_str(END);
    prompt.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMOLLM2: &str = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    #[test]
    fn inserts_the_default_system_prompt_only_when_none_is_given() {
        let t = ChatTemplate::from_jinja(Some(SMOLLM2)).unwrap();
        let p = t.render(&[ChatMessage::user("Hi")]);
        assert_eq!(p, "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
        let p = t.render(&[ChatMessage::system("Be brief."), ChatMessage::user("Hi")]);
        assert_eq!(p, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    }

    #[test]
    fn refuses_other_template_families() {
        let err =
            ChatTemplate::from_jinja(Some("[INST] {{ message['content'] }} [/INST]")).unwrap_err();
        assert!(err.to_string().contains("ChatML"));
    }
}
