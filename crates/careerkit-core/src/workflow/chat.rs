//! The chat agent: a free-form turn about the session (the resume, the job, the gap analysis),
//! streamed token by token through the run's `assistant_delta` events. It only reads: a change
//! to the resume goes through the rewrite agent and a person's approval.

use std::sync::Arc;

use super::rewrite_tools::read_tools;
use crate::agent::{Agent, RunLimits};
use crate::skills::SkillExtractor;
use crate::store::Store;
use crate::Result;

/// The chat agent's name.
pub const CHAT_AGENT: &str = "chat";

/// The chat agent's instructions.
const SYSTEM_PROMPT: &str = "You are a career coach talking with one person about their resume \
and one job. Answer their question in a few plain sentences, from the resume, the job and the \
gap analysis you are given (get_resume, get_gaps and suggest_edits show more). Never invent an \
employer, title, date, number or skill they do not have. You cannot change the resume here; to \
change it, they ask for an edit proposal.";

/// The chat agent, with the session's read tools.
pub(super) fn agent(
    store: Arc<dyn Store>,
    skills: Arc<SkillExtractor>,
    limits: RunLimits,
) -> Result<Agent> {
    Ok(Agent {
        name: CHAT_AGENT.into(),
        system_prompt: SYSTEM_PROMPT.into(),
        tools: read_tools(store, skills)?,
        limits,
    })
}
