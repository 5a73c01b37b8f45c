//! A run's (or a session's) events as a stream: stored events after the id the client last
//! saw, then new ones as they are appended, ending after a run's terminal event. A client that
//! reconnects passes its last event id and misses nothing (SSE's `Last-Event-ID`).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, BoxStream};

use super::runtime::AgentRuntime;
use crate::run::Event;
use crate::store::OwnerId;
use crate::Result;

/// How often a stream looks at the store when no in-process append woke it (events appended
/// by another process sharing the store).
const POLL: Duration = Duration::from_millis(250);

struct Cursor {
    runtime: Arc<AgentRuntime>,
    wake: tokio::sync::broadcast::Receiver<String>,
    owner: OwnerId,
    session_id: String,
    run_id: Option<String>,
    after: i64,
    buffered: VecDeque<Event>,
    ended: bool,
}

impl AgentRuntime {
    /// Events of `session_id` (only `run_id`'s when given) with ids after `after_event_id`.
    /// The stream of one run ends after its terminal event; a session stream never ends.
    pub fn events(
        self: &Arc<Self>,
        owner: &OwnerId,
        session_id: &str,
        run_id: Option<&str>,
        after_event_id: i64,
    ) -> BoxStream<'static, Result<Event>> {
        let cursor = Cursor {
            runtime: Arc::clone(self),
            wake: self.subscribe(),
            owner: owner.clone(),
            session_id: session_id.to_string(),
            run_id: run_id.map(str::to_string),
            after: after_event_id,
            buffered: VecDeque::new(),
            ended: false,
        };
        Box::pin(stream::unfold(cursor, next_event))
    }
}

async fn next_event(mut cursor: Cursor) -> Option<(Result<Event>, Cursor)> {
    loop {
        if cursor.ended {
            return None;
        }
        if let Some(event) = cursor.buffered.pop_front() {
            cursor.after = event.event_id;
            if cursor.run_id.is_some() && event.kind.is_terminal() {
                cursor.ended = true;
            }
            return Some((Ok(event), cursor));
        }
        let fetched = cursor
            .runtime
            .store()
            .events_after(
                &cursor.owner,
                &cursor.session_id,
                cursor.run_id.as_deref(),
                cursor.after,
                256,
            )
            .await;
        match fetched {
            Err(err) => {
                cursor.ended = true;
                return Some((Err(err), cursor));
            }
            Ok(events) if !events.is_empty() => cursor.buffered.extend(events),
            Ok(_) => {
                // Wait for an append in this process, or poll for other processes.
                let _ = tokio::time::timeout(POLL, cursor.wake.recv()).await;
            }
        }
    }
}
