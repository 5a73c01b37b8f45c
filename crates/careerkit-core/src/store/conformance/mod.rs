//! The conformance suite every [`Store`], [`Queue`] and [`Workspace`] engine runs, written once
//! (matrix-rust-sdk's `statestore_integration_tests!` idea). An engine's tests build a fresh
//! instance and call [`store_suite`], [`queue_suite`] and [`workspace_suite`]; a failure panics
//! with the check that failed. Test code: it asserts, unwraps and panics by design.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod queue;
mod store;
mod workspace;

pub use queue::queue_suite;
pub use store::store_suite;
pub use workspace::workspace_suite;

use crate::Error;

/// Asserts that `result` is the error kind `kind`, naming `what` when it is not.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(
    result: crate::Result<T>,
    kind: crate::ErrorKind,
    what: &str,
) {
    match result {
        Err(error) if error.kind() == kind => {}
        other => panic!("{what}: expected {kind:?}, got {other:?}"),
    }
}

/// True for [`Error::NotFound`].
pub fn is_not_found<T>(result: &crate::Result<T>) -> bool {
    matches!(result, Err(Error::NotFound { .. }))
}
