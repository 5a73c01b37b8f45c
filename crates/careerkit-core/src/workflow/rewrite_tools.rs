//! The rewrite agent's tools: read the working resume, the gaps and the edits the evidence
//! supports; propose an edit (a write tool: checked by the fabrication guard before a person
//! sees it, applied once after approval, as a new document version).

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{json, Value};

use super::jobs::profile_id;
use super::ParsedUpload;
use crate::agent::{Tool, ToolBox, ToolContext, ToolKind};
use crate::analysis::GapAnalysis;
use crate::document::ResumeDocument;
use crate::jd::JobDescription;
use crate::llm::ToolSpec;
use crate::rewrite::{
    apply, document_skills, propose, Decision, Edit, Guard, Proposal, ProposalContext, Verdict,
};
use crate::session::SessionState;
use crate::skills::SkillExtractor;
use crate::store::{ArtifactKind, OwnerId, Store, Transition};
use crate::Result;

/// The rewrite agent's name.
pub const REWRITE_AGENT: &str = "rewrite";

/// The rewrite agent's write tool: one edit to the working resume, approved by a person.
pub const EDIT_TOOL: &str = "edit_resume";

/// The rewrite agent's instructions.
pub(super) const SYSTEM_PROMPT: &str = "You improve a resume for one job. Use get_gaps, \
suggest_edits and get_resume to see the gaps, the edits the resume's own evidence supports, and \
the resume with its ids. Propose changes only with edit_resume, one at a time, keeping every \
fact true: never add an employer, title, date, degree, number or skill the resume does not \
already show. Then summarise what you proposed in two sentences.";

/// The tools of the rewrite agent: the read tools and the edit.
pub(super) fn toolbox(store: Arc<dyn Store>, skills: Arc<SkillExtractor>) -> Result<ToolBox> {
    read_tools(Arc::clone(&store), Arc::clone(&skills))?
        .with(Arc::new(EditResume { store, skills }))
}

/// The tools that only read the session: the working resume, the gaps, the supported edits.
pub(super) fn read_tools(store: Arc<dyn Store>, skills: Arc<SkillExtractor>) -> Result<ToolBox> {
    ToolBox::new()
        .with(Arc::new(GetResume {
            store: Arc::clone(&store),
        }))?
        .with(Arc::new(GetGaps {
            store: Arc::clone(&store),
        }))?
        .with(Arc::new(SuggestEdits { store, skills }))
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

struct SuggestEdits {
    store: Arc<dyn Store>,
    skills: Arc<SkillExtractor>,
}

#[async_trait]
impl Tool for SuggestEdits {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "suggest_edits".into(),
            description: "Edits aimed at the job's gaps that the resume's own evidence supports, \
                          best first, each with its rationale and expected score gain."
                .into(),
            parameters: json!({"type": "object", "properties": {}, "additionalProperties": false}),
        }
    }

    fn kind(&self) -> ToolKind {
        ToolKind::Read
    }

    async fn call(&self, context: &ToolContext, _arguments: Value) -> Result<Value> {
        let owner = owner_of(context)?;
        let proposals =
            suggestions(&*self.store, &self.skills, &owner, &context.session_id).await?;
        let top: Vec<Value> = proposals
            .iter()
            .take(5)
            .map(|proposal| {
                json!({
                    "edit": proposal.edit,
                    "rationale": proposal.rationale,
                    "expected_gain": proposal.expected_gain,
                })
            })
            .collect();
        Ok(Value::Array(top))
    }
}

/// The rule-based edit proposals for the session's working resume against its job, best
/// first (each passed by the guard and re-scored; see [`propose`]).
pub(super) async fn suggestions(
    store: &dyn Store,
    skills: &SkillExtractor,
    owner: &OwnerId,
    session_id: &str,
) -> Result<Vec<Proposal>> {
    let upload = parsed(store, owner, session_id).await?;
    let document: ResumeDocument = store
        .get_document(owner, &upload.document_id, None)
        .await?
        .decode()?;
    let jd: JobDescription =
        super::latest_artifact(store, owner, session_id, ArtifactKind::JobDescription).await?;
    Ok(propose(&ProposalContext {
        profile: &upload.profile,
        resume: &upload.text,
        document: &document,
        jd: &jd,
        extractor: skills,
        today: chrono::Utc::now().date_naive(),
    }))
}

/// The write tool: one [`Edit`] to the working resume, checked by the fabrication guard when
/// proposed and again when applied.
struct EditResume {
    store: Arc<dyn Store>,
    skills: Arc<SkillExtractor>,
}

impl EditResume {
    /// The guard's verdict on `arguments` against the latest document.
    async fn verdict(
        &self,
        owner: &OwnerId,
        session_id: &str,
        arguments: &Value,
    ) -> Result<Verdict> {
        let edit: Edit = serde_json::from_value(arguments.clone())?;
        let upload = parsed(&*self.store, owner, session_id).await?;
        let latest = self
            .store
            .get_document(owner, &upload.document_id, None)
            .await?;
        let document: ResumeDocument = latest.decode()?;
        Ok(Guard::new(&upload.profile, &self.skills).check(&document, &edit))
    }
}

#[async_trait]
impl Tool for EditResume {
    fn spec(&self) -> ToolSpec {
        let schema = schemars::schema_for!(Edit);
        ToolSpec {
            name: EDIT_TOOL.into(),
            description: "Propose one change to the resume: rewrite_bullet {bullet_id, text}, \
                          rewrite_summary {text}, add_skill {skill}, reorder_skills {order}, \
                          reorder_sections {order}. A person approves it before it applies; \
                          never add a fact the resume does not hold."
                .into(),
            parameters: serde_json::to_value(schema).unwrap_or_else(|_| json!({})),
        }
    }

    /// The schema with `bullet_id` narrowed to the bullets the working resume has.
    async fn spec_in(&self, context: &ToolContext) -> Result<ToolSpec> {
        let owner = owner_of(context)?;
        let upload = parsed(&*self.store, &owner, &context.session_id).await?;
        let document: ResumeDocument = self
            .store
            .get_document(&owner, &upload.document_id, None)
            .await?
            .decode()?;
        let ids: Vec<Value> = document
            .bullets()
            .map(|bullet| Value::from(bullet.id.as_str()))
            .collect();
        let skills = document_skills(&document).into_iter().map(Value::from);
        let sections = document.sections.iter().map(|s| Value::from(s.id.as_str()));
        let mut spec = self.spec();
        narrow_property(&mut spec.parameters, "bullet_id", ids);
        narrow_order(&mut spec.parameters, "reorder_skills", skills.collect());
        narrow_order(&mut spec.parameters, "reorder_sections", sections.collect());
        Ok(spec)
    }

    fn kind(&self) -> ToolKind {
        ToolKind::Write
    }

    async fn review(&self, context: &ToolContext, arguments: &Value) -> Result<Option<Value>> {
        let owner = owner_of(context)?;
        let verdict = self.verdict(&owner, &context.session_id, arguments).await?;
        if verdict.decision == Decision::Rejected {
            // The reasons, as the person (and the model) will read them.
            verdict.approve(false)?;
        }
        Ok(Some(serde_json::to_value(&verdict)?))
    }

    async fn call(&self, context: &ToolContext, arguments: Value) -> Result<Value> {
        let owner = owner_of(context)?;
        let edit: Edit = serde_json::from_value(arguments)?;
        apply_edit(
            &*self.store,
            &self.skills,
            &owner,
            &context.session_id,
            &edit,
            &EditAuthor {
                name: format!("agent:{REWRITE_AGENT}:{}", context.tool_call_id),
                confirmed: context.approved_by_person,
                run_id: Some(context.run_id.clone()),
            },
        )
        .await
    }
}

/// Restricts every property named `name` in `schema` (at any depth) to `values`; with no
/// values the schema is left as it is.
fn narrow_property(schema: &mut Value, name: &str, values: Vec<Value>) {
    if values.is_empty() {
        return;
    }
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(property)) = map
                .get_mut("properties")
                .and_then(|properties| properties.get_mut(name))
            {
                property.insert("enum".into(), Value::Array(values.clone()));
            }
            for child in map.values_mut() {
                narrow_property(child, name, values.clone());
            }
        }
        Value::Array(items) => {
            for child in items {
                narrow_property(child, name, values.clone());
            }
        }
        _ => {}
    }
}

/// Restricts the `order` of the edit variant `kind` (at any depth of `schema`) to lists of
/// exactly `items.len()` of `items`: a model can neither invent an item nor loop until its
/// token cap. With no items the schema is left as it is.
fn narrow_order(schema: &mut Value, kind: &str, items: Vec<Value>) {
    if items.is_empty() {
        return;
    }
    match schema {
        Value::Object(map) => {
            let properties = map.get_mut("properties").and_then(Value::as_object_mut);
            if let Some(properties) = properties.filter(|p| p["kind"]["const"] == kind) {
                properties.insert(
                    "order".into(),
                    json!({
                        "type": "array",
                        "items": {"enum": items},
                        "minItems": items.len(),
                        "maxItems": items.len(),
                        "uniqueItems": true,
                    }),
                );
            }
            for child in map.values_mut() {
                narrow_order(child, kind, items.clone());
            }
        }
        Value::Array(children) => {
            for child in children {
                narrow_order(child, kind, items.clone());
            }
        }
        _ => {}
    }
}

/// Who applies an edit, and whether they confirmed skills the profile does not evidence.
pub(super) struct EditAuthor {
    /// Stored as the new version's author; an edit by the same author is applied once.
    pub name: String,
    /// A person confirmed it (auto-approval never does).
    pub confirmed: bool,
    /// The run that applied it, recorded with the state change.
    pub run_id: Option<String>,
}

/// Checks `edit` with the fabrication guard against the latest document, applies it as a new
/// version (once per author), and moves the session to `rewrite_applied`.
pub(super) async fn apply_edit(
    store: &dyn Store,
    skills: &SkillExtractor,
    owner: &OwnerId,
    session_id: &str,
    edit: &Edit,
    author: &EditAuthor,
) -> Result<Value> {
    let upload = parsed(store, owner, session_id).await?;
    let versions = store
        .list_document_versions(owner, &upload.document_id)
        .await?;
    if let Some(done) = versions
        .iter()
        .find(|version| version.author == author.name)
    {
        return Ok(json!({"applied": true, "version": done.version, "repeated": true}));
    }
    let latest = store.get_document(owner, &upload.document_id, None).await?;
    let document: ResumeDocument = latest.decode()?;
    let verdict = Guard::new(&upload.profile, skills).check(&document, edit);
    let approved = verdict.approve(author.confirmed)?;
    let edited = apply(&document, &approved)?;
    let version = store
        .append_document_version(
            owner,
            &upload.document_id,
            latest.version,
            &author.name,
            &serde_json::to_value(&edited)?,
        )
        .await?;
    let session = store.get_session(owner, session_id).await?;
    if session.state != SessionState::RewriteApplied {
        let mut transition = Transition::new(session.state, SessionState::RewriteApplied);
        transition.run_id = author.run_id.clone();
        store
            .transition_session(owner, session_id, transition)
            .await?;
    }
    Ok(json!({"applied": true, "version": version.version, "decision": verdict.decision}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullet_ids_are_narrowed_wherever_the_property_appears() {
        let mut schema = serde_json::to_value(schemars::schema_for!(Edit)).unwrap_or_default();
        narrow_property(&mut schema, "bullet_id", vec![json!("experience-0-b1")]);
        let text = schema.to_string();
        assert!(text.contains(r#""enum":["experience-0-b1"]"#), "{text}");
        let mut untouched = json!({"properties": {"text": {"type": "string"}}});
        narrow_property(&mut untouched, "bullet_id", vec![json!("x")]);
        narrow_property(&mut untouched, "text", Vec::new());
        assert_eq!(
            untouched,
            json!({"properties": {"text": {"type": "string"}}})
        );
    }

    #[test]
    fn an_order_is_narrowed_only_in_its_own_edit_kind() {
        let mut schema = serde_json::to_value(schemars::schema_for!(Edit)).unwrap_or_default();
        narrow_order(
            &mut schema,
            "reorder_skills",
            vec![json!("Go"), json!("SQL")],
        );
        let variants = schema["oneOf"].as_array().cloned().unwrap_or_default();
        let order_of = |kind: &str| {
            variants
                .iter()
                .find(|v| v["properties"]["kind"]["const"] == kind)
                .map(|v| v["properties"]["order"].clone())
                .unwrap_or_default()
        };
        let skills = order_of("reorder_skills");
        assert_eq!(skills["items"]["enum"], json!(["Go", "SQL"]));
        assert_eq!(
            (skills["minItems"].clone(), skills["maxItems"].clone()),
            (json!(2), json!(2))
        );
        assert!(order_of("reorder_sections")["items"]["enum"].is_null());
    }
}
