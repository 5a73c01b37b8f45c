//! The skill taxonomy: canonical skills with categories, aliases and implications.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What kind of skill a skill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkillCategory {
    /// A programming or query language.
    Language,
    /// A framework or library.
    Framework,
    /// A database or data store.
    Database,
    /// A cloud platform or service.
    Cloud,
    /// A tool or platform.
    Tool,
    /// A method or practice (Agile, CI/CD, TDD).
    Method,
    /// A soft skill (communication, leadership).
    SoftSkill,
    /// A certification.
    Certification,
    /// Domain knowledge (accounting, logistics).
    Domain,
}

/// One canonical skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skill {
    /// Stable id (a lowercase slug such as `"postgresql"`).
    pub id: String,
    /// Canonical display name (`"PostgreSQL"`).
    pub name: String,
    /// Category.
    pub category: SkillCategory,
    /// Other ways people write it (`"postgres"`, `"psql"`), matched case-insensitively.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Ids of skills this one implies (React implies JavaScript).
    #[serde(default)]
    pub implies: Vec<String>,
}

/// A set of skills, indexed by id. Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct SkillTaxonomy {
    inner: Arc<TaxonomyInner>,
}

#[derive(Debug)]
struct TaxonomyInner {
    skills: Vec<Skill>,
    by_id: HashMap<String, usize>,
}

impl SkillTaxonomy {
    /// The taxonomy shipped with careerkit (`data/skills.json`).
    pub fn embedded() -> SkillTaxonomy {
        static EMBEDDED: OnceLock<SkillTaxonomy> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                let skills: Vec<Skill> =
                    serde_json::from_str(include_str!("../../data/skills.json"))
                        .unwrap_or_default();
                SkillTaxonomy::from_skills(skills).unwrap_or_else(|_| SkillTaxonomy::empty())
            })
            .clone()
    }

    fn empty() -> SkillTaxonomy {
        SkillTaxonomy {
            inner: Arc::new(TaxonomyInner {
                skills: Vec::new(),
                by_id: HashMap::new(),
            }),
        }
    }

    /// Builds a taxonomy from skills.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when two skills share an id or a skill implies an unknown id.
    pub fn from_skills(skills: Vec<Skill>) -> Result<SkillTaxonomy> {
        let mut by_id = HashMap::with_capacity(skills.len());
        for (i, skill) in skills.iter().enumerate() {
            if by_id.insert(skill.id.clone(), i).is_some() {
                return Err(Error::invalid(format!("duplicate skill id {:?}", skill.id)));
            }
        }
        for skill in &skills {
            if let Some(missing) = skill.implies.iter().find(|id| !by_id.contains_key(*id)) {
                return Err(Error::invalid(format!(
                    "skill {:?} implies unknown skill {missing:?}",
                    skill.id
                )));
            }
        }
        Ok(SkillTaxonomy {
            inner: Arc::new(TaxonomyInner { skills, by_id }),
        })
    }

    /// A new taxonomy with `extra` skills added (a product's own skills); an extra skill with
    /// an existing id replaces it.
    ///
    /// # Errors
    /// As [`SkillTaxonomy::from_skills`].
    pub fn extended(&self, extra: Vec<Skill>) -> Result<SkillTaxonomy> {
        let mut skills: Vec<Skill> = self
            .inner
            .skills
            .iter()
            .filter(|s| !extra.iter().any(|e| e.id == s.id))
            .cloned()
            .collect();
        skills.extend(extra);
        SkillTaxonomy::from_skills(skills)
    }

    /// All skills.
    pub fn skills(&self) -> &[Skill] {
        &self.inner.skills
    }

    /// The skill with this id.
    pub fn get(&self, id: &str) -> Option<&Skill> {
        self.inner.by_id.get(id).map(|&i| &self.inner.skills[i])
    }

    /// Every skill `id` implies, transitively (not including `id` itself).
    pub fn implied(&self, id: &str) -> Vec<&Skill> {
        let mut out: Vec<&Skill> = Vec::new();
        let mut stack: Vec<&str> = vec![id];
        while let Some(next) = stack.pop() {
            for implied in self
                .get(next)
                .map(|s| s.implies.as_slice())
                .unwrap_or_default()
            {
                if implied != id && !out.iter().any(|s| &s.id == implied) {
                    if let Some(skill) = self.get(implied) {
                        out.push(skill);
                        stack.push(&skill.id);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_taxonomy_loads_and_resolves_implications() {
        let t = SkillTaxonomy::embedded();
        assert!(t.skills().len() > 20);
        let implied: Vec<&str> = t.implied("nextjs").iter().map(|s| s.id.as_str()).collect();
        assert!(implied.contains(&"react") && implied.contains(&"javascript"));
    }

    #[test]
    fn unknown_implication_is_refused() {
        let bad = Skill {
            id: "x".into(),
            name: "X".into(),
            category: SkillCategory::Tool,
            aliases: vec![],
            implies: vec!["nope".into()],
        };
        assert!(SkillTaxonomy::from_skills(vec![bad]).is_err());
    }
}
