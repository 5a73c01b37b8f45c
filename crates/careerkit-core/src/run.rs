//! Runs and their events: the one envelope every agent run streams, stored so a client that
//! reconnects replays from the last event id it saw.
//!
//! The envelope serialises exactly as
//! `{"event_id","run_id","session_id","type","ts","payload"}`; the same JSON goes out over SSE
//! or WebSocket unchanged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The kind of a run event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// The run began.
    RunStarted,
    /// A piece of the assistant's answer text.
    AssistantDelta,
    /// The model proposed a tool call (a write tool's waits for approval).
    ToolCallProposed,
    /// A proposed call was approved (by a person or by auto-approve).
    ToolCallApproved,
    /// A proposed call was rejected.
    ToolCallRejected,
    /// A tool ran; its result.
    ToolResult,
    /// The run was interrupted; partial output is kept.
    RunInterrupted,
    /// The run finished.
    RunCompleted,
    /// The run failed.
    RunFailed,
}

impl EventType {
    /// The type's wire name (`"tool_call_proposed"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::RunStarted => "run_started",
            EventType::AssistantDelta => "assistant_delta",
            EventType::ToolCallProposed => "tool_call_proposed",
            EventType::ToolCallApproved => "tool_call_approved",
            EventType::ToolCallRejected => "tool_call_rejected",
            EventType::ToolResult => "tool_result",
            EventType::RunInterrupted => "run_interrupted",
            EventType::RunCompleted => "run_completed",
            EventType::RunFailed => "run_failed",
        }
    }

    /// Whether this event ends its run.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            EventType::RunInterrupted | EventType::RunCompleted | EventType::RunFailed
        )
    }
}

/// One stored run event. `event_id` is assigned by the store, increases within a session, and
/// is what a reconnecting client sends back (SSE's `Last-Event-ID`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Store-assigned, increasing id.
    pub event_id: i64,
    /// The run that emitted it.
    pub run_id: String,
    /// The run's session.
    pub session_id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// When, in UTC.
    pub ts: DateTime<Utc>,
    /// Type-specific data (a text delta, a tool call, a result, an error).
    pub payload: Value,
}

/// The state of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// The agent is working.
    Running,
    /// A write tool call waits for a person's decision; durable across restarts.
    WaitingForApproval,
    /// Finished with an answer.
    Completed,
    /// Stopped by an error, a cap or a timeout.
    Failed,
    /// Stopped by the caller; partial output kept.
    Interrupted,
}

impl RunStatus {
    /// Whether the run has ended.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            RunStatus::Completed | RunStatus::Failed | RunStatus::Interrupted
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_serialises_exactly_so() {
        let event = Event {
            event_id: 7,
            run_id: "r1".into(),
            session_id: "s1".into(),
            kind: EventType::ToolCallProposed,
            ts: DateTime::parse_from_rfc3339("2026-11-22T06:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            payload: serde_json::json!({"name": "rewrite_bullet"}),
        };
        let value = serde_json::to_value(&event).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec!["event_id", "run_id", "session_id", "type", "ts", "payload"];
        expected.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, expected);
        assert_eq!(value["type"], "tool_call_proposed");
        assert_eq!(value["ts"], "2026-11-22T06:00:00Z");
        let back: Event = serde_json::from_value(value).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn wire_names_match_serde() {
        for kind in [
            EventType::RunStarted,
            EventType::AssistantDelta,
            EventType::ToolCallProposed,
            EventType::ToolCallApproved,
            EventType::ToolCallRejected,
            EventType::ToolResult,
            EventType::RunInterrupted,
            EventType::RunCompleted,
            EventType::RunFailed,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
