//! Retry: exponential backoff with full jitter for errors that say they are retryable
//! ([`Error::is_retryable`]), honouring the server's `Retry-After`.
//!
//! It retries only the start of a call: `chat_stream` failing, or the stream failing before
//! its first event. Once an event reached the caller, errors pass through untouched (the
//! caller may already have shown the text). Retry layers that multiply (a retry around a
//! fallback around retries) turn 3 attempts into 9 or 27, so a `Retry` refuses to run inside
//! another one: the outer one marks the task, the inner one sees the mark and fails with
//! [`Error::InvalidInput`] on the first call.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use careerkit_core::llm::{ChatRequest, ChatStream, LlmProvider};
use careerkit_core::{Error, Result};

use super::first_event;

tokio::task_local! {
    /// Set while a `Retry` layer runs its inner provider.
    static INSIDE_RETRY: ();
}

/// The retry layer; see the module docs.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use careerkit_llm::{openai::{Dialect, OpenAiCompatible}, Retry};
///
/// let http = Arc::new(OpenAiCompatible::new(Dialect::Ollama, "llama3.2").unwrap());
/// let retry = Retry::new(http).with_max_retries(2).with_backoff(Duration::from_millis(200), Duration::from_secs(5));
/// ```
pub struct Retry {
    inner: Arc<dyn LlmProvider>,
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Retry {
    /// Up to 3 retries, backoff from 500 ms to 20 s, `Retry-After` honoured up to 60 s.
    pub fn new(inner: Arc<dyn LlmProvider>) -> Self {
        Self {
            inner,
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
        }
    }

    /// Retries at most `n` times (so `n + 1` attempts).
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff and the cap on any backoff.
    pub fn with_backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max;
        self
    }

    /// A server asking to wait longer than `limit` makes the call fail at once instead.
    pub fn with_max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// How long to wait before retry number `retry` (0-based) after `err`, or `None` to stop.
    fn delay(&self, retry: u32, err: &Error) -> Option<Duration> {
        if retry >= self.max_retries || !err.is_retryable() {
            return None;
        }
        if let Error::RateLimited {
            retry_after: Some(wait),
            ..
        } = err
        {
            return (*wait <= self.max_retry_after).then_some(*wait);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay);
        // Full jitter: anywhere in [ceiling / 2, ceiling], so clients spread out.
        Some(ceiling.mul_f64(0.5 + fastrand::f64() / 2.0))
    }

    async fn attempts(&self, request: ChatRequest) -> Result<ChatStream> {
        let mut retry = 0;
        loop {
            let outcome = match self.inner.chat_stream(request.clone()).await {
                Ok(stream) => first_event(stream).await,
                Err(err) => Err(err),
            };
            match outcome {
                Ok(stream) => return Ok(stream),
                Err(err) => match self.delay(retry, &err) {
                    Some(wait) => {
                        tokio::time::sleep(wait).await;
                        retry += 1;
                    }
                    None => return Err(err),
                },
            }
        }
    }
}

#[async_trait]
impl LlmProvider for Retry {
    fn id(&self) -> String {
        self.inner.id()
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        if INSIDE_RETRY.try_with(|_| ()).is_ok() {
            return Err(Error::invalid(format!(
                "a Retry layer around {} runs inside another Retry layer; keep exactly one Retry in a provider stack",
                self.inner.id()
            )));
        }
        INSIDE_RETRY.scope((), self.attempts(request)).await
    }
}
