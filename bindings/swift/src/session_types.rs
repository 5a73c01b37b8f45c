//! Records of the session API for Swift and Kotlin: sessions, run events, approvals, stored
//! files and interview practice, each with its summary fields and the full value as `json`
//! (the same JSON the Python and Node packages return).

use careerkit::interview::feedback::{Answer, FeedbackReport, Segment, Transcript};
use careerkit::interview::questions::{QuestionOptions, QuestionPlan, RoundType};
use careerkit::run::Event;
use careerkit::store::{ApprovalRecord, FileMeta, SessionRecord};

use crate::errors::CareerkitError;
use crate::types::{to_json, wire_name};

/// Which model a workflow's agents talk to when the host does not pass its own
/// `HostLlmProvider`; unset fields come from the environment (`CAREERKIT_LLM`,
/// `CAREERKIT_LLM_BASE_URL`, `CAREERKIT_LLM_API_KEY`).
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct WorkflowOptions {
    /// `kind:model`, e.g. `openai:gpt-4o-mini` or `ollama:llama3.2`.
    #[uniffi(default = None)]
    pub provider: Option<String>,
    /// The OpenAI-compatible server's base URL.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// The API key.
    #[uniffi(default = None)]
    pub api_key: Option<String>,
    /// Cite the knowledge base under `CAREERKIT_DATA_DIR` in interview questions and feedback
    /// (the shipped one is seeded on first use: slow once, loads the sentence model).
    #[uniffi(default = false)]
    pub knowledge_base: bool,
}

/// What a message to the rewrite agent asks for, beyond its text.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct MessageOptions {
    /// The reply must be an edit proposal, not only text (a "suggest an edit" button). If the
    /// model's proposals are refused twice, careerkit proposes its own rule-based edit (the
    /// event payload says `"origin": "fallback"`).
    #[uniffi(default = false)]
    pub propose_edit: bool,
    /// With `propose_edit`: the bullet to rewrite (the one the person picked).
    #[uniffi(default = None)]
    pub bullet_id: Option<String>,
}

impl From<MessageOptions> for careerkit::workflow::MessageOptions {
    fn from(options: MessageOptions) -> Self {
        careerkit::workflow::MessageOptions {
            propose_edit: options.propose_edit,
            bullet_id: options.bullet_id,
        }
    }
}

/// A tailoring session.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Session {
    /// Its id.
    pub id: String,
    /// The caller's title.
    pub title: String,
    /// Its workflow state (`draft`, `resume_uploaded`, ..., `exported`, `cancelled`).
    pub state: String,
    /// Whether write tools run without waiting for approval.
    pub auto_approve: bool,
    /// The full record.
    pub json: String,
}

impl TryFrom<SessionRecord> for Session {
    type Error = CareerkitError;

    fn try_from(record: SessionRecord) -> Result<Self, CareerkitError> {
        Ok(Session {
            json: to_json(&record)?,
            state: wire_name(&record.state),
            id: record.id,
            title: record.title,
            auto_approve: record.auto_approve,
        })
    }
}

/// One event of a run, in order; `event_id` resumes a stream after it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RunEvent {
    /// Increasing id.
    pub event_id: i64,
    /// What happened: `run_started`, `assistant_delta`, `tool_call_proposed`, `tool_call_approved`,
    /// `run_completed`, ...
    pub kind: String,
    /// The run.
    pub run_id: String,
    /// The run's session.
    pub session_id: String,
    /// The whole event, payload included.
    pub json: String,
}

impl TryFrom<Event> for RunEvent {
    type Error = CareerkitError;

    fn try_from(event: Event) -> Result<Self, CareerkitError> {
        Ok(RunEvent {
            json: to_json(&event)?,
            kind: wire_name(&event.kind),
            event_id: event.event_id,
            run_id: event.run_id,
            session_id: event.session_id,
        })
    }
}

/// A tool call that waits for (or got) a person's decision.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Approval {
    /// Its id, for `approve` and `reject`.
    pub id: String,
    /// The run that proposed it.
    pub run_id: String,
    /// The tool (`edit_resume`).
    pub tool_name: String,
    /// The proposed arguments, as JSON.
    pub arguments_json: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// The full record.
    pub json: String,
}

impl TryFrom<ApprovalRecord> for Approval {
    type Error = CareerkitError;

    fn try_from(record: ApprovalRecord) -> Result<Self, CareerkitError> {
        Ok(Approval {
            json: to_json(&record)?,
            arguments_json: to_json(&record.arguments)?,
            status: wire_name(&record.status),
            id: record.id,
            run_id: record.run_id,
            tool_name: record.tool_name,
        })
    }
}

/// A file in a session's workspace.
#[derive(Debug, Clone, uniffi::Record)]
pub struct StoredFile {
    /// Its path (`originals/resume.pdf`, `exports/resume.docx`).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Its content type.
    pub content_type: String,
    /// The full metadata (hash, modification time).
    pub json: String,
}

impl TryFrom<FileMeta> for StoredFile {
    type Error = CareerkitError;

    fn try_from(meta: FileMeta) -> Result<Self, CareerkitError> {
        Ok(StoredFile {
            json: to_json(&meta)?,
            path: meta.path.as_str().to_owned(),
            size: meta.size,
            content_type: meta.content_type,
        })
    }
}

/// A stored file with its bytes.
#[derive(Debug, Clone, uniffi::Record)]
pub struct FileContent {
    /// What it is.
    pub file: StoredFile,
    /// Its content.
    pub data: Vec<u8>,
}

impl TryFrom<(FileMeta, Vec<u8>)> for FileContent {
    type Error = CareerkitError;

    fn try_from((meta, data): (FileMeta, Vec<u8>)) -> Result<Self, CareerkitError> {
        Ok(FileContent {
            file: meta.try_into()?,
            data,
        })
    }
}

/// What interview questions to plan.
#[derive(Debug, Clone, uniffi::Record)]
pub struct QuestionRequest {
    /// How many (1-20).
    #[uniffi(default = 6)]
    pub count: u32,
    /// The round: `mixed`, `screening`, `technical`, `behavioural` or `system_design`.
    #[uniffi(default = None)]
    pub round: Option<String>,
    /// A skill the first question probes.
    #[uniffi(default = None)]
    pub focus_skill: Option<String>,
}

impl QuestionRequest {
    pub(crate) fn core(&self) -> Result<QuestionOptions, CareerkitError> {
        let round: RoundType = match &self.round {
            Some(round) => serde_json::from_value(serde_json::Value::String(round.clone()))
                .map_err(|e| CareerkitError::InvalidInput {
                    reason: format!("bad round {round:?}: {e}"),
                })?,
            None => RoundType::default(),
        };
        Ok(QuestionOptions {
            count: self.count as usize,
            round,
            focus_skill: self.focus_skill.clone(),
        })
    }
}

/// A planned interview question, grounded in the resume and job and citing the knowledge base.
#[derive(Debug, Clone, uniffi::Record)]
pub struct InterviewQuestion {
    /// Its id.
    pub id: String,
    /// Its kind (`behavioural`, `technical`, ...).
    pub kind: String,
    /// The question.
    pub text: String,
    /// Why it is asked.
    pub rationale: String,
    /// The knowledge-base documents it cites.
    pub sources: Vec<String>,
    /// The full plan (probe, evidence, passages with citations).
    pub json: String,
}

impl TryFrom<QuestionPlan> for InterviewQuestion {
    type Error = CareerkitError;

    fn try_from(plan: QuestionPlan) -> Result<Self, CareerkitError> {
        Ok(InterviewQuestion {
            json: to_json(&plan)?,
            kind: wire_name(&plan.kind),
            sources: plan
                .sources
                .iter()
                .map(|p| p.citation.document.clone())
                .collect(),
            id: plan.id,
            text: plan.text,
            rationale: plan.rationale,
        })
    }
}

/// One timed piece of a spoken answer.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AnswerSegment {
    /// Start, in seconds.
    pub start_s: f64,
    /// End, in seconds.
    pub end_s: f64,
    /// What was said.
    pub text: String,
}

/// An answer to a practice question: typed, or a timed transcript (which also gives pace and
/// pauses).
#[derive(Debug, Clone, uniffi::Enum)]
pub enum AnswerInput {
    /// Typed text.
    Text {
        /// The answer.
        text: String,
    },
    /// A timed transcript.
    Transcript {
        /// Its segments, in time order.
        segments: Vec<AnswerSegment>,
    },
}

impl From<AnswerInput> for Answer {
    fn from(input: AnswerInput) -> Self {
        match input {
            AnswerInput::Text { text } => Answer::Text(text),
            AnswerInput::Transcript { segments } => Answer::Transcript(Transcript {
                segments: segments
                    .into_iter()
                    .map(|s| Segment {
                        start_s: s.start_s,
                        end_s: s.end_s,
                        text: s.text,
                    })
                    .collect(),
            }),
        }
    }
}

/// Feedback on an answer: STAR structure, delivery and what to change, with cited guidance.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AnswerFeedback {
    /// Overall score, 0-100.
    pub overall: f64,
    /// What to change, most valuable first.
    pub recommendations: Vec<String>,
    /// The full report (STAR parts with spans, delivery metrics, breakdown, sources).
    pub json: String,
}

impl TryFrom<FeedbackReport> for AnswerFeedback {
    type Error = CareerkitError;

    fn try_from(report: FeedbackReport) -> Result<Self, CareerkitError> {
        Ok(AnswerFeedback {
            json: to_json(&report)?,
            overall: report.overall,
            recommendations: report
                .recommendations
                .iter()
                .map(|r| r.message.clone())
                .collect(),
        })
    }
}
