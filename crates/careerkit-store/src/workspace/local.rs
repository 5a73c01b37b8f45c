//! The local-directory [`BlobBackend`]: every key resolves beneath one root, and no component
//! on the way may be a symbolic link (a link planted inside the root cannot lead out of it).
//! Writes go to a temporary file renamed into place, so a reader never sees half a file.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use careerkit_core::{Error, Result};

use super::BlobBackend;

/// A directory holding workspaces.
#[derive(Debug, Clone)]
pub struct LocalDir {
    root: PathBuf,
}

impl LocalDir {
    /// Uses (creating if needed) `root`.
    ///
    /// # Errors
    /// [`Error::Io`] when the directory cannot be created or resolved.
    pub fn new(root: impl AsRef<Path>) -> Result<Self> {
        std::fs::create_dir_all(root.as_ref())?;
        Ok(LocalDir {
            root: std::fs::canonicalize(root.as_ref())?,
        })
    }

    /// The resolved root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of `key`, refusing any existing component that is a symbolic link.
    fn resolve(&self, key: &[&str]) -> Result<PathBuf> {
        let mut path = self.root.clone();
        for segment in key {
            // Segments come validated; this is a second line of defence.
            if segment.is_empty()
                || *segment == "."
                || *segment == ".."
                || segment.contains(['/', '\\', '\0'])
            {
                return Err(refused(key, "bad segment"));
            }
            path.push(segment);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(refused(key, "a symbolic link is on the way"));
                }
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(path)
    }
}

fn refused(key: &[&str], why: &str) -> Error {
    Error::PermissionDenied {
        message: format!("workspace key {} refused: {why}", key.join("/")),
    }
}

#[async_trait]
impl BlobBackend for LocalDir {
    async fn put(&self, key: &[&str], bytes: Vec<u8>) -> Result<()> {
        let path = self.resolve(key)?;
        let dir = path
            .parent()
            .ok_or_else(|| refused(key, "no parent directory"))?
            .to_path_buf();
        tokio::fs::create_dir_all(&dir).await?;
        // Re-check after creating directories: one may have been swapped for a link meanwhile.
        let path = self.resolve(key)?;
        let temp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
        tokio::fs::write(&temp, &bytes).await?;
        let file = tokio::fs::File::open(&temp).await?;
        file.sync_all().await?;
        tokio::fs::rename(&temp, &path).await?;
        Ok(())
    }

    async fn get(&self, key: &[&str]) -> Result<Option<Vec<u8>>> {
        let path = self.resolve(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn list(&self, prefix: &[&str]) -> Result<Vec<Vec<String>>> {
        let base = self.resolve(prefix)?;
        let mut found = Vec::new();
        let mut pending = vec![(base, Vec::<String>::new())];
        while let Some((dir, rel)) = pending.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(entries) => entries,
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            while let Some(entry) = entries.next_entry().await? {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with(".tmp-") {
                    continue;
                }
                let kind = entry.file_type().await?;
                let mut next = rel.clone();
                next.push(name);
                if kind.is_dir() {
                    pending.push((entry.path(), next));
                } else if kind.is_file() {
                    found.push(next);
                }
                // Symbolic links are neither followed nor listed.
            }
        }
        Ok(found)
    }

    async fn delete(&self, key: &[&str]) -> Result<bool> {
        let path = self.resolve(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}
