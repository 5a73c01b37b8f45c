//! The native half of the `careerkit` Python package. Conversion code only: every function
//! releases the GIL, exchanges JSON with the Python half (which types it), and maps errors and
//! panics to the exception classes in [`errors`].

mod errors;
mod knowledge;
mod runtime;
mod values;
mod workflow;

use careerkit::analysis::rank::Preferences;
use careerkit::export::ExportFormat;
use careerkit::intake::Limits;
use careerkit::jd::JobDescription;
use careerkit::jobs::{Application, Deduplicator, JobPosting};
use careerkit::web::{fetch_job_page, FetchOptions};
use careerkit::{Careerkit, Error, ParsedResume};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    Ok(serde_json::to_string(value)?)
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::invalid(format!("bad JSON argument: {e}")))
}

/// The careerkit engine (guarded intake, skill extraction, export) on the embedded defaults.
#[pyclass(frozen, module = "careerkit._native")]
struct Engine {
    kit: Careerkit,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (max_file_bytes=None, max_pages=None, parse_timeout_secs=None))]
    fn new(
        py: Python<'_>,
        max_file_bytes: Option<u64>,
        max_pages: Option<usize>,
        parse_timeout_secs: Option<f64>,
    ) -> PyResult<Self> {
        errors::guarded(py, || {
            let mut limits = Limits::default();
            if let Some(bytes) = max_file_bytes {
                limits.max_file_bytes = bytes;
            }
            if let Some(pages) = max_pages {
                limits.max_pages = pages;
            }
            if let Some(secs) = parse_timeout_secs {
                limits.parse_timeout = std::time::Duration::try_from_secs_f64(secs)
                    .map_err(|e| Error::invalid(format!("parse_timeout_secs: {e}")))?;
            }
            let kit = Careerkit::builder().limits(limits).build()?;
            Ok(Engine { kit })
        })
    }

    /// Extracted text of a file.
    #[pyo3(signature = (data, filename=None))]
    fn read_text<'py>(
        &self,
        py: Python<'py>,
        data: Vec<u8>,
        filename: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        plain(py, || self.kit.read_text(&data, filename.as_deref()))
    }

    /// A resume file read into `{"text": ..., "profile": ...}`.
    #[pyo3(signature = (data, filename=None))]
    fn parse_resume<'py>(
        &self,
        py: Python<'py>,
        data: Vec<u8>,
        filename: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        plain(py, || self.kit.parse_resume(&data, filename.as_deref()))
    }

    /// A job description text analysed.
    fn parse_job<'py>(&self, py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
        plain(py, || self.kit.parse_job(&text))
    }

    /// The gap analysis of a parsed resume against a job.
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        resume: &Bound<'py, PyAny>,
        job: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (resume, job) = (values::from_py(resume)?, values::from_py(job)?);
        plain(py, || {
            let resume: ParsedResume = values::from_value("resume", resume)?;
            let job: JobDescription = values::from_value("job", job)?;
            Ok(self.kit.analyze(&resume, &job))
        })
    }

    /// Jobs (`[(id, job), ...]`) ranked for a parsed resume with preferences.
    fn rank_jobs<'py>(
        &self,
        py: Python<'py>,
        resume: &Bound<'py, PyAny>,
        jobs: &Bound<'py, PyAny>,
        preferences: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let resume = values::from_py(resume)?;
        let (jobs, preferences) = (values::from_py(jobs)?, values::from_py(preferences)?);
        plain(py, || {
            let resume: ParsedResume = values::from_value("resume", resume)?;
            let jobs: Vec<(String, JobDescription)> = values::from_value("jobs", jobs)?;
            let preferences: Preferences = values::from_value("preferences", preferences)?;
            let refs: Vec<(&str, &JobDescription)> =
                jobs.iter().map(|(id, job)| (id.as_str(), job)).collect();
            Ok(self.kit.rank_jobs(&resume, &refs, &preferences))
        })
    }

    /// ATS readiness checks of a parsed resume.
    fn ats_check<'py>(
        &self,
        py: Python<'py>,
        resume: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let resume = values::from_py(resume)?;
        plain(py, || {
            let resume: ParsedResume = values::from_value("resume", resume)?;
            Ok(self.kit.ats_check(&resume))
        })
    }

    /// Skill mentions in a text.
    fn extract_skills<'py>(&self, py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
        plain(py, || Ok(self.kit.extract_skills(&text)))
    }

    /// A resume document rendered as `format` (md, html, pdf, docx).
    fn export<'py>(
        &self,
        py: Python<'py>,
        document: &Bound<'py, PyAny>,
        format: String,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let document = values::from_py(document)?;
        let bytes = errors::guarded(py, || {
            let format: ExportFormat = format.parse()?;
            self.kit
                .export(&values::from_value("resume document", document)?, format)
        })?;
        Ok(PyBytes::new(py, &bytes))
    }
}

/// Runs `work` with the GIL released (panics caught) and returns its value as plain Python
/// data: dicts, lists, strings and numbers.
fn plain<'py, T: serde::Serialize>(
    py: Python<'py>,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let value = errors::guarded(py, || values::to_value(&work()?))?;
    values::to_py(py, &value)
}

/// A job page's text, fetched over HTTP(S), as JSON.
#[pyfunction]
#[pyo3(signature = (url, timeout_secs=15.0, max_bytes=3145728))]
fn fetch_job(py: Python<'_>, url: String, timeout_secs: f64, max_bytes: usize) -> PyResult<String> {
    errors::guarded(py, || {
        let options = FetchOptions {
            timeout: std::time::Duration::try_from_secs_f64(timeout_secs)
                .map_err(|e| Error::invalid(format!("timeout_secs: {e}")))?,
            max_bytes,
        };
        to_json(&runtime::block_on(fetch_job_page(&url, &options))??)
    })
}

/// Groups of duplicate postings (JSON in, JSON out).
#[pyfunction]
fn dedupe_jobs(
    py: Python<'_>,
    postings_json: String,
    not_duplicates_json: String,
) -> PyResult<String> {
    errors::guarded(py, || {
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
#[pyfunction]
fn application_funnel(py: Python<'_>, applications_json: String) -> PyResult<String> {
    errors::guarded(py, || {
        let apps: Vec<Application> = from_json(&applications_json)?;
        to_json(&careerkit::jobs::funnel(&apps))
    })
}

/// Panics inside the native module, so tests can check a panic surfaces as `InternalError`.
#[pyfunction]
fn _trigger_panic_for_tests(py: Python<'_>) -> PyResult<()> {
    errors::guarded(py, || -> Result<(), Error> {
        let empty: Vec<u8> = Vec::new();
        // Indexing out of bounds panics; clippy's panic lints do not see through it.
        let _ = empty[empty.len()];
        Ok(())
    })
}

/// The `careerkit._native` module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<Engine>()?;
    m.add_class::<workflow::Workflow>()?;
    m.add_class::<workflow::RunEvents>()?;
    m.add_class::<knowledge::KnowledgeBase>()?;
    m.add_function(wrap_pyfunction!(fetch_job, m)?)?;
    m.add_function(wrap_pyfunction!(dedupe_jobs, m)?)?;
    m.add_function(wrap_pyfunction!(application_funnel, m)?)?;
    m.add_function(wrap_pyfunction!(_trigger_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
