//! Skills: a taxonomy shipped with the crate, a fast phrase-automaton extractor that finds
//! skill mentions with evidence spans in resumes and job descriptions, and a small learned
//! tagger that finds skill and knowledge phrases and tells stated requirements from job
//! titles, company blurbs and benefits.
//!
//! ```
//! use careerkit_core::skills::{SkillExtractor, SkillTaxonomy, Qualifier};
//!
//! let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
//! let found = extractor.extract("Built services in Python 3 and Postgres on k8s. No Java required.");
//! let names: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
//! assert_eq!(names, ["Python", "PostgreSQL", "Kubernetes", "Java"]);
//! assert_eq!(found[0].version.as_deref(), Some("3"));
//! assert_eq!(found[3].qualifier, Qualifier::Negated);
//!
//! // Phrases no taxonomy holds, found by the learned tagger, with the skills inside them.
//! let jd = "Requirements:\nExperience with Terraform or other infrastructure as code tools";
//! for phrase in extractor.phrases(jd) {
//!     println!("{:?} {:?} {:?}", phrase.kind, phrase.text, phrase.skill_ids);
//! }
//! # Ok::<(), careerkit_core::Error>(())
//! ```
//!
//! Accuracy (held-out SkillSpan postings, resumes) is measured by `tests/skills_eval.rs`;
//! `data/NOTICE.md` says where the taxonomy and the tagger's training data come from.

mod eval;
mod extractor;
mod perceptron;
mod tagger;
mod taxonomy;
mod word_classes;

pub use eval::{LabelledSpan, LabelledText, SpanScores};
pub use extractor::{Qualifier, SkillExtractor, SkillMention, SkillPhrase};
pub use tagger::{PhraseKind, SkillTagger};
pub use taxonomy::{Skill, SkillCategory, SkillTaxonomy};
