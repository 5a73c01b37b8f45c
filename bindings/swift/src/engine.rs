//! The `Careerkit` object Swift and Kotlin call: the facade's methods as async functions on the
//! tokio runtime, each running its CPU work on the blocking pool (see
//! [`crate::errors::offload`]) and converting results to the records in [`crate::types`].

use std::sync::Arc;

use careerkit::document::ResumeDocument;

use crate::callbacks::SkillSource;
use crate::errors::{guarded, offload, CareerkitError};
use crate::llm::HostLlmProvider;
use crate::session_types::WorkflowOptions;
use crate::types::{
    from_json, to_json, AtsReport, EngineOptions, ExportFormat, ExtractedText, JobDescription,
    JobToRank, MatchResult, ParsedResume, Preferences, RankedJob, SkillMention,
};

/// The careerkit engine: guarded intake, resume and job analysis, matching, export. Thread-safe;
/// build one per app and share it.
#[derive(uniffi::Object)]
pub struct Careerkit {
    kit: Arc<careerkit::Careerkit>,
}

#[uniffi::export(async_runtime = "tokio")]
impl Careerkit {
    /// Builds the engine on careerkit's defaults, with optional limits and the host's extra
    /// skills. Builds the skill matcher, so call it once, off the UI thread.
    ///
    /// # Errors
    /// `InvalidInput` for a bad limit or extra skills that do not fit the taxonomy; whatever
    /// the skill source throws.
    #[uniffi::constructor(default(options = None, skill_source = None))]
    pub fn new(
        options: Option<EngineOptions>,
        skill_source: Option<Arc<dyn SkillSource>>,
    ) -> Result<Arc<Self>, CareerkitError> {
        guarded(|| {
            let options = options.unwrap_or_default();
            let mut builder = careerkit::Careerkit::builder().limits(options.limits()?);
            if let Some(source) = skill_source {
                let skills = source
                    .skills()?
                    .iter()
                    .map(|s| s.to_skill())
                    .collect::<Result<_, _>>()?;
                builder = builder.extra_skills(skills);
            }
            Ok(Arc::new(Careerkit {
                kit: Arc::new(builder.build()?),
            }))
        })
    }

    /// The text of a resume or JD file (PDF, DOCX, TXT, Markdown); `file_name` is a hint only.
    ///
    /// # Errors
    /// `UnsupportedFormat`, `LimitExceeded`, `Timeout`, `PasswordProtected`, `NoTextLayer`,
    /// `Corrupt` for files careerkit cannot read.
    pub async fn read_text(
        &self,
        data: Vec<u8>,
        file_name: Option<String>,
    ) -> Result<ExtractedText, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || kit.read_text(&data, file_name.as_deref())?.try_into()).await
    }

    /// A resume file read into its text and a provenance-rich profile.
    ///
    /// # Errors
    /// As [`Careerkit::read_text`].
    pub async fn parse_resume(
        &self,
        data: Vec<u8>,
        file_name: Option<String>,
    ) -> Result<ParsedResume, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || kit.parse_resume(&data, file_name.as_deref())?.try_into()).await
    }

    /// A job description given as text, analysed.
    ///
    /// # Errors
    /// `InvalidInput` for an empty, too short or too long text.
    pub async fn parse_job(&self, text: String) -> Result<JobDescription, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || kit.parse_job(&text)?.try_into()).await
    }

    /// A job description file (TXT, Markdown, PDF, DOCX), read and analysed.
    ///
    /// # Errors
    /// As [`Careerkit::read_text`], then as [`Careerkit::parse_job`].
    pub async fn read_job(
        &self,
        data: Vec<u8>,
        file_name: Option<String>,
    ) -> Result<JobDescription, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || kit.read_job(&data, file_name.as_deref())?.try_into()).await
    }

    /// Fetches a job page over HTTP(S) and analyses its description.
    ///
    /// # Errors
    /// `Network` when the page cannot be fetched, then as [`Careerkit::parse_job`].
    pub async fn fetch_job(&self, url: String) -> Result<JobDescription, CareerkitError> {
        let job = self.kit.fetch_job(&url).await?;
        offload(move || job.try_into()).await
    }

    /// The gap analysis and explainable score of a resume against a job, as of today.
    ///
    /// # Errors
    /// `InvalidInput` when a record's `json` is not careerkit's.
    pub async fn analyze(
        &self,
        resume: ParsedResume,
        job: JobDescription,
    ) -> Result<MatchResult, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || kit.analyze(&resume.core()?, &job.core()?).try_into()).await
    }

    /// Jobs ranked for one person, best first, with their preferences.
    ///
    /// # Errors
    /// `InvalidInput` for a record whose `json` is not careerkit's or an unknown preference
    /// value.
    pub async fn rank_jobs(
        &self,
        resume: ParsedResume,
        jobs: Vec<JobToRank>,
        preferences: Option<Preferences>,
    ) -> Result<Vec<RankedJob>, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || {
            let resume = resume.core()?;
            let postings = jobs
                .iter()
                .map(|j| Ok((j.id.as_str(), j.job.core()?)))
                .collect::<Result<Vec<_>, CareerkitError>>()?;
            let refs: Vec<_> = postings.iter().map(|(id, job)| (*id, job)).collect();
            let preferences = preferences.unwrap_or_default().core()?;
            kit.rank_jobs(&resume, &refs, &preferences)
                .into_iter()
                .map(RankedJob::try_from)
                .collect()
        })
        .await
    }

    /// ATS readiness checks on the resume itself.
    ///
    /// # Errors
    /// `InvalidInput` when the record's `json` is not careerkit's.
    pub async fn ats_check(&self, resume: ParsedResume) -> Result<AtsReport, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || kit.ats_check(&resume.core()?).try_into()).await
    }

    /// Skill mentions in `text`, with character spans.
    ///
    /// # Errors
    /// Only `Internal`, for a contained crash.
    pub async fn extract_skills(&self, text: String) -> Result<Vec<SkillMention>, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || {
            Ok(kit
                .extract_skills(&text)
                .into_iter()
                .map(SkillMention::from)
                .collect())
        })
        .await
    }

    /// The editable resume document (sections, entries, bullets) laid out from a parsed
    /// resume's profile, as JSON: what [`Careerkit::export`] renders.
    ///
    /// # Errors
    /// `InvalidInput` when the record's `json` is not careerkit's.
    pub async fn resume_document(&self, resume: ParsedResume) -> Result<String, CareerkitError> {
        offload(move || to_json(&ResumeDocument::from_profile(&resume.core()?.profile))).await
    }

    /// Renders a resume document (JSON, as [`Careerkit::resume_document`] returns it) in
    /// `format`.
    ///
    /// # Errors
    /// `InvalidInput` for a document that is not careerkit's JSON.
    pub async fn export(
        &self,
        document_json: String,
        format: ExportFormat,
    ) -> Result<Vec<u8>, CareerkitError> {
        let kit = Arc::clone(&self.kit);
        offload(move || {
            let document: ResumeDocument = from_json("resume document", &document_json)?;
            Ok(kit.export(&document, format.into())?)
        })
        .await
    }

    /// Opens (creating if needed) the session engine under `data_dir`: an SQLite database and
    /// the session files. Sessions, runs and approvals persist across app restarts. The agents
    /// talk to `model` when the host passes its own, else to the provider `options` (or the
    /// environment) names. Interview practice cites `knowledge` when given (else the one
    /// `options.knowledge_base` asks for). With `keys`, sessions, artifacts and run records are
    /// sealed in the database under each owner's key.
    ///
    /// # Errors
    /// `InvalidInput` when no model is given or configured; `Io` or `Storage` when the
    /// directory or database cannot be opened.
    #[uniffi::method(default(options = None, model = None, knowledge = None, keys = None))]
    pub async fn open_workflow(
        &self,
        data_dir: String,
        options: Option<WorkflowOptions>,
        model: Option<Arc<dyn HostLlmProvider>>,
        knowledge: Option<Arc<crate::KnowledgeBase>>,
        keys: Option<Arc<dyn crate::callbacks::HostKeyProvider>>,
    ) -> Result<Arc<crate::Workflow>, CareerkitError> {
        crate::workflow::open(
            Arc::clone(&self.kit),
            data_dir,
            options.unwrap_or_default(),
            model,
            knowledge,
            keys,
        )
        .await
    }
}
