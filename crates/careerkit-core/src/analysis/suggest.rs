//! Suggested changes, ranked by the points they add. Each gain is the score of the resume with
//! the change applied (an [`Overlay`]) minus the current score, so it holds by construction.

use serde::{Deserialize, Serialize};

use super::experience::{union_months, years, Months};
use super::features::{JdFeatures, JdItem, ResumeFeatures};
use super::score::{evaluate, round2, total, Evaluation, FactorId, Outcome, Overlay};

/// What to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SuggestionKind {
    /// Show the skill anywhere on the resume (a skills line, a bullet), in the posting's wording.
    AddSkill {
        /// Canonical skill id.
        skill_id: String,
        /// The wording to use, as the posting wrote it.
        keyword: String,
    },
    /// Mention the skill in these dated roles so they count towards the years asked.
    MentionInRoles {
        /// Canonical skill id.
        skill_id: String,
        /// The wording to use, as the posting wrote it.
        keyword: String,
        /// Indices into the profile's experience entries.
        experience: Vec<usize>,
    },
    /// The skill is shown, but not in the posting's words: use them too.
    UseKeyword {
        /// Canonical skill id.
        skill_id: String,
        /// The posting's wording.
        keyword: String,
    },
    /// Use the job title as the resume's headline.
    MatchTitle {
        /// The posting's title.
        title: String,
    },
}

/// A suggested change and the points it adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestion {
    /// What to change.
    pub kind: SuggestionKind,
    /// Points the score gains when the change is applied (to within rounding of the published
    /// points, 0.01 per factor).
    pub gain: f64,
    /// A sentence for the candidate: `Add evidence of Kubernetes ("Kubernetes"): +8.0`.
    pub message: String,
}

/// All suggestions with a gain of at least 0.01, best first.
pub(crate) fn suggestions(
    resume: &ResumeFeatures,
    jd: &JdFeatures,
    weights: &[(FactorId, f64)],
    eval: &Evaluation,
) -> Vec<Suggestion> {
    let base = total(weights, resume, jd, eval);
    let gain_of = |overlay: &Overlay| {
        round2(total(weights, resume, jd, &evaluate(resume, jd, overlay)) - base)
    };
    let mut out = Vec::new();
    for (item, outcome) in jd.items.iter().zip(&eval.outcomes) {
        let covered = super::score::keyword_covered(item, resume, &Overlay::default());
        let roles = match outcome {
            Outcome::Direct { credit, .. } if *credit >= 1.0 => Vec::new(),
            _ => roles_to_mention(resume, item),
        };
        let (kind, months) = if !roles.is_empty() {
            let kind = SuggestionKind::MentionInRoles {
                skill_id: item.skill_id.clone(),
                keyword: item.keyword.clone(),
                experience: roles.iter().map(|(i, _)| *i).collect(),
            };
            (kind, Some(months_with(resume, item, &roles)))
        } else if !matches!(outcome, Outcome::Direct { .. }) {
            let kind = SuggestionKind::AddSkill {
                skill_id: item.skill_id.clone(),
                keyword: item.keyword.clone(),
            };
            (kind, None)
        } else if !covered {
            let kind = SuggestionKind::UseKeyword {
                skill_id: item.skill_id.clone(),
                keyword: item.keyword.clone(),
            };
            (kind, None)
        } else {
            continue;
        };
        // Every kind shows the skill in the posting's wording; roles also bring their months.
        let overlay = Overlay {
            skills: vec![(&item.skill_id, months, &item.keyword)],
            title_matched: false,
        };
        let gain = gain_of(&overlay);
        if gain >= 0.01 {
            out.push(Suggestion {
                message: message(&kind, Some(item), resume, gain),
                kind,
                gain,
            });
        }
    }
    if let Some(title) = &jd.title {
        if eval.title_overlap < 1.0 {
            // A headline copied from the title also shows the skills the title names.
            let overlay = Overlay {
                skills: jd
                    .title_skills
                    .iter()
                    .map(|(i, wording)| (jd.items[*i].skill_id.as_str(), None, wording.as_str()))
                    .collect(),
                title_matched: true,
            };
            let gain = gain_of(&overlay);
            if gain >= 0.01 {
                let kind = SuggestionKind::MatchTitle {
                    title: title.clone(),
                };
                out.push(Suggestion {
                    message: message(&kind, None, resume, gain),
                    kind,
                    gain,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then_with(|| a.message.cmp(&b.message))
    });
    out
}

/// Dated roles that do not mention the item's skill yet, newest first, enough to reach the
/// years asked (all of them if even that falls short). Empty when no years are asked.
fn roles_to_mention(resume: &ResumeFeatures, item: &JdItem) -> Vec<(usize, Months)> {
    let Some(min) = item.years_min else {
        return Vec::new();
    };
    let mut candidates: Vec<(usize, Months)> = resume
        .entries
        .iter()
        .filter(|e| !e.skill_ids.contains(&item.skill_id))
        .filter_map(|e| Some((e.index, e.months?)))
        .collect();
    candidates.sort_by_key(|(_, (_, end))| std::cmp::Reverse(*end));
    let mut chosen = Vec::new();
    for candidate in candidates {
        if years(months_with(resume, item, &chosen)) >= min {
            break;
        }
        chosen.push(candidate);
        let added = months_with(resume, item, &chosen);
        if added == months_with(resume, item, &chosen[..chosen.len() - 1]) {
            chosen.pop();
        }
    }
    chosen
}

/// Months the skill would show with `roles` added.
fn months_with(resume: &ResumeFeatures, item: &JdItem, roles: &[(usize, Months)]) -> i32 {
    let mut intervals: Vec<Months> = resume
        .skills
        .get(&item.skill_id)
        .map(|s| s.intervals.clone())
        .unwrap_or_default();
    intervals.extend(roles.iter().map(|(_, m)| *m));
    union_months(&intervals)
}

fn message(
    kind: &SuggestionKind,
    item: Option<&JdItem>,
    resume: &ResumeFeatures,
    gain: f64,
) -> String {
    let name = item.map_or("", |i| i.name.as_str());
    match kind {
        SuggestionKind::AddSkill { keyword, .. } => {
            format!("Add evidence of {name} (\"{keyword}\"): +{gain:.1}")
        }
        SuggestionKind::MentionInRoles {
            keyword,
            experience,
            ..
        } => {
            let labels: Vec<&str> = experience
                .iter()
                .filter_map(|i| resume.entries.get(*i).map(|e| e.label.as_str()))
                .collect();
            let years = item.and_then(|i| i.years_min).unwrap_or_default();
            format!(
                "Show {years}+ years of {name} by mentioning \"{keyword}\" in your roles as {}: +{gain:.1}",
                labels.join("; ")
            )
        }
        SuggestionKind::UseKeyword { keyword, .. } => {
            format!("Use the posting's wording \"{keyword}\" for {name}: +{gain:.1}")
        }
        SuggestionKind::MatchTitle { title } => {
            format!("Use the job title \"{title}\" as your headline: +{gain:.1}")
        }
    }
}
