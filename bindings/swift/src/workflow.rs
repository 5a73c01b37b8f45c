//! The session API (`careerkit::workflow::Workflow`) for Swift and Kotlin: sessions, uploads,
//! runs and their event streams, approvals, files, export and interview practice. Conversion
//! only: each method is an async function on careerkit's tokio runtime, returning the records in
//! [`crate::session_types`].

use std::sync::Arc;

use careerkit::interview::feedback::Answer;
use careerkit::llm::LlmProvider;
use careerkit::rag::Retriever;
use careerkit::run::Event;
use careerkit::sessions::WorkflowSetup;
use careerkit::store::{KeyProvider, OwnerId};
use careerkit_llm::ProviderConfig;
use futures::stream::BoxStream;
use futures::StreamExt;
use tokio::sync::{watch, Mutex};

use crate::callbacks::{HostKeyProvider, HostKeys};
use crate::errors::{offload, CareerkitError};
use crate::letter::{self, CoverLetter, LetterLength, LetterTone};
use crate::llm::{HostLlmProvider, HostProvider};
use crate::session_types::{
    AnswerFeedback, AnswerInput, Approval, FileContent, InterviewQuestion, MessageOptions,
    QuestionRequest, RunEvent, Session, StoredFile, WorkflowOptions,
};
use crate::types::{to_json, ExportFormat, JobDescription, MatchResult};

fn owner(id: &str) -> Result<OwnerId, CareerkitError> {
    Ok(OwnerId::new(id)?)
}

/// Converts every element of `items`.
fn all<T, U: TryFrom<T, Error = CareerkitError>>(items: Vec<T>) -> Result<Vec<U>, CareerkitError> {
    items.into_iter().map(U::try_from).collect()
}

/// The model for a workflow: the host's own, else the one `options` or the environment names.
fn provider(
    options: &WorkflowOptions,
    model: Option<Arc<dyn HostLlmProvider>>,
) -> Result<Arc<dyn LlmProvider>, CareerkitError> {
    if let Some(model) = model {
        return Ok(Arc::new(HostProvider(model)));
    }
    let config = ProviderConfig::with_overrides(
        options.provider.clone(),
        options.base_url.clone(),
        options.api_key.clone(),
    )?
    .ok_or_else(|| CareerkitError::InvalidInput {
        reason: "no model: pass a HostLlmProvider, WorkflowOptions.provider, or set CAREERKIT_LLM"
            .into(),
    })?;
    Ok(config.build()?)
}

/// Opens the workflow under `data_dir` (see [`crate::Careerkit::open_workflow`]).
pub(crate) async fn open(
    kit: Arc<careerkit::Careerkit>,
    data_dir: String,
    options: WorkflowOptions,
    model: Option<Arc<dyn HostLlmProvider>>,
    knowledge: Option<Arc<crate::KnowledgeBase>>,
    keys: Option<Arc<dyn HostKeyProvider>>,
) -> Result<Arc<Workflow>, CareerkitError> {
    let provider = provider(&options, model)?;
    let knowledge: Option<Arc<dyn Retriever>> = if let Some(kb) = knowledge {
        Some(kb.shared())
    } else if options.knowledge_base {
        let kit = Arc::clone(&kit);
        // Loading the sentence model and seeding are CPU work: off the async workers.
        let kb = offload(move || Ok(kit.open_seeded_knowledge_base(&mut |_| {})?)).await?;
        Some(Arc::new(kb))
    } else {
        None
    };
    let inner = kit
        .open_workflow_with(
            data_dir,
            provider,
            WorkflowSetup {
                knowledge,
                keys: keys.map(|k| Arc::new(HostKeys(k)) as Arc<dyn KeyProvider>),
            },
        )
        .await?;
    Ok(Arc::new(Workflow { inner }))
}

/// The session engine over one data directory (an SQLite database and the session files).
/// Thread-safe; open one per data directory and share it.
#[derive(uniffi::Object)]
pub struct Workflow {
    inner: careerkit::workflow::Workflow,
}

#[uniffi::export(async_runtime = "tokio")]
impl Workflow {
    /// Creates a session in `draft`.
    ///
    /// # Errors
    /// `InvalidInput` for a bad owner id; `Storage`.
    pub async fn create_session(
        &self,
        owner_id: String,
        title: String,
    ) -> Result<Session, CareerkitError> {
        self.inner
            .create_session(&owner(&owner_id)?, &title)
            .await?
            .try_into()
    }

    /// One session.
    ///
    /// # Errors
    /// `NotFound` for a session of another owner or none.
    pub async fn session(
        &self,
        owner_id: String,
        session_id: String,
    ) -> Result<Session, CareerkitError> {
        self.inner
            .session(&owner(&owner_id)?, &session_id)
            .await?
            .try_into()
    }

    /// Stores a resume file and enqueues its parse job (run it with
    /// [`Workflow::run_due_jobs`] or a worker).
    ///
    /// # Errors
    /// `LimitExceeded` for a file over the workspace limit; `Conflict` in a state that takes
    /// no upload.
    pub async fn upload_resume(
        &self,
        owner_id: String,
        session_id: String,
        file_name: String,
        data: Vec<u8>,
    ) -> Result<StoredFile, CareerkitError> {
        self.inner
            .upload_resume(&owner(&owner_id)?, &session_id, &file_name, data)
            .await?
            .try_into()
    }

    /// Runs the queued jobs that are due (resume parsing); how many ran.
    ///
    /// # Errors
    /// `Storage`.
    pub async fn run_due_jobs(&self) -> Result<u32, CareerkitError> {
        let ran = self.inner.run_due_jobs().await?;
        Ok(u32::try_from(ran).unwrap_or(u32::MAX))
    }

    /// The parsed resume (text, profile, document id) as JSON.
    ///
    /// # Errors
    /// `NotFound` before the parse job ran.
    pub async fn parsed_resume(
        &self,
        owner_id: String,
        session_id: String,
    ) -> Result<String, CareerkitError> {
        to_json(
            &self
                .inner
                .parsed_resume(&owner(&owner_id)?, &session_id)
                .await?,
        )
    }

    /// Reads and stores the job description.
    ///
    /// # Errors
    /// `InvalidInput` for a text too short or too long to analyse; `Conflict` out of order.
    pub async fn submit_job(
        &self,
        owner_id: String,
        session_id: String,
        text: String,
    ) -> Result<JobDescription, CareerkitError> {
        self.inner
            .submit_job(&owner(&owner_id)?, &session_id, &text)
            .await?
            .try_into()
    }

    /// Matches the session's resume against its job and stores the gap analysis.
    ///
    /// # Errors
    /// `Conflict` before both are in.
    pub async fn analyze(
        &self,
        owner_id: String,
        session_id: String,
    ) -> Result<MatchResult, CareerkitError> {
        self.inner
            .analyze(&owner(&owner_id)?, &session_id)
            .await?
            .try_into()
    }

    /// Sends a message to the rewrite agent and returns the id of the run it starts; follow it
    /// with [`Workflow::run_events`]. `options` can require an edit proposal ("suggest an edit").
    ///
    /// # Errors
    /// `Conflict` before the gap analysis; `InvalidInput` for a bullet the resume lacks.
    #[uniffi::method(default(options = None))]
    pub async fn send_message(
        &self,
        owner_id: String,
        session_id: String,
        message: String,
        options: Option<MessageOptions>,
    ) -> Result<String, CareerkitError> {
        let options = options.unwrap_or_default();
        Ok(self
            .inner
            .send_message_with(&owner(&owner_id)?, &session_id, &message, options.into())
            .await?)
    }

    /// Starts a chat turn about the session (resume, job, gap analysis) and returns its run id;
    /// the answer streams as the run's `assistant_delta` events. The chat agent only reads.
    ///
    /// # Errors
    /// `Conflict` for a cancelled session; `NotFound` for another owner's.
    pub async fn chat(
        &self,
        owner_id: String,
        session_id: String,
        message: String,
    ) -> Result<String, CareerkitError> {
        Ok(self
            .inner
            .chat(&owner(&owner_id)?, &session_id, &message)
            .await?)
    }

    /// A run's events after `after_event_id` (0 for all), ending after its terminal event.
    ///
    /// # Errors
    /// `InvalidInput` for a bad owner id.
    #[uniffi::method(default(after_event_id = 0))]
    pub fn run_events(
        &self,
        owner_id: String,
        session_id: String,
        run_id: String,
        after_event_id: i64,
    ) -> Result<Arc<RunEvents>, CareerkitError> {
        let stream =
            self.inner
                .run_events(&owner(&owner_id)?, &session_id, &run_id, after_event_id);
        Ok(Arc::new(RunEvents {
            stream: Mutex::new(Some(stream)),
            closed: watch::Sender::new(false),
        }))
    }

    /// Interrupts a run; its status afterwards (`interrupted`, or the terminal one it reached).
    ///
    /// # Errors
    /// `NotFound` for an unknown run.
    pub async fn interrupt(
        &self,
        owner_id: String,
        run_id: String,
    ) -> Result<String, CareerkitError> {
        let status = self.inner.interrupt(&owner(&owner_id)?, &run_id).await?;
        Ok(crate::types::wire_name(&status))
    }

    /// The run's tool calls that wait for a decision.
    ///
    /// # Errors
    /// `Storage`.
    pub async fn pending_approvals(
        &self,
        owner_id: String,
        run_id: String,
    ) -> Result<Vec<Approval>, CareerkitError> {
        all(self
            .inner
            .pending_approvals(&owner(&owner_id)?, &run_id)
            .await?)
    }

    /// Approves a pending tool call; the run resumes in the background.
    ///
    /// # Errors
    /// `NotFound` for an unknown approval; `Conflict` for one already decided.
    pub async fn approve(
        &self,
        owner_id: String,
        approval_id: String,
    ) -> Result<(), CareerkitError> {
        Ok(self.inner.approve(&owner(&owner_id)?, &approval_id).await?)
    }

    /// Rejects a pending tool call; the document stays as it was and the run resumes.
    ///
    /// # Errors
    /// As [`Workflow::approve`].
    pub async fn reject(
        &self,
        owner_id: String,
        approval_id: String,
    ) -> Result<(), CareerkitError> {
        Ok(self.inner.reject(&owner(&owner_id)?, &approval_id).await?)
    }

    /// Turns auto-approval of the agent's edits on or off for the session.
    ///
    /// # Errors
    /// `NotFound` for an unknown session.
    pub async fn set_auto_approve(
        &self,
        owner_id: String,
        session_id: String,
        on: bool,
    ) -> Result<Session, CareerkitError> {
        self.inner
            .set_auto_approve(&owner(&owner_id)?, &session_id, on)
            .await?
            .try_into()
    }

    /// The session's files.
    ///
    /// # Errors
    /// `NotFound` for an unknown session.
    pub async fn files(
        &self,
        owner_id: String,
        session_id: String,
    ) -> Result<Vec<StoredFile>, CareerkitError> {
        all(self.inner.files(&owner(&owner_id)?, &session_id).await?)
    }

    /// One file of the session, with its bytes.
    ///
    /// # Errors
    /// `NotFound`; `PermissionDenied` for a path outside the workspace.
    pub async fn read_file(
        &self,
        owner_id: String,
        session_id: String,
        path: String,
    ) -> Result<FileContent, CareerkitError> {
        self.inner
            .read_file(&owner(&owner_id)?, &session_id, &path)
            .await?
            .try_into()
    }

    /// The working resume document (sections, entries, bullets with ids) as JSON.
    ///
    /// # Errors
    /// `NotFound` before the resume was parsed.
    pub async fn resume_document(
        &self,
        owner_id: String,
        session_id: String,
    ) -> Result<String, CareerkitError> {
        to_json(
            &self
                .inner
                .resume_document(&owner(&owner_id)?, &session_id)
                .await?,
        )
    }

    /// Renders the working resume in `format`, stores it under `exports/` and moves the
    /// session to `exported`.
    ///
    /// # Errors
    /// `Conflict` before the gap analysis.
    pub async fn export(
        &self,
        owner_id: String,
        session_id: String,
        format: ExportFormat,
    ) -> Result<FileContent, CareerkitError> {
        self.inner
            .export(&owner(&owner_id)?, &session_id, format.into())
            .await?
            .try_into()
    }

    /// Writes a cover letter whose achievements are the resume's own bullets, chosen for the
    /// job's skills, and keeps it with the session.
    ///
    /// # Errors
    /// `Conflict` before the resume is parsed or for a cancelled session; `NotFound` without a
    /// job.
    #[uniffi::method(default(tone = None, length = None))]
    pub async fn cover_letter(
        &self,
        owner_id: String,
        session_id: String,
        tone: Option<LetterTone>,
        length: Option<LetterLength>,
    ) -> Result<CoverLetter, CareerkitError> {
        let options = letter::options(tone.unwrap_or_default(), length.unwrap_or_default());
        Ok(self
            .inner
            .cover_letter(&owner(&owner_id)?, &session_id, options)
            .await?
            .into())
    }

    /// Renders the latest cover letter in `format` under the person's header and stores it as
    /// `exports/cover-letter.<ext>`; the session does not move.
    ///
    /// # Errors
    /// `NotFound` before [`Workflow::cover_letter`].
    pub async fn export_cover_letter(
        &self,
        owner_id: String,
        session_id: String,
        format: ExportFormat,
    ) -> Result<FileContent, CareerkitError> {
        self.inner
            .export_cover_letter(&owner(&owner_id)?, &session_id, format.into())
            .await?
            .try_into()
    }

    /// Interview questions planned from the session's resume, job and gaps.
    ///
    /// # Errors
    /// `InvalidInput` for a bad count or round; `Conflict` before the gap analysis.
    pub async fn interview_questions(
        &self,
        owner_id: String,
        session_id: String,
        request: QuestionRequest,
    ) -> Result<Vec<InterviewQuestion>, CareerkitError> {
        let options = request.core()?;
        all(self
            .inner
            .interview_questions(&owner(&owner_id)?, &session_id, &options)
            .await?)
    }

    /// Feedback on an answer to `question`.
    ///
    /// # Errors
    /// `InvalidInput` for an empty answer.
    pub async fn answer_feedback(
        &self,
        owner_id: String,
        session_id: String,
        question: String,
        answer: AnswerInput,
    ) -> Result<AnswerFeedback, CareerkitError> {
        let answer = Answer::from(answer);
        self.inner
            .answer_feedback(&owner(&owner_id)?, &session_id, &question, &answer)
            .await?
            .try_into()
    }

    /// Cancels the session.
    ///
    /// # Errors
    /// `Conflict` for a session already cancelled.
    pub async fn cancel(
        &self,
        owner_id: String,
        session_id: String,
    ) -> Result<Session, CareerkitError> {
        self.inner
            .cancel(&owner(&owner_id)?, &session_id)
            .await?
            .try_into()
    }
}

type EventStream = BoxStream<'static, careerkit::Result<Event>>;

/// A run's event stream: `next` returns the next event, or nothing once the run's terminal
/// event was delivered or `stop` was called (`close`, which Kotlin and Swift generate for every
/// object, frees the native handle). Kotlin wraps it in a `Flow`, Swift in an
/// `AsyncSequence`, in a few lines (see the README).
#[derive(uniffi::Object)]
pub struct RunEvents {
    stream: Mutex<Option<EventStream>>,
    closed: watch::Sender<bool>,
}

#[uniffi::export(async_runtime = "tokio")]
impl RunEvents {
    /// The next event, or `None` at the end of the stream.
    ///
    /// # Errors
    /// `Storage` when the events cannot be read.
    pub async fn next(&self) -> Result<Option<RunEvent>, CareerkitError> {
        let mut closed = self.closed.subscribe();
        let mut slot = self.stream.lock().await;
        let Some(events) = slot.as_mut() else {
            return Ok(None);
        };
        let item = tokio::select! {
            item = events.next() => item,
            _ = closed.wait_for(|closed| *closed) => None,
        };
        match item {
            Some(event) => Ok(Some(event?.try_into()?)),
            None => {
                *slot = None;
                Ok(None)
            }
        }
    }

    /// Ends the stream: a pending `next` returns `None` at once, and so do later ones.
    pub fn stop(&self) {
        self.closed.send_replace(true);
    }
}
