//! The one error type Swift and Kotlin see: a variant per [`careerkit::ErrorKind`], each with
//! the message of the detailed Rust error. Every call runs under [`offload`], which also turns
//! a panic into [`CareerkitError::Internal`], so no panic reaches the FFI boundary.

use std::panic::{catch_unwind, AssertUnwindSafe};

use careerkit::{Error, ErrorKind};

/// A careerkit failure, by kind. Kotlin sees `CareerkitException.InvalidInput` and so on;
/// Swift a `CareerkitError` enum. `reason` is the detailed, human-readable cause (the field is
/// not called `message` because Kotlin's generated exceptions derive `message` from the
/// fields, `"reason=..."`).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CareerkitError {
    /// The bytes are not a format careerkit reads (decided from the content).
    #[error("{reason}")]
    UnsupportedFormat {
        /// What went wrong, in words.
        reason: String,
    },
    /// A size, page, text or decompression limit was hit.
    #[error("{reason}")]
    LimitExceeded {
        /// What went wrong, in words.
        reason: String,
    },
    /// Parsing took longer than the limit.
    #[error("{reason}")]
    Timeout {
        /// What went wrong, in words.
        reason: String,
    },
    /// The document is encrypted.
    #[error("{reason}")]
    PasswordProtected {
        /// What went wrong, in words.
        reason: String,
    },
    /// The PDF has no text layer (a scan).
    #[error("{reason}")]
    NoTextLayer {
        /// What went wrong, in words.
        reason: String,
    },
    /// The file's structure is broken.
    #[error("{reason}")]
    Corrupt {
        /// What went wrong, in words.
        reason: String,
    },
    /// Input that cannot be used (empty, too short, bad value, bad JSON argument).
    #[error("{reason}")]
    InvalidInput {
        /// What went wrong, in words.
        reason: String,
    },
    /// The item asked for does not exist.
    #[error("{reason}")]
    NotFound {
        /// What went wrong, in words.
        reason: String,
    },
    /// A network fetch failed.
    #[error("{reason}")]
    Network {
        /// What went wrong, in words.
        reason: String,
    },
    /// Reading or writing a file, or (de)serialising JSON, failed.
    #[error("{reason}")]
    Io {
        /// What went wrong, in words.
        reason: String,
    },
    /// A model provider is rate limiting; retry later.
    #[error("{reason}")]
    RateLimited {
        /// What went wrong, in words.
        reason: String,
    },
    /// A model provider failed (HTTP error, dropped connection, malformed stream).
    #[error("{reason}")]
    Provider {
        /// What went wrong, in words.
        reason: String,
    },
    /// A token, cost or step budget would be exceeded; the call was not made.
    #[error("{reason}")]
    BudgetExceeded {
        /// What went wrong, in words.
        reason: String,
    },
    /// A model's output does not satisfy what was asked of it.
    #[error("{reason}")]
    InvalidModelOutput {
        /// What went wrong, in words.
        reason: String,
    },
    /// The operation was cancelled or interrupted.
    #[error("{reason}")]
    Cancelled {
        /// What went wrong, in words.
        reason: String,
    },
    /// The request conflicts with the current state; nothing was changed.
    #[error("{reason}")]
    Conflict {
        /// What went wrong, in words.
        reason: String,
    },
    /// The operation is not allowed.
    #[error("{reason}")]
    PermissionDenied {
        /// What went wrong, in words.
        reason: String,
    },
    /// The storage engine failed.
    #[error("{reason}")]
    Storage {
        /// What went wrong, in words.
        reason: String,
    },
    /// A bug or a contained crash inside careerkit, or a host callback that threw something
    /// other than a `CareerkitError`.
    #[error("{reason}")]
    Internal {
        /// What went wrong, in words.
        reason: String,
    },
}

impl From<Error> for CareerkitError {
    fn from(err: Error) -> Self {
        let message = err.to_string();
        match err.kind() {
            ErrorKind::UnsupportedFormat => CareerkitError::UnsupportedFormat { reason: message },
            ErrorKind::LimitExceeded => CareerkitError::LimitExceeded { reason: message },
            ErrorKind::Timeout => CareerkitError::Timeout { reason: message },
            ErrorKind::PasswordProtected => CareerkitError::PasswordProtected { reason: message },
            ErrorKind::NoTextLayer => CareerkitError::NoTextLayer { reason: message },
            ErrorKind::Corrupt => CareerkitError::Corrupt { reason: message },
            ErrorKind::InvalidInput => CareerkitError::InvalidInput { reason: message },
            ErrorKind::NotFound => CareerkitError::NotFound { reason: message },
            ErrorKind::Network => CareerkitError::Network { reason: message },
            ErrorKind::Io => CareerkitError::Io { reason: message },
            ErrorKind::Internal => CareerkitError::Internal { reason: message },
            ErrorKind::RateLimited => CareerkitError::RateLimited { reason: message },
            ErrorKind::Provider => CareerkitError::Provider { reason: message },
            ErrorKind::BudgetExceeded => CareerkitError::BudgetExceeded { reason: message },
            ErrorKind::InvalidModelOutput => CareerkitError::InvalidModelOutput { reason: message },
            ErrorKind::Cancelled => CareerkitError::Cancelled { reason: message },
            ErrorKind::Conflict => CareerkitError::Conflict { reason: message },
            ErrorKind::PermissionDenied => CareerkitError::PermissionDenied { reason: message },
            ErrorKind::Storage => CareerkitError::Storage { reason: message },
        }
    }
}

/// A host callback threw an exception that is not a `CareerkitError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for CareerkitError {
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        CareerkitError::Internal {
            reason: format!("host callback failed: {}", err.reason),
        }
    }
}

/// Runs `work` on the calling thread, turning a panic into [`CareerkitError::Internal`].
pub(crate) fn guarded<T>(
    work: impl FnOnce() -> Result<T, CareerkitError>,
) -> Result<T, CareerkitError> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(CareerkitError::Internal {
            reason: format!("careerkit panicked: {message}"),
        })
    })
}

/// Runs CPU-bound `work` on tokio's blocking pool (never on the host's calling thread), under
/// [`guarded`].
pub(crate) async fn offload<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CareerkitError> + Send + 'static,
) -> Result<T, CareerkitError> {
    tokio::task::spawn_blocking(move || guarded(work))
        .await
        .unwrap_or_else(|join| {
            Err(CareerkitError::Internal {
                reason: format!("careerkit task failed: {join}"),
            })
        })
}
