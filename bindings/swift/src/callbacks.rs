//! Interfaces a host app implements in Swift or Kotlin and hands to careerkit.

use crate::errors::CareerkitError;
use crate::types::ExtraSkill;

/// Supplies a product's own skills (from its database, a remote config, ...), added to the
/// shipped taxonomy when a `Careerkit` is built; a skill with an existing id replaces it.
#[uniffi::export(with_foreign)]
pub trait SkillSource: Send + Sync {
    /// The skills to add. Throwing a `CareerkitError` fails the engine's construction with it.
    fn skills(&self) -> Result<Vec<ExtraSkill>, CareerkitError>;
}
