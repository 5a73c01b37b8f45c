//! The grounded prompt of a message: the person's words plus the session's resume, job and gap
//! analysis, each fenced as data so nothing inside them can instruct the agent.

use super::Workflow;
use crate::agent::untrusted_block;
use crate::analysis::GapAnalysis;
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
        parts.push(untrusted_block(
            "resume",
            &serde_json::to_string(&document)?,
        ));
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
