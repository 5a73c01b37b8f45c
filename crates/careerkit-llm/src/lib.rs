//! careerkit-llm: implementations of [`careerkit_core::llm::LlmProvider`].
//!
//! Hosted models over the OpenAI-compatible HTTP API, a local quantized model on candle, and
//! composable layers (retry, timeouts, fallback, metering and caps, cache, record and replay)
//! that wrap any provider. Agents depend only on the trait.

pub use careerkit_core::llm;
