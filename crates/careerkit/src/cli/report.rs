//! Printing an analysis for a person: the score with its breakdown, the skills, the changes worth
//! most, and the ATS checks. Shared by `match` and `demo`.

use careerkit::analysis::ats::AtsReport;
use careerkit::analysis::{GapAnalysis, SkillMatch};

use super::parse::truncate;

/// Prints the score, its factors as bars, the skills by status and the top suggestions.
pub fn print_analysis(gap: &GapAnalysis) {
    println!("Match score: {:.1} / 100", gap.score);
    println!();
    println!(
        "{:<22} {:>6} {:>6}  {:<20} detail",
        "factor", "points", "weight", ""
    );
    for factor in &gap.factors {
        println!(
            "{:<22} {:>6.1} {:>6.1}  {:<20} {}",
            factor.label,
            factor.points,
            factor.weight,
            bar(factor.raw, 20),
            truncate(&factor.detail, 60)
        );
    }
    println!();
    print_skills("Matched", &gap.matched);
    print_skills("Partial", &gap.partial);
    print_skills("Missing", &gap.missing);
    if !gap.suggestions.is_empty() {
        println!();
        println!("Changes that would raise the score most:");
        for suggestion in gap.suggestions.iter().take(6) {
            println!("  +{:<5.1} {}", suggestion.gain, suggestion.message);
        }
    }
}

/// Prints each ATS check as pass or fix.
pub fn print_ats(report: &AtsReport) {
    println!(
        "ATS readiness: {} of {} checks pass",
        report.passed,
        report.checks.len()
    );
    for check in &report.checks {
        let mark = if check.passed { "pass" } else { "fix " };
        println!("  [{mark}] {}", check.message);
    }
}

fn print_skills(title: &str, skills: &[SkillMatch]) {
    if skills.is_empty() {
        return;
    }
    let names: Vec<String> = skills
        .iter()
        .map(|s| format!("{} ({})", s.name, wire_name(&s.importance)))
        .collect();
    println!("{title:<8} {}", names.join(", "));
}

/// A bar of `width` cells filled to `share` in [0, 1].
pub fn bar(share: f64, width: usize) -> String {
    let filled = ((share.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// An enum's wire name (`"required"`, `"behavioural"`), as the JSON output spells it.
pub fn wire_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
