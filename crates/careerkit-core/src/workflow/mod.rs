//! The session API a product calls: a tailoring session moves through the workflow
//! (`draft -> resume_uploaded -> jd_provided -> gap_analyzed -> rewrite_applied -> exported`)
//! while agents, with tools, do the work and a person approves what they write.
//!
//! Every state change is an atomic compare-and-set in the [`Store`] that records the run that
//! caused it; resume parsing runs as a queued job enqueued in the same transaction as the upload's
//! state change. Everything is persisted, so a session reopens in a new process where it was.

mod chat;
mod context;
mod jobs;
mod letters;
mod practice;
mod rewrite_tools;

use std::sync::Arc;

use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::agent::{Agent, AgentRuntime, Fallback, RequiredCall, RunLimits, StartOptions};
use crate::analysis::GapAnalysis;
use crate::document::ResumeDocument;
use crate::export::{export, ExportFormat};
use crate::intake::{detect_format, IntakeOptions};
use crate::jd::JobDescription;
use crate::llm::LlmProvider;
use crate::rag::Retriever;
use crate::rewrite::{Edit, Proposal, MAX_BULLET_CHARS};
use crate::run::{Event, RunStatus};
use crate::session::SessionState;
use crate::skills::SkillExtractor;
use crate::store::{
    ApprovalRecord, ApprovalStatus, ArtifactKind, FileMeta, OwnerId, Queue, SessionRecord, Store,
    Transition, Workspace, WorkspacePath,
};
use crate::{Error, Result};

pub use chat::CHAT_AGENT;
pub use jobs::PARSE_RESUME_JOB;
pub use rewrite_tools::{EDIT_TOOL, REWRITE_AGENT};

/// The engines and models a [`Workflow`] runs on.
pub struct WorkflowParts {
    /// Sessions, documents, runs, events, approvals, audit.
    pub store: Arc<dyn Store>,
    /// Durable jobs (resume parsing).
    pub queue: Arc<dyn Queue>,
    /// Session files.
    pub workspace: Arc<dyn Workspace>,
    /// The model agents talk to.
    pub provider: Arc<dyn LlmProvider>,
    /// Skills for job descriptions and analyses.
    pub skills: Arc<SkillExtractor>,
    /// Limits for uploaded resumes.
    pub intake: IntakeOptions,
    /// Limits for agent runs.
    pub limits: RunLimits,
    /// The knowledge base interview questions and feedback cite (none: uncited).
    pub knowledge: Option<Arc<dyn Retriever>>,
}

/// The resume parsed from a session's upload: its text and profile, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParsedUpload {
    /// The text in reading order.
    pub text: crate::text::ExtractedText,
    /// The profile read from it.
    pub profile: crate::profile::Profile,
    /// The workspace path of the original file.
    pub path: String,
    /// The working resume document made from it.
    pub document_id: String,
}

/// What a message to the rewrite agent asks for, beyond its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageOptions {
    /// The agent must answer with an edit proposal (`edit_resume`), not only with text: what a
    /// "suggest an edit" button sends. With careerkit's local model the proposal is decoded
    /// under the edit's JSON Schema, so even a small model produces one the guard can review.
    pub propose_edit: bool,
    /// With `propose_edit`: the proposal must rewrite this bullet (the one the person picked),
    /// so the model only writes its new text. An id the working resume lacks, or one given
    /// without `propose_edit`, is [`Error::invalid`] input and starts nothing.
    pub bullet_id: Option<String>,
}

impl MessageOptions {
    /// The call the run must make, if any, with `suggestions` (best first) giving its fallback:
    /// the best rule-based edit of the picked bullet, or the best one of any kind.
    fn required_call(&self, suggestions: &[Proposal]) -> Option<RequiredCall> {
        if !self.propose_edit {
            return None;
        }
        let fallback = suggestions
            .iter()
            .find(|proposal| match (&self.bullet_id, &proposal.edit) {
                (Some(wanted), Edit::RewriteBullet { bullet_id, .. }) => bullet_id == wanted,
                (Some(_), _) => false,
                (None, _) => true,
            })
            .and_then(|proposal| {
                Some(Fallback {
                    arguments: serde_json::to_value(&proposal.edit).ok()?,
                    note: format!(
                        "Here is careerkit's suggested edit: {}.",
                        proposal.rationale.trim_end_matches('.')
                    ),
                })
            });
        let arguments = self.bullet_id.as_ref().map(|id| {
            json!({
                "type": "object",
                "properties": {
                    "kind": {"const": "rewrite_bullet"},
                    "bullet_id": {"const": id},
                    "text": {"type": "string", "minLength": 1, "maxLength": MAX_BULLET_CHARS},
                },
                "required": ["kind", "bullet_id", "text"],
                "additionalProperties": false,
            })
        });
        Some(RequiredCall {
            tool: EDIT_TOOL.to_string(),
            arguments,
            fallback,
        })
    }
}

/// The session API. Cheap to clone; share one per process.
#[derive(Clone)]
pub struct Workflow {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    queue: Arc<dyn Queue>,
    workspace: Arc<dyn Workspace>,
    skills: Arc<SkillExtractor>,
    intake: IntakeOptions,
    runtime: Arc<AgentRuntime>,
    knowledge: Option<Arc<dyn Retriever>>,
}

impl std::fmt::Debug for Workflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workflow")
            .field("runtime", &self.inner.runtime)
            .finish()
    }
}

impl Workflow {
    /// A workflow over these parts, with the built-in agents (rewrite).
    pub fn new(parts: WorkflowParts) -> Result<Self> {
        let rewrite = Agent {
            name: REWRITE_AGENT.into(),
            system_prompt: rewrite_tools::SYSTEM_PROMPT.into(),
            tools: rewrite_tools::toolbox(Arc::clone(&parts.store), Arc::clone(&parts.skills))?,
            limits: parts.limits.clone(),
        };
        let chat = chat::agent(
            Arc::clone(&parts.store),
            Arc::clone(&parts.skills),
            parts.limits.clone(),
        )?;
        let runtime = Arc::new(AgentRuntime::new(
            Arc::clone(&parts.store),
            parts.provider,
            vec![rewrite, chat],
        ));
        Ok(Self {
            inner: Arc::new(Inner {
                store: parts.store,
                queue: parts.queue,
                workspace: parts.workspace,
                skills: parts.skills,
                intake: parts.intake,
                runtime,
                knowledge: parts.knowledge,
            }),
        })
    }

    /// The agent runtime (to drive runs that waited across a restart).
    pub fn runtime(&self) -> &Arc<AgentRuntime> {
        &self.inner.runtime
    }

    /// The durable job queue (for a worker to claim [`PARSE_RESUME_JOB`]s).
    pub fn queue(&self) -> &Arc<dyn Queue> {
        &self.inner.queue
    }

    /// Creates a session in `draft`.
    pub async fn create_session(&self, owner: &OwnerId, title: &str) -> Result<SessionRecord> {
        self.inner.store.create_session(owner, title, false).await
    }

    /// One session.
    pub async fn session(&self, owner: &OwnerId, session_id: &str) -> Result<SessionRecord> {
        self.inner.store.get_session(owner, session_id).await
    }

    /// Uploads a resume: checks its format and size, stores it in the workspace under
    /// `originals/`, and moves the session to `resume_uploaded` while enqueueing the parse job in
    /// the same transaction. A file careerkit cannot read is refused before anything is stored.
    pub async fn upload_resume(
        &self,
        owner: &OwnerId,
        session_id: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<FileMeta> {
        let state = self
            .state_allowing(owner, session_id, SessionState::ResumeUploaded)
            .await?;
        let format = detect_format(&bytes, Some(file_name), &self.inner.intake.limits)?;
        let name = sanitize_file_name(file_name, format.extension());
        let path = WorkspacePath::parse(&format!("originals/{name}"))?;
        let meta = self
            .inner
            .workspace
            .put(owner, session_id, &path, format.media_type(), bytes, "user")
            .await?;
        let job = jobs::parse_job(owner, session_id, &meta);
        self.inner
            .store
            .transition_session(
                owner,
                session_id,
                Transition::new(state, SessionState::ResumeUploaded).and_enqueue(job),
            )
            .await?;
        Ok(meta)
    }

    /// Runs one queued parse job (what a worker calls for [`PARSE_RESUME_JOB`]): parses the
    /// uploaded file and stores its profile and its first resume document.
    pub async fn run_parse_job(&self, payload: &serde_json::Value) -> Result<()> {
        jobs::parse_resume(self, payload).await
    }

    /// Claims and runs every parse job that is due, returning how many ran. Products run a
    /// worker; tests and the command-line tool call this.
    pub async fn run_due_jobs(&self) -> Result<usize> {
        jobs::run_due(self).await
    }

    /// The parsed resume of a session.
    pub async fn parsed_resume(&self, owner: &OwnerId, session_id: &str) -> Result<ParsedUpload> {
        let record = self
            .inner
            .store
            .get_profile(owner, &jobs::profile_id(session_id))
            .await?;
        record.decode()
    }

    /// Analyses a job description text, stores it, and moves the session to `jd_provided`.
    /// (A product fetches a link first: the facade's `Careerkit::fetch_job`.)
    pub async fn submit_job(
        &self,
        owner: &OwnerId,
        session_id: &str,
        text: &str,
    ) -> Result<JobDescription> {
        let state = self
            .state_allowing(owner, session_id, SessionState::JdProvided)
            .await?;
        let job = JobDescription::parse(text, &self.inner.skills)?;
        self.inner
            .store
            .put_artifact(
                owner,
                session_id,
                ArtifactKind::JobDescription,
                &serde_json::to_value(&job)?,
            )
            .await?;
        self.move_to(owner, session_id, state, SessionState::JdProvided)
            .await?;
        Ok(job)
    }

    /// The latest job description of a session.
    pub async fn job(&self, owner: &OwnerId, session_id: &str) -> Result<JobDescription> {
        latest_artifact(
            &*self.inner.store,
            owner,
            session_id,
            ArtifactKind::JobDescription,
        )
        .await
    }

    /// Runs the gap analysis of the parsed resume against the job, stores it, and moves the
    /// session to `gap_analyzed`.
    pub async fn analyze(&self, owner: &OwnerId, session_id: &str) -> Result<GapAnalysis> {
        let state = self
            .state_allowing(owner, session_id, SessionState::GapAnalyzed)
            .await?;
        let resume = self.parsed_resume_ready(owner, session_id).await?;
        let job = self.job(owner, session_id).await?;
        let analysis = GapAnalysis::analyze(
            &resume.profile,
            &resume.text,
            &job,
            &self.inner.skills,
            chrono::Utc::now().date_naive(),
        );
        self.inner
            .store
            .put_artifact(
                owner,
                session_id,
                ArtifactKind::Analysis,
                &serde_json::to_value(&analysis)?,
            )
            .await?;
        self.move_to(owner, session_id, state, SessionState::GapAnalyzed)
            .await?;
        Ok(analysis)
    }

    /// Sends a message to the rewrite agent: starts a run grounded in the session's resume,
    /// job and gap analysis (delimited as data), and returns its id at once.
    pub async fn send_message(
        &self,
        owner: &OwnerId,
        session_id: &str,
        message: &str,
    ) -> Result<String> {
        self.send_message_with(owner, session_id, message, MessageOptions::default())
            .await
    }

    /// As [`Workflow::send_message`], with `options` (for example: the reply must be an edit
    /// proposal). [`Error::invalid`] for a `bullet_id` the working resume lacks.
    pub async fn send_message_with(
        &self,
        owner: &OwnerId,
        session_id: &str,
        message: &str,
        options: MessageOptions,
    ) -> Result<String> {
        self.live_session(owner, session_id).await?;
        if let Some(wanted) = &options.bullet_id {
            if !options.propose_edit {
                return Err(Error::invalid("bullet_id is only used with propose_edit"));
            }
            let document = self.resume_document(owner, session_id).await?;
            if !document.bullets().any(|bullet| &bullet.id == wanted) {
                return Err(Error::invalid(format!(
                    "the resume has no bullet {wanted:?}"
                )));
            }
        }
        let prompt = context::grounded_message(self, owner, session_id, message).await?;
        let suggestions = if options.propose_edit {
            rewrite_tools::suggestions(&*self.inner.store, &self.inner.skills, owner, session_id)
                .await?
        } else {
            Vec::new()
        };
        let start = StartOptions {
            must_call: options.required_call(&suggestions),
        };
        self.inner
            .runtime
            .start_with(owner, session_id, REWRITE_AGENT, &prompt, start)
            .await
    }

    /// Starts a chat turn about the session (its resume, job and gap analysis, whichever
    /// exist yet) and returns the run's id at once: the answer streams as the run's
    /// `assistant_delta` events. The chat agent only reads; it never proposes an edit.
    ///
    /// # Errors
    /// `Conflict` for a cancelled session; `NotFound` for another owner's.
    pub async fn chat(&self, owner: &OwnerId, session_id: &str, message: &str) -> Result<String> {
        self.live_session(owner, session_id).await?;
        let prompt = context::grounded_message(self, owner, session_id, message).await?;
        self.inner
            .runtime
            .start(owner, session_id, CHAT_AGENT, &prompt)
            .await
    }

    /// A run's events after `after_event_id` (0 for all), ending after its terminal event.
    pub fn run_events(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        after_event_id: i64,
    ) -> BoxStream<'static, Result<Event>> {
        self.inner
            .runtime
            .events(owner, session_id, Some(run_id), after_event_id)
    }

    /// Interrupts a run; partial output is kept in its `run_interrupted` event.
    pub async fn interrupt(&self, owner: &OwnerId, run_id: &str) -> Result<RunStatus> {
        self.inner.runtime.interrupt(owner, run_id).await
    }

    /// Tool calls of a run that wait for a decision.
    pub async fn pending_approvals(
        &self,
        owner: &OwnerId,
        run_id: &str,
    ) -> Result<Vec<ApprovalRecord>> {
        self.inner
            .store
            .list_approvals(owner, run_id, Some(ApprovalStatus::Pending))
            .await
    }

    /// Approves a pending tool call; the run resumes in the background.
    pub async fn approve(&self, owner: &OwnerId, approval_id: &str) -> Result<()> {
        self.inner.runtime.decide(owner, approval_id, true).await
    }

    /// Rejects a pending tool call; the document stays as it was and the run resumes.
    pub async fn reject(&self, owner: &OwnerId, approval_id: &str) -> Result<()> {
        self.inner.runtime.decide(owner, approval_id, false).await
    }

    /// Turns auto-approval of write tools on or off for the session.
    pub async fn set_auto_approve(
        &self,
        owner: &OwnerId,
        session_id: &str,
        on: bool,
    ) -> Result<SessionRecord> {
        self.inner
            .store
            .set_auto_approve(owner, session_id, on)
            .await
    }

    /// The session's files.
    pub async fn files(&self, owner: &OwnerId, session_id: &str) -> Result<Vec<FileMeta>> {
        self.inner.workspace.list(owner, session_id).await
    }

    /// One file of the session.
    pub async fn read_file(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &str,
    ) -> Result<(FileMeta, Vec<u8>)> {
        let path = WorkspacePath::parse(path)?;
        self.inner.workspace.get(owner, session_id, &path).await
    }

    /// Stores a file the person uploads under `uploads/` (size and type checked by the
    /// workspace).
    pub async fn upload_file(
        &self,
        owner: &OwnerId,
        session_id: &str,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<FileMeta> {
        self.session(owner, session_id).await?;
        let path = WorkspacePath::parse(&format!("uploads/{}", sanitize_file_name(name, "bin")))?;
        self.inner
            .workspace
            .put(owner, session_id, &path, content_type, bytes, "user")
            .await
    }

    /// The session's working resume (latest version).
    pub async fn resume_document(
        &self,
        owner: &OwnerId,
        session_id: &str,
    ) -> Result<ResumeDocument> {
        let document_id = self.parsed_resume(owner, session_id).await?.document_id;
        self.inner
            .store
            .get_document(owner, &document_id, None)
            .await?
            .decode()
    }

    /// Applies an edit the person made or picked (for example one of
    /// [`crate::rewrite::propose`]'s proposals): checked by the fabrication guard, applied as a
    /// new document version, and the session moves to `rewrite_applied`. The person's call
    /// confirms skills the profile does not evidence; invented facts are refused.
    pub async fn apply_edit(
        &self,
        owner: &OwnerId,
        session_id: &str,
        edit: &crate::rewrite::Edit,
    ) -> Result<serde_json::Value> {
        self.state_allowing(owner, session_id, SessionState::RewriteApplied)
            .await?;
        let author = rewrite_tools::EditAuthor {
            name: format!("user:{}", uuid::Uuid::now_v7()),
            confirmed: true,
            run_id: None,
        };
        rewrite_tools::apply_edit(
            &*self.inner.store,
            &self.inner.skills,
            owner,
            session_id,
            edit,
            &author,
        )
        .await
    }

    /// Renders the working resume, stores it under `exports/`, and moves the session to
    /// `exported`.
    pub async fn export(
        &self,
        owner: &OwnerId,
        session_id: &str,
        format: ExportFormat,
    ) -> Result<(FileMeta, Vec<u8>)> {
        let state = self
            .state_allowing(owner, session_id, SessionState::Exported)
            .await?;
        let document = self.resume_document(owner, session_id).await?;
        let (meta, bytes) = self
            .store_export(owner, session_id, "resume", &document, format)
            .await?;
        self.move_to(owner, session_id, state, SessionState::Exported)
            .await?;
        Ok((meta, bytes))
    }

    /// Renders `document` as `format` and stores it as `exports/<stem>.<ext>` in the session's
    /// files.
    async fn store_export(
        &self,
        owner: &OwnerId,
        session_id: &str,
        stem: &str,
        document: &ResumeDocument,
        format: ExportFormat,
    ) -> Result<(FileMeta, Vec<u8>)> {
        let bytes = export(document, format)?;
        let path = WorkspacePath::parse(&format!("exports/{stem}.{}", format.extension()))?;
        let meta = self
            .inner
            .workspace
            .put(
                owner,
                session_id,
                &path,
                format.media_type(),
                bytes.clone(),
                "user",
            )
            .await?;
        Ok((meta, bytes))
    }

    /// Cancels the session (from any state but `cancelled`).
    pub async fn cancel(&self, owner: &OwnerId, session_id: &str) -> Result<SessionRecord> {
        let state = self
            .state_allowing(owner, session_id, SessionState::Cancelled)
            .await?;
        self.move_to(owner, session_id, state, SessionState::Cancelled)
            .await
    }

    /// The parsed resume, or `Conflict` while the parse job has not run yet.
    async fn parsed_resume_ready(&self, owner: &OwnerId, session_id: &str) -> Result<ParsedUpload> {
        self.parsed_resume(owner, session_id).await.map_err(|err| {
            if err.kind() == crate::ErrorKind::NotFound {
                Error::Conflict {
                    message: "the resume is not parsed yet; run the parse job first".into(),
                }
            } else {
                err
            }
        })
    }

    /// The session, unless it is cancelled (`Conflict`).
    async fn live_session(&self, owner: &OwnerId, session_id: &str) -> Result<SessionRecord> {
        let session = self.session(owner, session_id).await?;
        if session.state == SessionState::Cancelled {
            return Err(Error::Conflict {
                message: "the session is cancelled".into(),
            });
        }
        Ok(session)
    }

    /// The session's current state, if moving to `to` from it is legal (else `Conflict`).
    async fn state_allowing(
        &self,
        owner: &OwnerId,
        session_id: &str,
        to: SessionState,
    ) -> Result<SessionState> {
        let state = self.session(owner, session_id).await?.state;
        state.check_transition(to)?;
        Ok(state)
    }

    /// Moves the session from `from` to `to` (compare and set: `Conflict` if it moved since).
    async fn move_to(
        &self,
        owner: &OwnerId,
        session_id: &str,
        from: SessionState,
        to: SessionState,
    ) -> Result<SessionRecord> {
        self.inner
            .store
            .transition_session(owner, session_id, Transition::new(from, to))
            .await
    }
}

/// The newest artifact of `kind`, decoded.
async fn latest_artifact<T: serde::de::DeserializeOwned>(
    store: &dyn Store,
    owner: &OwnerId,
    session_id: &str,
    kind: ArtifactKind,
) -> Result<T> {
    let artifacts = store.list_artifacts(owner, session_id, kind).await?;
    artifacts
        .last()
        .ok_or_else(|| Error::NotFound {
            kind: "artifact",
            id: format!("{session_id}/{}", kind.as_str()),
        })?
        .decode()
}

/// A file name safe as one workspace path segment, keeping its extension (or `fallback_ext`).
fn sanitize_file_name(name: &str, fallback_ext: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches(['.', ' ']).to_string();
    if cleaned.is_empty() {
        format!("upload.{fallback_ext}")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_become_one_safe_segment() {
        assert_eq!(sanitize_file_name("../../etc/passwd", "txt"), "passwd");
        assert_eq!(
            sanitize_file_name("C:\\cv\\Jane Doe.pdf", "pdf"),
            "Jane Doe.pdf"
        );
        assert_eq!(sanitize_file_name("..", "pdf"), "upload.pdf");
        assert_eq!(sanitize_file_name("cv<1>.docx", "docx"), "cv_1_.docx");
    }
}
