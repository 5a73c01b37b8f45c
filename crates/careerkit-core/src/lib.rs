//! careerkit-core: the domain types and the engine that needs neither network nor model.
//!
//! Resume files become a [`profile::Profile`] whose every attribute carries its
//! [`provenance::Provenance`]: where it came from, how it was extracted, how sure we are, and the
//! span of text it was read from.
//!
//! ```
//! use careerkit_core::intake::{extract_text, IntakeOptions};
//!
//! let text = extract_text(b"Jane Doe\njane@example.com\n", Some("cv.txt"), &IntakeOptions::default())?;
//! assert!(text.text.contains("jane@example.com"));
//! # Ok::<(), careerkit_core::Error>(())
//! ```

pub mod agent;
pub mod analysis;
pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod intake;
pub mod interview;
pub mod jd;
pub mod jobs;
pub mod jsonresume;
pub mod letter;
pub mod llm;
pub mod profile;
pub mod provenance;
pub mod rag;
pub mod rewrite;
pub mod run;
pub mod session;
pub mod skills;
pub mod store;
pub mod text;
pub mod transcribe;
pub mod workflow;

pub use error::{Error, ErrorKind, Result};
