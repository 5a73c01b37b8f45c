//! Rewrites that never invent. An [`Edit`] to a [`ResumeDocument`] (rewrite a bullet, add or
//! reorder skills, reorder sections, tighten the summary) is checked against the user's own
//! profile by [`guard::Guard`] before a person sees it: a new employer, title, date, degree or
//! number the profile does not hold rejects it; a skill the profile does not evidence needs the
//! user's confirmation. [`propose`] makes edits aimed at a posting's gaps, each with its evidence
//! and the score change measured by re-scoring the edited resume; [`apply`] applies an approved
//! edit by stable id.
//!
//! ```
//! use careerkit_core::document::ResumeDocument;
//! use careerkit_core::profile::{Experience, Profile};
//! use careerkit_core::provenance::Field;
//! use careerkit_core::rewrite::{apply, guard::{Decision, Guard}, Edit};
//! use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
//!
//! let mut profile = Profile::default();
//! profile.experience.push(Experience {
//!     title: Some(Field::from_user("Backend Engineer".into())),
//!     company: Some(Field::from_user("Lumen Freight".into())),
//!     bullets: vec![Field::from_user("Cut AWS spend by 28% with Terraform".into())],
//!     ..Experience::default()
//! });
//! let doc = ResumeDocument::from_profile(&profile);
//! let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
//! let guard = Guard::new(&profile, &extractor);
//!
//! let faithful = Edit::RewriteBullet {
//!     bullet_id: "experience-0-b0".into(),
//!     text: "Reduced AWS costs 28% by codifying infrastructure in Terraform".into(),
//! };
//! let verdict = guard.check(&doc, &faithful);
//! assert_eq!(verdict.decision, Decision::Accepted);
//! let edited = apply(&doc, &verdict.approve(false)?)?;
//! assert!(edited.sections[0].entries[0].bullets[0].text.starts_with("Reduced"));
//!
//! let invented = Edit::RewriteBullet {
//!     bullet_id: "experience-0-b0".into(),
//!     text: "Cut AWS spend by 45% at Google".into(),
//! };
//! let verdict = guard.check(&doc, &invented);
//! assert_eq!(verdict.decision, Decision::Rejected);
//! assert!(verdict.approve(true).is_err());
//! # Ok::<(), careerkit_core::Error>(())
//! ```

mod apply;
pub(crate) mod facts;
pub mod guard;
pub mod propose;

use serde::{Deserialize, Serialize};

pub use apply::apply;
pub use guard::{ApprovedEdit, Decision, Finding, FindingKind, Guard, Verdict};
pub use propose::{propose, Proposal, ProposalContext};

/// The longest bullet an edit may write: past this a bullet stops being read (and a model that
/// runs on is looping). The JSON Schema of [`Edit`] carries these bounds, so providers that
/// decode under the schema (careerkit's local model) stop there.
pub const MAX_BULLET_CHARS: u32 = 320;
/// The longest summary an edit may write.
pub const MAX_SUMMARY_CHARS: u32 = 700;
/// The longest skill name an edit may add.
pub const MAX_SKILL_CHARS: u32 = 60;
/// The longest id an edit may address.
pub const MAX_ID_CHARS: u32 = 80;

/// A change to the working resume document, addressed by stable ids. (Plain words only: this
/// text is the schema's description, which models read and small ones copy.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    /// Replace one bullet's text.
    RewriteBullet {
        /// The bullet's id (`"experience-0-b2"`).
        #[schemars(length(min = 1, max = MAX_ID_CHARS))]
        bullet_id: String,
        /// The new text.
        #[schemars(length(min = 1, max = MAX_BULLET_CHARS))]
        text: String,
    },
    /// Replace the summary paragraph.
    RewriteSummary {
        /// The new text.
        #[schemars(length(min = 1, max = MAX_SUMMARY_CHARS))]
        text: String,
    },
    /// Add a skill to the skills list.
    AddSkill {
        /// The skill as it should read.
        #[schemars(length(min = 1, max = MAX_SKILL_CHARS))]
        skill: String,
    },
    /// Reorder the skills list (a permutation of the current items).
    ReorderSkills {
        /// The items in their new order.
        order: Vec<String>,
    },
    /// Reorder sections (a permutation of the current section ids).
    ReorderSections {
        /// Section ids in their new order.
        order: Vec<String>,
    },
}

impl Edit {
    /// The new text the edit brings (what the fabrication checks read), if any.
    pub fn new_text(&self) -> Option<&str> {
        match self {
            Edit::RewriteBullet { text, .. } | Edit::RewriteSummary { text } => Some(text),
            Edit::AddSkill { skill } => Some(skill),
            Edit::ReorderSkills { .. } | Edit::ReorderSections { .. } => None,
        }
    }
}

/// The items of the document's skills list, in order (empty without a skills section).
pub(crate) fn document_skills(doc: &crate::document::ResumeDocument) -> Vec<String> {
    doc.section(crate::profile::SectionKind::Skills)
        .and_then(|section| section.entries.first())
        .map(|entry| skill_items(&entry.paragraphs.join(", ")))
        .unwrap_or_default()
}

/// The items of a skills paragraph ("Python, Go, SQL" -> three items).
pub(crate) fn skill_items(paragraph: &str) -> Vec<String> {
    paragraph
        .split([',', ';', '·', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
