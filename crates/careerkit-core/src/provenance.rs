//! Provenance: where each profile attribute came from and how much to trust it.
//!
//! A product uses this to ask the user to confirm only the doubtful fields: everything with a
//! low [`Provenance::confidence`] or an [`Extractor::Rule`] that guessed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who supplied an attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Read from an uploaded file.
    File {
        /// The file name as uploaded, if any.
        name: Option<String>,
        /// Hex SHA-256 of the file's bytes, so a product can tie the attribute to one upload.
        sha256: String,
    },
    /// Entered or confirmed by the user.
    User,
    /// Written by an agent run.
    Agent {
        /// The run that wrote it.
        run_id: String,
    },
}

/// How an attribute was extracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Extractor {
    /// A deterministic rule; `name` says which (`"contact.email"`, `"experience.header"`, ...).
    Rule {
        /// The rule's name.
        name: String,
    },
    /// A model; `name` says which.
    Model {
        /// The model's name.
        name: String,
    },
    /// A person typed it.
    User,
}

/// A span of the extracted text: character offsets in Unicode scalar values, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TextSpan {
    /// First character of the span.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The 1-based page the span starts on.
    pub page: u32,
}

/// Where an attribute came from, when, how, and how sure careerkit is of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Provenance {
    /// Who supplied it.
    pub source: Source,
    /// When it was extracted.
    pub extracted_at: DateTime<Utc>,
    /// How it was extracted.
    pub extractor: Extractor,
    /// Confidence in `[0, 1]`: near 1 for an unambiguous pattern (an email address), around 0.5
    /// or below when a rule guessed (a name taken from the first line).
    pub confidence: f32,
    /// The span of the extracted text it was read from, if it came from a file.
    pub span: Option<TextSpan>,
}

impl Provenance {
    /// Provenance for a value a user entered.
    pub fn user() -> Self {
        Self {
            source: Source::User,
            extracted_at: Utc::now(),
            extractor: Extractor::User,
            confidence: 1.0,
            span: None,
        }
    }
}

/// A value together with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub provenance: Provenance,
}

impl<T> Field<T> {
    /// Wraps `value` with `provenance`.
    pub fn new(value: T, provenance: Provenance) -> Self {
        Self { value, provenance }
    }

    /// A value the user entered (confidence 1, no span).
    pub fn from_user(value: T) -> Self {
        Self::new(value, Provenance::user())
    }
}
