//! Interview practice on the embedded defaults: questions planned from a resume and a job, and
//! feedback on an answer, both citing the knowledge base.
//!
//! ```no_run
//! use careerkit::interview::questions::QuestionOptions;
//! use careerkit::Careerkit;
//!
//! let kit = Careerkit::builder().build()?;
//! let resume = kit.parse_resume(&std::fs::read("cv.pdf")?, Some("cv.pdf"))?;
//! let job = kit.parse_job(&std::fs::read_to_string("posting.txt")?)?;
//! // Seeds the shipped knowledge base the first time; open once and share it.
//! let kb = kit.open_seeded_knowledge_base(&mut |_| {})?;
//! for q in kit.interview_questions(&resume, &job, &QuestionOptions::default(), Some(&kb))? {
//!     let cited: Vec<String> = q.sources.iter().map(|p| p.citation.label()).collect();
//!     println!("{} ({:?}) {}\n  because {}\n  see {}", q.id, q.kind, q.text, q.rationale, cited.join("; "));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use careerkit_core::interview::feedback::{
    analyze_answer, Answer, FeedbackOptions, FeedbackReport,
};
use careerkit_core::interview::questions::{plan_questions, QuestionOptions, QuestionPlan};
use careerkit_core::interview::{cite_questions, cite_recommendations, PASSAGES_PER_ITEM};
use careerkit_core::rag::Retriever;
use careerkit_core::Result;

use crate::rag::{KnowledgeBase, SeedProgress};
use crate::{Careerkit, ParsedResume};
use careerkit_core::jd::JobDescription;

impl Careerkit {
    /// Opens the knowledge base ([`Careerkit::open_knowledge_base`]) and, when it is empty, seeds
    /// the one careerkit ships, reporting progress.
    ///
    /// # Errors
    /// As [`Careerkit::open_knowledge_base`] and seeding.
    pub fn open_seeded_knowledge_base(
        &self,
        progress: &mut dyn FnMut(SeedProgress),
    ) -> Result<KnowledgeBase> {
        let kb = self.open_knowledge_base()?;
        if kb.chunk_count()? == 0 {
            kb.seed_builtin(progress)?;
        }
        Ok(kb)
    }

    /// Plans interview questions for `resume` against `job` (aimed at the gap skills and the
    /// riskiest claims, see [`plan_questions`]), each with up to [`PASSAGES_PER_ITEM`] cited
    /// passages from `knowledge` when one is given.
    ///
    /// # Errors
    /// [`careerkit_core::Error::InvalidInput`] for a question count outside 1-20; retrieval
    /// errors.
    pub fn interview_questions(
        &self,
        resume: &ParsedResume,
        job: &JobDescription,
        options: &QuestionOptions,
        knowledge: Option<&dyn Retriever>,
    ) -> Result<Vec<QuestionPlan>> {
        let gap = self.analyze(resume, job);
        let mut questions = plan_questions(&resume.profile, job, &gap, options)?;
        if let Some(knowledge) = knowledge {
            cite_questions(&mut questions, knowledge, PASSAGES_PER_ITEM)?;
        }
        Ok(questions)
    }

    /// Feedback on `answer` to `question` (STAR analysis, delivery metrics, a score and its
    /// breakdown, see [`analyze_answer`]), each recommendation with up to
    /// [`PASSAGES_PER_ITEM`] cited passages from `knowledge` when one is given.
    ///
    /// # Errors
    /// [`careerkit_core::Error::InvalidInput`] for an answer without words or a malformed
    /// transcript; retrieval errors.
    pub fn answer_feedback(
        &self,
        question: &str,
        answer: &Answer,
        options: &FeedbackOptions,
        knowledge: Option<&dyn Retriever>,
    ) -> Result<FeedbackReport> {
        let mut report = analyze_answer(question, answer, options)?;
        if let Some(knowledge) = knowledge {
            cite_recommendations(&mut report, knowledge, PASSAGES_PER_ITEM)?;
        }
        Ok(report)
    }
}
