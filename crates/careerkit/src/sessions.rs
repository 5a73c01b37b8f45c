//! The session engine on the embedded defaults: an SQLite database and a local directory under
//! one data directory, with the model the product chooses.
//!
//! ```no_run
//! # async fn demo(provider: std::sync::Arc<dyn careerkit::llm::LlmProvider>) -> careerkit::Result<()> {
//! use careerkit::store::OwnerId;
//! use careerkit::Careerkit;
//!
//! let kit = Careerkit::builder().build()?;
//! let workflow = kit.open_workflow("/var/lib/myapp/careerkit", provider).await?;
//! let owner = OwnerId::new("user-42")?;
//! let session = workflow.create_session(&owner, "Platform engineer at Acme").await?;
//! workflow.upload_resume(&owner, &session.id, "cv.md", b"# Jane Doe\n...".to_vec()).await?;
//! # Ok(()) }
//! ```

use std::path::Path;
use std::sync::Arc;

use careerkit_core::agent::RunLimits;
use careerkit_core::llm::LlmProvider;
use careerkit_core::rag::Retriever;
use careerkit_core::store::{KeyProvider, WorkspacePolicy};
use careerkit_core::workflow::{Workflow, WorkflowParts};
use careerkit_core::Result;
use careerkit_store::{FileWorkspace, LocalDir, SqlOptions, SqlStore};

use crate::Careerkit;

/// The optional parts of a workflow opened by [`Careerkit::open_workflow_with`].
#[derive(Clone, Default)]
pub struct WorkflowSetup {
    /// The knowledge base interview questions and feedback cite (for example
    /// [`Careerkit::open_seeded_knowledge_base`] behind an `Arc`).
    pub knowledge: Option<Arc<dyn Retriever>>,
    /// Seals sessions, artifacts and run records at rest with each owner's key
    /// (XChaCha20-Poly1305); `None` stores them as plain JSON.
    pub keys: Option<Arc<dyn KeyProvider>>,
}

/// The database file inside a data directory.
pub const DATABASE_FILE: &str = "careerkit.db";
/// The directory of session files inside a data directory.
pub const FILES_DIR: &str = "files";

impl Careerkit {
    /// Opens (creating if needed) the session engine under `data_dir`: the store and queue in
    /// `careerkit.db` (SQLite, WAL), the session files under `files/`, agents talking to
    /// `provider`. Sessions, runs and approvals persist: opening the same directory in a new
    /// process continues where the last one stopped.
    ///
    /// # Errors
    /// [`careerkit_core::Error::Io`] when the directory cannot be created;
    /// [`careerkit_core::Error::Storage`] when the database cannot be opened or migrated.
    pub async fn open_workflow(
        &self,
        data_dir: impl AsRef<Path>,
        provider: Arc<dyn LlmProvider>,
    ) -> Result<Workflow> {
        self.open_workflow_with(data_dir, provider, WorkflowSetup::default())
            .await
    }

    /// As [`Careerkit::open_workflow`], with the optional parts in `setup`: a knowledge base
    /// that interview questions and feedback cite, and the key provider that seals personal
    /// data in the database.
    ///
    /// # Errors
    /// As [`Careerkit::open_workflow`].
    pub async fn open_workflow_with(
        &self,
        data_dir: impl AsRef<Path>,
        provider: Arc<dyn LlmProvider>,
        setup: WorkflowSetup,
    ) -> Result<Workflow> {
        let dir = data_dir.as_ref();
        std::fs::create_dir_all(dir.join(FILES_DIR))?;
        let options = SqlOptions {
            keys: setup.keys,
            ..SqlOptions::default()
        };
        let store = Arc::new(SqlStore::open_sqlite(dir.join(DATABASE_FILE), options).await?);
        let workspace = Arc::new(FileWorkspace::new(
            LocalDir::new(dir.join(FILES_DIR))?,
            store.clone(),
            WorkspacePolicy::default(),
        ));
        Workflow::new(WorkflowParts {
            store: store.clone(),
            queue: store,
            workspace,
            provider,
            skills: Arc::clone(&self.skills),
            intake: self.intake.clone(),
            limits: RunLimits::default(),
            knowledge: setup.knowledge,
        })
    }
}
