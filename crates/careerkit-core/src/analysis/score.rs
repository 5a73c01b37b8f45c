//! The match score: named factors with weights, each a sum over items, and suggestions whose
//! gain is computed by scoring the changed resume, so a suggestion's "+8" is what applying it
//! adds (to rounding), by construction.

use serde::{Deserialize, Serialize};

use super::experience::years;
use super::features::{JdFeatures, JdItem, Relation, ResumeFeatures};
use crate::jd::{DegreeLevel, Importance, Seniority};

/// The factors of the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactorId {
    /// Required skills shown (an item per skill: full credit, partial, or none).
    RequiredSkills,
    /// Preferred skills shown.
    PreferredSkills,
    /// Share of the posting's skill keywords found verbatim in the resume.
    KeywordCoverage,
    /// Years of dated experience against the years asked.
    Experience,
    /// Career level against the posting's.
    Seniority,
    /// Overlap of the job title with the resume's titles.
    Title,
    /// Degree against the one asked.
    Education,
}

impl FactorId {
    /// A short label for charts and messages.
    pub fn label(self) -> &'static str {
        match self {
            FactorId::RequiredSkills => "Required skills",
            FactorId::PreferredSkills => "Preferred skills",
            FactorId::KeywordCoverage => "ATS keywords",
            FactorId::Experience => "Years of experience",
            FactorId::Seniority => "Seniority",
            FactorId::Title => "Job title",
            FactorId::Education => "Education",
        }
    }
}

/// Base weights (sum 100). A factor the posting gives nothing to compare (no preferred skills,
/// no years, no degree, ...) drops out and the others are scaled back to 100.
const BASE_WEIGHTS: [(FactorId, f64); 7] = [
    (FactorId::RequiredSkills, 45.0),
    (FactorId::PreferredSkills, 10.0),
    (FactorId::KeywordCoverage, 10.0),
    (FactorId::Experience, 15.0),
    (FactorId::Seniority, 8.0),
    (FactorId::Title, 7.0),
    (FactorId::Education, 5.0),
];

/// Credit for a skill shown only through a related skill: a more specific skill that implies it
/// (Next.js shown, React asked) says more than a broader one it implies (Python shown, FastAPI
/// asked).
pub(crate) fn related_credit(relation: Relation) -> f64 {
    match relation {
        Relation::Implies => 0.75,
        Relation::ImpliedBy => 0.25,
    }
}

/// The factors that apply to a posting, with weights summing to 100.
pub(crate) fn weights(jd: &JdFeatures) -> Vec<(FactorId, f64)> {
    let has = |importance| jd.items.iter().any(|i| i.importance == importance);
    let applies = |id: FactorId| match id {
        FactorId::RequiredSkills => has(Importance::Required),
        FactorId::PreferredSkills => has(Importance::Preferred),
        FactorId::KeywordCoverage => !jd.items.is_empty(),
        FactorId::Experience => jd.years_min.is_some_and(|y| y > 0.0),
        FactorId::Seniority => jd.seniority.is_some(),
        FactorId::Title => !jd.title_tokens.is_empty(),
        FactorId::Education => jd.education.is_some(),
    };
    let applicable: Vec<(FactorId, f64)> = BASE_WEIGHTS
        .into_iter()
        .filter(|(id, _)| applies(*id))
        .collect();
    let total: f64 = applicable.iter().map(|(_, w)| w).sum();
    applicable
        .into_iter()
        .map(|(id, w)| (id, w * 100.0 / total))
        .collect()
}

/// A hypothetical change to the resume: skills added (with an optional years figure and the
/// wording used) and, optionally, a headline equal to the job title.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overlay<'a> {
    /// (skill id, months shown for it if changed, wording added).
    pub skills: Vec<(&'a str, Option<i32>, &'a str)>,
    pub title_matched: bool,
}

impl Overlay<'_> {
    fn skill(&self, id: &str) -> Option<Option<i32>> {
        self.skills
            .iter()
            .find(|(s, _, _)| *s == id)
            .map(|(_, m, _)| *m)
    }

    fn has_form(&self, form: &str) -> bool {
        self.skills
            .iter()
            .any(|(_, _, f)| f.eq_ignore_ascii_case(form))
    }
}

/// How one asked-for skill fares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Outcome {
    /// Shown directly, with this many months in dated roles.
    Direct { months: i32, credit: f64 },
    /// Shown through related skill `related` (index into the item's `related`).
    Related { related: usize, credit: f64 },
    /// Not shown.
    Missing,
}

impl Outcome {
    pub fn credit(self) -> f64 {
        match self {
            Outcome::Direct { credit, .. } | Outcome::Related { credit, .. } => credit,
            Outcome::Missing => 0.0,
        }
    }
}

/// Credit for a skill shown with `months` of dated experience: full without a years ask; else
/// half plus half the share of the years asked.
pub(crate) fn direct_credit(item: &JdItem, months: i32) -> f64 {
    match item.years_min {
        Some(min) if min > 0.0 && years(months) < min => 0.5 + 0.5 * years(months) / min,
        _ => 1.0,
    }
}

pub(crate) fn outcome(item: &JdItem, resume: &ResumeFeatures, overlay: &Overlay) -> Outcome {
    let shown = resume.skills.get(&item.skill_id).map(|s| s.months);
    let months = match (overlay.skill(&item.skill_id), shown) {
        (Some(Some(months)), _) => Some(months),
        (Some(None), shown) => Some(shown.unwrap_or(0)),
        (None, shown) => shown,
    };
    if let Some(months) = months {
        return Outcome::Direct {
            months,
            credit: direct_credit(item, months),
        };
    }
    item.related
        .iter()
        .position(|(id, _, _)| resume.skills.contains_key(id) || overlay.skill(id).is_some())
        .map_or(Outcome::Missing, |related| Outcome::Related {
            related,
            credit: related_credit(item.related[related].2),
        })
}

pub(crate) fn keyword_covered(item: &JdItem, resume: &ResumeFeatures, overlay: &Overlay) -> bool {
    item.forms
        .iter()
        .any(|f| resume.forms.contains(f) || overlay.has_form(f))
}

/// Everything a score is computed from.
#[derive(Debug, Clone)]
pub(crate) struct Evaluation {
    pub outcomes: Vec<Outcome>,
    pub covered: Vec<bool>,
    pub title_overlap: f64,
    pub best_title: Option<usize>,
}

pub(crate) fn evaluate(resume: &ResumeFeatures, jd: &JdFeatures, overlay: &Overlay) -> Evaluation {
    let (best_title, title_overlap) = if overlay.title_matched {
        (None, 1.0)
    } else {
        title_overlap(resume, jd)
    };
    Evaluation {
        outcomes: jd
            .items
            .iter()
            .map(|i| outcome(i, resume, overlay))
            .collect(),
        covered: jd
            .items
            .iter()
            .map(|i| keyword_covered(i, resume, overlay))
            .collect(),
        title_overlap,
        best_title,
    }
}

/// The best share of the job title's words found in one of the resume's titles.
fn title_overlap(resume: &ResumeFeatures, jd: &JdFeatures) -> (Option<usize>, f64) {
    if jd.title_tokens.is_empty() {
        return (None, 0.0);
    }
    resume
        .titles
        .iter()
        .enumerate()
        .map(|(i, (_, tokens))| {
            let shared = jd
                .title_tokens
                .iter()
                .filter(|t| tokens.contains(t))
                .count();
            (Some(i), shared as f64 / jd.title_tokens.len() as f64)
        })
        .fold(
            (None, 0.0),
            |best, next| if next.1 > best.1 { next } else { best },
        )
}

/// 1 at the level asked or one above, 0.5 one below, 0 further below, 0.75 two or more above
/// (likely overqualified).
pub(crate) fn seniority_fit(candidate: Option<Seniority>, asked: Seniority) -> f64 {
    let Some(candidate) = candidate else {
        return 0.0;
    };
    match candidate.rank() - asked.rank() {
        0 | 1 => 1.0,
        -1 => 0.5,
        d if d >= 2 => 0.75,
        _ => 0.0,
    }
}

/// 1 at or above the level asked, 0.5 one level below (or no degree where equivalent
/// experience is accepted), else 0.
pub(crate) fn education_fit(
    candidate: Option<DegreeLevel>,
    asked: DegreeLevel,
    or_equivalent: bool,
) -> f64 {
    let floor = if or_equivalent { 0.5 } else { 0.0 };
    let fit: f64 = match candidate {
        Some(c) if c >= asked => 1.0,
        Some(c) if c as i32 + 1 == asked as i32 => 0.5,
        _ => 0.0,
    };
    fit.max(floor)
}

/// The raw value (0..1) of each factor, given an evaluation.
pub(crate) fn raw_value(
    id: FactorId,
    resume: &ResumeFeatures,
    jd: &JdFeatures,
    eval: &Evaluation,
) -> f64 {
    let mean_credit = |importance| {
        let (sum, n) = jd
            .items
            .iter()
            .zip(&eval.outcomes)
            .filter(|(i, _)| i.importance == importance)
            .fold((0.0, 0usize), |(sum, n), (_, o)| (sum + o.credit(), n + 1));
        if n == 0 {
            0.0
        } else {
            sum / n as f64
        }
    };
    match id {
        FactorId::RequiredSkills => mean_credit(Importance::Required),
        FactorId::PreferredSkills => mean_credit(Importance::Preferred),
        FactorId::KeywordCoverage => {
            let n = eval.covered.len().max(1) as f64;
            eval.covered.iter().filter(|c| **c).count() as f64 / n
        }
        FactorId::Experience => jd
            .years_min
            .map_or(0.0, |min| (years(resume.total_months) / min).min(1.0)),
        FactorId::Seniority => jd
            .seniority
            .map_or(0.0, |asked| seniority_fit(resume.seniority, asked)),
        FactorId::Title => eval.title_overlap,
        FactorId::Education => jd.education.as_ref().map_or(0.0, |e| {
            education_fit(resume.degree, e.level, e.or_equivalent)
        }),
    }
}

/// The unrounded score of an evaluation.
pub(crate) fn total(
    weights: &[(FactorId, f64)],
    resume: &ResumeFeatures,
    jd: &JdFeatures,
    eval: &Evaluation,
) -> f64 {
    weights
        .iter()
        .map(|&(id, w)| w * raw_value(id, resume, jd, eval))
        .sum()
}

/// Rounds to hundredths (the precision of every published point value).
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
