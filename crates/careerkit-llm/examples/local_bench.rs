//! Measures the local model's prompt and generation speed (tokens/s) on a fixed prompt, for
//! `benches/local_llm/run.sh`. Usage: `local_bench [MODEL.gguf] [--no-requant]`; prints one JSON
//! line.

use std::time::Instant;

use careerkit_llm::llm::{ChatEvent, ChatMessage, ChatRequest, LlmProvider};
use careerkit_llm::local::{LocalModel, LocalOptions};
use futures::StreamExt;

const PROMPT: &str = include_str!("../../../benches/local_llm/prompt.txt");
const GENERATE: u32 = 128;

#[tokio::main]
async fn main() -> careerkit_core::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(LocalModel::default_path, std::path::PathBuf::from);
    let options = LocalOptions {
        requantize_q4_1_to_q8_0: !args.iter().any(|a| a == "--no-requant"),
        ..LocalOptions::default()
    };
    let started = Instant::now();
    let model = LocalModel::load(&path, options)?;
    let load_s = started.elapsed().as_secs_f64();
    let request =
        ChatRequest::new(vec![ChatMessage::user(PROMPT.trim())]).with_max_tokens(GENERATE);
    let mut best_prompt = 0f64;
    let mut best_gen = 0f64;
    let mut usage = Default::default();
    for _ in 0..3 {
        let start = Instant::now();
        let mut stream = model.chat_stream(request.clone()).await?;
        let mut first = None;
        while let Some(event) = stream.next().await {
            match event? {
                ChatEvent::TextDelta { .. } if first.is_none() => first = Some(start.elapsed()),
                ChatEvent::Usage { usage: u } => usage = u,
                _ => {}
            }
        }
        let total = start.elapsed().as_secs_f64();
        let first = first.map_or(total, |d| d.as_secs_f64());
        // Time to the first delta = prompt pass + one sampled token.
        best_prompt = best_prompt.max(f64::from(usage.prompt_tokens) / first);
        best_gen =
            best_gen.max(f64::from(usage.completion_tokens.saturating_sub(1)) / (total - first));
    }
    println!(
        "{{\"engine\": \"careerkit\", \"load_s\": {load_s:.2}, \"prompt_tokens\": {}, \"completion_tokens\": {}, \"prompt_tok_s\": {best_prompt:.1}, \"gen_tok_s\": {best_gen:.1}}}",
        usage.prompt_tokens, usage.completion_tokens
    );
    Ok(())
}
