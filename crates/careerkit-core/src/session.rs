//! The session workflow: the states a tailoring session moves through and which moves are legal.
//!
//! `draft -> resume_uploaded -> jd_provided -> gap_analyzed -> rewrite_applied -> exported`,
//! and any state except `cancelled` may move to `cancelled`. A step may also be repeated in the
//! state it leads to (upload another resume, analyse again, apply more rewrites, export again),
//! which keeps the state. Everything else is an [`Error::Conflict`] that changes nothing.
//!
//! ```
//! use careerkit_core::session::SessionState;
//!
//! assert!(SessionState::Draft.check_transition(SessionState::ResumeUploaded).is_ok());
//! assert!(SessionState::Draft.check_transition(SessionState::Exported).is_err());
//! assert!(SessionState::GapAnalyzed.check_transition(SessionState::Cancelled).is_ok());
//! ```

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Where a session is in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Created; nothing uploaded yet.
    Draft,
    /// A resume was uploaded and parsed.
    ResumeUploaded,
    /// A job description was provided.
    JdProvided,
    /// The gap analysis was run.
    GapAnalyzed,
    /// At least one approved rewrite was applied to the working resume.
    RewriteApplied,
    /// The resume was exported.
    Exported,
    /// The session was cancelled; no further moves.
    Cancelled,
}

impl SessionState {
    /// Every state, in workflow order.
    pub const ALL: [SessionState; 7] = [
        SessionState::Draft,
        SessionState::ResumeUploaded,
        SessionState::JdProvided,
        SessionState::GapAnalyzed,
        SessionState::RewriteApplied,
        SessionState::Exported,
        SessionState::Cancelled,
    ];

    /// The state's wire name (`"resume_uploaded"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Draft => "draft",
            SessionState::ResumeUploaded => "resume_uploaded",
            SessionState::JdProvided => "jd_provided",
            SessionState::GapAnalyzed => "gap_analyzed",
            SessionState::RewriteApplied => "rewrite_applied",
            SessionState::Exported => "exported",
            SessionState::Cancelled => "cancelled",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == name)
            .ok_or_else(|| Error::invalid(format!("unknown session state {name:?}")))
    }

    /// The state the workflow's next step leads to, if any.
    pub fn next(self) -> Option<SessionState> {
        match self {
            SessionState::Draft => Some(SessionState::ResumeUploaded),
            SessionState::ResumeUploaded => Some(SessionState::JdProvided),
            SessionState::JdProvided => Some(SessionState::GapAnalyzed),
            SessionState::GapAnalyzed => Some(SessionState::RewriteApplied),
            SessionState::RewriteApplied => Some(SessionState::Exported),
            SessionState::Exported | SessionState::Cancelled => None,
        }
    }

    /// Whether moving from `self` to `to` is legal.
    pub fn can_transition_to(self, to: SessionState) -> bool {
        match (self, to) {
            (SessionState::Cancelled, _) => false,
            (_, SessionState::Cancelled) => true,
            (SessionState::Draft, SessionState::Draft) => false,
            (from, to) if from == to => true,
            (from, to) => from.next() == Some(to),
        }
    }

    /// `Ok` when moving from `self` to `to` is legal, else a [`Error::Conflict`] naming both.
    pub fn check_transition(self, to: SessionState) -> Result<()> {
        if self.can_transition_to(to) {
            Ok(())
        } else {
            Err(Error::Conflict {
                message: format!(
                    "a session cannot move from {} to {}",
                    self.as_str(),
                    to.as_str()
                ),
            })
        }
    }
}

impl std::fmt::Display for SessionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ordered pair of states against the table written out by hand.
    #[test]
    fn every_pair_of_states() {
        use SessionState::*;
        let legal = [
            (Draft, ResumeUploaded),
            (ResumeUploaded, ResumeUploaded),
            (ResumeUploaded, JdProvided),
            (JdProvided, JdProvided),
            (JdProvided, GapAnalyzed),
            (GapAnalyzed, GapAnalyzed),
            (GapAnalyzed, RewriteApplied),
            (RewriteApplied, RewriteApplied),
            (RewriteApplied, Exported),
            (Exported, Exported),
        ];
        for from in SessionState::ALL {
            for to in SessionState::ALL {
                let expected =
                    legal.contains(&(from, to)) || (to == Cancelled && from != Cancelled);
                assert_eq!(from.can_transition_to(to), expected, "{from} -> {to}");
                assert_eq!(from.check_transition(to).is_ok(), expected);
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for state in SessionState::ALL {
            assert_eq!(SessionState::parse(state.as_str()).unwrap(), state);
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.as_str()));
        }
        assert!(SessionState::parse("finished").is_err());
    }
}
