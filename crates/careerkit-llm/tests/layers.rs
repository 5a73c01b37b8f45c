//! The layers around a real HTTP provider talking to the test peer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use careerkit_core::llm::{ChatEvent, ChatMessage, ChatRequest, LlmProvider};
use careerkit_core::Error;
use careerkit_llm::openai::{Dialect, OpenAiCompatible};
use careerkit_llm::{
    Budget, Cached, Fallback, FallbackPolicy, Metered, Price, PriceTable, Recorder, Replayer,
    Retry, SqliteCache,
};
use careerkit_testpeer::{Fault, Script, Step, TestPeer};
use futures::StreamExt;

fn peer(steps: Vec<Step>) -> TestPeer {
    TestPeer::start(Script::new(steps)).unwrap()
}

fn http(peer: &TestPeer, model: &str) -> Arc<dyn LlmProvider> {
    Arc::new(
        OpenAiCompatible::new(Dialect::OpenAi, model)
            .unwrap()
            .with_base_url(peer.base_url()),
    )
}

fn quick_retry(inner: Arc<dyn LlmProvider>) -> Retry {
    Retry::new(inner).with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest::new(vec![ChatMessage::user(text)])
}

fn status(code: u16, retry_after_secs: Option<u64>) -> Step {
    Step::fault(Fault::Status {
        status: code,
        retry_after_secs,
    })
}

#[tokio::test]
async fn retry_recovers_from_429_500_and_resets() {
    let peer = peer(vec![
        status(429, Some(0)),
        status(500, None),
        Step::fault(Fault::ResetBeforeFirstByte),
        Step::text("made it"),
    ]);
    let answer = quick_retry(http(&peer, "m")).chat(ask("hi")).await.unwrap();
    assert_eq!(answer.content, "made it");
    assert_eq!(peer.chat_bodies().len(), 4);
}

#[tokio::test]
async fn retry_gives_up_on_final_errors_and_after_its_limit() {
    let peer = peer(vec![
        status(400, None),
        status(500, None),
        status(500, None),
        Step::text("late"),
    ]);
    let err = quick_retry(http(&peer, "m"))
        .chat(ask("hi"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Provider {
            status: Some(400),
            ..
        }
    ));
    assert_eq!(peer.chat_bodies().len(), 1);
    let err = quick_retry(http(&peer, "m"))
        .with_max_retries(1)
        .chat(ask("hi"))
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(peer.chat_bodies().len(), 3);
}

#[tokio::test]
async fn retry_refuses_a_wait_longer_than_allowed() {
    let peer = peer(vec![status(429, Some(30)), Step::text("never")]);
    let retry = quick_retry(http(&peer, "m")).with_max_retry_after(Duration::from_secs(5));
    let err = retry.chat(ask("hi")).await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(30))
    );
    assert_eq!(peer.remaining_steps(), 1);
}

#[tokio::test]
async fn retry_never_retries_once_output_reached_the_caller() {
    let peer = peer(vec![
        Step::text("first words then").with_fault(Fault::ResetAfterFirstByte { after_events: 2 }),
        Step::text("second try"),
    ]);
    let mut stream = quick_retry(http(&peer, "m"))
        .chat_stream(ask("hi"))
        .await
        .unwrap();
    assert!(matches!(
        stream.next().await,
        Some(Ok(ChatEvent::TextDelta { .. }))
    ));
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(
        err.is_retryable(),
        "the error says retryable, but the layer must not act on it"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(peer.remaining_steps(), 1);
}

#[tokio::test]
async fn a_second_retry_layer_is_refused() {
    let peer = peer(vec![Step::text("x")]);
    let nested = Retry::new(Arc::new(Retry::new(http(&peer, "m"))));
    let err = nested.chat(ask("hi")).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { message } if message.contains("another Retry")),
        "{err}"
    );
    let hidden = Retry::new(Arc::new(Fallback::new(
        vec![Arc::new(Retry::new(http(&peer, "m")))],
        FallbackPolicy::default(),
    )));
    assert!(hidden.chat(ask("hi")).await.is_err());
    assert_eq!(peer.chat_bodies().len(), 0, "nothing was sent");
    let single = Retry::new(http(&peer, "m"));
    assert_eq!(single.chat(ask("hi")).await.unwrap().content, "x");
}

#[tokio::test]
async fn fallback_moves_on_and_cools_down_a_rate_limited_provider() {
    let first = peer(vec![status(429, Some(60)), Step::text("first is back")]);
    let second = peer(vec![
        Step::text("from the second"),
        Step::text("second again"),
    ]);
    let routed = Fallback::new(
        vec![http(&first, "a"), http(&second, "b")],
        FallbackPolicy::default(),
    );
    assert_eq!(
        routed.chat(ask("hi")).await.unwrap().content,
        "from the second"
    );
    assert_eq!(
        routed.chat(ask("hi")).await.unwrap().content,
        "second again"
    );
    assert_eq!(
        first.chat_bodies().len(),
        1,
        "the first provider rests after its 429"
    );
    assert_eq!(routed.id(), "fallback(openai:a,openai:b)");
}

#[tokio::test]
async fn fallback_keeps_final_errors_and_never_switches_mid_stream() {
    let first = peer(vec![
        status(400, None),
        Step::text("half an answer").with_fault(Fault::ResetAfterFirstByte { after_events: 2 }),
    ]);
    let second = peer(vec![Step::text("unused")]);
    let routed = Fallback::new(
        vec![http(&first, "a"), http(&second, "b")],
        FallbackPolicy::default(),
    );
    assert!(matches!(
        routed.chat(ask("hi")).await.unwrap_err(),
        Error::Provider {
            status: Some(400),
            ..
        }
    ));
    let err = routed.chat(ask("hi")).await.unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(second.chat_bodies().len(), 0);
}

#[tokio::test]
async fn metered_charges_budgets_and_stops_at_the_cap() {
    let peer = peer(vec![
        Step::text("one").with_usage(1000, 500),
        Step::text("two").with_usage(1000, 500),
        Step::text("three").with_usage(1000, 500),
    ]);
    let prices = PriceTable::new().with("gpt-4o-mini", Price::new(0.15, 0.60));
    let run = Arc::new(Budget::new("run").with_token_cap(2500));
    let session = Arc::new(Budget::new("session"));
    let metered = Metered::new(http(&peer, "gpt-4o-mini-2024-07-18"), prices)
        .with_budget(run.clone())
        .with_budget(session.clone())
        .with_default_max_tokens(600);
    metered.chat(ask("one")).await.unwrap();
    metered.chat(ask("two")).await.unwrap();
    let err = metered.chat(ask("three")).await.unwrap_err();
    assert!(
        matches!(&err, Error::BudgetExceeded { scope, .. } if scope == "run"),
        "{err}"
    );
    assert_eq!(
        peer.chat_bodies().len(),
        2,
        "the refused call was never sent"
    );
    assert_eq!(peer.chat_bodies()[0]["max_completion_tokens"], 600);
    assert_eq!(run.used_tokens(), 3000);
    assert!(
        run.used_tokens() <= 2500 + 600 + 1000,
        "over by at most one call's maximum"
    );
    let records = session.records();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (
            records[0].cost_micros,
            records[0].priced,
            records[0].completed
        ),
        (450, true, true)
    );
    assert_eq!(session.used_cost_micros(), 900);
}

#[tokio::test]
async fn metered_charges_once_across_retries_and_estimates_missing_usage() {
    let peer = peer(vec![
        status(500, None),
        Step::text("sixteen chars!!!").without_usage(),
    ]);
    let budget = Arc::new(Budget::new("run"));
    let metered = Metered::new(
        Arc::new(quick_retry(http(&peer, "local-model"))),
        PriceTable::new(),
    )
    .with_budget(budget.clone());
    metered.chat(ask("hi")).await.unwrap();
    let records = budget.records();
    assert_eq!(records.len(), 1);
    assert!(records[0].usage.estimated && records[0].usage.completion_tokens == 4);
    assert!(!records[0].priced);
}

#[tokio::test]
async fn metered_settles_a_cancelled_stream() {
    let peer = peer(vec![Step::text("a long answer that the caller abandons")]);
    let budget = Arc::new(Budget::new("run").with_token_cap(10_000));
    let metered = Metered::new(http(&peer, "m"), PriceTable::new()).with_budget(budget.clone());
    let mut stream = metered.chat_stream(ask("hi")).await.unwrap();
    stream.next().await.unwrap().unwrap();
    drop(stream);
    let records = budget.records();
    assert_eq!(records.len(), 1);
    assert!(!records[0].completed && records[0].usage.estimated);
}

#[tokio::test]
async fn cached_answers_repeat_requests_from_sqlite_until_the_ttl() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(
        SqliteCache::open(&dir.path().join("cache.sqlite"))
            .await
            .unwrap(),
    );
    let peer = peer(vec![
        status(500, None),
        Step::text("fresh"),
        Step::text("other"),
        Step::text("expired"),
    ]);
    let cached = Cached::new(http(&peer, "m"), cache.clone(), Duration::from_secs(3600));
    assert!(
        cached.chat(ask("q")).await.is_err(),
        "errors are not cached"
    );
    assert_eq!(cached.chat(ask("q")).await.unwrap().content, "fresh");
    assert_eq!(cached.chat(ask("q")).await.unwrap().content, "fresh");
    assert_eq!(
        cached.chat(ask("another q")).await.unwrap().content,
        "other"
    );
    assert_eq!(peer.chat_bodies().len(), 3);
    let reopened = Arc::new(
        SqliteCache::open(&dir.path().join("cache.sqlite"))
            .await
            .unwrap(),
    );
    let again = Cached::new(http(&peer, "m"), reopened, Duration::ZERO);
    assert_eq!(
        again.chat(ask("q")).await.unwrap().content,
        "fresh",
        "stored on disk"
    );
    let instant = Cached::new(http(&peer, "m"), cache, Duration::ZERO);
    instant.chat(ask("new")).await.unwrap();
    let err = instant.chat(ask("new")).await.unwrap_err();
    assert!(
        err.to_string().contains("exhausted"),
        "a zero TTL never hits: {err}"
    );
}

#[tokio::test]
async fn recorded_exchanges_replay_offline_and_misses_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cassette = dir.path().join("flow.jsonl");
    let expected = {
        let peer = peer(vec![
            Step::tool_call("lookup_skill", serde_json::json!({"skill": "Go"})),
            Step::text("Go is listed."),
        ]);
        let recorder = Recorder::new(http(&peer, "m"), &cassette).unwrap();
        let first = recorder.chat(ask("check Go")).await.unwrap();
        let second = recorder.chat(ask("and now?")).await.unwrap();
        (first, second)
    };
    let replayer = Replayer::open(&cassette).unwrap();
    assert_eq!(replayer.chat(ask("check Go")).await.unwrap(), expected.0);
    assert_eq!(replayer.chat(ask("and now?")).await.unwrap(), expected.1);
    let err = replayer.chat(ask("never recorded")).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }));
    let message = err.to_string();
    assert!(
        message.contains("flow.jsonl") && message.contains("never recorded"),
        "{message}"
    );
}
