//! One libuv thread-pool task for every export: it runs a closure off the JS thread under
//! [`guarded`], then hands its result to JS as a Promise.

use careerkit::Error;
use napi::bindgen_prelude::{ToNapiValue, TypeName};
use napi::{Env, Task};

use crate::errors::guarded;

type Job<T> = Box<dyn FnOnce() -> Result<T, Error> + Send>;

/// Work for the thread pool: a closure producing `T`, resolved in JS as `J`.
pub struct Work<T, J> {
    job: Option<Job<T>>,
    js: std::marker::PhantomData<fn() -> J>,
}

impl<T, J> Work<T, J> {
    /// Wraps `job` for `AsyncTask::new`.
    pub fn new(job: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Self {
        Work {
            job: Some(Box::new(job)),
            js: std::marker::PhantomData,
        }
    }
}

impl<T, J> Task for Work<T, J>
where
    T: Send + 'static + Into<J>,
    J: ToNapiValue + TypeName,
{
    type Output = T;
    type JsValue = J;

    fn compute(&mut self) -> napi::Result<T> {
        let job = self.job.take();
        guarded(|| match job {
            Some(job) => job(),
            None => Err(Error::invalid("task already ran")),
        })
    }

    fn resolve(&mut self, _env: Env, output: T) -> napi::Result<J> {
        Ok(output.into())
    }
}
