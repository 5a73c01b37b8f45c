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

pub mod web;

pub use careerkit_core::{
    document, error, export, intake, jobs, profile, provenance, skills, text,
};
pub use careerkit_core::{Error, ErrorKind, Result};

use careerkit_core::document::ResumeDocument;
use careerkit_core::export::ExportFormat;
use careerkit_core::intake::isolate::PdfIsolation;
use careerkit_core::intake::{IntakeOptions, Limits};
use careerkit_core::skills::{Skill, SkillExtractor, SkillMention, SkillTaxonomy};
use careerkit_core::text::ExtractedText;

/// The careerkit engine on its embedded defaults. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Careerkit {
    intake: IntakeOptions,
    skills: SkillExtractor,
}

/// Builds a [`Careerkit`]; every setting has a working default.
#[derive(Debug, Clone, Default)]
pub struct CareerkitBuilder {
    limits: Option<Limits>,
    pdf_isolation: PdfIsolation,
    extra_skills: Vec<Skill>,
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
            skills: SkillExtractor::new(taxonomy)?,
        })
    }
}

impl Careerkit {
    /// A builder with every default.
    pub fn builder() -> CareerkitBuilder {
        CareerkitBuilder::default()
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

    /// Skill mentions in `text`, with character spans.
    pub fn extract_skills(&self, text: &str) -> Vec<SkillMention> {
        self.skills.extract(text)
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
