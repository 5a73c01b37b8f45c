//! The tokio runtime the session API runs on: agent runs continue in the background after the
//! call that started them returns, so they need a runtime that lives as long as the addon.
//! Its futures settle JS Promises through napi's deferreds, so no libuv thread waits on them.

use std::future::Future;
use std::sync::OnceLock;

use careerkit::Error;
use napi::bindgen_prelude::{Object, ToNapiValue};
use napi::Env;
use tokio::runtime::Runtime;

use crate::errors;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

fn runtime() -> Result<&'static Runtime, Error> {
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("careerkit")
        .enable_all()
        .build()?;
    // Two threads racing here build two runtimes; the loser's is dropped unused.
    Ok(RUNTIME.get_or_init(|| runtime))
}

/// A Promise settled by `work` on the runtime: its value, its error as a coded error, or a
/// panic as `INTERNAL`.
pub fn promise<'env, T, F>(env: &'env Env, work: F) -> napi::Result<Object<'env>>
where
    T: ToNapiValue + Send + 'static,
    F: Future<Output = Result<T, Error>> + Send + 'static,
{
    let runtime = runtime().map_err(errors::from_error)?;
    let (deferred, promise) = env.create_deferred()?;
    let task = runtime.spawn(work);
    runtime.spawn(async move {
        match task.await {
            Ok(Ok(value)) => deferred.resolve(move |_| Ok(value)),
            Ok(Err(err)) => deferred.reject(errors::from_error(err)),
            Err(join) => deferred.reject(match join.try_into_panic() {
                Ok(payload) => errors::from_panic(payload),
                Err(join) => errors::from_error(Error::invalid(format!("task ended: {join}"))),
            }),
        }
    });
    Ok(promise)
}
