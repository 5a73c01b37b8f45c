//! Per-resume and per-posting features, computed once, so scoring one pair is a few hash
//! lookups and some arithmetic: the bulk path (one resume against many postings, or the reverse)
//! never re-reads text.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::experience::{months_of, union_months, Months};
use crate::jd::{DegreeLevel, EducationRequirement, Importance, JobDescription, Seniority};
use crate::profile::{EndDate, Profile};
use crate::provenance::{Field, TextSpan};
use crate::skills::{Qualifier, SkillCategory, SkillExtractor, SkillMention, SkillTaxonomy};
use crate::text::ExtractedText;

/// Where a piece of evidence was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvidenceSource {
    /// The job description's text.
    JobDescription,
    /// The resume's extracted text.
    ResumeText,
    /// A profile attribute (`"skills"`, `"summary"`, `"headline"`, `"projects"`,
    /// `"certifications"`).
    Profile {
        /// The attribute's name.
        field: String,
    },
    /// An experience entry of the profile (its title or bullets).
    Experience {
        /// The entry's index in [`Profile::experience`].
        index: usize,
    },
}

/// A mention that supports a claim, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// The text as written.
    pub text: String,
    /// Character span into the resume's text or the posting's text, when known (a profile value
    /// typed by a user has none).
    pub span: Option<TextSpan>,
    /// Where it was found.
    pub source: EvidenceSource,
}

/// What the resume shows of one skill.
#[derive(Debug, Clone)]
pub(crate) struct ResumeSkill {
    pub evidence: Vec<Evidence>,
    /// Dated months of experience entries that mention the skill.
    pub intervals: Vec<Months>,
    /// `union_months(intervals)`.
    pub months: i32,
}

/// One experience entry, reduced to what suggestions need.
#[derive(Debug, Clone)]
pub(crate) struct EntryFeature {
    pub index: usize,
    pub label: String,
    pub months: Option<Months>,
    pub skill_ids: Vec<String>,
}

/// Everything scoring needs from one resume. Build with [`ResumeFeatures::new`], reuse for many
/// postings.
#[derive(Debug, Clone)]
pub struct ResumeFeatures {
    pub(crate) skills: HashMap<String, ResumeSkill>,
    /// Lowercased surface forms of every skill mention, for verbatim keyword coverage.
    pub(crate) forms: HashSet<String>,
    pub(crate) total_months: i32,
    /// Headline and experience titles, with their title tokens.
    pub(crate) titles: Vec<(String, Vec<String>)>,
    pub(crate) seniority: Option<Seniority>,
    pub(crate) degree: Option<DegreeLevel>,
    pub(crate) entries: Vec<EntryFeature>,
}

impl ResumeFeatures {
    /// Reads skills (with spans over `resume.text`), years per skill from dated experience
    /// entries (overlaps counted once; "Present" is `today`), titles, level and degree.
    pub fn new(
        profile: &Profile,
        resume: &ExtractedText,
        extractor: &SkillExtractor,
        today: NaiveDate,
    ) -> ResumeFeatures {
        let mut features = ResumeFeatures {
            skills: HashMap::new(),
            forms: HashSet::new(),
            total_months: 0,
            titles: Vec::new(),
            seniority: None,
            degree: None,
            entries: Vec::new(),
        };
        for m in extractor.extract(&resume.text) {
            let span = TextSpan {
                start: m.start,
                end: m.end,
                page: resume.page_of(m.start),
            };
            features.add(&m, Some(span), EvidenceSource::ResumeText);
        }
        let profile_fields = [
            (
                "headline",
                profile.contact.headline.iter().collect::<Vec<_>>(),
            ),
            ("summary", profile.summary.iter().collect()),
            ("skills", profile.skills.iter().collect()),
            ("certifications", profile.certifications.iter().collect()),
            (
                "projects",
                profile
                    .projects
                    .iter()
                    .flat_map(|p| p.name.iter().chain(&p.bullets))
                    .collect(),
            ),
        ];
        for (name, fields) in profile_fields {
            for field in fields {
                let source = EvidenceSource::Profile { field: name.into() };
                features.add_field(extractor, field, &source);
            }
        }
        let mut all_months = Vec::new();
        for (index, exp) in profile.experience.iter().enumerate() {
            let months = exp.dates.as_ref().and_then(|d| months_of(&d.value, today));
            all_months.extend(months);
            let source = EvidenceSource::Experience { index };
            let mut skill_ids = Vec::new();
            for field in exp.title.iter().chain(&exp.bullets) {
                for id in features.add_field(extractor, field, &source) {
                    if let Some(skill) = features.skills.get_mut(&id) {
                        skill.intervals.extend(months);
                    }
                    if !skill_ids.contains(&id) {
                        skill_ids.push(id);
                    }
                }
            }
            let value = |f: &Option<Field<String>>| f.as_ref().map(|f| f.value.clone());
            let label = match (value(&exp.title), value(&exp.company)) {
                (Some(t), Some(c)) => format!("{t} at {c}"),
                (t, c) => t.or(c).unwrap_or_else(|| format!("entry {}", index + 1)),
            };
            features.entries.push(EntryFeature {
                index,
                label,
                months,
                skill_ids,
            });
        }
        for skill in features.skills.values_mut() {
            skill.months = union_months(&skill.intervals);
        }
        features.total_months = union_months(&all_months);
        features.titles = profile
            .contact
            .headline
            .iter()
            .chain(profile.experience.iter().filter_map(|e| e.title.as_ref()))
            .map(|f| (f.value.clone(), title_tokens(&f.value)))
            .collect();
        features.seniority = most_recent_title(profile)
            .and_then(Seniority::from_title)
            .or_else(|| {
                (features.total_months > 0)
                    .then(|| Seniority::from_years(super::experience::years(features.total_months)))
            });
        features.degree = profile
            .education
            .iter()
            .filter_map(|e| e.degree.as_ref())
            .filter_map(|d| DegreeLevel::from_degree(&d.value))
            .max();
        features
    }

    fn add(&mut self, mention: &SkillMention, span: Option<TextSpan>, source: EvidenceSource) {
        if mention.qualifier == Qualifier::Negated {
            return;
        }
        self.forms.insert(mention.text.to_lowercase());
        let skill = self
            .skills
            .entry(mention.skill_id.clone())
            .or_insert_with(|| ResumeSkill {
                evidence: Vec::new(),
                intervals: Vec::new(),
                months: 0,
            });
        // The same span can be found in the text and in the profile field read from it.
        if span.is_none() || !skill.evidence.iter().any(|e| e.span == span) {
            skill.evidence.push(Evidence {
                text: mention.text.clone(),
                span,
                source,
            });
        }
    }

    /// Adds the mentions in a profile value; returns the skill ids found.
    fn add_field(
        &mut self,
        extractor: &SkillExtractor,
        field: &Field<String>,
        source: &EvidenceSource,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        for m in extractor.extract(&field.value) {
            if m.qualifier == Qualifier::Negated {
                continue;
            }
            self.add(&m, field_span(field, &m), source.clone());
            ids.push(m.skill_id);
        }
        ids
    }
}

/// The span of `mention` in the resume text, when the field's provenance span covers exactly its
/// value (so offsets inside the value carry over).
fn field_span(field: &Field<String>, mention: &SkillMention) -> Option<TextSpan> {
    let span = field.provenance.span?;
    (span.end - span.start == field.value.chars().count()).then_some(TextSpan {
        start: span.start + mention.start,
        end: span.start + mention.end,
        page: span.page,
    })
}

/// The title of the current job ("Present"), else of the entry that ended last, else the first.
fn most_recent_title(profile: &Profile) -> Option<&str> {
    let end_key = |e: &crate::profile::Experience| match e.dates.as_ref().and_then(|d| d.value.end)
    {
        Some(EndDate::Present) => i32::MAX,
        Some(EndDate::Date(d)) => d.month_index(),
        None => i32::MIN,
    };
    profile
        .experience
        .iter()
        .filter(|e| e.title.is_some())
        .enumerate()
        // Ties (undated) keep resume order: resumes list the newest first.
        .max_by_key(|(i, e)| (end_key(e), std::cmp::Reverse(*i)))
        .and_then(|(_, e)| e.title.as_ref())
        .map(|t| t.value.as_str())
}

const TITLE_STOP_WORDS: &[&str] = &[
    "senior",
    "sr",
    "junior",
    "jr",
    "staff",
    "principal",
    "lead",
    "mid",
    "level",
    "of",
    "and",
    "the",
    "for",
    "ii",
    "iii",
    "iv",
    "i",
];

/// Lowercase words of a title that say what the job is, not its level.
pub(crate) fn title_tokens(title: &str) -> Vec<String> {
    let mut out: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !TITLE_STOP_WORDS.contains(&w.as_str()))
        .collect();
    out.dedup();
    out
}

/// How a related skill relates to the one asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The resume's skill implies the one asked for (Next.js for React).
    Implies,
    /// The one asked for implies the resume's skill (React asked, JavaScript shown).
    ImpliedBy,
}

/// A skill the posting asks for, ready to score.
#[derive(Debug, Clone)]
pub(crate) struct JdItem {
    pub skill_id: String,
    pub name: String,
    pub category: SkillCategory,
    pub importance: Importance,
    pub years_min: Option<f64>,
    /// The posting's first wording, the one a suggestion tells the candidate to use.
    pub keyword: String,
    /// Every wording the posting used, lowercased.
    pub forms: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// Related skills: (id, name, relation).
    pub related: Vec<(String, String, Relation)>,
}

/// Everything scoring needs from one posting. Build with [`JdFeatures::new`], reuse for many
/// resumes.
#[derive(Debug, Clone)]
pub struct JdFeatures {
    pub(crate) items: Vec<JdItem>,
    pub(crate) title: Option<String>,
    pub(crate) title_tokens: Vec<String>,
    /// Skills named in the title: (item index, wording), added when a suggestion copies it.
    pub(crate) title_skills: Vec<(usize, String)>,
    pub(crate) seniority: Option<Seniority>,
    pub(crate) years_min: Option<f64>,
    pub(crate) education: Option<EducationRequirement>,
}

impl JdFeatures {
    /// Groups the posting's skills with their related skills from `taxonomy` (both directions of
    /// implication) and keeps the facts scoring compares.
    pub fn new(jd: &JobDescription, taxonomy: &SkillTaxonomy) -> JdFeatures {
        let implied: Vec<(&str, &str, Vec<String>)> = taxonomy
            .skills()
            .iter()
            .map(|s| {
                let ids = taxonomy
                    .implied(&s.id)
                    .iter()
                    .map(|i| i.id.clone())
                    .collect();
                (s.id.as_str(), s.name.as_str(), ids)
            })
            .collect();
        let items: Vec<JdItem> = jd
            .skills
            .iter()
            .map(|skill| {
                let mut related = Vec::new();
                for (id, name, implies) in &implied {
                    if *id == skill.skill_id {
                        related.extend(implies.iter().filter_map(|i| {
                            let s = taxonomy.get(i)?;
                            Some((s.id.clone(), s.name.clone(), Relation::ImpliedBy))
                        }));
                    } else if implies.contains(&skill.skill_id) {
                        related.push((id.to_string(), name.to_string(), Relation::Implies));
                    }
                }
                // The strongest relation first: the first related skill shown is the one used.
                related.sort_by_key(|(_, _, relation)| *relation != Relation::Implies);
                let mut forms: Vec<String> = skill
                    .mentions
                    .iter()
                    .map(|m| m.text.to_lowercase())
                    .collect();
                forms.sort_unstable();
                forms.dedup();
                JdItem {
                    skill_id: skill.skill_id.clone(),
                    name: skill.name.clone(),
                    category: skill.category,
                    importance: skill.importance,
                    years_min: skill.years.map(|y| y.min),
                    keyword: skill.keyword().to_string(),
                    forms,
                    evidence: skill
                        .mentions
                        .iter()
                        .map(|m| Evidence {
                            text: m.text.clone(),
                            span: Some(TextSpan {
                                start: m.start,
                                end: m.end,
                                page: 1,
                            }),
                            source: EvidenceSource::JobDescription,
                        })
                        .collect(),
                    related,
                }
            })
            .collect();
        let title_skills = jd
            .title
            .as_ref()
            .map(|t| {
                items
                    .iter()
                    .enumerate()
                    .flat_map(|(i, item)| {
                        item.evidence
                            .iter()
                            .filter(|e| {
                                e.span
                                    .is_some_and(|s| s.start >= t.span.start && s.end <= t.span.end)
                            })
                            .map(move |e| (i, e.text.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        JdFeatures {
            items,
            title: jd.title.as_ref().map(|t| t.value.clone()),
            title_tokens: jd
                .title
                .as_ref()
                .map(|t| title_tokens(&t.value))
                .unwrap_or_default(),
            title_skills,
            seniority: jd.seniority,
            years_min: jd.years_required.as_ref().map(|y| y.value.min),
            education: jd.education.clone(),
        }
    }
}
