//! `careerkit skills FILE [--json]`.

use std::path::Path;

use careerkit::Careerkit;

/// Prints the skills found in a file: a JSON array of mentions, or one line per skill.
pub fn run(kit: &Careerkit, path: &Path, json: bool) -> anyhow::Result<()> {
    let text = super::read_document(kit, path)?;
    let mentions = kit.extract_skills(&text.text);
    if json {
        let rows: Vec<serde_json::Value> = mentions
            .iter()
            .map(|m| {
                serde_json::json!({
                    "name": m.name,
                    "category": m.category,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "qualifier": m.qualifier,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let mut seen: Vec<(&str, String, usize)> = Vec::new();
    for m in &mentions {
        match seen.iter_mut().find(|(name, _, _)| *name == m.name) {
            Some(row) => row.2 += 1,
            None => seen.push((
                &m.name,
                serde_json::to_string(&m.category)?.replace('"', ""),
                1,
            )),
        }
    }
    println!("{:<28} {:<14} mentions", "skill", "category");
    for (name, category, count) in seen {
        println!("{name:<28} {category:<14} {count}");
    }
    Ok(())
}
