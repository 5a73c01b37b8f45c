//! The workspace port: a session's files (original uploads, the working resume, previews,
//! exports) by relative path, with the checks every engine applies at the boundary: paths that
//! cannot leave the session's directory ([`WorkspacePath`]), and size and content-type limits
//! ([`WorkspacePolicy`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

use super::OwnerId;

/// A validated relative path inside a session's workspace: `/`-separated segments, none empty,
/// `.` or `..`; no leading `/`, no backslash, no `%` (so no percent-encoded dots or slashes),
/// no `:` (no drive letters or URL schemes), no control characters or NUL; at most 255 bytes a
/// segment and 1024 in all.
///
/// ```
/// use careerkit_core::store::WorkspacePath;
/// assert_eq!(WorkspacePath::parse("exports/resume v2.pdf")?.as_str(), "exports/resume v2.pdf");
/// assert!(WorkspacePath::parse("../secrets").is_err());
/// assert!(WorkspacePath::parse("%2e%2e/secrets").is_err());
/// # Ok::<(), careerkit_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkspacePath(String);

impl WorkspacePath {
    /// Validates a relative path.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] naming what is wrong with it.
    pub fn parse(path: &str) -> Result<Self> {
        let refuse = |why: &str| {
            Err(Error::PermissionDenied {
                message: format!("workspace path {path:?} refused: {why}"),
            })
        };
        if path.is_empty() || path.len() > 1024 {
            return refuse("must be 1 to 1024 bytes");
        }
        if path.starts_with('/') {
            return refuse("absolute paths are not allowed");
        }
        if let Some(c) = path
            .chars()
            .find(|c| matches!(c, '\\' | '%' | ':') || c.is_control())
        {
            return refuse(&format!("character {c:?} is not allowed"));
        }
        for segment in path.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return refuse("empty, '.' and '..' segments are not allowed");
            }
            if segment.len() > 255 {
                return refuse("a segment is longer than 255 bytes");
            }
        }
        Ok(WorkspacePath(path.to_owned()))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path's segments.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

impl TryFrom<String> for WorkspacePath {
    type Error = Error;
    fn try_from(path: String) -> Result<Self> {
        WorkspacePath::parse(&path)
    }
}

impl From<WorkspacePath> for String {
    fn from(path: WorkspacePath) -> String {
        path.0
    }
}

/// Checks a session id for use as a directory or key segment (the store's ids are UUIDs; this
/// refuses anything that could change the path).
///
/// # Errors
/// [`Error::PermissionDenied`] for an id that is not 1-64 characters of letters, digits, `-`, `_`.
pub fn check_session_segment(session_id: &str) -> Result<()> {
    let ok = !session_id.is_empty()
        && session_id.len() <= 64
        && session_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::PermissionDenied {
            message: format!("session id {session_id:?} is not a valid workspace segment"),
        })
    }
}

/// A stored file's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Its path in the session's workspace.
    pub path: WorkspacePath,
    /// Size in bytes.
    pub size: u64,
    /// The content type it was stored with.
    pub content_type: String,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// When it was written.
    pub modified_at: DateTime<Utc>,
}

/// Size and content-type limits applied before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspacePolicy {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Content types accepted; each is also checked against the bytes (a "PDF" must start
    /// like one).
    pub allowed_types: Vec<String>,
}

/// Content types the default policy accepts and how their bytes must begin.
const KNOWN_TYPES: &[(&str, Sniff)] = &[
    ("application/pdf", Sniff::Prefix(b"%PDF-")),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Sniff::Prefix(b"PK\x03\x04"),
    ),
    ("application/json", Sniff::Json),
    ("text/plain", Sniff::Utf8),
    ("text/markdown", Sniff::Utf8),
    ("text/html", Sniff::Utf8),
    ("image/png", Sniff::Prefix(b"\x89PNG\r\n\x1a\n")),
    ("audio/wav", Sniff::Prefix(b"RIFF")),
    ("audio/webm", Sniff::Prefix(b"\x1a\x45\xdf\xa3")),
];

/// How the bytes of a content type are recognised.
#[derive(Debug, Clone, Copy)]
enum Sniff {
    /// The content starts with these bytes.
    Prefix(&'static [u8]),
    /// The content is UTF-8 text.
    Utf8,
    /// The content is a JSON document.
    Json,
}

impl Default for WorkspacePolicy {
    /// 25 MiB; PDF, DOCX, JSON, plain text, Markdown, HTML, PNG, WAV and WebM audio.
    fn default() -> Self {
        WorkspacePolicy {
            max_file_bytes: 25 * 1024 * 1024,
            allowed_types: KNOWN_TYPES.iter().map(|(t, _)| (*t).to_owned()).collect(),
        }
    }
}

impl WorkspacePolicy {
    /// Checks a file before it is written.
    ///
    /// # Errors
    /// [`Error::FileTooLarge`] over the size limit; [`Error::InvalidInput`] for a content type
    /// not allowed or bytes that do not match it.
    pub fn check(&self, content_type: &str, bytes: &[u8]) -> Result<()> {
        let size = bytes.len() as u64;
        if size > self.max_file_bytes {
            return Err(Error::FileTooLarge {
                size,
                limit: self.max_file_bytes,
            });
        }
        if !self.allowed_types.iter().any(|t| t == content_type) {
            return Err(Error::invalid(format!(
                "content type {content_type:?} is not accepted in a workspace"
            )));
        }
        let sniff = KNOWN_TYPES
            .iter()
            .find(|(t, _)| *t == content_type)
            .map(|(_, sniff)| *sniff);
        let matches = match sniff {
            Some(Sniff::Prefix(prefix)) => bytes.starts_with(prefix),
            Some(Sniff::Utf8) => std::str::from_utf8(bytes).is_ok(),
            Some(Sniff::Json) => serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
            // A type the product added to the policy: trusted as declared.
            None => true,
        };
        if matches {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "content does not look like {content_type}"
            )))
        }
    }
}

/// A session's files. Engines validate the session id, apply their [`WorkspacePolicy`], keep
/// every path beneath the session's directory, and write every mutation to the audit log.
#[async_trait]
pub trait Workspace: Send + Sync {
    /// Writes (or replaces) a file; `actor` is recorded in the audit log.
    ///
    /// # Errors
    /// The policy's errors; [`Error::PermissionDenied`] for a path that would leave the
    /// workspace; [`Error::NotFound`] for an unknown session.
    async fn put(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &WorkspacePath,
        content_type: &str,
        bytes: Vec<u8>,
        actor: &str,
    ) -> Result<FileMeta>;

    /// Reads a file.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such file.
    async fn get(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &WorkspacePath,
    ) -> Result<(FileMeta, Vec<u8>)>;

    /// A session's files, sorted by path.
    ///
    /// # Errors
    /// [`Error::Storage`] when the engine fails.
    async fn list(&self, owner: &OwnerId, session_id: &str) -> Result<Vec<FileMeta>>;

    /// Deletes a file; `actor` is recorded in the audit log.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such file.
    async fn delete(
        &self,
        owner: &OwnerId,
        session_id: &str,
        path: &WorkspacePath,
        actor: &str,
    ) -> Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_workspace_are_refused() {
        for bad in [
            "",
            "..",
            "../x",
            "a/../../x",
            "a/./b",
            "/etc/passwd",
            "a//b",
            "a/",
            "%2e%2e/x",
            "%2E%2E%2Fx",
            "..%2fx",
            "a\\..\\b",
            "C:/x",
            "file:x",
            "a\0b",
            "a\nb",
        ] {
            assert!(WorkspacePath::parse(bad).is_err(), "{bad:?} accepted");
        }
        for good in [
            "cv.pdf",
            "exports/2026/cv v2.docx",
            "é/ü.txt",
            "..hidden",
            "a..b",
        ] {
            assert_eq!(WorkspacePath::parse(good).unwrap().as_str(), good);
        }
        assert!(WorkspacePath::parse(&"a".repeat(256)).is_err());
    }

    #[test]
    fn policy_checks_size_type_and_bytes() {
        let policy = WorkspacePolicy {
            max_file_bytes: 10,
            ..WorkspacePolicy::default()
        };
        assert!(policy.check("application/pdf", b"%PDF-1.7").is_ok());
        assert!(matches!(
            policy.check("application/pdf", b"%PDF-1.7 and more"),
            Err(Error::FileTooLarge {
                size: 17,
                limit: 10
            })
        ));
        assert!(policy.check("application/pdf", b"MZ\x90\x00").is_err());
        assert!(policy.check("application/x-msdownload", b"MZ").is_err());
        assert!(policy.check("application/json", b"{\"a\":1}").is_ok());
        assert!(policy.check("application/json", b"{nope").is_err());
        assert!(policy.check("text/plain", b"\xff\xfe").is_err());
    }

    #[test]
    fn session_segments() {
        assert!(check_session_segment("0192f0c4-7b1e-7c3a-9f00-aa11bb22cc33").is_ok());
        for bad in ["", "..", "a/b", "a.b", "x%2f"] {
            assert!(check_session_segment(bad).is_err());
        }
    }
}
