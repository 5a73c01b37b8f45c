//! careerkit errors as Python exceptions: one class per error kind under `CareerkitError`, and
//! panics caught at the boundary so they never surface as `PanicException` (which escapes
//! `except Exception`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use careerkit::{Error, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _native,
    CareerkitError,
    PyException,
    "Base class of every careerkit error."
);
create_exception!(
    _native,
    UnsupportedFormatError,
    CareerkitError,
    "The file is not a format careerkit reads."
);
create_exception!(
    _native,
    LimitExceededError,
    CareerkitError,
    "A size, page, text or decompression limit was hit."
);
create_exception!(
    _native,
    ParseTimeoutError,
    CareerkitError,
    "Parsing took longer than the limit."
);
create_exception!(
    _native,
    PasswordProtectedError,
    CareerkitError,
    "The document is encrypted."
);
create_exception!(
    _native,
    NoTextLayerError,
    CareerkitError,
    "The PDF has no text layer (scanned)."
);
create_exception!(
    _native,
    CorruptFileError,
    CareerkitError,
    "The file's structure is broken."
);
create_exception!(
    _native,
    InvalidInputError,
    CareerkitError,
    "Input that cannot be used."
);
create_exception!(
    _native,
    NotFoundError,
    CareerkitError,
    "The item does not exist."
);
create_exception!(
    _native,
    NetworkError,
    CareerkitError,
    "A network fetch failed."
);
create_exception!(
    _native,
    InternalError,
    CareerkitError,
    "A bug or a contained crash inside careerkit."
);

create_exception!(
    _native,
    RateLimitedError,
    CareerkitError,
    "A model provider refused for rate limiting; retry later."
);
create_exception!(
    _native,
    ProviderError,
    CareerkitError,
    "A model provider failed (HTTP error, dropped connection, malformed stream)."
);
create_exception!(
    _native,
    BudgetExceededError,
    CareerkitError,
    "A token, cost or step budget would be exceeded."
);
create_exception!(
    _native,
    InvalidModelOutputError,
    CareerkitError,
    "A model's output does not satisfy its JSON Schema or tool arguments."
);
create_exception!(
    _native,
    OperationCancelledError,
    CareerkitError,
    "The operation was cancelled or interrupted."
);
create_exception!(
    _native,
    ConflictError,
    CareerkitError,
    "The request conflicts with the current state; nothing was changed."
);
create_exception!(
    _native,
    PermissionDeniedError,
    CareerkitError,
    "The operation is not allowed."
);
create_exception!(
    _native,
    StorageError,
    CareerkitError,
    "The storage engine (database, object store) failed."
);

/// Maps a careerkit error to the exception class of its kind, keeping the message.
pub fn to_py(err: Error) -> PyErr {
    let message = err.to_string();
    match err.kind() {
        ErrorKind::UnsupportedFormat => UnsupportedFormatError::new_err(message),
        ErrorKind::LimitExceeded => LimitExceededError::new_err(message),
        ErrorKind::Timeout => ParseTimeoutError::new_err(message),
        ErrorKind::PasswordProtected => PasswordProtectedError::new_err(message),
        ErrorKind::NoTextLayer => NoTextLayerError::new_err(message),
        ErrorKind::Corrupt => CorruptFileError::new_err(message),
        ErrorKind::InvalidInput => InvalidInputError::new_err(message),
        ErrorKind::NotFound => NotFoundError::new_err(message),
        ErrorKind::Network => NetworkError::new_err(message),
        ErrorKind::Internal | ErrorKind::Io => InternalError::new_err(message),
        ErrorKind::RateLimited => RateLimitedError::new_err(message),
        ErrorKind::Provider => ProviderError::new_err(message),
        ErrorKind::BudgetExceeded => BudgetExceededError::new_err(message),
        ErrorKind::InvalidModelOutput => InvalidModelOutputError::new_err(message),
        ErrorKind::Cancelled => OperationCancelledError::new_err(message),
        ErrorKind::Conflict => ConflictError::new_err(message),
        ErrorKind::PermissionDenied => PermissionDeniedError::new_err(message),
        ErrorKind::Storage => StorageError::new_err(message),
    }
}

/// Runs `work` with the GIL released, turning careerkit errors into their exceptions and a
/// panic into `InternalError`.
pub fn guarded<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T, Error> + Send,
{
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(work)));
    match outcome {
        Ok(result) => result.map_err(to_py),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(InternalError::new_err(format!(
                "careerkit panicked: {message}"
            )))
        }
    }
}

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("CareerkitError", py.get_type::<CareerkitError>())?;
    m.add(
        "UnsupportedFormatError",
        py.get_type::<UnsupportedFormatError>(),
    )?;
    m.add("LimitExceededError", py.get_type::<LimitExceededError>())?;
    m.add("ParseTimeoutError", py.get_type::<ParseTimeoutError>())?;
    m.add(
        "PasswordProtectedError",
        py.get_type::<PasswordProtectedError>(),
    )?;
    m.add("NoTextLayerError", py.get_type::<NoTextLayerError>())?;
    m.add("CorruptFileError", py.get_type::<CorruptFileError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("NetworkError", py.get_type::<NetworkError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("RateLimitedError", py.get_type::<RateLimitedError>())?;
    m.add("ProviderError", py.get_type::<ProviderError>())?;
    m.add("BudgetExceededError", py.get_type::<BudgetExceededError>())?;
    m.add(
        "InvalidModelOutputError",
        py.get_type::<InvalidModelOutputError>(),
    )?;
    m.add(
        "OperationCancelledError",
        py.get_type::<OperationCancelledError>(),
    )?;
    m.add("ConflictError", py.get_type::<ConflictError>())?;
    m.add(
        "PermissionDeniedError",
        py.get_type::<PermissionDeniedError>(),
    )?;
    m.add("StorageError", py.get_type::<StorageError>())?;
    Ok(())
}
