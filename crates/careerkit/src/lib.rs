//! careerkit: an embeddable engine for career products.
//!
//! This facade crate is what a Rust product adds. [`Careerkit`] wires the embedded defaults
//! (guarded intake, the shipped skill taxonomy) behind one builder, and the modules of
//! [`careerkit_core`] are re-exported for everything else.
//!
//! ```
//! use careerkit::Careerkit;
//!
//! let kit = Careerkit::builder().build()?;
//! let text = kit.read_text(b"Jane Doe\nPython and Kubernetes engineer\n", Some("cv.txt"))?;
//! let skills: Vec<String> = kit.extract_skills(&text.text).into_iter().map(|m| m.name).collect();
//! assert_eq!(skills, ["Python", "Kubernetes"]);
//! # Ok::<(), careerkit::Error>(())
//! ```

pub mod practice;
pub mod sessions;
pub mod web;

/// Retrieval: the ports from careerkit-core and the default implementation from careerkit-rag.
pub mod rag {
    pub use careerkit_core::rag::*;
    pub use careerkit_rag::{
        chunk, embed, eval, hybrid, kb, BertEmbedder, BertOptions, KnowledgeBase,
        KnowledgeBaseOptions, SeedProgress, SourceDocument, UpsertReport,
    };
}

/// The environment variable naming careerkit's data directory.
pub const DATA_DIR_ENV: &str = "CAREERKIT_DATA_DIR";

/// careerkit's data directory: `$CAREERKIT_DATA_DIR`, else the per-user data directory
/// (`~/.local/share/careerkit` on Linux, `~/Library/Application Support/careerkit` on macOS),
/// else `./careerkit-data`.
pub fn default_data_dir() -> std::path::PathBuf {
    std::env::var_os(DATA_DIR_ENV)
        .map(std::path::PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "careerkit").map(|d| d.data_dir().to_path_buf())
        })
        .unwrap_or_else(|| std::path::PathBuf::from("careerkit-data"))
}

/// The README's Rust snippets, compiled as doc tests so they never go stale.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

pub use careerkit_core::{
    agent, analysis, document, error, export, extract, intake, interview, jd, jobs, jsonresume,
    letter, llm, profile, provenance, rewrite, run, session, skills, store, text, transcribe,
    workflow,
};
pub use careerkit_core::{Error, ErrorKind, Result};

use careerkit_core::analysis::ats::AtsReport;
use careerkit_core::analysis::rank::{Preferences, RankedJob};
use careerkit_core::analysis::{GapAnalysis, JdFeatures, ResumeFeatures};
use careerkit_core::document::ResumeDocument;
use careerkit_core::export::ExportFormat;
use careerkit_core::intake::isolate::PdfIsolation;
use careerkit_core::intake::{IntakeOptions, Limits};
use careerkit_core::jd::JobDescription;
use careerkit_core::profile::Profile;
use careerkit_core::skills::{Skill, SkillExtractor, SkillMention, SkillTaxonomy};
use careerkit_core::text::ExtractedText;

/// The careerkit engine on its embedded defaults. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Careerkit {
    intake: IntakeOptions,
    skills: std::sync::Arc<SkillExtractor>,
    data_dir: std::path::PathBuf,
}

/// A resume read by [`Careerkit::parse_resume`]: its text (every span points into it) and its
/// profile.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParsedResume {
    /// The extracted text.
    pub text: ExtractedText,
    /// The profile built from it.
    pub profile: Profile,
}

/// Builds a [`Careerkit`]; every setting has a working default.
#[derive(Debug, Clone, Default)]
pub struct CareerkitBuilder {
    limits: Option<Limits>,
    pdf_isolation: PdfIsolation,
    extra_skills: Vec<Skill>,
    data_dir: Option<std::path::PathBuf>,
}

impl CareerkitBuilder {
    /// Replaces the intake limits (file size, pages, characters, decompression, parse time).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }

    /// Parses PDFs in a worker process (servers should; mobile apps cannot). See
    /// [`careerkit_core::intake::isolate`].
    pub fn pdf_isolation(mut self, isolation: PdfIsolation) -> Self {
        self.pdf_isolation = isolation;
        self
    }

    /// Adds a product's own skills to the shipped taxonomy (same id replaces).
    pub fn extra_skills(mut self, skills: Vec<Skill>) -> Self {
        self.extra_skills = skills;
        self
    }

    /// Where careerkit keeps its data (the knowledge base index under `kb/`); default
    /// [`default_data_dir`].
    pub fn data_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// Builds the engine.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if the extra skills do not fit the taxonomy (duplicate ids,
    /// implications of unknown skills).
    pub fn build(self) -> Result<Careerkit> {
        let taxonomy = SkillTaxonomy::embedded().extended(self.extra_skills)?;
        let intake = IntakeOptions {
            limits: self.limits.unwrap_or_default(),
            pdf_isolation: self.pdf_isolation,
        };
        Ok(Careerkit {
            intake,
            skills: std::sync::Arc::new(SkillExtractor::new(taxonomy)?),
            data_dir: self.data_dir.unwrap_or_else(default_data_dir),
        })
    }
}

impl Careerkit {
    /// A builder with every default.
    pub fn builder() -> CareerkitBuilder {
        CareerkitBuilder::default()
    }

    /// The data directory in force.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Where the knowledge base index lives: `<data dir>/kb`.
    pub fn knowledge_base_dir(&self) -> std::path::PathBuf {
        self.data_dir.join("kb")
    }

    /// Opens (creating if needed) the knowledge base under [`Careerkit::knowledge_base_dir`] with
    /// the default sentence model (`$CAREERKIT_MODELS_DIR/all-MiniLM-L6-v2`). Loading the model
    /// takes a moment: open once and share the result (it is a
    /// [`Retriever`](rag::Retriever)).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the model is missing or the index was built with another
    /// model; I/O and index errors.
    pub fn open_knowledge_base(&self) -> Result<rag::KnowledgeBase> {
        let embedder = std::sync::Arc::new(rag::BertEmbedder::load_default()?);
        rag::KnowledgeBase::open(
            self.knowledge_base_dir(),
            embedder,
            rag::KnowledgeBaseOptions::default(),
        )
    }

    /// The intake options in force.
    pub fn intake_options(&self) -> &IntakeOptions {
        &self.intake
    }

    /// Extracts the text of a resume or JD file (PDF, DOCX, TXT, Markdown), guarded and limited.
    ///
    /// # Errors
    /// See [`careerkit_core::intake::extract_text`].
    pub fn read_text(&self, bytes: &[u8], file_name: Option<&str>) -> Result<ExtractedText> {
        intake::extract_text(bytes, file_name, &self.intake)
    }

    /// Reads a resume file into its text and a provenance-rich profile.
    ///
    /// # Errors
    /// See [`careerkit_core::intake::extract_text`].
    pub fn parse_resume(&self, bytes: &[u8], file_name: Option<&str>) -> Result<ParsedResume> {
        let (text, profile) = extract::parse_resume(bytes, file_name, &self.intake)?;
        Ok(ParsedResume { text, profile })
    }

    /// Analyses a job description given as text.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty, too short or too long text.
    pub fn parse_job(&self, text: &str) -> Result<JobDescription> {
        JobDescription::parse(text, &self.skills)
    }

    /// Analyses a job description file (TXT, Markdown, PDF or DOCX).
    ///
    /// # Errors
    /// Intake errors for the file, then as [`Careerkit::parse_job`].
    pub fn read_job(&self, bytes: &[u8], file_name: Option<&str>) -> Result<JobDescription> {
        self.parse_job(&self.read_text(bytes, file_name)?.text)
    }

    /// Fetches a job page and analyses its description.
    ///
    /// # Errors
    /// [`Error::Fetch`] when the page cannot be fetched, then as [`Careerkit::parse_job`].
    pub async fn fetch_job(&self, url: &str) -> Result<JobDescription> {
        let page = web::fetch_job_page(url, &web::FetchOptions::default()).await?;
        self.parse_job(&page.text)
    }

    /// The gap analysis and explainable score of a resume against a job, as of today.
    pub fn analyze(&self, resume: &ParsedResume, job: &JobDescription) -> GapAnalysis {
        self.analyze_as_of(resume, job, chrono::Utc::now().date_naive())
    }

    /// As [`Careerkit::analyze`], with "Present" in date ranges meaning `today`.
    pub fn analyze_as_of(
        &self,
        resume: &ParsedResume,
        job: &JobDescription,
        today: chrono::NaiveDate,
    ) -> GapAnalysis {
        GapAnalysis::analyze(&resume.profile, &resume.text, job, &self.skills, today)
    }

    /// A cover letter for `resume` applying to `job`, quoting the resume's own bullets that
    /// show the skills the posting asks for (see [`letter::CoverLetter::write`]).
    pub fn cover_letter(
        &self,
        resume: &ParsedResume,
        job: &JobDescription,
        options: letter::LetterOptions,
    ) -> letter::CoverLetter {
        let analysis = self.analyze(resume, job);
        letter::CoverLetter::write(&resume.profile, job, &analysis, options)
    }

    /// Ranks jobs for one person, best first, with their preferences (place, arrangement, pay,
    /// level); each job is `(id, posting)`.
    pub fn rank_jobs(
        &self,
        resume: &ParsedResume,
        jobs: &[(&str, &JobDescription)],
        preferences: &Preferences,
    ) -> Vec<RankedJob> {
        let today = chrono::Utc::now().date_naive();
        let person = ResumeFeatures::new(&resume.profile, &resume.text, &self.skills, today);
        let features: Vec<JdFeatures> = jobs
            .iter()
            .map(|(_, job)| JdFeatures::new(job, self.skills.taxonomy()))
            .collect();
        let to_rank: Vec<_> = jobs
            .iter()
            .zip(&features)
            .map(|((id, job), f)| (*id, *job, f))
            .collect();
        analysis::rank::rank_jobs(&person, &to_rank, preferences)
    }

    /// ATS readiness checks on the resume itself.
    pub fn ats_check(&self, resume: &ParsedResume) -> AtsReport {
        analysis::ats::check(&resume.profile, &resume.text)
    }

    /// Skill mentions in `text`, with character spans.
    pub fn extract_skills(&self, text: &str) -> Vec<SkillMention> {
        self.skills.extract(text)
    }

    /// The skill extractor, shared (for a [`careerkit_core::workflow::Workflow`] built by hand).
    pub fn shared_skills(&self) -> std::sync::Arc<SkillExtractor> {
        std::sync::Arc::clone(&self.skills)
    }

    /// The skill extractor (and through it the taxonomy).
    pub fn skill_extractor(&self) -> &SkillExtractor {
        &self.skills
    }

    /// Renders a resume document in `format`.
    ///
    /// # Errors
    /// See [`careerkit_core::export::export`].
    pub fn export(&self, doc: &ResumeDocument, format: ExportFormat) -> Result<Vec<u8>> {
        export::export(doc, format)
    }
}
