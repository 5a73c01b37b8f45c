//! Chart payloads for a gap analysis: Vega-Lite v5 specifications (JSON) a front end renders
//! as is (`vegaEmbed(el, spec)`), with the data inlined under `data.values`.

use serde_json::{json, Value};

use super::{GapAnalysis, MatchStatus, SkillMatch};

/// The Vega-Lite schema every spec declares.
pub const VEGA_LITE_SCHEMA: &str = "https://vega.github.io/schema/vega-lite/v5.json";

fn status_name(status: MatchStatus) -> &'static str {
    match status {
        MatchStatus::Matched => "matched",
        MatchStatus::Partial => "partial",
        MatchStatus::Missing => "missing",
    }
}

fn category_name(skill: &SkillMatch) -> String {
    serde_json::to_value(skill.category)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

/// A stacked bar chart: skills the posting asks for, by category, coloured matched / partial /
/// missing. One data row per skill (`skill`, `category`, `status`, `importance`).
pub fn skills_coverage(gap: &GapAnalysis) -> Value {
    let rows: Vec<Value> = gap
        .matched
        .iter()
        .chain(&gap.partial)
        .chain(&gap.missing)
        .map(|s| {
            json!({
                "skill": s.name,
                "category": category_name(s),
                "status": status_name(s.status),
                "importance": if s.importance == crate::jd::Importance::Required { "required" } else { "preferred" },
            })
        })
        .collect();
    json!({
        "$schema": VEGA_LITE_SCHEMA,
        "description": "Skills the job asks for, by category and match status",
        "data": { "values": rows },
        "mark": { "type": "bar", "tooltip": true },
        "encoding": {
            "y": { "field": "category", "type": "nominal", "title": "Category" },
            "x": { "aggregate": "count", "type": "quantitative", "title": "Skills" },
            "color": {
                "field": "status",
                "type": "nominal",
                "title": "Status",
                "scale": {
                    "domain": ["matched", "partial", "missing"],
                    "range": ["#2e7d32", "#f9a825", "#c62828"]
                }
            },
            "order": { "field": "status", "type": "nominal" },
            "detail": { "field": "skill", "type": "nominal" }
        }
    })
}

/// A horizontal stacked bar per factor: points earned and points missed (together, the
/// factor's weight). Rows: `factor`, `part` (`earned` / `missed`), `points`, `raw`.
pub fn score_breakdown(gap: &GapAnalysis) -> Value {
    let rows: Vec<Value> = gap
        .factors
        .iter()
        .flat_map(|f| {
            let missed = ((f.weight - f.points) * 100.0).round() / 100.0;
            [
                json!({ "factor": f.label, "part": "earned", "points": f.points, "raw": f.raw }),
                json!({ "factor": f.label, "part": "missed", "points": missed.max(0.0), "raw": f.raw }),
            ]
        })
        .collect();
    json!({
        "$schema": VEGA_LITE_SCHEMA,
        "description": format!("Match score {} of 100, by factor", gap.score),
        "title": format!("Match score: {}", gap.score),
        "data": { "values": rows },
        "mark": { "type": "bar", "tooltip": true },
        "encoding": {
            "y": { "field": "factor", "type": "nominal", "sort": null, "title": null },
            "x": { "field": "points", "type": "quantitative", "stack": "zero", "title": "Points" },
            "color": {
                "field": "part",
                "type": "nominal",
                "title": null,
                "scale": { "domain": ["earned", "missed"], "range": ["#1565c0", "#e0e0e0"] }
            },
            "order": { "field": "part", "type": "nominal" }
        }
    })
}
