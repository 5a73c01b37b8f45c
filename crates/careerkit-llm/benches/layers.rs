//! Overhead of the layer stack on a streamed call: time to the first text token through
//! Cached -> Metered -> Retry -> Fallback -> Timeouts -> OpenAiCompatible, against the bare
//! provider and against raw HTTP (reqwest reading SSE bytes), all on the local test peer.
//!
//! Run: `cargo bench -p careerkit-llm --bench layers` (numbers in BENCHMARKS.md, "LLM layers").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use careerkit_core::llm::{ChatEvent, ChatMessage, ChatRequest, LlmProvider};
use careerkit_llm::openai::{Dialect, OpenAiCompatible};
use careerkit_llm::{
    Budget, Cached, Fallback, FallbackPolicy, MemoryCache, Metered, Price, PriceTable, Retry,
    Timeouts,
};
use careerkit_testpeer::{Script, Step, TestPeer};
use criterion::{criterion_group, criterion_main, Criterion};
use futures::StreamExt;

const ANSWER: &str = "Hello there, this is a streamed answer from the peer.";

/// A fresh prompt each call, so the cache layer always misses (the overhead case).
fn request(counter: &AtomicU64) -> ChatRequest {
    let n = counter.fetch_add(1, Ordering::Relaxed);
    ChatRequest::new(vec![ChatMessage::user(format!("Say hello ({n})"))])
}

async fn first_text(provider: &dyn LlmProvider, request: ChatRequest) {
    let mut stream = provider.chat_stream(request).await.unwrap();
    while let Some(event) = stream.next().await {
        if let ChatEvent::TextDelta { .. } = event.unwrap() {
            return;
        }
    }
    panic!("no text");
}

fn stack(http: Arc<dyn LlmProvider>) -> Arc<dyn LlmProvider> {
    let timed = Arc::new(
        Timeouts::new(http)
            .first_token(Duration::from_secs(30))
            .between_tokens(Duration::from_secs(30))
            .whole_call(Duration::from_secs(60)),
    );
    let routed = Arc::new(Fallback::new(vec![timed], FallbackPolicy::default()));
    let retried = Arc::new(Retry::new(routed));
    let prices = PriceTable::new().with("test-model", Price::new(0.15, 0.6));
    let metered = Arc::new(Metered::new(retried, prices).with_budget(Arc::new(Budget::new("run"))));
    Arc::new(Cached::new(
        metered,
        Arc::new(MemoryCache::default()),
        Duration::from_secs(3600),
    ))
}

fn layers(c: &mut Criterion) {
    let peer = TestPeer::start(Script::default().with_default(Step::text(ANSWER))).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let counter = AtomicU64::new(0);
    let http: Arc<dyn LlmProvider> = Arc::new(
        OpenAiCompatible::new(Dialect::OpenAi, "test-model")
            .unwrap()
            .with_base_url(peer.base_url()),
    );
    let full = stack(http.clone());
    let client = reqwest::Client::new();
    let url = format!("{}/chat/completions", peer.base_url());

    let mut group = c.benchmark_group("llm_first_token");
    group.bench_function("raw_http_sse_bytes", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let body = serde_json::json!({"model": "test-model", "stream": true,
                    "messages": [{"role": "user", "content": format!("Say hello ({})", counter.fetch_add(1, Ordering::Relaxed))}]});
                let response = client.post(&url).body(body.to_string()).send().await.unwrap();
                let mut bytes = response.bytes_stream();
                let mut seen = Vec::new();
                while let Some(chunk) = bytes.next().await {
                    seen.extend_from_slice(&chunk.unwrap());
                    if seen.windows(8).any(|w| w == b"\"Hello \"") {
                        return;
                    }
                }
                panic!("no text");
            })
        })
    });
    group.bench_function("bare_provider", |b| {
        b.iter(|| runtime.block_on(first_text(http.as_ref(), request(&counter))))
    });
    group.bench_function("full_layer_stack", |b| {
        b.iter(|| runtime.block_on(first_text(full.as_ref(), request(&counter))))
    });
    group.finish();
}

criterion_group!(benches, layers);
criterion_main!(benches);
