//! The grounded prompt of a message: the person's words plus the session's resume, job and gap
//! analysis, each fenced as data so nothing inside them can instruct the agent.

use super::Workflow;
use crate::agent::untrusted_block;
use crate::analysis::GapAnalysis;
use crate::document::ResumeDocument;
use crate::jd::Importance;
use crate::store::{ArtifactKind, OwnerId};
use crate::Result;

/// Builds the user message of a run.
pub(super) async fn grounded_message(
    workflow: &Workflow,
    owner: &OwnerId,
    session_id: &str,
    message: &str,
) -> Result<String> {
    let mut parts = vec![untrusted_block("request", message)];
    if let Ok(document) = workflow.resume_document(owner, session_id).await {
        parts.push(untrusted_block("resume", &resume_lines(&document)));
    }
    if let Ok(job) = workflow.job(owner, session_id).await {
        let skills = |importance: Importance| {
            job.skills
                .iter()
                .filter(|skill| skill.importance == importance)
                .map(|skill| skill.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let summary = format!(
            "{} at {}. Required: {}. Preferred: {}.",
            job.title
                .as_ref()
                .map_or("(untitled role)", |f| f.value.as_str()),
            job.company
                .as_ref()
                .map_or("(company not stated)", |f| f.value.as_str()),
            skills(Importance::Required),
            skills(Importance::Preferred),
        );
        parts.push(untrusted_block("job", &summary));
    }
    if let Ok(analysis) = super::latest_artifact::<GapAnalysis>(
        &*workflow.inner.store,
        owner,
        session_id,
        ArtifactKind::Analysis,
    )
    .await
    {
        let missing: Vec<&str> = analysis.missing.iter().map(|m| m.name.as_str()).collect();
        parts.push(untrusted_block(
            "gaps",
            &format!(
                "Score {:.0}/100. Missing skills: {}.",
                analysis.score,
                missing.join(", ")
            ),
        ));
    }
    Ok(parts.join("\n\n"))
}

/// The most characters of the resume a prompt carries: with the job, the gaps and the tools,
/// it keeps the prompt inside a 4,096-token context (the local default's); the rest is one
/// `get_resume` call away.
const MAX_RESUME_CHARS: usize = 6_000;

/// The working resume as compact lines (headings, entries, bullets with their ids): a third of
/// the tokens of its JSON, so small local models have room to answer.
fn resume_lines(document: &ResumeDocument) -> String {
    let mut lines = vec![match &document.headline {
        Some(headline) => format!("{} | {headline}", document.name),
        None => document.name.clone(),
    }];
    for section in &document.sections {
        lines.push(format!("## {}", section.title));
        for entry in &section.entries {
            let heading = [entry.heading(), entry.meta.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" | ");
            if !heading.is_empty() {
                lines.push(heading);
            }
            lines.extend(entry.paragraphs.iter().cloned());
            lines.extend(
                entry
                    .bullets
                    .iter()
                    .map(|bullet| format!("- [{}] {}", bullet.id, bullet.text)),
            );
        }
    }
    let text = lines.join("\n");
    if text.chars().count() <= MAX_RESUME_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_RESUME_CHARS).collect();
    format!("{cut}\n... (cut here; get_resume returns the whole resume)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocBullet, DocEntry, DocSection};
    use crate::profile::SectionKind;

    fn document(bullets: usize) -> ResumeDocument {
        let entry = DocEntry {
            id: "experience-0".into(),
            title: Some("Engineer".into()),
            subtitle: Some("Acme".into()),
            bullets: (0..bullets)
                .map(|i| DocBullet {
                    id: format!("experience-0-b{i}"),
                    text: "Shipped the billing service to 40 clinics".into(),
                })
                .collect(),
            ..DocEntry::default()
        };
        ResumeDocument {
            name: "Ada".into(),
            sections: vec![DocSection {
                id: "experience".into(),
                kind: SectionKind::Experience,
                title: "Experience".into(),
                entries: vec![entry],
            }],
            ..ResumeDocument::default()
        }
    }

    #[test]
    fn the_resume_reaches_the_prompt_as_lines_with_bullet_ids_and_a_cap() {
        let short = resume_lines(&document(1));
        assert_eq!(
            short,
            "Ada\n## Experience\nEngineer — Acme\n- [experience-0-b0] Shipped the billing service to 40 clinics"
        );
        let long = resume_lines(&document(500));
        assert!(long.chars().count() < MAX_RESUME_CHARS + 80);
        assert!(long.ends_with("get_resume returns the whole resume)"));
    }
}
