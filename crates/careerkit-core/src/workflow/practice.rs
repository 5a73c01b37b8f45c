//! Interview practice in a session: questions planned from the session's resume, job and gap
//! analysis, and feedback on answers, both citing the workflow's knowledge base and both kept
//! with the session. Practice runs beside the tailoring states and never moves the session.

use std::sync::Arc;

use super::{latest_artifact, ParsedUpload, Workflow};
use crate::analysis::GapAnalysis;
use crate::interview::feedback::{analyze_answer, Answer, FeedbackOptions, FeedbackReport};
use crate::interview::questions::{plan_questions, QuestionOptions, QuestionPlan};
use crate::interview::{cite_questions, cite_recommendations, PASSAGES_PER_ITEM};
use crate::jd::JobDescription;
use crate::rag::Retriever;
use crate::store::{ArtifactKind, OwnerId};
use crate::{Error, ErrorKind, Result};

impl Workflow {
    /// The session's latest gap analysis, or a fresh one (not stored) when it has none yet.
    pub(super) async fn analysis_or_fresh(
        &self,
        owner: &OwnerId,
        session_id: &str,
        resume: &ParsedUpload,
        job: &JobDescription,
    ) -> Result<GapAnalysis> {
        let store = &*self.inner.store;
        match latest_artifact::<GapAnalysis>(store, owner, session_id, ArtifactKind::Analysis).await
        {
            Ok(gap) => Ok(gap),
            Err(err) if err.kind() == ErrorKind::NotFound => Ok(GapAnalysis::analyze(
                &resume.profile,
                &resume.text,
                job,
                &self.inner.skills,
                chrono::Utc::now().date_naive(),
            )),
            Err(err) => Err(err),
        }
    }

    /// Plans interview questions for the session's parsed resume and job (against its latest
    /// gap analysis, or a fresh one), cites the knowledge base when the workflow has one, and
    /// stores them with the session.
    ///
    /// # Errors
    /// `Conflict` when the session is cancelled or its resume is not parsed yet; `NotFound`
    /// without a job; `InvalidInput` for a count outside 1-20; retrieval and storage errors.
    pub async fn interview_questions(
        &self,
        owner: &OwnerId,
        session_id: &str,
        options: &QuestionOptions,
    ) -> Result<Vec<QuestionPlan>> {
        self.live_session(owner, session_id).await?;
        let resume = self.parsed_resume_ready(owner, session_id).await?;
        let job = self.job(owner, session_id).await?;
        let store = &*self.inner.store;
        let gap = self
            .analysis_or_fresh(owner, session_id, &resume, &job)
            .await?;
        let questions = plan_questions(&resume.profile, &job, &gap, options)?;
        let questions = self
            .cite(questions, |qs, kb| {
                cite_questions(qs, kb, PASSAGES_PER_ITEM)
            })
            .await?;
        store
            .put_artifact(
                owner,
                session_id,
                ArtifactKind::InterviewQuestions,
                &serde_json::to_value(&questions)?,
            )
            .await?;
        Ok(questions)
    }

    /// Feedback on `answer` to `question` (STAR analysis, delivery metrics, score), each
    /// recommendation citing the knowledge base when the workflow has one; stored with the
    /// session.
    ///
    /// # Errors
    /// `Conflict` when the session is cancelled; `InvalidInput` for an answer without words or
    /// a malformed transcript; retrieval and storage errors.
    pub async fn answer_feedback(
        &self,
        owner: &OwnerId,
        session_id: &str,
        question: &str,
        answer: &Answer,
    ) -> Result<FeedbackReport> {
        self.live_session(owner, session_id).await?;
        let report = analyze_answer(question, answer, &FeedbackOptions::default())?;
        let report = self
            .cite(report, |r, kb| {
                cite_recommendations(r, kb, PASSAGES_PER_ITEM)
            })
            .await?;
        self.inner
            .store
            .put_artifact(
                owner,
                session_id,
                ArtifactKind::AnswerFeedback,
                &serde_json::to_value(&report)?,
            )
            .await?;
        Ok(report)
    }

    /// Runs `attach` against the knowledge base on a blocking thread (retrieval embeds the query
    /// on the CPU); returns `value` unchanged without a knowledge base.
    async fn cite<T, F>(&self, mut value: T, attach: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut T, &dyn Retriever) -> Result<()> + Send + 'static,
    {
        let Some(knowledge) = self.inner.knowledge.as_ref().map(Arc::clone) else {
            return Ok(value);
        };
        tokio::task::spawn_blocking(move || {
            attach(&mut value, &*knowledge)?;
            Ok(value)
        })
        .await
        .map_err(|err| Error::engine("knowledge base", err))?
    }
}
