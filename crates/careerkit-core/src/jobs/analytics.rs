//! Analytics over what a person tracks: the application funnel and skill-demand trends, each as
//! data plus a Vega-Lite chart a front end renders as is.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// How far an application got.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStage {
    /// Sent.
    Applied,
    /// Reached at least one interview.
    Interview,
    /// Received an offer.
    Offer,
    /// Accepted the offer.
    Accepted,
}

impl ApplicationStage {
    const ORDER: [ApplicationStage; 4] = [
        ApplicationStage::Applied,
        ApplicationStage::Interview,
        ApplicationStage::Offer,
        ApplicationStage::Accepted,
    ];
}

/// One tracked application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Application {
    /// The job it is for.
    pub job_id: String,
    /// The furthest stage it reached (a rejection after an interview still reached Interview).
    pub furthest_stage: ApplicationStage,
}

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FunnelStep {
    /// The stage.
    pub stage: ApplicationStage,
    /// Applications that reached it.
    pub count: usize,
    /// `count` over the previous step's count (`None` for the first step or after a zero).
    pub conversion: Option<f64>,
}

/// The applied -> interview -> offer -> accepted funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Funnel {
    /// One step per stage, in order.
    pub steps: Vec<FunnelStep>,
    /// A Vega-Lite bar chart of the steps.
    pub chart: serde_json::Value,
}

/// The funnel over `applications`: every application counts at each stage up to the furthest
/// it reached.
///
/// ```
/// use careerkit_core::jobs::{funnel, Application, ApplicationStage::*};
///
/// let apps: Vec<Application> = [Applied, Applied, Interview, Offer]
///     .into_iter()
///     .enumerate()
///     .map(|(i, furthest_stage)| Application { job_id: i.to_string(), furthest_stage })
///     .collect();
/// let f = funnel(&apps);
/// assert_eq!(f.steps.iter().map(|s| s.count).collect::<Vec<_>>(), [4, 2, 1, 0]);
/// assert_eq!(f.steps[1].conversion, Some(0.5));
/// ```
pub fn funnel(applications: &[Application]) -> Funnel {
    let mut steps: Vec<FunnelStep> = Vec::with_capacity(4);
    for stage in ApplicationStage::ORDER {
        let count = applications
            .iter()
            .filter(|a| a.furthest_stage >= stage)
            .count();
        let conversion = steps
            .last()
            .and_then(|prev| (prev.count > 0).then(|| count as f64 / prev.count as f64));
        steps.push(FunnelStep {
            stage,
            count,
            conversion,
        });
    }
    let values: Vec<serde_json::Value> = steps
        .iter()
        .map(|s| json!({"stage": s.stage, "count": s.count}))
        .collect();
    let chart = json!({
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Application funnel",
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {"field": "stage", "type": "nominal", "sort": null, "title": "Stage"},
            "y": {"field": "count", "type": "quantitative", "title": "Applications"}
        }
    });
    Funnel { steps, chart }
}

/// Demand for one skill over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillSeries {
    /// The skill's name.
    pub skill: String,
    /// Postings per period that ask for it.
    pub counts: Vec<usize>,
    /// `counts` over all postings of the period.
    pub shares: Vec<f64>,
    /// Least-squares slope of `shares` per period: above zero the skill is rising.
    pub slope: f64,
}

/// Skill demand over the jobs a person tracked, by month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillTrends {
    /// Months (`"2026-03"`), oldest first.
    pub periods: Vec<String>,
    /// Postings per month.
    pub postings: Vec<usize>,
    /// One series per skill, steepest rise first.
    pub series: Vec<SkillSeries>,
    /// A Vega-Lite line chart of the shares of the most asked-for skills.
    pub chart: serde_json::Value,
}

impl SkillTrends {
    /// Skills whose share rises, steepest first.
    pub fn rising(&self) -> impl Iterator<Item = &SkillSeries> {
        self.series.iter().filter(|s| s.slope > 0.0)
    }

    /// Skills whose share falls, steepest first.
    pub fn falling(&self) -> impl Iterator<Item = &SkillSeries> {
        self.series.iter().rev().filter(|s| s.slope < 0.0)
    }
}

/// Skill demand by month over `jobs`: each is a posting date and the skills it asks for (a
/// skill named twice in one posting counts once).
///
/// ```
/// use chrono::NaiveDate;
/// use careerkit_core::jobs::skill_trends;
///
/// let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
/// let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
/// let trends = skill_trends(&[
///     (d(1), s(&["Java", "SQL"])), (d(1), s(&["Java"])),
///     (d(2), s(&["Rust", "SQL"])), (d(2), s(&["Rust", "Java"])),
/// ]);
/// assert_eq!(trends.periods, ["2026-01", "2026-02"]);
/// assert_eq!(trends.rising().next().unwrap().skill, "Rust");
/// assert_eq!(trends.falling().next().unwrap().skill, "Java");
/// ```
pub fn skill_trends(jobs: &[(NaiveDate, Vec<String>)]) -> SkillTrends {
    let month = |d: &NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let periods: Vec<String> = jobs
        .iter()
        .map(|(d, _)| month(d))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut postings = vec![0usize; periods.len()];
    let mut counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (date, skills) in jobs {
        let Ok(p) = periods.binary_search(&month(date)) else {
            continue;
        };
        postings[p] += 1;
        let unique: BTreeSet<&str> = skills.iter().map(String::as_str).collect();
        for skill in unique {
            counts
                .entry(skill)
                .or_insert_with(|| vec![0; periods.len()])[p] += 1;
        }
    }
    let mut series: Vec<SkillSeries> = counts
        .into_iter()
        .map(|(skill, counts)| {
            let shares: Vec<f64> = counts
                .iter()
                .zip(&postings)
                .map(|(&c, &n)| if n == 0 { 0.0 } else { c as f64 / n as f64 })
                .collect();
            SkillSeries {
                skill: skill.to_string(),
                slope: slope(&shares),
                counts,
                shares,
            }
        })
        .collect();
    series.sort_by(|a, b| {
        b.slope
            .total_cmp(&a.slope)
            .then_with(|| a.skill.cmp(&b.skill))
    });
    let chart = trend_chart(&periods, &series);
    SkillTrends {
        periods,
        postings,
        series,
        chart,
    }
}

/// Least-squares slope of `ys` against 0, 1, 2, ...
fn slope(ys: &[f64]) -> f64 {
    let n = ys.len() as f64;
    if ys.len() < 2 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (num, den) = ys
        .iter()
        .enumerate()
        .fold((0.0, 0.0), |(num, den), (x, y)| {
            let dx = x as f64 - mean_x;
            (num + dx * (y - mean_y), den + dx * dx)
        });
    num / den
}

/// Line chart of the eight most asked-for skills' shares.
fn trend_chart(periods: &[String], series: &[SkillSeries]) -> serde_json::Value {
    let mut top: Vec<&SkillSeries> = series.iter().collect();
    top.sort_by_key(|s| std::cmp::Reverse(s.counts.iter().sum::<usize>()));
    top.truncate(8);
    let values: Vec<serde_json::Value> = top
        .iter()
        .flat_map(|s| {
            periods
                .iter()
                .zip(&s.shares)
                .map(move |(p, share)| json!({"period": p, "skill": s.skill, "share": share}))
        })
        .collect();
    json!({
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Skill demand in tracked jobs",
        "data": {"values": values},
        "mark": {"type": "line", "point": true},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": "Month"},
            "y": {"field": "share", "type": "quantitative", "title": "Share of postings", "axis": {"format": "%"}},
            "color": {"field": "skill", "type": "nominal"}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_gives_an_empty_but_valid_report() {
        let f = funnel(&[]);
        assert!(f
            .steps
            .iter()
            .all(|s| s.count == 0 && s.conversion.is_none()));
        let t = skill_trends(&[]);
        assert!(t.periods.is_empty() && t.series.is_empty());
        assert_eq!(t.chart["mark"]["type"], "line");
    }

    #[test]
    fn slope_of_a_flat_series_is_zero() {
        assert_eq!(slope(&[0.5, 0.5, 0.5]), 0.0);
        assert!((slope(&[0.0, 0.5, 1.0]) - 0.5).abs() < 1e-12);
    }
}
