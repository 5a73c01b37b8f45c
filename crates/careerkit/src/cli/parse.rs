//! `careerkit parse FILE [--json]`: the profile as a table of fields with their provenance, or
//! as JSON.

use std::path::Path;

use careerkit::profile::Profile;
use careerkit::provenance::{Extractor, Field};
use careerkit::Careerkit;

/// Prints the profile read from a resume.
pub fn run(kit: &Careerkit, path: &Path, json: bool) -> anyhow::Result<()> {
    let resume = super::read_resume(kit, path)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&resume.profile)?);
        return Ok(());
    }
    println!(
        "{} ({}, {} page(s))",
        path.display(),
        resume.text.format.as_str(),
        resume.text.page_count()
    );
    for warning in &resume.text.warnings {
        println!("warning: {}", serde_json::to_string(warning)?);
    }
    print_table(&resume.profile);
    Ok(())
}

/// One row per attribute: field, value, confidence, rule, page and span.
pub fn print_table(profile: &Profile) {
    println!(
        "{:<26} {:<52} {:>5}  {:<28} where",
        "field", "value", "conf", "rule"
    );
    let contact = &profile.contact;
    row("name", contact.name.as_ref());
    row("headline", contact.headline.as_ref());
    contact.emails.iter().for_each(|f| row("email", Some(f)));
    for phone in &contact.phones {
        let shown = Field::new(
            format!("{} ({})", phone.value.raw, phone.value.normalized),
            phone.provenance.clone(),
        );
        row("phone", Some(&shown));
    }
    row("location", contact.location.as_ref());
    for link in &contact.links {
        row(
            "link",
            Some(&Field::new(link.value.url.clone(), link.provenance.clone())),
        );
    }
    row("summary", profile.summary.as_ref());
    for (i, job) in profile.experience.iter().enumerate() {
        let label = format!("experience[{i}]");
        row(&format!("{label}.title"), job.title.as_ref());
        row(&format!("{label}.company"), job.company.as_ref());
        row(&format!("{label}.location"), job.location.as_ref());
        if let Some(dates) = &job.dates {
            row(
                &format!("{label}.dates"),
                Some(&Field::new(
                    dates.value.raw.clone(),
                    dates.provenance.clone(),
                )),
            );
        }
        println!(
            "{:<26} {} bullet(s)",
            format!("{label}.bullets"),
            job.bullets.len()
        );
    }
    for (i, school) in profile.education.iter().enumerate() {
        let label = format!("education[{i}]");
        row(&format!("{label}.institution"), school.institution.as_ref());
        row(&format!("{label}.degree"), school.degree.as_ref());
        row(&format!("{label}.field"), school.field_of_study.as_ref());
        if let Some(dates) = &school.dates {
            row(
                &format!("{label}.dates"),
                Some(&Field::new(
                    dates.value.raw.clone(),
                    dates.provenance.clone(),
                )),
            );
        }
    }
    for (label, list) in [
        ("skill", &profile.skills),
        ("certification", &profile.certifications),
        ("language", &profile.languages),
        ("award", &profile.awards),
    ] {
        list.iter().for_each(|f| row(label, Some(f)));
    }
}

fn row(label: &str, field: Option<&Field<String>>) {
    let Some(field) = field else { return };
    let p = &field.provenance;
    let rule = match &p.extractor {
        Extractor::Rule { name } => name.clone(),
        Extractor::Model { name } => format!("model:{name}"),
        Extractor::User => "user".to_string(),
    };
    let place = p
        .span
        .map(|s| format!("p{} {}..{}", s.page, s.start, s.end))
        .unwrap_or_default();
    println!(
        "{:<26} {:<52} {:>5.2}  {:<28} {}",
        label,
        truncate(&field.value, 52),
        p.confidence,
        truncate(&rule, 28),
        place
    );
}

/// Cuts `text` to `width` characters on one line, marking the cut with an ellipsis.
pub fn truncate(text: &str, width: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= width {
        one_line
    } else {
        let kept: String = one_line.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}
