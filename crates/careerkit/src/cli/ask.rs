//! `careerkit ask PROMPT`: streams an answer from the configured model to stdout.

use std::io::Write;

use anyhow::Context;
use futures::StreamExt;

use careerkit_llm::llm::{ChatEvent, ChatMessage, ChatRequest, LlmProvider};
use careerkit_llm::{provider_from_env, Retry};

/// Asks the provider configured by `CAREERKIT_LLM` and prints the answer as it streams.
pub fn run(prompt: &str, system: Option<&str>, max_tokens: Option<u32>) -> anyhow::Result<()> {
    let provider = Retry::new(provider_from_env()?);
    let mut messages = Vec::new();
    if let Some(system) = system {
        messages.push(ChatMessage::system(system));
    }
    messages.push(ChatMessage::user(prompt));
    let mut request = ChatRequest::new(messages);
    request.max_tokens = max_tokens;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let mut stream = provider
            .chat_stream(request)
            .await
            .with_context(|| format!("asking {}", provider.id()))?;
        let mut stdout = std::io::stdout().lock();
        while let Some(event) = stream.next().await {
            if let ChatEvent::TextDelta { text } =
                event.with_context(|| format!("streaming from {}", provider.id()))?
            {
                stdout.write_all(text.as_bytes())?;
                stdout.flush()?;
            }
        }
        writeln!(stdout)?;
        Ok(())
    })
}
