//! Jobs a person tracks: deduplication across job boards and analytics over their
//! applications (the funnel) and the skills their jobs ask for (demand trends).

mod analytics;
mod dedupe;

pub use analytics::{
    funnel, skill_trends, Application, ApplicationStage, Funnel, SkillSeries, SkillTrends,
};
pub use dedupe::{canonical_url, Deduplicator, DuplicateGroup, DuplicateReason, JobPosting};
