//! Fallback routing: an ordered list of providers tried in turn when one fails in a way the
//! policy says another may not. A provider that returned 429 cools down (skipped while others
//! are available). The switch happens only before the first event: once output reached the
//! caller, an error ends the call; never a silent switch mid-answer.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use careerkit_core::llm::{ChatRequest, ChatStream, LlmProvider};
use careerkit_core::{Error, Result};

use super::first_event;

/// Which errors move on to the next provider, and how long a rate-limited one rests.
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackPolicy {
    /// On 429.
    pub on_rate_limited: bool,
    /// On retryable provider errors (5xx, resets, truncated starts).
    pub on_retryable: bool,
    /// On [`Error::Timeout`] (a stalled provider).
    pub on_timeout: bool,
    /// On final provider errors (4xx such as an unknown model): off by default, as the same
    /// request usually fails everywhere.
    pub on_final: bool,
    /// How long a provider that returned 429 is skipped (its `Retry-After` when longer).
    pub cooldown: Duration,
}

impl Default for FallbackPolicy {
    fn default() -> Self {
        Self {
            on_rate_limited: true,
            on_retryable: true,
            on_timeout: true,
            on_final: false,
            cooldown: Duration::from_secs(30),
        }
    }
}

impl FallbackPolicy {
    /// Whether `err` moves on to the next provider.
    pub fn moves_on(&self, err: &Error) -> bool {
        match err {
            Error::RateLimited { .. } => self.on_rate_limited,
            Error::Timeout { .. } => self.on_timeout,
            Error::Provider { retryable, .. } => {
                if *retryable {
                    self.on_retryable
                } else {
                    self.on_final
                }
            }
            _ => false,
        }
    }
}

/// The fallback layer.
///
/// ```
/// use std::sync::Arc;
/// use careerkit_llm::{openai::{Dialect, OpenAiCompatible}, Fallback, FallbackPolicy};
///
/// let hosted = Arc::new(OpenAiCompatible::new(Dialect::OpenAi, "gpt-4o-mini").unwrap());
/// let local = Arc::new(OpenAiCompatible::new(Dialect::Ollama, "llama3.2").unwrap());
/// let routed = Fallback::new(vec![hosted, local], FallbackPolicy::default());
/// ```
pub struct Fallback {
    providers: Vec<Arc<dyn LlmProvider>>,
    policy: FallbackPolicy,
    cooling_until: Mutex<Vec<Option<Instant>>>,
}

impl Fallback {
    /// Tries `providers` in this order.
    pub fn new(providers: Vec<Arc<dyn LlmProvider>>, policy: FallbackPolicy) -> Self {
        let cooling_until = Mutex::new(vec![None; providers.len()]);
        Self {
            providers,
            policy,
            cooling_until,
        }
    }

    fn cooldowns(&self) -> std::sync::MutexGuard<'_, Vec<Option<Instant>>> {
        self.cooling_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Provider indices in the order to try now: rested ones in configured order, then the
    /// cooling ones, soonest available first.
    fn order(&self) -> Vec<usize> {
        let now = Instant::now();
        let cooling = self.cooldowns();
        let mut rested: Vec<usize> = Vec::new();
        let mut resting: Vec<(Instant, usize)> = Vec::new();
        for (index, until) in cooling.iter().enumerate() {
            match until {
                Some(until) if *until > now => resting.push((*until, index)),
                _ => rested.push(index),
            }
        }
        resting.sort();
        rested.extend(resting.into_iter().map(|(_, index)| index));
        rested
    }
}

#[async_trait]
impl LlmProvider for Fallback {
    fn id(&self) -> String {
        let ids: Vec<String> = self.providers.iter().map(|p| p.id()).collect();
        format!("fallback({})", ids.join(","))
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let order = self.order();
        let mut last_error = None;
        for (position, index) in order.iter().enumerate() {
            let provider = &self.providers[*index];
            let outcome = match provider.chat_stream(request.clone()).await {
                Ok(stream) => first_event(stream).await,
                Err(err) => Err(err),
            };
            let err = match outcome {
                Ok(stream) => return Ok(stream),
                Err(err) => err,
            };
            if let Error::RateLimited { retry_after, .. } = &err {
                let rest = retry_after.unwrap_or_default().max(self.policy.cooldown);
                self.cooldowns()[*index] = Some(Instant::now() + rest);
            }
            let more = position + 1 < order.len();
            if !(more && self.policy.moves_on(&err)) {
                return Err(err);
            }
            last_error = Some(err);
        }
        Err(last_error
            .unwrap_or_else(|| Error::invalid("a Fallback layer needs at least one provider")))
    }
}
