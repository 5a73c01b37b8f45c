//! Grounding in the knowledge base: each planned question and each recommendation carries a
//! search query (`kb_query`); these functions run it through a [`Retriever`] and attach the
//! passages, with their citations, as `sources`. The passages come from the index, so every
//! citation points at text that exists.

use super::feedback::FeedbackReport;
use super::questions::QuestionPlan;
use crate::rag::{Passage, RetrievalQuery, Retriever};
use crate::Result;

/// How many passages products attach to each question and recommendation by default.
pub const PASSAGES_PER_ITEM: usize = 2;

/// The top `per_item` passages for `query` (none for an empty query or `per_item` 0).
fn passages(retriever: &dyn Retriever, query: &str, per_item: usize) -> Result<Vec<Passage>> {
    if per_item == 0 || query.trim().is_empty() {
        return Ok(Vec::new());
    }
    retriever.search(&RetrievalQuery::new(query, per_item))
}

/// Attaches to every question the top `per_item` passages for its `kb_query`.
///
/// # Errors
/// As [`Retriever::search`]; the questions are left as they were.
pub fn cite_questions(
    questions: &mut [QuestionPlan],
    retriever: &dyn Retriever,
    per_item: usize,
) -> Result<()> {
    let found = questions
        .iter()
        .map(|q| passages(retriever, &q.kb_query, per_item))
        .collect::<Result<Vec<_>>>()?;
    for (question, sources) in questions.iter_mut().zip(found) {
        question.sources = sources;
    }
    Ok(())
}

/// Attaches to every recommendation of `report` the top `per_item` passages for its
/// `kb_query`.
///
/// # Errors
/// As [`Retriever::search`]; the report is left as it was.
pub fn cite_recommendations(
    report: &mut FeedbackReport,
    retriever: &dyn Retriever,
    per_item: usize,
) -> Result<()> {
    let found = report
        .recommendations
        .iter()
        .map(|r| passages(retriever, &r.kb_query, per_item))
        .collect::<Result<Vec<_>>>()?;
    for (recommendation, sources) in report.recommendations.iter_mut().zip(found) {
        recommendation.sources = sources;
    }
    Ok(())
}
