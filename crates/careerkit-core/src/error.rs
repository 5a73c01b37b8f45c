//! The one error type of careerkit-core, with a stable [`ErrorKind`] a binding maps to its own
//! exception classes.

use std::time::Duration;

/// Everything that can go wrong in careerkit-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not a format careerkit reads (decided from the content, not the name).
    #[error("unsupported format: {detected}")]
    UnsupportedFormat {
        /// What the content looked like (`"empty file"`, `"PNG image"`, `"spreadsheet (xlsx)"`, ...).
        detected: String,
    },
    /// The file is larger than [`crate::intake::Limits::max_file_bytes`].
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    FileTooLarge {
        /// Size of the upload in bytes.
        size: u64,
        /// The configured limit in bytes.
        limit: u64,
    },
    /// The document has more pages than [`crate::intake::Limits::max_pages`].
    #[error("document has {pages} pages, over the limit of {limit}")]
    TooManyPages {
        /// Pages in the document.
        pages: usize,
        /// The configured limit.
        limit: usize,
    },
    /// The extracted text is longer than [`crate::intake::Limits::max_chars`].
    #[error("extracted text exceeds the limit of {limit} characters")]
    TooMuchText {
        /// The configured limit in characters.
        limit: usize,
    },
    /// A compressed container (DOCX zip, PDF stream) would inflate past
    /// [`crate::intake::Limits::max_decompressed_bytes`]: a likely decompression bomb.
    #[error("decompressed size would exceed {limit} bytes ({detail})")]
    DecompressionLimit {
        /// The configured limit in bytes.
        limit: u64,
        /// What tripped the limit.
        detail: String,
    },
    /// Parsing took longer than [`crate::intake::Limits::parse_timeout`].
    #[error("parsing did not finish within {limit:?}")]
    ParseTimeout {
        /// The configured limit.
        limit: Duration,
    },
    /// The document is encrypted and needs a password.
    #[error("document is password protected")]
    PasswordProtected,
    /// The PDF has no text layer (a scan or an image-only export).
    #[error("document has no text layer (scanned or image-only); run OCR first")]
    NoTextLayer,
    /// The file claims a format but its structure is broken.
    #[error("corrupt {format} file: {reason}")]
    Corrupt {
        /// The detected format.
        format: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A third-party parser panicked or its isolated worker died; the panic was contained.
    #[error("parser failed unexpectedly: {message}")]
    ParserCrashed {
        /// The panic message or the worker's exit status.
        message: String,
    },
    /// Input that is well-formed but cannot be used (empty, too short, too long, bad value).
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What is wrong, in words a user can act on.
        message: String,
    },
    /// An item the caller asked for does not exist (or belongs to another owner).
    #[error("{kind} not found: {id}")]
    NotFound {
        /// The kind of item (`"session"`, `"skill"`, ...).
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// Fetching a document over the network failed (bad URL, refused, HTTP error, too large).
    #[error("cannot fetch {url}: {reason}")]
    Fetch {
        /// The URL asked for.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// A model provider refused for rate limiting (HTTP 429); retry after the given delay.
    #[error("{provider} is rate limited{}", retry_after.map(|d| format!(" (retry after {d:?})")).unwrap_or_default())]
    RateLimited {
        /// The provider that refused.
        provider: String,
        /// How long the provider asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// A model provider failed: an HTTP error, a dropped connection, a malformed stream.
    #[error("{provider} failed{}: {message}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Provider {
        /// The provider that failed.
        provider: String,
        /// The HTTP status, when there was one.
        status: Option<u16>,
        /// What went wrong.
        message: String,
        /// Whether trying the same request again may succeed (5xx, reset before any output).
        retryable: bool,
    },
    /// An operation other than parsing ran out of time (a model call, a run, a job).
    #[error("{operation} did not finish within {limit:?}")]
    Timeout {
        /// What timed out (`"first token"`, `"run"`, ...).
        operation: String,
        /// The configured limit.
        limit: Duration,
    },
    /// A token, cost or step budget would be exceeded; the call was not made.
    #[error("{scope} budget exhausted: {detail}")]
    BudgetExceeded {
        /// Which budget (`"session"`, `"run"`, `"call"`).
        scope: String,
        /// The limit and what was used.
        detail: String,
    },
    /// A model's output does not satisfy what was asked of it (JSON Schema, tool arguments).
    #[error("invalid model output: {message}")]
    InvalidModelOutput {
        /// What is wrong with it.
        message: String,
    },
    /// The caller cancelled or interrupted the operation.
    #[error("cancelled: {reason}")]
    Cancelled {
        /// Why (`"interrupted by user"`, ...).
        reason: String,
    },
    /// The request conflicts with the current state (illegal workflow transition, an approval
    /// already used, a duplicate id). Nothing was changed.
    #[error("conflict: {message}")]
    Conflict {
        /// What conflicts, in words a user can act on.
        message: String,
    },
    /// The operation is not allowed (a tool outside an agent's set, a path outside a workspace).
    #[error("not allowed: {message}")]
    PermissionDenied {
        /// What was refused and why.
        message: String,
    },
    /// A prompt does not fit the model's context window; nothing was cut.
    #[error("the prompt has {tokens} tokens; the model's context holds {limit}")]
    ContextOverflow {
        /// Tokens in the prompt.
        tokens: usize,
        /// The model's context length.
        limit: usize,
    },
    /// The storage engine (database, object store) failed.
    #[error("storage error: {message}")]
    Storage {
        /// The engine's message.
        message: String,
    },
    /// A model or index library failed (tensor, tokenizer or search-engine error): careerkit's
    /// fault or a broken installation, not the caller's input.
    #[error("{component} failed: {message}")]
    Engine {
        /// The failing part (`"embedder"`, `"tokenizer"`, `"search index"`, ...).
        component: &'static str,
        /// The library's message.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// (De)serialising JSON failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

/// A stable, coarse classification of [`Error`], for bindings and for callers that branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// [`Error::UnsupportedFormat`].
    UnsupportedFormat,
    /// A size, page, text or decompression limit was hit.
    LimitExceeded,
    /// [`Error::ParseTimeout`].
    Timeout,
    /// [`Error::PasswordProtected`].
    PasswordProtected,
    /// [`Error::NoTextLayer`].
    NoTextLayer,
    /// [`Error::Corrupt`].
    Corrupt,
    /// [`Error::ParserCrashed`] or [`Error::Engine`].
    Internal,
    /// [`Error::InvalidInput`].
    InvalidInput,
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::Fetch`].
    Network,
    /// [`Error::Io`] or [`Error::Json`].
    Io,
    /// [`Error::RateLimited`].
    RateLimited,
    /// [`Error::Provider`].
    Provider,
    /// [`Error::BudgetExceeded`].
    BudgetExceeded,
    /// [`Error::InvalidModelOutput`].
    InvalidModelOutput,
    /// [`Error::Cancelled`].
    Cancelled,
    /// [`Error::Conflict`].
    Conflict,
    /// [`Error::PermissionDenied`].
    PermissionDenied,
    /// [`Error::Storage`].
    Storage,
}

impl Error {
    /// The stable kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::UnsupportedFormat { .. } => ErrorKind::UnsupportedFormat,
            Error::FileTooLarge { .. }
            | Error::TooManyPages { .. }
            | Error::TooMuchText { .. }
            | Error::DecompressionLimit { .. } => ErrorKind::LimitExceeded,
            Error::ParseTimeout { .. } | Error::Timeout { .. } => ErrorKind::Timeout,
            Error::PasswordProtected => ErrorKind::PasswordProtected,
            Error::NoTextLayer => ErrorKind::NoTextLayer,
            Error::Corrupt { .. } => ErrorKind::Corrupt,
            Error::ParserCrashed { .. } | Error::Engine { .. } => ErrorKind::Internal,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Fetch { .. } => ErrorKind::Network,
            Error::Io(_) | Error::Json(_) => ErrorKind::Io,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Provider { .. } => ErrorKind::Provider,
            Error::BudgetExceeded { .. } => ErrorKind::BudgetExceeded,
            Error::InvalidModelOutput { .. } => ErrorKind::InvalidModelOutput,
            Error::Cancelled { .. } => ErrorKind::Cancelled,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::PermissionDenied { .. } => ErrorKind::PermissionDenied,
            Error::Storage { .. } => ErrorKind::Storage,
            Error::ContextOverflow { .. } => ErrorKind::LimitExceeded,
        }
    }

    /// Whether the same call may succeed if tried again (rate limits, transient provider
    /// failures). Retry layers consult this and nothing else.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } => true,
            Error::Provider { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// Shorthand for [`Error::Engine`], from any displayable library error.
    pub fn engine(component: &'static str, err: impl std::fmt::Display) -> Self {
        Error::Engine {
            component,
            message: err.to_string(),
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
