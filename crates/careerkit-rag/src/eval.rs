//! Retrieval quality on a labelled query set: recall@5 and MRR@10, measured the way
//! BENCHMARKS.md measures the shipped knowledge base, so a product can measure its own.
//!
//! A labelled set is JSON lines, one query each, naming the sections that answer it:
//! `{"id": "q001", "query": "STAR result quantify", "relevant": [{"doc": "star-method.md",
//! "heading": "Result"}]}`. A retrieved passage is relevant when it comes from a named document
//! and its span overlaps the named section (its subsections included; no heading means the whole
//! document).
//!
//! ```
//! use std::collections::HashMap;
//! use careerkit_core::rag::{CharSpan, Citation};
//! use careerkit_rag::eval::LabelledSet;
//!
//! let docs = HashMap::from([("a.md".to_string(), "# A\n\n## One\n\nx\n\n## Two\n\ny\n".to_string())]);
//! let set = LabelledSet::parse(r#"{"id": "q1", "query": "y", "relevant": [{"doc": "a.md", "heading": "Two"}]}"#, &docs)?;
//! let cite = |start, end| Citation {
//!     document: "a.md".into(),
//!     title: "A".into(),
//!     heading_path: vec![],
//!     span: CharSpan { start, end },
//! };
//! // The first passage is section One, the second section Two: reciprocal rank 1/2.
//! let scores = set.score(&[vec![cite(5, 14), cite(14, 23)]]);
//! assert_eq!((scores.recall_at_5, scores.mrr_at_10), (1.0, 0.5));
//! # Ok::<(), careerkit_core::Error>(())
//! ```

use std::collections::HashMap;

use careerkit_core::rag::{CharSpan, Citation, RetrievalMode, RetrievalQuery, Retriever};
use careerkit_core::{Error, Result};
use serde::Deserialize;

use crate::chunk::sections;

/// One labelled query.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledQuery {
    /// A unique id such as `q001`.
    pub id: String,
    /// The query, passed to retrieval unchanged.
    pub query: String,
    /// The sections that answer it.
    pub relevant: Vec<RelevantSection>,
}

/// A section that answers a query.
#[derive(Debug, Clone, Deserialize)]
pub struct RelevantSection {
    /// The document id.
    pub doc: String,
    /// The heading's text without `#` marks; the whole document when absent.
    #[serde(default)]
    pub heading: Option<String>,
}

/// Recall@5 and MRR@10 averaged over queries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// The share of a query's relevant sections found in the top 5, averaged.
    pub recall_at_5: f64,
    /// The reciprocal rank of the first relevant passage in the top 10 (0 if none), averaged.
    pub mrr_at_10: f64,
}

/// Labelled queries with their relevant spans resolved against the documents' text.
#[derive(Debug, Clone)]
pub struct LabelledSet {
    queries: Vec<LabelledQuery>,
    targets: Vec<Vec<(String, CharSpan)>>,
}

/// The span of the section under `heading` in `text`, its subsections included.
fn section_span(text: &str, heading: &str) -> Option<CharSpan> {
    let all = sections(text);
    let want = heading.trim().trim_start_matches('#').trim().to_lowercase();
    let i = all.iter().position(|s| {
        s.heading_path
            .last()
            .is_some_and(|h| h.to_lowercase() == want)
    })?;
    let level = all[i].level;
    let end = all[i + 1..]
        .iter()
        .find(|s| s.level > 0 && s.level <= level)
        .map_or(text.chars().count(), |s| s.span.start);
    Some(CharSpan {
        start: all[i].span.start,
        end,
    })
}

impl LabelledSet {
    /// Parses JSON lines and resolves every label against `documents` (id to Markdown).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a malformed line, an unknown document or a heading that is
    /// not in its document.
    pub fn parse(jsonl: &str, documents: &HashMap<String, String>) -> Result<Self> {
        let mut queries = Vec::new();
        let mut targets = Vec::new();
        for (n, line) in jsonl.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let query: LabelledQuery = serde_json::from_str(line)
                .map_err(|e| Error::invalid(format!("line {}: {e}", n + 1)))?;
            let mut spans = Vec::new();
            for r in &query.relevant {
                let text = documents.get(&r.doc).ok_or_else(|| {
                    Error::invalid(format!("{}: no document {}", query.id, r.doc))
                })?;
                let span = match r.heading.as_deref().filter(|h| !h.trim().is_empty()) {
                    None => Some(CharSpan {
                        start: 0,
                        end: text.chars().count(),
                    }),
                    Some(heading) => section_span(text, heading),
                }
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "{}: no heading {:?} in {}",
                        query.id, r.heading, r.doc
                    ))
                })?;
                spans.push((r.doc.clone(), span));
            }
            queries.push(query);
            targets.push(spans);
        }
        Ok(LabelledSet { queries, targets })
    }

    /// The queries, in file order.
    pub fn queries(&self) -> &[LabelledQuery] {
        &self.queries
    }

    /// The queries at the given positions (for a split into a tuning and a held-out half).
    pub fn subset(&self, positions: impl IntoIterator<Item = usize>) -> LabelledSet {
        let (queries, targets) = positions
            .into_iter()
            .filter_map(|i| Some((self.queries.get(i)?.clone(), self.targets.get(i)?.clone())))
            .unzip();
        LabelledSet { queries, targets }
    }

    /// Scores one ranking per query (in [`LabelledSet::queries`] order), best first.
    pub fn score(&self, rankings: &[Vec<Citation>]) -> Scores {
        let (mut recall, mut mrr) = (0.0, 0.0);
        for (targets, ranking) in self.targets.iter().zip(rankings) {
            let hit = |c: &Citation, (doc, span): &(String, CharSpan)| {
                c.document == *doc && c.span.start < span.end && span.start < c.span.end
            };
            let found = targets
                .iter()
                .filter(|t| ranking.iter().take(5).any(|c| hit(c, t)))
                .count();
            recall += found as f64 / targets.len().max(1) as f64;
            if let Some(rank) = ranking
                .iter()
                .take(10)
                .position(|c| targets.iter().any(|t| hit(c, t)))
            {
                mrr += 1.0 / (rank as f64 + 1.0);
            }
        }
        let n = self.queries.len().max(1) as f64;
        Scores {
            recall_at_5: recall / n,
            mrr_at_10: mrr / n,
        }
    }

    /// Runs every query through `retriever` ranked by `mode` and scores the results.
    ///
    /// # Errors
    /// As [`Retriever::search`].
    pub fn evaluate(&self, retriever: &dyn Retriever, mode: RetrievalMode) -> Result<Scores> {
        let rankings = self.rankings(retriever, mode, 10)?;
        Ok(self.score(&rankings))
    }

    /// The top `depth` citations of every query, ranked by `mode`.
    ///
    /// # Errors
    /// As [`Retriever::search`].
    pub fn rankings(
        &self,
        retriever: &dyn Retriever,
        mode: RetrievalMode,
        depth: usize,
    ) -> Result<Vec<Vec<Citation>>> {
        self.queries
            .iter()
            .map(|q| {
                let query = RetrievalQuery::new(&q.query, depth).with_mode(mode);
                Ok(retriever
                    .search(&query)?
                    .into_iter()
                    .map(|p| p.citation)
                    .collect())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_spans_its_subsections_and_unknown_labels_are_errors() {
        let text = "# T\n\n## A\n\n### A1\n\nx\n\n## B\n\ny\n";
        let a = section_span(text, "A").unwrap();
        let b = section_span(text, "## B").unwrap();
        assert_eq!(a.end, b.start);
        assert!(text[a.start..a.end].contains("### A1"));
        let docs = HashMap::from([("t.md".to_string(), text.to_string())]);
        let bad = r#"{"id": "q", "query": "x", "relevant": [{"doc": "t.md", "heading": "C"}]}"#;
        assert!(LabelledSet::parse(bad, &docs).is_err());
        let missing = r#"{"id": "q", "query": "x", "relevant": [{"doc": "u.md"}]}"#;
        assert!(LabelledSet::parse(missing, &docs).is_err());
        assert!(LabelledSet::parse("{", &docs).is_err());
    }
}
