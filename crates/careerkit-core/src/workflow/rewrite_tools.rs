//! The rewrite agent's tools: read the working resume and the gaps; propose a bullet rewrite
//! (a write tool: it waits for approval, is checked against the person's own evidence, and
//! applies once, as a new document version).

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{json, Value};

use super::jobs::profile_id;
use super::ParsedUpload;
use crate::agent::{Tool, ToolBox, ToolContext, ToolKind};
use crate::analysis::GapAnalysis;
use crate::document::ResumeDocument;
use crate::llm::ToolSpec;
use crate::session::SessionState;
use crate::skills::SkillExtractor;
use crate::store::{ArtifactKind, OwnerId, Store, Transition};
use crate::{Error, Result};

/// The rewrite agent's name.
pub const REWRITE_AGENT: &str = "rewrite";

/// The rewrite agent's instructions.
pub(super) const SYSTEM_PROMPT: &str = "You improve a resume for one job. Use get_resume and \
get_gaps to see the resume (with bullet ids) and the gaps. Propose changes only with \
rewrite_bullet, one bullet at a time, keeping every fact true: never add an employer, title, \
date, degree, number or skill the resume does not already show. Then summarise what you \
proposed in two sentences.";

/// The tools of the rewrite agent.
pub(super) fn toolbox(store: Arc<dyn Store>, skills: Arc<SkillExtractor>) -> Result<ToolBox> {
    ToolBox::new()
        .with(Arc::new(GetResume {
            store: Arc::clone(&store),
        }))?
        .with(Arc::new(GetGaps {
            store: Arc::clone(&store),
        }))?
        .with(Arc::new(RewriteBullet { store, skills }))
}

fn owner_of(context: &ToolContext) -> Result<OwnerId> {
    OwnerId::new(context.owner.clone())
}

async fn parsed(store: &dyn Store, owner: &OwnerId, session_id: &str) -> Result<ParsedUpload> {
    store
        .get_profile(owner, &profile_id(session_id))
        .await?
        .decode()
}

struct GetResume {
    store: Arc<dyn Store>,
}

#[async_trait]
impl Tool for GetResume {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "get_resume".into(),
            description: "The working resume: sections, entries and bullets with their ids.".into(),
            parameters: json!({"type": "object", "properties": {}, "additionalProperties": false}),
        }
    }

    fn kind(&self) -> ToolKind {
        ToolKind::Read
    }

    async fn call(&self, context: &ToolContext, _arguments: Value) -> Result<Value> {
        let owner = owner_of(context)?;
        let upload = parsed(&*self.store, &owner, &context.session_id).await?;
        Ok(self
            .store
            .get_document(&owner, &upload.document_id, None)
            .await?
            .data)
    }
}

struct GetGaps {
    store: Arc<dyn Store>,
}

#[async_trait]
impl Tool for GetGaps {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "get_gaps".into(),
            description: "The match score, the missing and partly shown skills, and the \
                          suggested changes from the gap analysis."
                .into(),
            parameters: json!({"type": "object", "properties": {}, "additionalProperties": false}),
        }
    }

    fn kind(&self) -> ToolKind {
        ToolKind::Read
    }

    async fn call(&self, context: &ToolContext, _arguments: Value) -> Result<Value> {
        let owner = owner_of(context)?;
        let analysis: GapAnalysis = super::latest_artifact(
            &*self.store,
            &owner,
            &context.session_id,
            ArtifactKind::Analysis,
        )
        .await?;
        let names = |skills: &[crate::analysis::SkillMatch]| -> Vec<String> {
            skills.iter().map(|s| s.name.clone()).collect()
        };
        Ok(json!({
            "score": analysis.score,
            "missing": names(&analysis.missing),
            "partial": names(&analysis.partial),
            "suggestions": analysis.suggestions,
        }))
    }
}

struct RewriteBullet {
    store: Arc<dyn Store>,
    skills: Arc<SkillExtractor>,
}

#[async_trait]
impl Tool for RewriteBullet {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "rewrite_bullet".into(),
            description: "Replace the text of one resume bullet (by id). Keep every fact true."
                .into(),
            parameters: json!({
                "type": "object",
                "properties": {
                    "bullet_id": {"type": "string", "minLength": 1},
                    "text": {"type": "string", "minLength": 3, "maxLength": 400},
                    "reason": {"type": "string", "maxLength": 300}
                },
                "required": ["bullet_id", "text"],
                "additionalProperties": false
            }),
        }
    }

    fn kind(&self) -> ToolKind {
        ToolKind::Write
    }

    async fn call(&self, context: &ToolContext, arguments: Value) -> Result<Value> {
        let owner = owner_of(context)?;
        let bullet_id = arguments["bullet_id"].as_str().unwrap_or_default();
        let text = arguments["text"].as_str().unwrap_or_default().trim();
        let upload = parsed(&*self.store, &owner, &context.session_id).await?;
        let author = format!("agent:{REWRITE_AGENT}:{}", context.tool_call_id);
        // Idempotent by tool call: a version this call already wrote is not written again.
        let versions = self
            .store
            .list_document_versions(&owner, &upload.document_id)
            .await?;
        if let Some(done) = versions.iter().find(|version| version.author == author) {
            return Ok(json!({"applied": true, "version": done.version, "repeated": true}));
        }
        let Some(latest) = versions.last() else {
            return Err(Error::NotFound {
                kind: "document",
                id: upload.document_id,
            });
        };
        let mut document: ResumeDocument = latest.decode()?;
        let bullet = document
            .sections
            .iter_mut()
            .flat_map(|section| section.entries.iter_mut())
            .flat_map(|entry| entry.bullets.iter_mut())
            .find(|bullet| bullet.id == bullet_id)
            .ok_or_else(|| Error::invalid(format!("no bullet with id {bullet_id:?}")))?;
        check_faithful(&upload, &self.skills, text)?;
        let before = std::mem::replace(&mut bullet.text, text.to_string());
        let version = self
            .store
            .append_document_version(
                &owner,
                &upload.document_id,
                latest.version,
                &author,
                &serde_json::to_value(&document)?,
            )
            .await?;
        let session = self.store.get_session(&owner, &context.session_id).await?;
        if session.state != SessionState::RewriteApplied {
            self.store
                .transition_session(
                    &owner,
                    &context.session_id,
                    Transition::new(session.state, SessionState::RewriteApplied)
                        .by_run(context.run_id.clone()),
                )
                .await?;
        }
        Ok(json!({"applied": true, "version": version.version, "before": before, "after": text}))
    }
}

/// Refuses a rewrite that states a number or a skill the person's resume does not hold.
fn check_faithful(upload: &ParsedUpload, skills: &SkillExtractor, text: &str) -> Result<()> {
    let source = upload.text.text.to_lowercase();
    let invented: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$'))
        .filter(|token| token.chars().any(|c| c.is_ascii_digit()))
        .filter(|token| !source.contains(&token.to_lowercase()))
        .collect();
    let held: Vec<String> = skills
        .extract(&upload.text.text)
        .into_iter()
        .map(|mention| mention.skill_id)
        .collect();
    let new_skills: Vec<String> = skills
        .extract(text)
        .into_iter()
        .filter(|mention| !held.contains(&mention.skill_id))
        .map(|mention| mention.name)
        .collect();
    if invented.is_empty() && new_skills.is_empty() {
        return Ok(());
    }
    let mut reasons = Vec::new();
    if !invented.is_empty() {
        reasons.push(format!(
            "numbers not in the resume: {}",
            invented.join(", ")
        ));
    }
    if !new_skills.is_empty() {
        reasons.push(format!(
            "skills the resume does not show (needs the person's confirmation): {}",
            new_skills.join(", ")
        ));
    }
    Err(Error::PermissionDenied {
        message: format!(
            "the rewrite is not supported by the resume: {}",
            reasons.join("; ")
        ),
    })
}
