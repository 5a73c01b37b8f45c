//! Response cache: a finished call's events stored under [`crate::request_key`] (the wrapped
//! provider's id plus the normalised request) and replayed on an identical request until the
//! TTL passes. Only calls that finished are stored; errors and cancelled streams never are.
//! A cache that fails to read or write never fails the call: the call goes to the provider.
//! Cache only requests whose answer may repeat (temperature 0, or where sameness is wanted).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use futures::stream::{self, StreamExt};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use careerkit_core::llm::{ChatEvent, ChatRequest, ChatStream, LlmProvider};
use careerkit_core::{Error, Result};

use super::request_key;

/// Where cached responses live.
#[async_trait]
pub trait ResponseCache: Send + Sync {
    /// The events stored under `key`, unless missing or expired.
    ///
    /// # Errors
    /// When the store fails.
    async fn get(&self, key: &str) -> Result<Option<Vec<ChatEvent>>>;

    /// Stores `events` under `key` for `ttl`.
    ///
    /// # Errors
    /// When the store fails.
    async fn put(&self, key: &str, events: &[ChatEvent], ttl: Duration) -> Result<()>;
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn storage(err: impl std::fmt::Display) -> Error {
    Error::Storage {
        message: format!("response cache: {err}"),
    }
}

/// A SQLite table `llm_response_cache` (WAL), in a file or in memory.
#[derive(Debug, Clone)]
pub struct SqliteCache {
    pool: SqlitePool,
}

impl SqliteCache {
    /// Opens (creating if needed) the cache in the SQLite file at `path`.
    ///
    /// # Errors
    /// When the file cannot be opened or the table created.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(storage)?;
        Self::with_pool(pool).await
    }

    /// Uses an existing pool (the project's store), creating the table if needed.
    ///
    /// # Errors
    /// When the table cannot be created.
    pub async fn with_pool(pool: SqlitePool) -> Result<Self> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS llm_response_cache (
                key TEXT PRIMARY KEY, events TEXT NOT NULL, expires_at_ms INTEGER NOT NULL)",
        )
        .execute(&pool)
        .await
        .map_err(storage)?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl ResponseCache for SqliteCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<ChatEvent>>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT events FROM llm_response_cache WHERE key = ? AND expires_at_ms > ?",
        )
        .bind(key)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?;
        row.map(|(events,)| serde_json::from_str(&events).map_err(Error::from))
            .transpose()
    }

    async fn put(&self, key: &str, events: &[ChatEvent], ttl: Duration) -> Result<()> {
        let expires = now_ms().saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
        sqlx::query("INSERT OR REPLACE INTO llm_response_cache (key, events, expires_at_ms) VALUES (?, ?, ?)")
            .bind(key)
            .bind(serde_json::to_string(events)?)
            .bind(expires)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        sqlx::query("DELETE FROM llm_response_cache WHERE expires_at_ms <= ?")
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(())
    }
}

/// An in-process cache, for tests and short-lived programs.
#[derive(Debug, Default)]
pub struct MemoryCache {
    entries: Mutex<HashMap<String, (i64, Vec<ChatEvent>)>>,
}

#[async_trait]
impl ResponseCache for MemoryCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<ChatEvent>>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        Ok(entries
            .get(key)
            .filter(|(expires, _)| *expires > now_ms())
            .map(|(_, events)| events.clone()))
    }

    async fn put(&self, key: &str, events: &[ChatEvent], ttl: Duration) -> Result<()> {
        let expires = now_ms().saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.insert(key.to_string(), (expires, events.to_vec()));
        Ok(())
    }
}

/// The cache layer.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use careerkit_llm::{openai::{Dialect, OpenAiCompatible}, Cached, MemoryCache};
///
/// let http = Arc::new(OpenAiCompatible::new(Dialect::Ollama, "llama3.2").unwrap());
/// let cached = Cached::new(http, Arc::new(MemoryCache::default()), Duration::from_secs(3600));
/// ```
pub struct Cached {
    inner: Arc<dyn LlmProvider>,
    cache: Arc<dyn ResponseCache>,
    ttl: Duration,
}

impl Cached {
    /// Caches `inner`'s finished answers in `cache` for `ttl`.
    pub fn new(inner: Arc<dyn LlmProvider>, cache: Arc<dyn ResponseCache>, ttl: Duration) -> Self {
        Self { inner, cache, ttl }
    }
}

#[async_trait]
impl LlmProvider for Cached {
    fn id(&self) -> String {
        self.inner.id()
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let key = request_key(&self.inner.id(), &request);
        if let Ok(Some(events)) = self.cache.get(&key).await {
            return Ok(stream::iter(events.into_iter().map(Ok)).boxed());
        }
        let inner = self.inner.chat_stream(request).await?;
        let (cache, ttl) = (self.cache.clone(), self.ttl);
        let state = (inner, Vec::new(), key);
        let events = stream::unfold(state, move |(mut inner, mut seen, key)| {
            let cache = cache.clone();
            async move {
                let item = inner.next().await?;
                if let Ok(event) = &item {
                    seen.push(event.clone());
                    if matches!(event, ChatEvent::Finished { .. }) {
                        // Best effort: a cache write failure must not fail the answer.
                        let _ = cache.put(&key, &seen, ttl).await;
                    }
                }
                Some((item, (inner, seen, key)))
            }
        });
        Ok(events.boxed())
    }
}
