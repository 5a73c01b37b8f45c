//! Ranking many jobs for one person (with their preferences) and many people for one job, on the
//! same explainable score as [`GapAnalysis`]. Features are prepared once per resume and per
//! posting, so ranking is one cheap scoring per pair.

use serde::{Deserialize, Serialize};

use super::{GapAnalysis, JdFeatures, ResumeFeatures};
use crate::jd::{JobDescription, RemotePolicy, SalaryPeriod, Seniority};

/// What a person wants from a job, beyond fitting it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Preferences {
    /// Places they will work, matched case-insensitively inside the posting's location; empty
    /// means anywhere. Remote postings satisfy any location.
    #[serde(default)]
    pub locations: Vec<String>,
    /// Arrangements they accept; empty means any.
    #[serde(default)]
    pub remote: Vec<RemotePolicy>,
    /// Lowest acceptable pay per year, in the posting's currency.
    #[serde(default)]
    pub min_salary_per_year: Option<f64>,
    /// The level they want.
    #[serde(default)]
    pub seniority: Option<Seniority>,
}

/// One job in a ranking for a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RankedJob {
    /// The caller's id for the job.
    pub id: String,
    /// The match score (0-100) of the person for the job.
    pub match_score: f64,
    /// How well the job meets the preferences, in `(0, 1]`: 1 when every preference is met.
    pub preference_fit: f64,
    /// `match_score * preference_fit`, what the ranking sorts by.
    pub rank_score: f64,
    /// Each preference the job does not meet, in words.
    pub unmet: Vec<String>,
}

/// One person in a ranking for a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RankedCandidate {
    /// The caller's id for the person.
    pub id: String,
    /// Their match score (0-100).
    pub match_score: f64,
    /// Required skills they do not show, most valuable first.
    pub missing_required: Vec<String>,
}

/// A job to rank: the caller's id, the parsed posting, and its prepared features.
pub type JobToRank<'a> = (&'a str, &'a JobDescription, &'a JdFeatures);

/// Ranks `jobs` for one person, best first (ties keep input order).
pub fn rank_jobs(
    resume: &ResumeFeatures,
    jobs: &[JobToRank<'_>],
    preferences: &Preferences,
) -> Vec<RankedJob> {
    let mut ranked: Vec<RankedJob> = jobs
        .iter()
        .map(|(id, job, features)| {
            let match_score = GapAnalysis::compute(resume, features).score;
            let (preference_fit, unmet) = preference_fit(job, preferences);
            RankedJob {
                id: (*id).to_string(),
                match_score,
                preference_fit,
                rank_score: (match_score * preference_fit * 100.0).round() / 100.0,
                unmet,
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.rank_score.total_cmp(&a.rank_score));
    ranked
}

/// Ranks people for one job, best first (ties keep input order).
pub fn rank_candidates(
    job: &JdFeatures,
    candidates: &[(&str, &ResumeFeatures)],
) -> Vec<RankedCandidate> {
    let mut ranked: Vec<RankedCandidate> = candidates
        .iter()
        .map(|(id, resume)| {
            let gap = GapAnalysis::compute(resume, job);
            let mut missing: Vec<_> = gap
                .missing
                .iter()
                .filter(|s| s.importance == crate::jd::Importance::Required)
                .collect();
            missing.sort_by(|a, b| b.max_points.total_cmp(&a.max_points));
            RankedCandidate {
                id: (*id).to_string(),
                match_score: gap.score,
                missing_required: missing.into_iter().map(|s| s.name.clone()).collect(),
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.match_score.total_cmp(&a.match_score));
    ranked
}

/// Multiplies a penalty per unmet preference: wrong place or arrangement 0.5, pay below the
/// minimum 0.6, level two or more steps off 0.7 (one step 0.9). Unknown facts are not penalised.
fn preference_fit(job: &JobDescription, prefs: &Preferences) -> (f64, Vec<String>) {
    let mut fit = 1.0;
    let mut unmet = Vec::new();
    let remote = job.remote.as_ref().map(|r| r.value);
    if !prefs.remote.is_empty() {
        if let Some(policy) = remote.filter(|p| !prefs.remote.contains(p)) {
            fit *= 0.5;
            unmet.push(format!("work arrangement is {policy:?}").to_lowercase());
        }
    }
    if !prefs.locations.is_empty() && remote != Some(RemotePolicy::Remote) {
        if let Some(location) = &job.location {
            let place = location.value.to_lowercase();
            if !prefs
                .locations
                .iter()
                .any(|l| place.contains(&l.to_lowercase()))
            {
                fit *= 0.5;
                unmet.push(format!("located in {}", location.value));
            }
        }
    }
    if let (Some(min), Some(salary)) = (prefs.min_salary_per_year, &job.salary) {
        let per_year = salary.max * yearly_factor(salary.period);
        if per_year < min {
            fit *= 0.6;
            unmet.push(format!(
                "pays up to {per_year:.0} {} a year",
                salary.currency
            ));
        }
    }
    if let (Some(wanted), Some(level)) = (prefs.seniority, job.seniority) {
        match (wanted.rank() - level.rank()).abs() {
            0 => {}
            1 => {
                fit *= 0.9;
                unmet.push(format!("level is {level:?}").to_lowercase());
            }
            _ => {
                fit *= 0.7;
                unmet.push(format!("level is {level:?}").to_lowercase());
            }
        }
    }
    (fit, unmet)
}

/// Converts pay per `period` to pay per year (full time: 40 h weeks, 52 weeks); a missing period
/// is taken as yearly.
fn yearly_factor(period: Option<SalaryPeriod>) -> f64 {
    match period {
        Some(SalaryPeriod::Hour) => 2080.0,
        Some(SalaryPeriod::Day) => 260.0,
        Some(SalaryPeriod::Week) => 52.0,
        Some(SalaryPeriod::Month) => 12.0,
        Some(SalaryPeriod::Year) | None => 1.0,
    }
}
