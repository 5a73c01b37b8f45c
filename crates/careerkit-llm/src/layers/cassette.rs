//! Record and replay: [`Recorder`] appends each finished exchange to a cassette file (JSON
//! lines: the request and the events it produced); [`Replayer`] serves those events for the
//! same normalised request, offline and deterministically, and fails clearly on a request it
//! has not recorded.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};

use careerkit_core::llm::{ChatEvent, ChatRequest, ChatStream, LlmProvider, Role};
use careerkit_core::{Error, Result};

use super::request_key;

/// One line of a cassette.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Exchange {
    /// [`request_key`] of the request (provider-independent).
    key: String,
    /// The request, for people reading the cassette.
    request: ChatRequest,
    /// What came back.
    events: Vec<ChatEvent>,
}

/// The key a cassette files `request` under (independent of the provider, so a cassette
/// recorded against one server replays anywhere).
fn cassette_key(request: &ChatRequest) -> String {
    request_key("cassette", request)
}

/// Records `inner`'s finished exchanges to a cassette file.
pub struct Recorder {
    inner: Arc<dyn LlmProvider>,
    file: Arc<Mutex<std::fs::File>>,
}

impl Recorder {
    /// Appends to the cassette at `path` (created if missing).
    ///
    /// # Errors
    /// When the file cannot be opened.
    pub fn new(inner: Arc<dyn LlmProvider>, path: &Path) -> Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Self {
            inner,
            file: Arc::new(Mutex::new(file)),
        })
    }
}

#[async_trait]
impl LlmProvider for Recorder {
    fn id(&self) -> String {
        self.inner.id()
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let inner = self.inner.chat_stream(request.clone()).await?;
        let file = self.file.clone();
        let state = (inner, Vec::new(), Some(request));
        let events = stream::unfold(state, move |(mut inner, mut seen, mut request)| {
            let file = file.clone();
            async move {
                let mut item = inner.next().await?;
                if let Ok(event) = &item {
                    seen.push(event.clone());
                    let finished = matches!(event, ChatEvent::Finished { .. });
                    if let Some(request) = request.take_if(|_| finished) {
                        if let Err(err) = append(&file, request, &seen) {
                            // A cassette missing an exchange would fail later replays; say so now.
                            item = Err(err);
                        }
                    }
                }
                Some((item, (inner, seen, request)))
            }
        });
        Ok(events.boxed())
    }
}

fn append(file: &Mutex<std::fs::File>, request: ChatRequest, events: &[ChatEvent]) -> Result<()> {
    let exchange = Exchange {
        key: cassette_key(&request),
        request,
        events: events.to_vec(),
    };
    let mut line = serde_json::to_string(&exchange)?;
    line.push('\n');
    let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
    file.write_all(line.as_bytes())?;
    file.flush()?;
    Ok(())
}

/// Serves recorded exchanges. The same request recorded several times replays its answers
/// in order, the last one repeating.
///
/// ```no_run
/// use careerkit_llm::Replayer;
/// let replay = Replayer::open(std::path::Path::new("tests/cassettes/rewrite.jsonl")).unwrap();
/// ```
pub struct Replayer {
    path: PathBuf,
    exchanges: Mutex<HashMap<String, VecDeque<Vec<ChatEvent>>>>,
}

impl Replayer {
    /// Loads the cassette at `path`.
    ///
    /// # Errors
    /// When the file cannot be read or a line is not an exchange.
    pub fn open(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)?;
        let mut exchanges: HashMap<String, VecDeque<Vec<ChatEvent>>> = HashMap::new();
        for (number, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let exchange: Exchange = serde_json::from_str(line).map_err(|e| {
                Error::invalid(format!(
                    "{} line {}: not a cassette exchange: {e}",
                    path.display(),
                    number + 1
                ))
            })?;
            exchanges
                .entry(exchange.key)
                .or_default()
                .push_back(exchange.events);
        }
        Ok(Self {
            path: path.to_path_buf(),
            exchanges: Mutex::new(exchanges),
        })
    }
}

#[async_trait]
impl LlmProvider for Replayer {
    fn id(&self) -> String {
        format!("replay:{}", self.path.display())
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let key = cassette_key(&request);
        let events = {
            let mut exchanges = self.exchanges.lock().unwrap_or_else(|p| p.into_inner());
            exchanges.get_mut(&key).and_then(|queue| {
                if queue.len() > 1 {
                    queue.pop_front()
                } else {
                    queue.front().cloned()
                }
            })
        };
        let Some(events) = events else {
            let last_user = request
                .messages
                .iter()
                .rev()
                .find(|m| m.role == Role::User)
                .map(|m| m.content.chars().take(80).collect::<String>())
                .unwrap_or_default();
            return Err(Error::NotFound {
                kind: "cassette exchange",
                id: format!(
                    "{key} in {} (no recorded request matches; last user message: {last_user:?}; re-record the cassette)",
                    self.path.display()
                ),
            });
        };
        Ok(stream::iter(events.into_iter().map(Ok)).boxed())
    }
}
