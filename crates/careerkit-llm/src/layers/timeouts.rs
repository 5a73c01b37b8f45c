//! Timeouts: first token, between tokens, and the whole call, each ending the call with
//! [`Error::Timeout`]. (Connecting is bounded by the HTTP client.) A timeout is not
//! retryable by itself; put `Timeouts` inside a [`crate::Fallback`] to move on to another
//! provider when one stalls.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures::stream::{self, StreamExt};
use tokio::time::Instant;

use careerkit_core::llm::{ChatRequest, ChatStream, LlmProvider};
use careerkit_core::{Error, Result};

/// The timeouts layer; each limit is optional.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use careerkit_llm::{openai::{Dialect, OpenAiCompatible}, Timeouts};
///
/// let http = Arc::new(OpenAiCompatible::new(Dialect::OpenAi, "gpt-4o-mini").unwrap());
/// let guarded = Timeouts::new(http)
///     .first_token(Duration::from_secs(20))
///     .between_tokens(Duration::from_secs(10))
///     .whole_call(Duration::from_secs(120));
/// ```
pub struct Timeouts {
    inner: Arc<dyn LlmProvider>,
    first_token: Option<Duration>,
    between_tokens: Option<Duration>,
    whole_call: Option<Duration>,
}

#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    operation: &'static str,
    limit: Duration,
}

impl Deadline {
    fn error(self) -> Error {
        Error::Timeout {
            operation: self.operation.to_string(),
            limit: self.limit,
        }
    }
}

fn earliest(a: Option<Deadline>, b: Option<Deadline>) -> Option<Deadline> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.at < a.at { b } else { a }),
        (a, b) => a.or(b),
    }
}

impl Timeouts {
    /// No limits yet.
    pub fn new(inner: Arc<dyn LlmProvider>) -> Self {
        Self {
            inner,
            first_token: None,
            between_tokens: None,
            whole_call: None,
        }
    }

    /// Limit from the start of the call to its first event.
    pub fn first_token(mut self, limit: Duration) -> Self {
        self.first_token = Some(limit);
        self
    }

    /// Limit on the gap between two events.
    pub fn between_tokens(mut self, limit: Duration) -> Self {
        self.between_tokens = Some(limit);
        self
    }

    /// Limit on the whole call, last event included.
    pub fn whole_call(mut self, limit: Duration) -> Self {
        self.whole_call = Some(limit);
        self
    }
}

async fn within<T>(
    deadline: Option<Deadline>,
    work: impl std::future::Future<Output = T>,
) -> Result<T> {
    match deadline {
        None => Ok(work.await),
        Some(d) => tokio::time::timeout_at(d.at, work)
            .await
            .map_err(|_| d.error()),
    }
}

#[async_trait]
impl LlmProvider for Timeouts {
    fn id(&self) -> String {
        self.inner.id()
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let start = Instant::now();
        let deadline = |limit: Option<Duration>, operation| {
            limit.map(|limit| Deadline {
                at: start + limit,
                operation,
                limit,
            })
        };
        let whole = deadline(self.whole_call, "whole call");
        let first = earliest(deadline(self.first_token, "first token"), whole);
        let inner = within(first, self.inner.chat_stream(request)).await??;
        let between = self.between_tokens;
        let state = (inner, first, false);
        let events = stream::unfold(state, move |(mut inner, next, done)| async move {
            if done {
                return None;
            }
            match within(next, inner.next()).await {
                Err(timeout) => Some((Err(timeout), (inner, next, true))),
                Ok(None) => None,
                Ok(Some(item)) => {
                    let now = Instant::now();
                    let gap = between.map(|limit| Deadline {
                        at: now + limit,
                        operation: "between tokens",
                        limit,
                    });
                    Some((item, (inner, earliest(gap, whole), false)))
                }
            }
        });
        Ok(events.boxed())
    }
}
