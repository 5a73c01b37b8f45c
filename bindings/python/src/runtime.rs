//! The tokio runtime network calls run on, recreated after `fork()` so pre-fork servers
//! (gunicorn, uvicorn workers) can use careerkit in every child.

use std::sync::Mutex;

use careerkit::Error;
use tokio::runtime::Runtime;

static RUNTIME: Mutex<Option<(u32, Runtime)>> = Mutex::new(None);

/// Runs `future` to completion on this process's runtime, creating it on first use and again
/// in a forked child (whose copy of the parent's runtime has no threads).
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, Error> {
    let pid = std::process::id();
    let mut slot = RUNTIME
        .lock()
        .map_err(|_| Error::invalid("runtime lock poisoned"))?;
    if slot.as_ref().is_none_or(|(owner, _)| *owner != pid) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        // The parent's runtime cannot be shut down from the child: its threads do not exist
        // here, and dropping it would wait for them. Leak it instead.
        if let Some((_, stale)) = slot.replace((pid, runtime)) {
            std::mem::forget(stale);
        }
    }
    let handle = slot
        .as_ref()
        .map(|(_, rt)| rt.handle().clone())
        .ok_or_else(|| Error::invalid("runtime missing"))?;
    drop(slot);
    Ok(handle.block_on(future))
}
