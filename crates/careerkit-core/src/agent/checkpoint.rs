//! The durable state of a run between steps: the conversation, the tool calls of the last
//! model turn and how far each got. Saved in the store after every change, so a run waiting for
//! approval survives the process and resumes elsewhere without repeating side effects.

use serde::{Deserialize, Serialize};

use super::guards::RepeatDetector;
use super::runtime::RequiredCall;
use super::tool::ToolKind;
use crate::llm::{ChatMessage, ToolCall};

/// How far a proposed tool call got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CallStage {
    /// Proposed; not run yet (a write call may be waiting for approval).
    Proposed,
    /// Its side effects started; if the process died here the call is never run again.
    Executing,
    /// Answered (result, error, or rejection is in the conversation).
    Done,
}

/// One tool call of the model's last turn.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PendingCall {
    pub call: ToolCall,
    pub kind: ToolKind,
    pub stage: CallStage,
    /// The approval record of a write call that waits for a person.
    pub approval_id: Option<String>,
}

/// Everything needed to continue a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Checkpoint {
    /// The agent's name, to find its prompt and tools again after a restart.
    pub agent: String,
    pub messages: Vec<ChatMessage>,
    /// Model calls made so far.
    pub steps: u32,
    pub calls: Vec<PendingCall>,
    pub repeats: RepeatDetector,
    /// Milliseconds of work so far (waiting for approval does not count).
    pub active_ms: u64,
    /// Assistant text streamed so far in this run (kept when a run is interrupted).
    pub output: String,
    /// A tool the model must call on every turn until one call of it passes review (the caller
    /// asked for it: "propose an edit"). Cleared then; absent in runs that asked for nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_call: Option<RequiredCall>,
    /// Calls of the required tool refused so far.
    #[serde(default)]
    pub required_refusals: u32,
    /// The required call passed review: the run's remaining turn is a text answer, without
    /// tools (a person who asked for one edit gets one edit and a word about it).
    #[serde(default)]
    pub answer_only: bool,
}
