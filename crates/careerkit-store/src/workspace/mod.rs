//! [`Workspace`] engines. One [`FileWorkspace`] does what every engine must (check the session
//! belongs to the owner, validate paths, apply the [`WorkspacePolicy`], keep metadata, write
//! the audit log) over a [`BlobBackend`] that only moves bytes: a local directory
//! ([`LocalWorkspace`]) or an S3-compatible bucket (`S3Workspace`, feature `s3`).
//!
//! Layout under the backend, per owner and session: `<owner>/<session>/files/<path>` holds the
//! content and `<owner>/<session>/meta/<path>` its [`FileMeta`] as JSON (written after the
//! content, so a listed file always has its bytes).

mod local;
#[cfg(feature = "s3")]
mod s3;

use std::sync::Arc;

use async_trait::async_trait;
use careerkit_core::store::workspace::check_session_segment;
use careerkit_core::store::{
    FileMeta, NewAudit, OwnerId, Store, Workspace, WorkspacePath, WorkspacePolicy,
};
use careerkit_core::{Error, Result};
use sha2::{Digest, Sha256};

pub use local::LocalDir;
#[cfg(feature = "s3")]
pub use s3::S3Bucket;

/// A key-value store of bytes under `/`-joined keys: what a workspace needs from an engine.
/// Keys come from validated segments only.
#[async_trait]
pub trait BlobBackend: Send + Sync {
    /// Writes (or replaces) the bytes at `key`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] when the key would leave the backend's root; [`Error::Io`]
    /// or [`Error::Storage`] when writing fails.
    async fn put(&self, key: &[&str], bytes: Vec<u8>) -> Result<()>;

    /// The bytes at `key`, `None` when absent.
    ///
    /// # Errors
    /// As for [`BlobBackend::put`].
    async fn get(&self, key: &[&str]) -> Result<Option<Vec<u8>>>;

    /// Every key under `prefix`, as segments after the prefix.
    ///
    /// # Errors
    /// As for [`BlobBackend::put`].
    async fn list(&self, prefix: &[&str]) -> Result<Vec<Vec<String>>>;

    /// Deletes `key`; `false` when it was absent.
    ///
    /// # Errors
    /// As for [`BlobBackend::put`].
    async fn delete(&self, key: &[&str]) -> Result<bool>;
}

/// A [`Workspace`] over a [`BlobBackend`], auditing every mutation in a [`Store`].
pub struct FileWorkspace<B> {
    backend: B,
    store: Arc<dyn Store>,
    policy: WorkspacePolicy,
}

/// The local-directory workspace.
pub type LocalWorkspace = FileWorkspace<LocalDir>;

/// The S3-compatible object-storage workspace.
#[cfg(feature = "s3")]
pub type S3Workspace = FileWorkspace<S3Bucket>;

impl<B: BlobBackend> FileWorkspace<B> {
    /// A workspace on `backend`, checking sessions against and auditing to `store`.
    pub fn new(backend: B, store: Arc<dyn Store>, policy: WorkspacePolicy) -> Self {
        FileWorkspace {
            backend,
            store,
            policy,
        }
    }

    /// Checks the owner has the session; returns the key prefix of its `area`.
    async fn area<'a>(
        &self,
        owner: &'a OwnerId,
        session_id: &'a str,
        area: &'static str,
    ) -> Result<Vec<&'a str>> {
        check_session_segment(session_id)?;
        self.store.get_session(owner, session_id).await?;
        Ok(vec![owner.as_str(), session_id, area])
    }

    async fn audit(
        &self,
        owner: &OwnerId,
        session_id: &str,
        actor: &str,
        action: &str,
        path: &WorkspacePath,
        detail: serde_json::Value,
    ) -> Result<()> {
        self.store
            .append_audit(
                owner,
                NewAudit {
                    session_id: Some(session_id.to_owned()),
                    actor: actor.to_owned(),
                    action: action.to_owned(),
                    target: path.as_str().to_owned(),
                    detail,
                },
            )
            .await
            .map(|_| ())
    }
}

fn key<'a>(prefix: &[&'a str], path: &'a WorkspacePath) -> Vec<&'a str> {
    prefix.iter().copied().chain(path.segments()).collect()
}

fn no_file(path: &WorkspacePath) -> Error {
    Error::NotFound {
        kind: "file",
        id: path.as_str().to_owned(),
    }
}

#[async_trait]
impl<B: BlobBackend> Workspace for FileWorkspace<B> {
    async fn put(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &WorkspacePath,
        content_type: &str,
        bytes: Vec<u8>,
        actor: &str,
    ) -> Result<FileMeta> {
        self.policy.check(content_type, &bytes)?;
        let files = self.area(owner, session_id, "files").await?;
        let metas = self.area(owner, session_id, "meta").await?;
        let meta = FileMeta {
            path: path.clone(),
            size: bytes.len() as u64,
            content_type: content_type.to_owned(),
            sha256: Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            modified_at: chrono::Utc::now(),
        };
        self.backend.put(&key(&files, path), bytes).await?;
        self.backend
            .put(&key(&metas, path), serde_json::to_vec(&meta)?)
            .await?;
        self.audit(
            owner,
            session_id,
            actor,
            "file.put",
            path,
            serde_json::json!({"size": meta.size, "content_type": meta.content_type, "sha256": meta.sha256}),
        )
        .await?;
        Ok(meta)
    }

    async fn get(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &WorkspacePath,
    ) -> Result<(FileMeta, Vec<u8>)> {
        let files = self.area(owner, session_id, "files").await?;
        let metas = self.area(owner, session_id, "meta").await?;
        let meta = self
            .backend
            .get(&key(&metas, path))
            .await?
            .ok_or_else(|| no_file(path))?;
        let meta: FileMeta = serde_json::from_slice(&meta)?;
        let bytes = self
            .backend
            .get(&key(&files, path))
            .await?
            .ok_or_else(|| no_file(path))?;
        Ok((meta, bytes))
    }

    async fn list(&self, owner: &OwnerId, session_id: &str) -> Result<Vec<FileMeta>> {
        let metas = self.area(owner, session_id, "meta").await?;
        let mut listed = Vec::new();
        for rest in self.backend.list(&metas).await? {
            let mut full = metas.clone();
            full.extend(rest.iter().map(String::as_str));
            if let Some(bytes) = self.backend.get(&full).await? {
                listed.push(serde_json::from_slice::<FileMeta>(&bytes)?);
            }
        }
        listed.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(listed)
    }

    async fn delete(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &WorkspacePath,
        actor: &str,
    ) -> Result<()> {
        let files = self.area(owner, session_id, "files").await?;
        let metas = self.area(owner, session_id, "meta").await?;
        // Metadata first: a file without metadata is invisible, never listed without bytes.
        if !self.backend.delete(&key(&metas, path)).await? {
            return Err(no_file(path));
        }
        self.backend.delete(&key(&files, path)).await?;
        self.audit(
            owner,
            session_id,
            actor,
            "file.delete",
            path,
            serde_json::json!({}),
        )
        .await
    }
}
