//! careerkit errors as Node errors: each carries its kind's stable code (`UNSUPPORTED_FORMAT`,
//! ...) as a `[CODE] ` prefix of the message, which the JS wrapper turns into the matching
//! `CareerkitError` subclass; panics are caught here so they reject as `INTERNAL` instead of
//! aborting the Node process.

use std::panic::{catch_unwind, AssertUnwindSafe};

use careerkit::{Error, ErrorKind};

/// The stable code of an error kind, as the JS wrapper's error classes know it.
fn code(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UnsupportedFormat => "UNSUPPORTED_FORMAT",
        ErrorKind::LimitExceeded => "LIMIT_EXCEEDED",
        ErrorKind::Timeout => "TIMEOUT",
        ErrorKind::PasswordProtected => "PASSWORD_PROTECTED",
        ErrorKind::NoTextLayer => "NO_TEXT_LAYER",
        ErrorKind::Corrupt => "CORRUPT",
        ErrorKind::InvalidInput => "INVALID_INPUT",
        ErrorKind::NotFound => "NOT_FOUND",
        ErrorKind::Network => "NETWORK",
        ErrorKind::Internal => "INTERNAL",
        ErrorKind::Io => "IO",
        ErrorKind::RateLimited => "RATE_LIMITED",
        ErrorKind::Provider => "PROVIDER",
        ErrorKind::BudgetExceeded => "BUDGET_EXCEEDED",
        ErrorKind::InvalidModelOutput => "INVALID_MODEL_OUTPUT",
        ErrorKind::Cancelled => "CANCELLED",
        ErrorKind::Conflict => "CONFLICT",
        ErrorKind::PermissionDenied => "PERMISSION_DENIED",
        ErrorKind::Storage => "STORAGE",
    }
}

/// A napi error whose message is `[CODE] message`.
fn coded(code: &str, message: impl std::fmt::Display) -> napi::Error {
    napi::Error::from_reason(format!("[{code}] {message}"))
}

/// A careerkit error as a coded napi error.
pub fn from_error(err: Error) -> napi::Error {
    coded(code(err.kind()), err)
}

/// A caught panic's payload as an `INTERNAL` napi error.
pub fn from_panic(payload: Box<dyn std::any::Any + Send>) -> napi::Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    coded("INTERNAL", format!("careerkit panicked: {message}"))
}

/// Runs `work`, turning careerkit errors into coded napi errors and a panic into `INTERNAL`.
pub fn guarded<T, F>(work: F) -> napi::Result<T>
where
    F: FnOnce() -> Result<T, Error>,
{
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result.map_err(from_error),
        Err(payload) => Err(from_panic(payload)),
    }
}
