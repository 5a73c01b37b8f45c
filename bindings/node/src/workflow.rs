//! The session API (`careerkit::workflow::Workflow`) for Node: sessions, uploads, runs and
//! their event streams, approvals, files and export. Conversion only: every method returns a
//! Promise settled on the tokio runtime with JSON (or bytes) that the JS wrapper parses.

use std::sync::Arc;

use careerkit::export::ExportFormat;
use careerkit::interview::feedback::Answer;
use careerkit::interview::questions::QuestionOptions;
use careerkit::letter::LetterOptions;
use careerkit::rag::Retriever;
use careerkit::run::Event;
use careerkit::sessions::WorkflowSetup;
use careerkit::store::{FileMeta, OwnerId};
use careerkit::workflow::MessageOptions;
use careerkit::{Careerkit, Error};
use careerkit_llm::ProviderConfig;
use futures::stream::BoxStream;
use futures::StreamExt;
use napi::bindgen_prelude::{Buffer, Object};
use napi::Env;
use napi_derive::napi;
use tokio::sync::{watch, Mutex};

use crate::knowledge::NativeKnowledgeBase;
use crate::runtime::promise;
use crate::{from_json, to_json};

fn owner(id: &str) -> Result<OwnerId, Error> {
    OwnerId::new(id)
}

/// Which model the workflow's agents talk to; unset fields come from the environment
/// (`CAREERKIT_LLM`, `CAREERKIT_LLM_BASE_URL`, `CAREERKIT_LLM_API_KEY`).
#[napi(object)]
pub struct ProviderOptions {
    /// `kind:model`, e.g. `openai:gpt-4o-mini` or `ollama:llama3.2`.
    pub provider: Option<String>,
    /// The OpenAI-compatible server's base URL.
    pub base_url: Option<String>,
    /// The API key.
    pub api_key: Option<String>,
    /// Cite the knowledge base under `CAREERKIT_DATA_DIR` in interview questions and feedback
    /// (the shipped one is seeded when it is empty).
    pub knowledge_base: Option<bool>,
}

fn provider_config(options: &Option<ProviderOptions>) -> Result<ProviderConfig, Error> {
    let (provider, base_url, api_key) = options.as_ref().map_or((None, None, None), |o| {
        (o.provider.clone(), o.base_url.clone(), o.api_key.clone())
    });
    ProviderConfig::with_overrides(provider, base_url, api_key)?.ok_or_else(|| {
        Error::invalid("no model provider: pass { provider: 'kind:model' } or set CAREERKIT_LLM")
    })
}

/// A stored file: its metadata (JSON) and content.
#[napi(object)]
pub struct FileContent {
    /// The file's metadata, as JSON.
    pub meta: String,
    /// Its bytes.
    pub data: Buffer,
}

fn file_content((meta, data): (FileMeta, Vec<u8>)) -> Result<FileContent, Error> {
    Ok(FileContent {
        meta: to_json(&meta)?,
        data: data.into(),
    })
}

/// The session engine over one data directory (SQLite database and session files).
#[napi]
pub struct NativeWorkflow {
    inner: careerkit::workflow::Workflow,
}

#[napi]
impl NativeWorkflow {
    /// Opens (creating if needed) the workflow under `data_dir` with the model in `options`;
    /// interview practice cites `knowledge` when given.
    #[napi(catch_unwind, ts_return_type = "Promise<NativeWorkflow>")]
    pub fn open<'env>(
        env: &'env Env,
        data_dir: String,
        options: Option<ProviderOptions>,
        knowledge: Option<&NativeKnowledgeBase>,
    ) -> napi::Result<Object<'env>> {
        let config = provider_config(&options);
        let cite = options.and_then(|o| o.knowledge_base).unwrap_or(false);
        let given = knowledge.map(|kb| kb.shared() as Arc<dyn Retriever>);
        promise(env, async move {
            let provider = config?.build()?;
            let kit = Careerkit::builder().build()?;
            let knowledge: Option<Arc<dyn Retriever>> = if given.is_some() {
                given
            } else if cite {
                let kit = kit.clone();
                // Loading the model and seeding are CPU work: off the async workers.
                let kb = tokio::task::spawn_blocking(move || {
                    kit.open_seeded_knowledge_base(&mut |_| {})
                })
                .await
                .map_err(|err| Error::engine("knowledge base", err))??;
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
                        ..WorkflowSetup::default()
                    },
                )
                .await?;
            Ok(NativeWorkflow { inner })
        })
    }

    /// Creates a session in `draft`, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn create_session<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        title: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.create_session(&owner(&owner_id)?, &title).await?)
        })
    }

    /// One session, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn session<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.session(&owner(&owner_id)?, &session_id).await?)
        })
    }

    /// Uploads a resume and enqueues its parse job; the stored file's metadata as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn upload_resume<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        file_name: String,
        data: Buffer,
    ) -> napi::Result<Object<'env>> {
        let (wf, data) = (self.inner.clone(), data.to_vec());
        promise(env, async move {
            let meta = wf
                .upload_resume(&owner(&owner_id)?, &session_id, &file_name, data)
                .await?;
            to_json(&meta)
        })
    }

    /// Runs the parse jobs that are due; how many ran.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn run_due_jobs<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let ran = wf.run_due_jobs().await?;
            Ok(u32::try_from(ran).unwrap_or(u32::MAX))
        })
    }

    /// The parsed resume of a session, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn parsed_resume<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.parsed_resume(&owner(&owner_id)?, &session_id).await?)
        })
    }

    /// Analyses and stores a job description text, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn submit_job<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        text: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(
                &wf.submit_job(&owner(&owner_id)?, &session_id, &text)
                    .await?,
            )
        })
    }

    /// The session's latest job description, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn job<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.job(&owner(&owner_id)?, &session_id).await?)
        })
    }

    /// Runs and stores the gap analysis, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn analyze<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.analyze(&owner(&owner_id)?, &session_id).await?)
        })
    }

    /// Starts a rewrite-agent run with `message`; its run id. `propose_edit` requires an edit
    /// proposal (of the bullet `bullet_id`, when given).
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn send_message<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        message: String,
        propose_edit: Option<bool>,
        bullet_id: Option<String>,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        let options = MessageOptions {
            propose_edit: propose_edit.unwrap_or(false),
            bullet_id,
        };
        promise(env, async move {
            wf.send_message_with(&owner(&owner_id)?, &session_id, &message, options)
                .await
        })
    }

    /// Starts a chat turn about the session; its run id. The answer streams as the run's
    /// `assistant_delta` events.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn chat<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        message: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            wf.chat(&owner(&owner_id)?, &session_id, &message).await
        })
    }

    /// A run's events after `after` (an event id, 0 for all), ending after its terminal event.
    #[napi(catch_unwind)]
    pub fn run_events(
        &self,
        owner_id: String,
        session_id: String,
        run_id: String,
        after: Option<i64>,
    ) -> napi::Result<NativeRunEvents> {
        let owner = owner(&owner_id).map_err(crate::errors::from_error)?;
        let stream = self
            .inner
            .run_events(&owner, &session_id, &run_id, after.unwrap_or(0));
        Ok(NativeRunEvents {
            stream: Arc::new(Mutex::new(Some(stream))),
            closed: Arc::new(watch::Sender::new(false)),
        })
    }

    /// Interrupts a run; its status afterwards (JSON).
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn interrupt<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        run_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.interrupt(&owner(&owner_id)?, &run_id).await?)
        })
    }

    /// Tool calls of a run waiting for a decision, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn pending_approvals<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        run_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.pending_approvals(&owner(&owner_id)?, &run_id).await?)
        })
    }

    /// Approves (`approve` true) or rejects a pending tool call; the run resumes in the
    /// background.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn decide<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        approval_id: String,
        approve: bool,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let owner = owner(&owner_id)?;
            if approve {
                wf.approve(&owner, &approval_id).await
            } else {
                wf.reject(&owner, &approval_id).await
            }
        })
    }

    /// Turns auto-approval of write tools on or off; the session as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn set_auto_approve<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        on: bool,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(
                &wf.set_auto_approve(&owner(&owner_id)?, &session_id, on)
                    .await?,
            )
        })
    }

    /// The session's files, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn files<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.files(&owner(&owner_id)?, &session_id).await?)
        })
    }

    /// One file of the session.
    #[napi(catch_unwind, ts_return_type = "Promise<FileContent>")]
    pub fn read_file<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        path: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            file_content(wf.read_file(&owner(&owner_id)?, &session_id, &path).await?)
        })
    }

    /// Stores a file the person uploads under `uploads/`; its metadata as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn upload_file<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        name: String,
        content_type: String,
        data: Buffer,
    ) -> napi::Result<Object<'env>> {
        let (wf, data) = (self.inner.clone(), data.to_vec());
        promise(env, async move {
            let meta = wf
                .upload_file(&owner(&owner_id)?, &session_id, &name, &content_type, data)
                .await?;
            to_json(&meta)
        })
    }

    /// The session's working resume document (latest version), as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn resume_document<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.resume_document(&owner(&owner_id)?, &session_id).await?)
        })
    }

    /// Renders and stores the working resume as `format` (md, html, pdf, docx).
    #[napi(catch_unwind, ts_return_type = "Promise<FileContent>")]
    pub fn export<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        format: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let format: ExportFormat = format.parse()?;
            file_content(wf.export(&owner(&owner_id)?, &session_id, format).await?)
        })
    }

    /// Writes and stores a cover letter for the session (`options_json`: `LetterOptions`),
    /// as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn cover_letter<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        options_json: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let options: LetterOptions = from_json(&options_json)?;
            to_json(
                &wf.cover_letter(&owner(&owner_id)?, &session_id, options)
                    .await?,
            )
        })
    }

    /// Renders and stores the session's latest cover letter as `format`.
    #[napi(catch_unwind, ts_return_type = "Promise<FileContent>")]
    pub fn export_cover_letter<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        format: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let format: ExportFormat = format.parse()?;
            file_content(
                wf.export_cover_letter(&owner(&owner_id)?, &session_id, format)
                    .await?,
            )
        })
    }

    /// Plans interview questions for the session (`options_json`: `QuestionOptions`), as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn interview_questions<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        options_json: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let options: QuestionOptions = from_json(&options_json)?;
            to_json(
                &wf.interview_questions(&owner(&owner_id)?, &session_id, &options)
                    .await?,
            )
        })
    }

    /// Feedback on an answer (`answer_json`: `{"kind": "text" | "transcript", "value": ...}`),
    /// as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn answer_feedback<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
        question: String,
        answer_json: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            let answer: Answer = from_json(&answer_json)?;
            to_json(
                &wf.answer_feedback(&owner(&owner_id)?, &session_id, &question, &answer)
                    .await?,
            )
        })
    }

    /// Cancels the session; the session as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn cancel<'env>(
        &self,
        env: &'env Env,
        owner_id: String,
        session_id: String,
    ) -> napi::Result<Object<'env>> {
        let wf = self.inner.clone();
        promise(env, async move {
            to_json(&wf.cancel(&owner(&owner_id)?, &session_id).await?)
        })
    }
}

type EventStream = BoxStream<'static, careerkit::Result<Event>>;

/// A run's event stream: `nextEvent` resolves with the next event (JSON), or `null` once the
/// run's terminal event was delivered or `close` was called.
#[napi]
pub struct NativeRunEvents {
    stream: Arc<Mutex<Option<EventStream>>>,
    closed: Arc<watch::Sender<bool>>,
}

#[napi]
impl NativeRunEvents {
    /// The next event as JSON, or `null` at the end of the stream.
    #[napi(catch_unwind, ts_return_type = "Promise<string | null>")]
    pub fn next_event<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let (stream, mut closed) = (Arc::clone(&self.stream), self.closed.subscribe());
        promise(env, async move {
            let mut slot = stream.lock().await;
            let Some(events) = slot.as_mut() else {
                return Ok(None);
            };
            let item = tokio::select! {
                item = events.next() => item,
                _ = closed.wait_for(|closed| *closed) => None,
            };
            match item {
                Some(event) => Ok(Some(to_json(&event?)?)),
                None => {
                    *slot = None;
                    Ok(None)
                }
            }
        })
    }

    /// Ends the stream: a pending `nextEvent` resolves with `null` at once, and so do later
    /// ones.
    #[napi]
    pub fn close(&self) {
        self.closed.send_replace(true);
    }
}
