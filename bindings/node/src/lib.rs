//! The native half of the `careerkit` npm package. Conversion code only: every call runs on
//! the libuv thread pool and resolves a Promise with JSON (or bytes) that the JS wrapper parses
//! into plain objects; errors carry their kind's code (see [`errors`]) and panics are caught.

mod errors;
mod knowledge;
mod runtime;
mod task;
mod workflow;

use std::sync::Arc;
use std::time::Duration;

use careerkit::export::ExportFormat;
use careerkit::intake::Limits;
use careerkit::jd::JobDescription;
use careerkit::jobs::{Application, Deduplicator, JobPosting};
use careerkit::web::{fetch_job_page, FetchOptions};
use careerkit::{Careerkit, Error, ParsedResume};
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi_derive::napi;

use task::Work;

/// A task resolving with a JSON string.
type JsonTask = AsyncTask<Work<String, String>>;

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    Ok(serde_json::to_string(value)?)
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::invalid(format!("bad JSON argument: {e}")))
}

fn json_task(job: impl FnOnce() -> Result<String, Error> + Send + 'static) -> JsonTask {
    AsyncTask::new(Work::new(job))
}

fn seconds(name: &str, secs: f64) -> Result<Duration, Error> {
    Duration::try_from_secs_f64(secs).map_err(|e| Error::invalid(format!("{name}: {e}")))
}

/// Intake limits; unset ones keep careerkit's defaults.
#[napi(object)]
pub struct EngineLimits {
    /// Largest accepted file, in bytes.
    pub max_file_bytes: Option<f64>,
    /// Most pages read from a document.
    pub max_pages: Option<u32>,
    /// Longest a parse may run, in seconds.
    pub parse_timeout_secs: Option<f64>,
}

fn build_kit(limits: Option<EngineLimits>) -> Result<Careerkit, Error> {
    let mut merged = Limits::default();
    if let Some(given) = limits {
        if let Some(bytes) = given.max_file_bytes {
            if !(bytes.is_finite() && bytes >= 0.0 && bytes.fract() == 0.0) {
                return Err(Error::invalid("maxFileBytes must be a whole number >= 0"));
            }
            // A whole, finite, non-negative f64 converts exactly (saturating above u64::MAX).
            merged.max_file_bytes = bytes as u64;
        }
        if let Some(pages) = given.max_pages {
            merged.max_pages = pages as usize;
        }
        if let Some(secs) = given.parse_timeout_secs {
            merged.parse_timeout = seconds("parseTimeoutSecs", secs)?;
        }
    }
    Careerkit::builder().limits(merged).build()
}

/// The careerkit engine (guarded intake, skill extraction, export) on the embedded defaults.
#[napi]
pub struct Engine {
    kit: Arc<Careerkit>,
}

#[napi]
impl Engine {
    /// Builds the engine with optional intake limits.
    #[napi(constructor)]
    pub fn new(limits: Option<EngineLimits>) -> napi::Result<Self> {
        errors::guarded(|| {
            Ok(Engine {
                kit: Arc::new(build_kit(limits)?),
            })
        })
    }

    /// Extracted text of a file, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn read_text(&self, data: Buffer, filename: Option<String>) -> JsonTask {
        let (kit, data) = (Arc::clone(&self.kit), data.to_vec());
        json_task(move || to_json(&kit.read_text(&data, filename.as_deref())?))
    }

    /// A resume file read into `{"text": ..., "profile": ...}`, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn parse_resume(&self, data: Buffer, filename: Option<String>) -> JsonTask {
        let (kit, data) = (Arc::clone(&self.kit), data.to_vec());
        json_task(move || to_json(&kit.parse_resume(&data, filename.as_deref())?))
    }

    /// A job description text analysed, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn parse_job(&self, text: String) -> JsonTask {
        let kit = Arc::clone(&self.kit);
        json_task(move || to_json(&kit.parse_job(&text)?))
    }

    /// The gap analysis of a parsed resume (JSON) against a job (JSON), as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn analyze(&self, resume_json: String, job_json: String) -> JsonTask {
        let kit = Arc::clone(&self.kit);
        json_task(move || {
            let resume: ParsedResume = from_json(&resume_json)?;
            let job: JobDescription = from_json(&job_json)?;
            to_json(&kit.analyze(&resume, &job))
        })
    }

    /// ATS readiness checks of a parsed resume (JSON), as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn ats_check(&self, resume_json: String) -> JsonTask {
        let kit = Arc::clone(&self.kit);
        json_task(move || to_json(&kit.ats_check(&from_json(&resume_json)?)))
    }

    /// Skill mentions in a text, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn extract_skills(&self, text: String) -> JsonTask {
        let kit = Arc::clone(&self.kit);
        json_task(move || to_json(&kit.extract_skills(&text)))
    }

    /// A resume document (JSON) rendered as `format` (md, html, pdf, docx).
    #[napi(catch_unwind, ts_return_type = "Promise<Buffer>")]
    pub fn export(
        &self,
        document_json: String,
        format: String,
    ) -> AsyncTask<Work<Vec<u8>, Buffer>> {
        let kit = Arc::clone(&self.kit);
        AsyncTask::new(Work::new(move || {
            let format: ExportFormat = format.parse()?;
            kit.export(&from_json(&document_json)?, format)
        }))
    }
}

/// A job page's text, fetched over HTTP(S), as JSON.
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn fetch_job(url: String, timeout_secs: Option<f64>, max_bytes: Option<u32>) -> JsonTask {
    json_task(move || {
        let mut options = FetchOptions::default();
        if let Some(secs) = timeout_secs {
            options.timeout = seconds("timeoutSecs", secs)?;
        }
        if let Some(bytes) = max_bytes {
            options.max_bytes = bytes as usize;
        }
        // The fetch owns a small runtime on this pool thread; it blocks only that thread.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        to_json(&runtime.block_on(fetch_job_page(&url, &options))?)
    })
}

/// Groups of duplicate postings (JSON in, JSON out).
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn dedupe_jobs(postings_json: String, not_duplicates_json: String) -> JsonTask {
    json_task(move || {
        let postings: Vec<JobPosting> = from_json(&postings_json)?;
        let vetoes: Vec<(String, String)> = from_json(&not_duplicates_json)?;
        let mut dedupe = Deduplicator::default();
        for (a, b) in &vetoes {
            dedupe.mark_not_duplicate(a, b);
        }
        to_json(&dedupe.groups(&postings))
    })
}

/// The application funnel (JSON in, JSON out).
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn application_funnel(applications_json: String) -> JsonTask {
    json_task(move || {
        let apps: Vec<Application> = from_json(&applications_json)?;
        to_json(&careerkit::jobs::funnel(&apps))
    })
}

/// Panics on the thread pool, so tests can check a panic rejects as `INTERNAL`.
#[napi(
    catch_unwind,
    js_name = "_triggerPanicForTests",
    ts_return_type = "Promise<string>"
)]
pub fn trigger_panic_for_tests() -> JsonTask {
    json_task(|| {
        let empty: Vec<u8> = Vec::new();
        // Indexing out of bounds panics; clippy's panic lints do not see through it.
        let _ = empty[empty.len()];
        Ok(String::new())
    })
}
