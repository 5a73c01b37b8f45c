//! careerkit for Swift and Kotlin, through uniffi (proc-macro mode, no UDL).
//!
//! Conversion code only: [`Careerkit`] exposes the facade crate's methods as async functions
//! on the tokio runtime, results are the records in [`types`] (summary fields plus the full
//! value as `json`), errors are [`CareerkitError`] by kind, and a host app plugs in its own
//! code through the interfaces in [`callbacks`] and its own model through [`llm`].
//! [`Careerkit::open_workflow`] gives the session API ([`Workflow`]: sessions, runs with their
//! [`RunEvents`], approvals, files, export, interview practice; records in [`session_types`]).
//! `uniffi-bindgen` (the crate's binary) generates the Kotlin and Swift sources from the built
//! library.

uniffi::setup_scaffolding!();

pub mod callbacks;
mod engine;
mod errors;
pub mod knowledge;
pub mod letter;
pub mod llm;
pub mod session_types;
pub mod types;
mod workflow;

pub use callbacks::{HostKeyProvider, SkillSource};
pub use engine::Careerkit;
pub use errors::CareerkitError;
pub use knowledge::KnowledgeBase;
pub use llm::HostLlmProvider;
pub use workflow::{RunEvents, Workflow};

/// Panics inside careerkit's worker, so binding tests can check that a panic arrives as
/// `CareerkitError.Internal` and the next call still works.
///
/// # Errors
/// Always `Internal`.
#[uniffi::export(async_runtime = "tokio")]
pub async fn trigger_panic_for_tests() -> Result<(), CareerkitError> {
    errors::offload(|| {
        let empty: Vec<u8> = Vec::new();
        // Indexing out of bounds panics; clippy's panic lints do not see through it.
        let _ = empty[empty.len()];
        Ok(())
    })
    .await
}
