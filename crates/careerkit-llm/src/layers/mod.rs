//! Layers: providers that wrap another provider and add one behaviour each.
//!
//! Shared here: the normalised request key (cache and cassettes) and [`first_event`], which
//! is how retry and fallback keep their promise never to act after output reached the caller.

pub(crate) mod cache;
pub(crate) mod cassette;
pub(crate) mod fallback;
pub(crate) mod metered;
pub(crate) mod retry;
pub(crate) mod timeouts;

use futures::stream::{self, StreamExt};
use sha2::{Digest, Sha256};

use careerkit_core::llm::{ChatRequest, ChatStream};
use careerkit_core::Result;

/// A stable key for `request` sent to `provider`: SHA-256 (hex) of the provider id and the
/// request's canonical JSON (struct fields in declaration order, object keys sorted).
///
/// ```
/// use careerkit_llm::request_key;
/// use careerkit_core::llm::{ChatMessage, ChatRequest};
///
/// let a = ChatRequest::new(vec![ChatMessage::user("hi")]);
/// assert_eq!(request_key("openai:gpt-4o-mini", &a), request_key("openai:gpt-4o-mini", &a.clone()));
/// assert_ne!(request_key("openai:gpt-4o-mini", &a), request_key("ollama:llama3.2", &a));
/// ```
pub fn request_key(provider: &str, request: &ChatRequest) -> String {
    let mut hasher = Sha256::new();
    hasher.update(provider.as_bytes());
    hasher.update([0u8]);
    // serde_json::Value keeps object keys sorted (BTreeMap), so equal requests hash equally.
    let canonical = serde_json::to_value(request)
        .map(|v| v.to_string())
        .unwrap_or_default();
    hasher.update(canonical.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Waits for the first item of `stream`: an error there comes back as `Err` (nothing reached
/// the caller yet, so the call may be retried or routed elsewhere); otherwise the stream is
/// returned whole, first item included.
pub(crate) async fn first_event(mut stream: ChatStream) -> Result<ChatStream> {
    match stream.next().await {
        None => Ok(stream::empty().boxed()),
        Some(Err(err)) => Err(err),
        Some(Ok(event)) => Ok(stream::once(async move { Ok(event) }).chain(stream).boxed()),
    }
}
