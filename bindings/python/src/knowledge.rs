//! The knowledge base (`careerkit::rag::KnowledgeBase`) for Python: open (and seed), add or
//! update documents, search with filters, delete. Conversion only: each method releases the GIL
//! and exchanges JSON with the Python half, which types it.

use std::path::PathBuf;
use std::sync::Arc;

use careerkit::rag::{RetrievalFilter, SourceDocument};
use careerkit::Careerkit;
use pyo3::prelude::*;

use crate::{errors, from_json, to_json};

/// Hybrid retrieval (BM25 + sentence embeddings) over Markdown documents, persisted in a
/// directory.
#[pyclass(frozen, module = "careerkit._native")]
pub struct KnowledgeBase {
    inner: Arc<careerkit::rag::KnowledgeBase>,
}

#[pymethods]
impl KnowledgeBase {
    /// Opens (creating if needed) the knowledge base under `data_dir` (default: careerkit's
    /// data directory) with the default sentence model; with `seed_builtin`, an empty one is
    /// seeded with the knowledge base careerkit ships.
    #[staticmethod]
    #[pyo3(signature = (data_dir=None, seed_builtin=true))]
    fn open(py: Python<'_>, data_dir: Option<PathBuf>, seed_builtin: bool) -> PyResult<Self> {
        errors::guarded(py, || {
            let mut builder = Careerkit::builder();
            if let Some(dir) = data_dir {
                builder = builder.data_dir(dir);
            }
            let kit = builder.build()?;
            let inner = if seed_builtin {
                kit.open_seeded_knowledge_base(&mut |_| {})?
            } else {
                kit.open_knowledge_base()?
            };
            Ok(KnowledgeBase {
                inner: Arc::new(inner),
            })
        })
    }

    /// Adds or replaces documents (`[{"id", "text", "source"?, "tags"?}]` as JSON); unchanged
    /// ones are skipped by content hash. The upsert report as JSON.
    fn upsert(&self, py: Python<'_>, documents_json: &str) -> PyResult<String> {
        errors::guarded(py, || {
            let documents: Vec<SourceDocument> = from_json(documents_json)?;
            to_json(&self.inner.upsert(&documents, &mut |_| {})?)
        })
    }

    /// The `k` best passages for `query` (filter `{"sources": [...], "tags": [...]}` as JSON),
    /// as JSON.
    fn search(&self, py: Python<'_>, query: &str, k: usize, filter_json: &str) -> PyResult<String> {
        errors::guarded(py, || {
            let filter: RetrievalFilter = from_json(filter_json)?;
            to_json(&self.inner.search(query, k, filter)?)
        })
    }

    /// Removes documents by id; how many were there.
    fn delete_documents(&self, py: Python<'_>, ids: Vec<String>) -> PyResult<usize> {
        errors::guarded(py, || {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            self.inner.delete_documents(&ids)
        })
    }

    /// The ids of the indexed documents, sorted.
    fn document_ids(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        errors::guarded(py, || self.inner.document_ids())
    }

    /// How many chunks are indexed.
    fn chunk_count(&self, py: Python<'_>) -> PyResult<usize> {
        errors::guarded(py, || self.inner.chunk_count())
    }

    /// Empties the knowledge base.
    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        errors::guarded(py, || self.inner.reset())
    }
}

impl KnowledgeBase {
    /// The same index, for a workflow whose interview practice cites it.
    pub fn shared(&self) -> Arc<careerkit::rag::KnowledgeBase> {
        Arc::clone(&self.inner)
    }
}
