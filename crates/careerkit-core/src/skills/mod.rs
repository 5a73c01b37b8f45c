//! Skills: a taxonomy shipped with the crate and a fast phrase-automaton extractor that finds
//! skill mentions, with evidence spans, in resumes and job descriptions.
//!
//! ```
//! use careerkit_core::skills::{SkillExtractor, SkillTaxonomy, Qualifier};
//!
//! let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
//! let found = extractor.extract("Built services in Python 3 and Postgres on k8s. No Java required.");
//! let names: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
//! assert_eq!(names, ["Python", "PostgreSQL", "Kubernetes", "Java"]);
//! assert_eq!(found[3].qualifier, Qualifier::Negated);
//! # Ok::<(), careerkit_core::Error>(())
//! ```

mod extractor;
mod taxonomy;

pub use extractor::{Qualifier, SkillExtractor, SkillMention};
pub use taxonomy::{Skill, SkillCategory, SkillTaxonomy};
