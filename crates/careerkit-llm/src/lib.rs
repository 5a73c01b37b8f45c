//! careerkit-llm: implementations of [`careerkit_core::llm::LlmProvider`].
//!
//! Hosted models over the OpenAI-compatible HTTP API ([`openai::OpenAiCompatible`]), a local
//! quantized model on candle, and composable layers that wrap any provider:
//! [`Retry`], [`Timeouts`], [`Fallback`], [`Metered`], [`Cached`], [`Recorder`] and
//! [`Replayer`]. [`complete_json`] gets schema-valid JSON out of any of them, and
//! [`provider_from_env`] builds the configured one. Agents depend only on the trait.
//!
//! # Recommended stack
//!
//! From the outside in (each layer wraps the next):
//!
//! ```text
//! Cached        a hit costs nothing and skips the budget
//! Metered       one reservation per logical call, covering every retry and fallback below
//! Retry         the ONLY retry layer (a second one is refused at run time)
//! Fallback      ordered providers; moves on for rate limits, 5xx, resets, timeouts
//! Timeouts      per provider: first token, between tokens, whole call
//! OpenAiCompatible / local model
//! ```
//!
//! Record/replay goes outermost (or replaces everything below it when replaying).
//! `Metered` prices by the id of the provider it wraps; when a `Fallback` mixes models with
//! different prices, put one `Metered` (sharing the same [`Budget`]s) around each provider
//! inside the `Fallback` instead.

pub use careerkit_core::llm;

mod config;
mod errors;
pub mod estimate;
mod layers;
pub mod openai;
mod structured;

pub use config::{provider_from_env, ProviderConfig, ProviderKind};
pub use layers::cache::{Cached, MemoryCache, ResponseCache, SqliteCache};
pub use layers::cassette::{Recorder, Replayer};
pub use layers::fallback::{Fallback, FallbackPolicy};
pub use layers::metered::{Budget, Metered, Price, PriceTable, UsageRecord};
pub use layers::request_key;
pub use layers::retry::Retry;
pub use layers::timeouts::Timeouts;
pub use structured::complete_json;
pub mod local;
