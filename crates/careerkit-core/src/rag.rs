//! The retrieval ports: [`Embedder`] (text -> vectors) and [`Retriever`] (query -> ranked, cited
//! passages).
//!
//! Interview questions and feedback cite expert guidance instead of the model's memory. Agents
//! hold an `Arc<dyn Retriever>` and get back [`Passage`]s whose [`Citation`] names the document,
//! its heading path and the character span the passage came from, so every claim can be shown
//! next to its source. The default implementations (sentence embeddings from careerkit's own
//! BERT encoder, tantivy BM25 plus a dense index) live in the `careerkit-rag` crate; core only
//! knows these traits.
//!
//! ```
//! use careerkit_core::rag::{Passage, RetrievalQuery, Retriever};
//!
//! /// A retriever that always answers with one fixed passage (tests use scripted ports).
//! struct Fixed(Passage);
//!
//! impl Retriever for Fixed {
//!     fn search(&self, query: &RetrievalQuery) -> careerkit_core::Result<Vec<Passage>> {
//!         Ok(vec![self.0.clone()].into_iter().take(query.k).collect())
//!     }
//! }
//!
//! fn cite(retriever: &dyn Retriever) -> careerkit_core::Result<Vec<String>> {
//!     let passages = retriever.search(&RetrievalQuery::new("how to structure a STAR answer", 3))?;
//!     Ok(passages.iter().map(|p| p.citation.label()).collect())
//! }
//! # let p = Passage {
//! #     text: "Situation, Task, Action, Result.".into(),
//! #     score: 1.0,
//! #     citation: careerkit_core::rag::Citation {
//! #         document: "star-method.md".into(),
//! #         title: "The STAR method".into(),
//! #         heading_path: vec!["The STAR method".into(), "Structure".into()],
//! #         span: careerkit_core::rag::CharSpan { start: 0, end: 32 },
//! #     },
//! #     source: "builtin".into(),
//! #     tags: vec![],
//! # };
//! # assert_eq!(cite(&Fixed(p))?, ["star-method.md § The STAR method > Structure"]);
//! # Ok::<(), careerkit_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::Result;

/// A half-open range of Unicode scalar values (chars) in a source document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl CharSpan {
    /// Number of characters covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Turns text into fixed-size vectors whose dot product measures similarity (vectors are
/// L2-normalised, so the dot product is the cosine).
///
/// Synchronous: embedding is CPU work; async callers run it on a blocking thread.
pub trait Embedder: Send + Sync {
    /// A stable name of the model (an index records it and refuses vectors from another model).
    fn model_id(&self) -> &str;

    /// Length of every vector.
    fn dimensions(&self) -> usize;

    /// The longest input, in the model's tokens, that is embedded whole; longer text is truncated.
    fn max_tokens(&self) -> usize;

    /// The model's tokens of `text` (special tokens left out) as character spans into `text`,
    /// in order. Chunkers cut on these so a chunk never exceeds [`Embedder::max_tokens`].
    ///
    /// # Errors
    /// When the tokenizer fails on the input.
    fn tokenize(&self, text: &str) -> Result<Vec<CharSpan>>;

    /// One vector per text, in the order given.
    ///
    /// # Errors
    /// When the model fails (tokenizer or tensor errors).
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
}

/// Which ranking a [`RetrievalQuery`] asks for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RetrievalMode {
    /// Lexical and dense rankings fused (the default and usually the best).
    #[default]
    Hybrid,
    /// Lexical (BM25) ranking only.
    Lexical,
    /// Dense (embedding) ranking only.
    Dense,
}

/// Restricts a search to some passages. Empty lists restrict nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RetrievalFilter {
    /// Keep passages whose source is one of these.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Keep passages that carry every one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl RetrievalFilter {
    /// True when `source` and `tags` pass this filter.
    pub fn accepts(&self, source: &str, tags: &[String]) -> bool {
        (self.sources.is_empty() || self.sources.iter().any(|s| s == source))
            && self.tags.iter().all(|t| tags.contains(t))
    }
}

/// A search: the user's words, how many passages to return, filters and the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RetrievalQuery {
    /// The query as the user or agent wrote it (never parsed as query syntax).
    pub text: String,
    /// At most this many passages come back.
    pub k: usize,
    /// Restrictions on source and tags.
    #[serde(default)]
    pub filter: RetrievalFilter,
    /// Which ranking to use.
    #[serde(default)]
    pub mode: RetrievalMode,
}

impl RetrievalQuery {
    /// A hybrid query for the top `k` passages, unfiltered.
    pub fn new(text: impl Into<String>, k: usize) -> Self {
        RetrievalQuery {
            text: text.into(),
            k,
            filter: RetrievalFilter::default(),
            mode: RetrievalMode::Hybrid,
        }
    }

    /// The same query restricted by `filter`.
    pub fn with_filter(mut self, filter: RetrievalFilter) -> Self {
        self.filter = filter;
        self
    }

    /// The same query ranked by `mode`.
    pub fn with_mode(mut self, mode: RetrievalMode) -> Self {
        self.mode = mode;
        self
    }
}

/// Where a passage came from: enough to show the reader the source and find the text in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Citation {
    /// The document's id (for files, the path relative to the seeded directory).
    pub document: String,
    /// The document's title (its first top-level heading, else its id).
    pub title: String,
    /// The headings above the passage, outermost first.
    pub heading_path: Vec<String>,
    /// The passage's characters in the source document.
    pub span: CharSpan,
}

impl Citation {
    /// A one-line label such as `star-method.md § The STAR method > Structure`.
    pub fn label(&self) -> String {
        if self.heading_path.is_empty() {
            self.document.clone()
        } else {
            format!("{} § {}", self.document, self.heading_path.join(" > "))
        }
    }
}

/// A ranked piece of a document with its citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Passage {
    /// The passage text, as it appears in the source.
    pub text: String,
    /// Higher is better; comparable only within one result list.
    pub score: f32,
    /// Where it came from.
    pub citation: Citation,
    /// The collection the document was seeded from (`"builtin"` for the shipped knowledge base).
    pub source: String,
    /// The document's tags.
    pub tags: Vec<String>,
}

/// Finds passages relevant to a query, best first, each with its citation.
pub trait Retriever: Send + Sync {
    /// The top passages for `query`, best first, at most `query.k` of them, all passing
    /// `query.filter`.
    ///
    /// # Errors
    /// When the index or the embedder fails.
    fn search(&self, query: &RetrievalQuery) -> Result<Vec<Passage>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_needs_one_source_and_every_tag() {
        let tags = vec!["interview".to_string(), "star".to_string()];
        let mut f = RetrievalFilter::default();
        assert!(f.accepts("builtin", &tags));
        f.sources = vec!["user".into()];
        assert!(!f.accepts("builtin", &tags));
        f.sources.push("builtin".into());
        assert!(f.accepts("builtin", &tags));
        f.tags = vec!["star".into(), "resume".into()];
        assert!(!f.accepts("builtin", &tags));
        f.tags.pop();
        assert!(f.accepts("builtin", &tags));
    }

    #[test]
    fn query_round_trips_json_with_defaults() {
        let q: RetrievalQuery = serde_json::from_str(r#"{"text":"ats keywords","k":5}"#).unwrap();
        assert_eq!(q, RetrievalQuery::new("ats keywords", 5));
        let dense = q.clone().with_mode(RetrievalMode::Dense);
        let back: RetrievalQuery =
            serde_json::from_str(&serde_json::to_string(&dense).unwrap()).unwrap();
        assert_eq!(back.mode, RetrievalMode::Dense);
    }

    #[test]
    fn citation_label_names_the_heading_path() {
        let mut c = Citation {
            document: "ats.md".into(),
            title: "ATS".into(),
            heading_path: vec![],
            span: CharSpan { start: 3, end: 10 },
        };
        assert_eq!(c.label(), "ats.md");
        c.heading_path = vec!["ATS".into(), "Keywords".into()];
        assert_eq!(c.label(), "ats.md § ATS > Keywords");
        assert_eq!(c.span.len(), 7);
    }
}
