//! The agent runtime: a tool loop over [`crate::llm::LlmProvider`], persisted through a
//! [`crate::store::Store`].
//!
//! The model proposes tool calls; read tools run at once; write tools wait for a person's
//! approval (bound to the exact arguments and the run, usable once) unless the session turned
//! auto-approve on. Every step is stored as an event in one envelope ([`crate::run::Event`])
//! and as a checkpoint, so a run waiting for approval resumes in another process without
//! repeating side effects. Guards bound steps, repeated calls, tokens and time; interrupts keep
//! partial output. Untrusted text enters prompts through [`untrusted_block`].

mod checkpoint;
mod events;
mod guards;
mod prompt;
mod runtime;
mod tool;

pub use guards::{RepeatDetector, RunLimits};
pub use prompt::{untrusted_block, DATA_RULE};
pub use runtime::{
    Agent, AgentRuntime, Fallback, RequiredCall, RunOutcome, StartOptions, FALLBACK_AFTER_REFUSALS,
};
pub use tool::{Tool, ToolBox, ToolContext, ToolKind};
