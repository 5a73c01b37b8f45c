//! Limits that keep a run bounded: steps, repeated calls, time, and the session's token and cost
//! budgets.

use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::llm::{Price, ToolCall};

/// Bounds on one run and on its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunLimits {
    /// Model calls per run; at the limit the model is asked for a final answer without tools.
    pub max_steps: u32,
    /// How many times the same tool with the same arguments may be called in one run.
    pub max_identical_calls: u32,
    /// Wall-clock time a run may spend working (time spent waiting for approval not counted).
    pub run_timeout: Duration,
    /// Tokens (prompt + completion) a session may use across all its runs.
    pub session_token_cap: Option<u64>,
    /// Generated tokens asked for per model call.
    pub max_tokens_per_call: u32,
    /// The model's price: each call's cost is recorded with its usage (none: free, e.g. local).
    pub price: Option<Price>,
    /// Micro-dollars a session may spend across all its runs (needs `price`).
    pub session_cost_cap_micros: Option<u64>,
}

impl Default for RunLimits {
    fn default() -> Self {
        Self {
            max_steps: 8,
            max_identical_calls: 1,
            run_timeout: Duration::from_secs(300),
            session_token_cap: None,
            max_tokens_per_call: 1024,
            price: None,
            session_cost_cap_micros: None,
        }
    }
}

/// Counts identical tool calls (same name, same arguments) within a run.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct RepeatDetector {
    seen: HashMap<String, u32>,
}

impl RepeatDetector {
    /// Records `call` and says whether it exceeds `max_identical` repetitions.
    pub fn is_repeat(&mut self, call: &ToolCall, max_identical: u32) -> bool {
        let key = format!("{}\u{0}{}", call.name, call.arguments);
        let count = self.seen.entry(key).or_insert(0);
        *count += 1;
        *count > max_identical
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_second_identical_call_is_a_repeat() {
        let mut detector = RepeatDetector::default();
        let call = |text: &str| ToolCall {
            id: "x".into(),
            name: "lookup".into(),
            arguments: json!({"q": text}),
        };
        assert!(!detector.is_repeat(&call("a"), 1));
        assert!(!detector.is_repeat(&call("b"), 1));
        assert!(detector.is_repeat(&call("a"), 1));
    }
}
