//! The session API (`careerkit::workflow::Workflow`) for Python: sessions, uploads, runs and
//! their event streams, approvals, files and export. Conversion only: each method releases the
//! GIL, runs the Rust future on the process runtime and returns JSON that the Python half types.

use std::path::PathBuf;
use std::sync::Arc;

use careerkit::export::ExportFormat;
use careerkit::interview::feedback::Answer;
use careerkit::interview::questions::QuestionOptions;
use careerkit::letter::LetterOptions;
use careerkit::rag::Retriever;
use careerkit::run::Event;
use careerkit::sessions::WorkflowSetup;
use careerkit::store::OwnerId;
use careerkit::workflow::MessageOptions;
use careerkit::{Careerkit, Error};
use careerkit_llm::ProviderConfig;
use futures::stream::BoxStream;
use futures::StreamExt;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tokio::sync::{watch, Mutex};

use crate::knowledge::KnowledgeBase;
use crate::{errors, from_json, runtime, to_json};

fn owner(id: &str) -> Result<OwnerId, Error> {
    OwnerId::new(id)
}

/// The provider named by `spec` (`kind:model`), else by `CAREERKIT_LLM`; base URL and key from
/// the arguments, else from the environment as `ProviderConfig::from_vars` reads it.
fn provider_config(
    spec: Option<String>,
    base_url: Option<String>,
    api_key: Option<String>,
) -> Result<ProviderConfig, Error> {
    ProviderConfig::with_overrides(spec, base_url, api_key)?.ok_or_else(|| {
        Error::invalid("no model provider: pass provider=\"kind:model\" or set CAREERKIT_LLM")
    })
}

/// The session engine over one data directory (SQLite database and session files).
#[pyclass(frozen, module = "careerkit._native")]
pub struct Workflow {
    inner: careerkit::workflow::Workflow,
}

impl Workflow {
    /// Runs `work` on the runtime with the GIL released and returns its value as JSON.
    fn json<'a, T, F>(&'a self, py: Python<'_>, work: F) -> PyResult<String>
    where
        T: serde::Serialize,
        F: std::future::Future<Output = Result<T, Error>> + Send + 'a,
    {
        errors::guarded(py, || to_json(&runtime::block_on(work)??))
    }

    /// As [`Workflow::json`] for a `(FileMeta, bytes)` result.
    fn file<'py, 'a, F>(
        &'a self,
        py: Python<'py>,
        work: F,
    ) -> PyResult<(String, Bound<'py, PyBytes>)>
    where
        F: std::future::Future<Output = Result<(careerkit::store::FileMeta, Vec<u8>), Error>>
            + Send
            + 'a,
    {
        let (meta, bytes) = errors::guarded(py, || {
            let (meta, bytes) = runtime::block_on(work)??;
            Ok((to_json(&meta)?, bytes))
        })?;
        Ok((meta, PyBytes::new(py, &bytes)))
    }
}

#[pymethods]
impl Workflow {
    /// Opens (creating if needed) the workflow under `data_dir` with the model `provider`.
    /// Interview questions and feedback cite `knowledge` when given, else with
    /// `knowledge_base` the knowledge base under the data directory of `CAREERKIT_DATA_DIR`
    /// (seeded with the shipped one when empty).
    #[staticmethod]
    #[pyo3(signature = (data_dir, provider=None, base_url=None, api_key=None, knowledge_base=false, knowledge=None))]
    fn open(
        py: Python<'_>,
        data_dir: PathBuf,
        provider: Option<String>,
        base_url: Option<String>,
        api_key: Option<String>,
        knowledge_base: bool,
        knowledge: Option<PyRef<'_, KnowledgeBase>>,
    ) -> PyResult<Self> {
        let given: Option<Arc<dyn Retriever>> =
            knowledge.map(|kb| kb.shared() as Arc<dyn Retriever>);
        errors::guarded(py, || {
            let provider = provider_config(provider, base_url, api_key)?.build()?;
            let kit = Careerkit::builder().build()?;
            let knowledge: Option<Arc<dyn Retriever>> = match given {
                Some(kb) => Some(kb),
                None if knowledge_base => {
                    Some(Arc::new(kit.open_seeded_knowledge_base(&mut |_| {})?))
                }
                None => None,
            };
            let inner = runtime::block_on(kit.open_workflow_with(
                data_dir,
                provider,
                WorkflowSetup {
                    knowledge,
                    ..WorkflowSetup::default()
                },
            ))??;
            Ok(Workflow { inner })
        })
    }

    /// Creates a session in `draft`, as JSON.
    fn create_session(&self, py: Python<'_>, owner_id: &str, title: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.create_session(&owner(owner_id)?, title).await
        })
    }

    /// One session, as JSON.
    fn session(&self, py: Python<'_>, owner_id: &str, session_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.session(&owner(owner_id)?, session_id).await
        })
    }

    /// Uploads a resume and enqueues its parse job; the stored file's metadata as JSON.
    fn upload_resume(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        file_name: &str,
        data: Vec<u8>,
    ) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .upload_resume(&owner(owner_id)?, session_id, file_name, data)
                .await
        })
    }

    /// Runs the parse jobs that are due; how many ran.
    fn run_due_jobs(&self, py: Python<'_>) -> PyResult<String> {
        self.json(py, self.inner.run_due_jobs())
    }

    /// The parsed resume of a session, as JSON.
    fn parsed_resume(&self, py: Python<'_>, owner_id: &str, session_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .parsed_resume(&owner(owner_id)?, session_id)
                .await
        })
    }

    /// Analyses and stores a job description text, as JSON.
    fn submit_job(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        text: &str,
    ) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .submit_job(&owner(owner_id)?, session_id, text)
                .await
        })
    }

    /// The session's latest job description, as JSON.
    fn job(&self, py: Python<'_>, owner_id: &str, session_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.job(&owner(owner_id)?, session_id).await
        })
    }

    /// Runs and stores the gap analysis, as JSON.
    fn analyze(&self, py: Python<'_>, owner_id: &str, session_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.analyze(&owner(owner_id)?, session_id).await
        })
    }

    /// Starts a rewrite-agent run with `message`; its run id (JSON string). `propose_edit`
    /// requires an edit proposal (of the bullet `bullet_id`, when given).
    #[pyo3(signature = (owner_id, session_id, message, propose_edit=false, bullet_id=None))]
    fn send_message(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        message: &str,
        propose_edit: bool,
        bullet_id: Option<String>,
    ) -> PyResult<String> {
        let options = MessageOptions {
            propose_edit,
            bullet_id,
        };
        self.json(py, async move {
            self.inner
                .send_message_with(&owner(owner_id)?, session_id, message, options)
                .await
        })
    }

    /// Starts a chat turn about the session; its run id (JSON string). The answer streams as
    /// the run's `assistant_delta` events.
    fn chat(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        message: &str,
    ) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .chat(&owner(owner_id)?, session_id, message)
                .await
        })
    }

    /// A run's events after `after` (an event id, 0 for all), ending after its terminal event.
    #[pyo3(signature = (owner_id, session_id, run_id, after=0))]
    fn run_events(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        run_id: &str,
        after: i64,
    ) -> PyResult<RunEvents> {
        errors::guarded(py, || {
            let stream = self
                .inner
                .run_events(&owner(owner_id)?, session_id, run_id, after);
            Ok(RunEvents::new(stream))
        })
    }

    /// Interrupts a run; its status afterwards (JSON string).
    fn interrupt(&self, py: Python<'_>, owner_id: &str, run_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.interrupt(&owner(owner_id)?, run_id).await
        })
    }

    /// Tool calls of a run waiting for a decision, as JSON.
    fn pending_approvals(&self, py: Python<'_>, owner_id: &str, run_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .pending_approvals(&owner(owner_id)?, run_id)
                .await
        })
    }

    /// Approves a pending tool call; the run resumes in the background.
    fn approve(&self, py: Python<'_>, owner_id: &str, approval_id: &str) -> PyResult<()> {
        self.json(py, async move {
            self.inner.approve(&owner(owner_id)?, approval_id).await
        })
        .map(drop)
    }

    /// Rejects a pending tool call; the run resumes in the background.
    fn reject(&self, py: Python<'_>, owner_id: &str, approval_id: &str) -> PyResult<()> {
        self.json(py, async move {
            self.inner.reject(&owner(owner_id)?, approval_id).await
        })
        .map(drop)
    }

    /// Turns auto-approval of write tools on or off; the session as JSON.
    fn set_auto_approve(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        on: bool,
    ) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .set_auto_approve(&owner(owner_id)?, session_id, on)
                .await
        })
    }

    /// The session's files, as JSON.
    fn files(&self, py: Python<'_>, owner_id: &str, session_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.files(&owner(owner_id)?, session_id).await
        })
    }

    /// One file of the session: its metadata (JSON) and content.
    fn read_file<'py>(
        &self,
        py: Python<'py>,
        owner_id: &str,
        session_id: &str,
        path: &str,
    ) -> PyResult<(String, Bound<'py, PyBytes>)> {
        self.file(py, async move {
            self.inner
                .read_file(&owner(owner_id)?, session_id, path)
                .await
        })
    }

    /// Stores a file the person uploads under `uploads/`; its metadata as JSON.
    fn upload_file(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        name: &str,
        content_type: &str,
        data: Vec<u8>,
    ) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .upload_file(&owner(owner_id)?, session_id, name, content_type, data)
                .await
        })
    }

    /// The session's working resume document (latest version), as JSON.
    fn resume_document(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
    ) -> PyResult<String> {
        self.json(py, async move {
            self.inner
                .resume_document(&owner(owner_id)?, session_id)
                .await
        })
    }

    /// Renders and stores the working resume as `format`: its metadata (JSON) and content.
    fn export<'py>(
        &self,
        py: Python<'py>,
        owner_id: &str,
        session_id: &str,
        format: &str,
    ) -> PyResult<(String, Bound<'py, PyBytes>)> {
        self.file(py, async move {
            let format: ExportFormat = format.parse()?;
            self.inner
                .export(&owner(owner_id)?, session_id, format)
                .await
        })
    }

    /// Writes and stores a cover letter for the session (`options_json`: `LetterOptions`),
    /// as JSON.
    fn cover_letter(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        options_json: &str,
    ) -> PyResult<String> {
        self.json(py, async move {
            let options: LetterOptions = from_json(options_json)?;
            self.inner
                .cover_letter(&owner(owner_id)?, session_id, options)
                .await
        })
    }

    /// Exports the session's latest cover letter; (file metadata JSON, bytes).
    fn export_cover_letter<'py>(
        &self,
        py: Python<'py>,
        owner_id: &str,
        session_id: &str,
        format: &str,
    ) -> PyResult<(String, Bound<'py, PyBytes>)> {
        self.file(py, async move {
            let format: ExportFormat = format.parse()?;
            self.inner
                .export_cover_letter(&owner(owner_id)?, session_id, format)
                .await
        })
    }

    /// Plans interview questions for the session (`options_json`: `QuestionOptions`), as JSON.
    fn interview_questions(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        options_json: &str,
    ) -> PyResult<String> {
        self.json(py, async move {
            let options: QuestionOptions = from_json(options_json)?;
            self.inner
                .interview_questions(&owner(owner_id)?, session_id, &options)
                .await
        })
    }

    /// Feedback on an answer (`answer_json`: `{"kind": "text" | "transcript", "value": ...}`),
    /// as JSON.
    fn answer_feedback(
        &self,
        py: Python<'_>,
        owner_id: &str,
        session_id: &str,
        question: &str,
        answer_json: &str,
    ) -> PyResult<String> {
        self.json(py, async move {
            let answer: Answer = from_json(answer_json)?;
            self.inner
                .answer_feedback(&owner(owner_id)?, session_id, question, &answer)
                .await
        })
    }

    /// Cancels the session; the session as JSON.
    fn cancel(&self, py: Python<'_>, owner_id: &str, session_id: &str) -> PyResult<String> {
        self.json(py, async move {
            self.inner.cancel(&owner(owner_id)?, session_id).await
        })
    }
}

/// A run's event stream: `next_event` blocks (GIL released) until the next event, and returns
/// `None` once the run's terminal event was delivered or `close` was called.
#[pyclass(frozen, module = "careerkit._native")]
pub struct RunEvents {
    stream: Mutex<Option<BoxStream<'static, careerkit::Result<Event>>>>,
    closed: watch::Sender<bool>,
}

impl RunEvents {
    fn new(stream: BoxStream<'static, careerkit::Result<Event>>) -> Self {
        RunEvents {
            stream: Mutex::new(Some(stream)),
            closed: watch::Sender::new(false),
        }
    }
}

#[pymethods]
impl RunEvents {
    /// The next event as JSON, or `None` at the end of the stream.
    fn next_event(&self, py: Python<'_>) -> PyResult<Option<String>> {
        errors::guarded(py, || {
            runtime::block_on(async {
                let mut closed = self.closed.subscribe();
                let mut slot = self.stream.lock().await;
                let Some(stream) = slot.as_mut() else {
                    return Ok(None);
                };
                let item = tokio::select! {
                    item = stream.next() => item,
                    _ = closed.wait_for(|closed| *closed) => None,
                };
                match item {
                    Some(event) => Ok(Some(to_json(&event?)?)),
                    None => {
                        *slot = None;
                        Ok(None)
                    }
                }
            })?
        })
    }

    /// Ends the stream: a waiting `next_event` returns `None` at once, and so do later ones.
    fn close(&self) {
        self.closed.send_replace(true);
    }
}
