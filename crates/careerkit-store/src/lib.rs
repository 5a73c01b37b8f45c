//! careerkit-store: engines for careerkit-core's persistence ports.
//!
//! - [`SqlStore`]: the [`Store`](careerkit_core::store::Store) and
//!   [`Queue`](careerkit_core::store::Queue) on SQLite (feature `sqlite`, default) or PostgreSQL
//!   (feature `postgres`), one database for both so a state change and the jobs it causes
//!   commit together.
//! - [`Worker`]: runs queued jobs with N concurrent handlers and shuts down gracefully.
//! - [`LocalWorkspace`] (and `S3Workspace` with feature `s3`): a session's files.

mod seal;
pub mod sql;
pub mod worker;
pub mod workspace;

pub use sql::{Dialect, SqlOptions, SqlStore};
pub use worker::{JobContext, JobHandler, Worker, WorkerBuilder, WorkerStats};
pub use workspace::{BlobBackend, FileWorkspace, LocalDir, LocalWorkspace};
#[cfg(feature = "s3")]
pub use workspace::{S3Bucket, S3Workspace};
