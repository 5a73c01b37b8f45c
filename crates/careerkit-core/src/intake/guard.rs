//! Running untrusted-input parsers so that a panic or a hang becomes a typed error.
//!
//! In-process guarding contains panics (including the deliberate ones some parsers raise on
//! files they do not understand) and stops *waiting* after a deadline. It cannot stop a thread
//! that keeps running, nor an allocation that aborts the process, nor a stack overflow: those
//! need process isolation, which servers should use. Mobile apps,
//! which cannot spawn processes, get the in-process guard plus the pre-checks (size, magic bytes,
//! encryption, zip directory) that refuse the known hostile shapes before a parser runs.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use crate::error::{Error, Result};

/// Runs `parse` on its own thread, turning a panic into [`Error::ParserCrashed`] and a run
/// longer than `timeout` into [`Error::ParseTimeout`].
///
/// A timed-out parse keeps running in the background until it finishes on its own; its result
/// is dropped.
///
/// ```
/// use std::time::Duration;
/// use careerkit_core::intake::guard::run_guarded;
/// use careerkit_core::ErrorKind;
///
/// let ok = run_guarded(Duration::from_secs(60), || Ok(2 + 2))?;
/// assert_eq!(ok, 4);
/// let crashed = run_guarded::<(), _>(Duration::from_secs(60), || panic!("bad xref"));
/// assert_eq!(crashed.unwrap_err().kind(), ErrorKind::Internal);
/// # Ok::<(), careerkit_core::Error>(())
/// ```
///
/// # Errors
/// Whatever `parse` returns, [`Error::ParserCrashed`] on a panic, [`Error::ParseTimeout`] past
/// the deadline.
pub fn run_guarded<T, F>(timeout: Duration, parse: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("careerkit-parse".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(parse));
            // The receiver is gone only if the caller timed out; nothing to report then.
            let _ = tx.send(outcome);
        })
        .map_err(Error::Io)?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(result)) => {
            let _ = spawned.join();
            result
        }
        Ok(Err(panic)) => Err(Error::ParserCrashed {
            message: panic_message(panic.as_ref()),
        }),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::ParseTimeout { limit: timeout }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::ParserCrashed {
            message: "parser thread ended without a result".into(),
        }),
    }
}

/// The text of a panic payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hang_becomes_a_timeout() {
        let err = run_guarded::<(), _>(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(err, Error::ParseTimeout { .. }));
    }

    #[test]
    fn a_panic_carries_its_message() {
        let err = run_guarded::<(), _>(Duration::from_secs(60), || panic!("xref table broken"))
            .unwrap_err();
        assert!(matches!(err, Error::ParserCrashed { ref message } if message.contains("xref")));
    }
}
