//! The records Swift and Kotlin exchange with careerkit. Each result has the fields an app shows
//! first as real fields, plus `json`: the full Rust value serialised (the same JSON the Python
//! and Node packages return). A record handed back to careerkit (a resume to analyse, a job to
//! rank) is read from its `json`; the other fields are a read-only summary of it.

use careerkit::analysis::rank::Preferences as CorePreferences;
use careerkit::export::ExportFormat as CoreExportFormat;
use careerkit::intake::Limits;
use careerkit::jd::{Importance, JobDescription as CoreJob};
use careerkit::skills::{Skill, SkillMention as CoreMention};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::errors::CareerkitError;

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, CareerkitError> {
    serde_json::to_string(value).map_err(|e| careerkit::Error::from(e).into())
}

pub(crate) fn from_json<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, CareerkitError> {
    serde_json::from_str(json).map_err(|e| CareerkitError::InvalidInput {
        reason: format!("bad {what} JSON: {e}"),
    })
}

/// The serde name of a unit enum value (`"backend"`, `"senior"`), as the JSON carries it.
pub(crate) fn wire_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// Engine settings; every unset one keeps careerkit's default.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct EngineOptions {
    /// Largest accepted file, in bytes.
    #[uniffi(default = None)]
    pub max_file_bytes: Option<u64>,
    /// Most pages read from a document.
    #[uniffi(default = None)]
    pub max_pages: Option<u32>,
    /// Longest a parse may run, in seconds.
    #[uniffi(default = None)]
    pub parse_timeout_secs: Option<f64>,
}

impl EngineOptions {
    /// careerkit's intake limits with these settings applied.
    pub(crate) fn limits(&self) -> Result<Limits, CareerkitError> {
        let mut limits = Limits::default();
        if let Some(bytes) = self.max_file_bytes {
            limits.max_file_bytes = bytes;
        }
        if let Some(pages) = self.max_pages {
            limits.max_pages = pages as usize;
        }
        if let Some(secs) = self.parse_timeout_secs {
            limits.parse_timeout = std::time::Duration::try_from_secs_f64(secs).map_err(|e| {
                CareerkitError::InvalidInput {
                    reason: format!("parse_timeout_secs: {e}"),
                }
            })?;
        }
        Ok(limits)
    }
}

/// A skill a host app adds to the shipped taxonomy (see `SkillSource`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct ExtraSkill {
    /// Stable id, a lowercase slug (`"acme-ql"`); an existing id replaces that skill.
    pub id: String,
    /// Display name (`"AcmeQL"`).
    pub name: String,
    /// Category as careerkit names it: `language`, `framework`, `database`, `cloud`, `tool`,
    /// `method`, `soft_skill`, `certification` or `domain`.
    pub category: String,
    /// Other spellings, matched case-insensitively.
    #[uniffi(default = [])]
    pub aliases: Vec<String>,
    /// Ids of skills this one implies.
    #[uniffi(default = [])]
    pub implies: Vec<String>,
}

impl ExtraSkill {
    /// The taxonomy skill.
    pub(crate) fn to_skill(&self) -> Result<Skill, CareerkitError> {
        let category = from_json("skill category", &to_json(&self.category)?)?;
        let mut skill = Skill::new(&self.id, &self.name, category);
        skill.aliases = self.aliases.clone();
        skill.implies = self.implies.clone();
        Ok(skill)
    }
}

/// The text of a document, as careerkit extracted it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ExtractedText {
    /// Format decided from the content: `pdf`, `docx`, `markdown`, `plain_text`, ...
    pub format: String,
    /// The text in reading order; pages are joined by a form feed.
    pub text: String,
    /// Number of pages (1 for formats without pages).
    pub page_count: u32,
    /// The full value (page starts, warnings) as JSON.
    pub json: String,
}

impl TryFrom<careerkit::text::ExtractedText> for ExtractedText {
    type Error = CareerkitError;
    fn try_from(text: careerkit::text::ExtractedText) -> Result<Self, CareerkitError> {
        Ok(ExtractedText {
            format: wire_name(&text.format),
            page_count: u32::try_from(text.page_count()).unwrap_or(u32::MAX),
            json: to_json(&text)?,
            text: text.text,
        })
    }
}

/// A parsed resume: its text and its profile.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ParsedResume {
    /// The person's name.
    pub name: Option<String>,
    /// The headline under the name.
    pub headline: Option<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Skills as listed on the resume.
    pub skills: Vec<String>,
    /// The extracted text every span points into.
    pub text: String,
    /// `{"text": ..., "profile": ...}`, the full value with provenance; what careerkit reads
    /// back when this record is passed in.
    pub json: String,
}

impl ParsedResume {
    /// The Rust value, from `json`.
    pub(crate) fn core(&self) -> Result<careerkit::ParsedResume, CareerkitError> {
        from_json("resume", &self.json)
    }
}

impl TryFrom<careerkit::ParsedResume> for ParsedResume {
    type Error = CareerkitError;
    fn try_from(parsed: careerkit::ParsedResume) -> Result<Self, CareerkitError> {
        let contact = &parsed.profile.contact;
        Ok(ParsedResume {
            name: contact.name.as_ref().map(|f| f.value.clone()),
            headline: contact.headline.as_ref().map(|f| f.value.clone()),
            emails: contact.emails.iter().map(|f| f.value.clone()).collect(),
            skills: parsed
                .profile
                .skills
                .iter()
                .map(|f| f.value.clone())
                .collect(),
            json: to_json(&parsed)?,
            text: parsed.text.text,
        })
    }
}

/// An analysed job description.
#[derive(Debug, Clone, uniffi::Record)]
pub struct JobDescription {
    /// Job title.
    pub title: Option<String>,
    /// Employer.
    pub company: Option<String>,
    /// Location as written.
    pub location: Option<String>,
    /// Career level (`junior`, `senior`, `staff`, ...).
    pub seniority: Option<String>,
    /// Must-have skills, in order of first mention.
    pub required_skills: Vec<String>,
    /// Nice-to-have skills.
    pub preferred_skills: Vec<String>,
    /// The full analysis (spans, years, education, salary, responsibilities) as JSON; what
    /// careerkit reads back when this record is passed in.
    pub json: String,
}

impl JobDescription {
    /// The Rust value, from `json`.
    pub(crate) fn core(&self) -> Result<CoreJob, CareerkitError> {
        from_json("job", &self.json)
    }
}

impl TryFrom<CoreJob> for JobDescription {
    type Error = CareerkitError;
    fn try_from(job: CoreJob) -> Result<Self, CareerkitError> {
        let skills = |importance: Importance| {
            job.skills
                .iter()
                .filter(|s| s.importance == importance)
                .map(|s| s.name.clone())
                .collect()
        };
        Ok(JobDescription {
            title: job.title.as_ref().map(|s| s.value.clone()),
            company: job.company.as_ref().map(|s| s.value.clone()),
            location: job.location.as_ref().map(|s| s.value.clone()),
            seniority: job.seniority.as_ref().map(wire_name),
            required_skills: skills(Importance::Required),
            preferred_skills: skills(Importance::Preferred),
            json: to_json(&job)?,
        })
    }
}

/// The gap analysis of a resume against a job: an explainable 0-100 score.
#[derive(Debug, Clone, uniffi::Record)]
pub struct MatchResult {
    /// 0-100.
    pub score: f64,
    /// Skills shown in full.
    pub matched: Vec<String>,
    /// Skills shown in part (a related skill, fewer years).
    pub partial: Vec<String>,
    /// Skills not shown.
    pub missing: Vec<String>,
    /// Changes that raise the score, best first.
    pub suggestions: Vec<String>,
    /// The full analysis (factors, evidence, experience, keywords) as JSON.
    pub json: String,
}

impl TryFrom<careerkit::analysis::GapAnalysis> for MatchResult {
    type Error = CareerkitError;
    fn try_from(gap: careerkit::analysis::GapAnalysis) -> Result<Self, CareerkitError> {
        let names = |skills: &[careerkit::analysis::SkillMatch]| {
            skills.iter().map(|s| s.name.clone()).collect()
        };
        Ok(MatchResult {
            score: gap.score,
            matched: names(&gap.matched),
            partial: names(&gap.partial),
            missing: names(&gap.missing),
            suggestions: gap.suggestions.iter().map(|s| s.message.clone()).collect(),
            json: to_json(&gap)?,
        })
    }
}

/// A job to rank, under the caller's id.
#[derive(Debug, Clone, uniffi::Record)]
pub struct JobToRank {
    /// The caller's id for the job, returned in [`RankedJob::id`].
    pub id: String,
    /// The analysed posting.
    pub job: JobDescription,
}

/// What a person wants from a job, beyond fitting it; empty means no preference.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct Preferences {
    /// Places they will work (matched inside the posting's location); remote jobs fit any.
    #[uniffi(default = [])]
    pub locations: Vec<String>,
    /// Arrangements they accept: `remote`, `hybrid`, `on_site`.
    #[uniffi(default = [])]
    pub remote: Vec<String>,
    /// Lowest acceptable pay per year, in the posting's currency.
    #[uniffi(default = None)]
    pub min_salary_per_year: Option<f64>,
    /// The level they want (`junior`, `senior`, ...).
    #[uniffi(default = None)]
    pub seniority: Option<String>,
}

impl Preferences {
    /// The Rust value; unknown arrangement or level names are [`CareerkitError::InvalidInput`].
    pub(crate) fn core(&self) -> Result<CorePreferences, CareerkitError> {
        let value = serde_json::json!({
            "locations": self.locations,
            "remote": self.remote,
            "min_salary_per_year": self.min_salary_per_year,
            "seniority": self.seniority,
        });
        serde_json::from_value(value).map_err(|e| CareerkitError::InvalidInput {
            reason: format!("bad preferences: {e}"),
        })
    }
}

/// One job in a ranking.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RankedJob {
    /// The caller's id.
    pub id: String,
    /// The match score, 0-100.
    pub match_score: f64,
    /// How well the job fits the preferences, 0-1.
    pub preference_fit: f64,
    /// What the ranking sorts by.
    pub rank_score: f64,
    /// Preferences the job does not meet, in words.
    pub unmet: Vec<String>,
    /// The full value as JSON.
    pub json: String,
}

impl TryFrom<careerkit::analysis::rank::RankedJob> for RankedJob {
    type Error = CareerkitError;
    fn try_from(ranked: careerkit::analysis::rank::RankedJob) -> Result<Self, CareerkitError> {
        Ok(RankedJob {
            json: to_json(&ranked)?,
            id: ranked.id,
            match_score: ranked.match_score,
            preference_fit: ranked.preference_fit,
            rank_score: ranked.rank_score,
            unmet: ranked.unmet,
        })
    }
}

/// One ATS readiness check.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AtsCheck {
    /// Stable id of the check.
    pub id: String,
    /// Whether the resume passes it.
    pub passed: bool,
    /// What was found, in words.
    pub message: String,
}

/// ATS readiness checks on a resume.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AtsReport {
    /// Checks passed.
    pub passed: u32,
    /// Every check.
    pub checks: Vec<AtsCheck>,
    /// The full value as JSON.
    pub json: String,
}

impl TryFrom<careerkit::analysis::ats::AtsReport> for AtsReport {
    type Error = CareerkitError;
    fn try_from(report: careerkit::analysis::ats::AtsReport) -> Result<Self, CareerkitError> {
        Ok(AtsReport {
            passed: u32::try_from(report.passed).unwrap_or(u32::MAX),
            checks: report
                .checks
                .iter()
                .map(|c| AtsCheck {
                    id: wire_name(&c.id),
                    passed: c.passed,
                    message: c.message.clone(),
                })
                .collect(),
            json: to_json(&report)?,
        })
    }
}

/// A skill found in a text.
#[derive(Debug, Clone, uniffi::Record)]
pub struct SkillMention {
    /// Canonical skill id.
    pub skill_id: String,
    /// Canonical name.
    pub name: String,
    /// Category (`language`, `database`, ...).
    pub category: String,
    /// The text as written.
    pub text: String,
    /// Start, in characters (Unicode scalar values) of the text searched.
    pub start: u64,
    /// End (exclusive), in characters.
    pub end: u64,
    /// Whether the sentence states it as a requirement.
    pub requirement: bool,
}

impl From<CoreMention> for SkillMention {
    fn from(m: CoreMention) -> Self {
        SkillMention {
            category: wire_name(&m.category),
            skill_id: m.skill_id,
            name: m.name,
            text: m.text,
            start: m.start as u64,
            end: m.end as u64,
            requirement: m.requirement,
        }
    }
}

/// The formats careerkit renders a resume document in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ExportFormat {
    /// Markdown.
    Markdown,
    /// A standalone HTML page with print CSS.
    Html,
    /// PDF with a real text layer.
    Pdf,
    /// Word (DOCX).
    Docx,
}

impl From<ExportFormat> for CoreExportFormat {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Markdown => CoreExportFormat::Markdown,
            ExportFormat::Html => CoreExportFormat::Html,
            ExportFormat::Pdf => CoreExportFormat::Pdf,
            ExportFormat::Docx => CoreExportFormat::Docx,
        }
    }
}
