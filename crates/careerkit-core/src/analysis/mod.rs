//! Gap analysis: how a profile (and its resume text) meets a job description. Matched, partial
//! and missing skills with evidence from both sides, years per skill from dated roles, level,
//! title and degree fit, ATS keyword coverage, and an explainable 0-100 score whose factor points
//! add up to it, with suggestions ranked by the points they would add.
//!
//! The score is a sum of factors, each a weight times a raw value in `[0, 1]`: required skills
//! 45, preferred skills 10, ATS keywords 10, years of experience 15, seniority 8, job title 7,
//! education 5. A factor the posting gives nothing to compare (no preferred skills, no years, no
//! degree...) drops out and the rest are scaled back to 100. Skill factors are sums over skills
//! (each skill's share of the weight times its credit) and keywords a sum over keywords, so a
//! suggestion's gain is exactly the score of the changed resume minus the current one.
//!
//! Features are computed once per resume ([`ResumeFeatures`]) and per posting ([`JdFeatures`]);
//! [`GapAnalysis::compute`] on a pair is cheap, for ranking many postings or many candidates.
//!
//! ```
//! use careerkit_core::analysis::{GapAnalysis, MatchStatus};
//! use careerkit_core::jd::JobDescription;
//! use careerkit_core::profile::Profile;
//! use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
//! use careerkit_core::text::{DocumentFormat, ExtractedText};
//!
//! let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
//! let jd = JobDescription::parse(
//!     "Backend Engineer\nRequirements: Python, PostgreSQL and Docker. Redis is a plus. \
//!      You will build and run our APIs.",
//!     &extractor,
//! )?;
//! let resume = ExtractedText {
//!     format: DocumentFormat::Text,
//!     text: "Jane Doe\nBackend Engineer\nSkills: Python, Postgres, Docker".into(),
//!     page_starts: vec![0],
//!     warnings: vec![],
//! };
//! let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
//! let gap = GapAnalysis::analyze(&Profile::default(), &resume, &jd, &extractor, today);
//! assert_eq!(gap.matched.len(), 3);
//! assert_eq!(gap.missing[0].name, "Redis");
//! let sum: f64 = gap.factors.iter().map(|f| f.points).sum();
//! assert!((sum - gap.score).abs() < 1e-9);
//! # Ok::<(), careerkit_core::Error>(())
//! ```

pub mod ats;
pub mod chart;
mod experience;
mod features;
pub mod rank;
mod score;
mod suggest;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use features::{Evidence, EvidenceSource, JdFeatures, Relation, ResumeFeatures};
pub use score::FactorId;
pub use suggest::{Suggestion, SuggestionKind};

use crate::jd::{DegreeLevel, Importance, JobDescription, Seniority};
use crate::profile::Profile;
use crate::skills::{SkillCategory, SkillExtractor};
use crate::text::ExtractedText;
use experience::years;
use score::{evaluate, raw_value, round2, Outcome, Overlay};

/// Whether a skill the posting asks for is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Shown, with the years asked if any.
    Matched,
    /// Shown in part: a related skill, or fewer years than asked.
    Partial,
    /// Not shown.
    Missing,
}

/// Why a skill is only a partial match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartialReason {
    /// The resume shows a related skill (by the taxonomy's implications).
    RelatedSkill {
        /// The related skill's id.
        skill_id: String,
        /// Its name.
        name: String,
        /// How it relates to the skill asked for.
        relation: Relation,
    },
    /// The skill is shown, in dated roles covering fewer years than asked.
    FewerYears {
        /// Years shown.
        have: f64,
        /// Years asked.
        need: f64,
    },
}

/// One asked-for skill and how the resume meets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillMatch {
    /// Canonical skill id.
    pub skill_id: String,
    /// Canonical name.
    pub name: String,
    /// Category.
    pub category: SkillCategory,
    /// Required or preferred by the posting.
    pub importance: Importance,
    /// Matched, partial or missing.
    pub status: MatchStatus,
    /// Why it is partial.
    pub reason: Option<PartialReason>,
    /// Credit in `[0, 1]`: 1 matched; via a related skill 0.75 when it implies the one asked
    /// (more specific) and 0.25 when the one asked implies it (broader); with years asked and
    /// fewer shown, 0.5 plus half the share shown.
    pub credit: f64,
    /// Points this skill contributes to its factor (credit times its share of the weight).
    pub points: f64,
    /// Points it would contribute at full credit.
    pub max_points: f64,
    /// Years asked for this skill, if stated.
    pub years_required: Option<f64>,
    /// Years of dated roles that mention it (when shown directly).
    pub years_shown: Option<f64>,
    /// Where the posting asks for it.
    pub jd_evidence: Vec<Evidence>,
    /// Where the resume shows it (or the related skill).
    pub resume_evidence: Vec<Evidence>,
}

/// One factor of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreFactor {
    /// Which factor.
    pub id: FactorId,
    /// A short label.
    pub label: String,
    /// Its weight: the most points it can give (weights of a posting sum to 100).
    pub weight: f64,
    /// How well it is met, in `[0, 1]`.
    pub raw: f64,
    /// `weight * raw`, rounded to hundredths; the factors' points sum to the score.
    pub points: f64,
    /// What was compared, in words.
    pub detail: String,
}

/// Years of dated experience against the years asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExperienceFit {
    /// Years covered by dated roles, overlaps counted once.
    pub years_shown: f64,
    /// Years asked overall, if stated.
    pub years_required: Option<f64>,
}

/// Career level against the posting's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeniorityFit {
    /// The candidate's level (from the most recent title, else from years).
    pub candidate: Option<Seniority>,
    /// The posting's level.
    pub required: Option<Seniority>,
}

/// The job title against the resume's titles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TitleFit {
    /// The posting's title.
    pub job_title: Option<String>,
    /// The resume title (headline or role) sharing most of its words.
    pub closest_title: Option<String>,
    /// Share of the job title's words (level words aside) in that title.
    pub overlap: f64,
}

/// Degree against the one asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EducationFit {
    /// The lowest level the posting accepts.
    pub required: Option<DegreeLevel>,
    /// Whether equivalent experience is accepted.
    pub or_equivalent: bool,
    /// The candidate's highest degree level.
    pub candidate: Option<DegreeLevel>,
}

/// The posting's skill keywords found verbatim in the resume (case aside), as an ATS matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KeywordCoverage {
    /// Share found, in `[0, 1]` (0 when the posting names no skills).
    pub share: f64,
    /// Keywords found.
    pub found: Vec<String>,
    /// Keywords not found.
    pub missing: Vec<String>,
}

/// A profile measured against a job description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GapAnalysis {
    /// 0-100, the sum of the factors' points (both in hundredths).
    pub score: f64,
    /// The factors, each with weight, raw value and points.
    pub factors: Vec<ScoreFactor>,
    /// Skills shown in full.
    pub matched: Vec<SkillMatch>,
    /// Skills shown in part.
    pub partial: Vec<SkillMatch>,
    /// Skills not shown.
    pub missing: Vec<SkillMatch>,
    /// Years.
    pub experience: ExperienceFit,
    /// Level.
    pub seniority: SeniorityFit,
    /// Title.
    pub title: TitleFit,
    /// Degree.
    pub education: EducationFit,
    /// ATS keywords.
    pub keywords: KeywordCoverage,
    /// Changes that raise the score, best first.
    pub suggestions: Vec<Suggestion>,
}

impl GapAnalysis {
    /// Analyses one profile against one posting. `resume` is the text the profile was read from
    /// (skills are found in all of it, with spans); `today` ends "Present" date ranges.
    pub fn analyze(
        profile: &Profile,
        resume: &ExtractedText,
        jd: &JobDescription,
        extractor: &SkillExtractor,
        today: NaiveDate,
    ) -> GapAnalysis {
        GapAnalysis::compute(
            &ResumeFeatures::new(profile, resume, extractor, today),
            &JdFeatures::new(jd, extractor.taxonomy()),
        )
    }

    /// Scores a pair from precomputed features.
    pub fn compute(resume: &ResumeFeatures, jd: &JdFeatures) -> GapAnalysis {
        let weights = score::weights(jd);
        let eval = evaluate(resume, jd, &Overlay::default());
        let factors: Vec<ScoreFactor> = weights
            .iter()
            .map(|&(id, weight)| {
                let raw = raw_value(id, resume, jd, &eval);
                ScoreFactor {
                    id,
                    label: id.label().to_string(),
                    weight: round2(weight),
                    raw: (raw * 10_000.0).round() / 10_000.0,
                    points: round2(weight * raw),
                    detail: detail(id, resume, jd, &eval),
                }
            })
            .collect();
        let score = round2(factors.iter().map(|f| f.points).sum());
        let (mut matched, mut partial, mut missing) = (Vec::new(), Vec::new(), Vec::new());
        for (item, outcome) in jd.items.iter().zip(&eval.outcomes) {
            let m = skill_match(item, *outcome, resume, jd, &weights);
            match m.status {
                MatchStatus::Matched => matched.push(m),
                MatchStatus::Partial => partial.push(m),
                MatchStatus::Missing => missing.push(m),
            }
        }
        let (found, not_found): (Vec<_>, Vec<_>) =
            jd.items.iter().zip(&eval.covered).partition(|(_, c)| **c);
        let keyword = |(i, _): (&features::JdItem, &bool)| i.keyword.clone();
        GapAnalysis {
            score,
            matched,
            partial,
            missing,
            experience: ExperienceFit {
                years_shown: round2(years(resume.total_months)),
                years_required: jd.years_min,
            },
            seniority: SeniorityFit {
                candidate: resume.seniority,
                required: jd.seniority,
            },
            title: TitleFit {
                job_title: jd.title.clone(),
                closest_title: eval.best_title.map(|i| resume.titles[i].0.clone()),
                overlap: round2(eval.title_overlap),
            },
            education: EducationFit {
                required: jd.education.as_ref().map(|e| e.level),
                or_equivalent: jd.education.as_ref().is_some_and(|e| e.or_equivalent),
                candidate: resume.degree,
            },
            keywords: KeywordCoverage {
                share: raw_value(FactorId::KeywordCoverage, resume, jd, &eval),
                found: found.into_iter().map(keyword).collect(),
                missing: not_found.into_iter().map(keyword).collect(),
            },
            suggestions: suggest::suggestions(resume, jd, &weights, &eval),
            factors,
        }
    }
}

fn skill_match(
    item: &features::JdItem,
    outcome: Outcome,
    resume: &ResumeFeatures,
    jd: &JdFeatures,
    weights: &[(FactorId, f64)],
) -> SkillMatch {
    let factor = match item.importance {
        Importance::Required => FactorId::RequiredSkills,
        Importance::Preferred => FactorId::PreferredSkills,
    };
    let peers = jd
        .items
        .iter()
        .filter(|i| i.importance == item.importance)
        .count()
        .max(1);
    let max_points = weights
        .iter()
        .find(|(id, _)| *id == factor)
        .map_or(0.0, |(_, w)| w / peers as f64);
    let credit = outcome.credit();
    let (status, reason, resume_evidence, years_shown) = match outcome {
        Outcome::Direct { months, credit } => {
            let evidence = resume
                .skills
                .get(&item.skill_id)
                .map(|s| s.evidence.clone())
                .unwrap_or_default();
            let need = item.years_min.unwrap_or_default();
            if credit >= 1.0 {
                (MatchStatus::Matched, None, evidence, Some(years(months)))
            } else {
                let have = round2(years(months));
                let reason = PartialReason::FewerYears { have, need };
                (MatchStatus::Partial, Some(reason), evidence, Some(have))
            }
        }
        Outcome::Related { related, .. } => {
            let (id, name, relation) = &item.related[related];
            let evidence = resume
                .skills
                .get(id)
                .map(|s| s.evidence.clone())
                .unwrap_or_default();
            let reason = PartialReason::RelatedSkill {
                skill_id: id.clone(),
                name: name.clone(),
                relation: *relation,
            };
            (MatchStatus::Partial, Some(reason), evidence, None)
        }
        Outcome::Missing => (MatchStatus::Missing, None, Vec::new(), None),
    };
    SkillMatch {
        skill_id: item.skill_id.clone(),
        name: item.name.clone(),
        category: item.category,
        importance: item.importance,
        status,
        reason,
        credit,
        points: round2(max_points * credit),
        max_points: round2(max_points),
        years_required: item.years_min,
        years_shown: years_shown.map(round2),
        jd_evidence: item.evidence.clone(),
        resume_evidence,
    }
}

fn detail(
    id: FactorId,
    resume: &ResumeFeatures,
    jd: &JdFeatures,
    eval: &score::Evaluation,
) -> String {
    let count = |importance| {
        let items: Vec<f64> = jd
            .items
            .iter()
            .zip(&eval.outcomes)
            .filter(|(i, _)| i.importance == importance)
            .map(|(_, o)| o.credit())
            .collect();
        let full = items.iter().filter(|c| **c >= 1.0).count();
        let part = items.iter().filter(|c| **c > 0.0 && **c < 1.0).count();
        format!("{full} of {} shown, {part} in part", items.len())
    };
    match id {
        FactorId::RequiredSkills => count(Importance::Required),
        FactorId::PreferredSkills => count(Importance::Preferred),
        FactorId::KeywordCoverage => format!(
            "{} of {} keywords found verbatim",
            eval.covered.iter().filter(|c| **c).count(),
            eval.covered.len()
        ),
        FactorId::Experience => format!(
            "{:.1} years shown, {} asked",
            years(resume.total_months),
            jd.years_min.unwrap_or_default()
        ),
        FactorId::Seniority => format!(
            "candidate {}, posting {}",
            name_of(resume.seniority),
            name_of(jd.seniority)
        ),
        FactorId::Title => format!(
            "{:.0}% of the title's words in your closest title",
            eval.title_overlap * 100.0
        ),
        FactorId::Education => format!(
            "candidate {}, posting {}",
            name_of(resume.degree),
            name_of(jd.education.as_ref().map(|e| e.level))
        ),
    }
}

/// The serialised name of an enum value ("senior", "bachelor"), or "unknown".
fn name_of<T: Serialize>(value: Option<T>) -> String {
    value
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}
