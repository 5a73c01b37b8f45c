//! The knowledge base (`careerkit::rag::KnowledgeBase`) for Swift and Kotlin: open (and seed),
//! add or update documents, search with filters, delete. Embedding and search run on the
//! blocking pool, never on the caller's thread.

use std::sync::Arc;

use careerkit::rag::{Passage, RetrievalFilter, SourceDocument, UpsertReport};

use crate::errors::{offload, CareerkitError};
use crate::types::to_json;

type Kb = Arc<careerkit::rag::KnowledgeBase>;

/// A document to add: Markdown (or plain) text under a unique id.
#[derive(Debug, Clone, uniffi::Record)]
pub struct KnowledgeDocument {
    /// Unique id (a file name, a URL, a database key).
    pub id: String,
    /// Markdown or plain text.
    pub text: String,
    /// The collection it belongs to; search filters select by it.
    #[uniffi(default = "local")]
    pub source: String,
    /// Tags; search filters select passages carrying every tag asked for.
    #[uniffi(default = [])]
    pub tags: Vec<String>,
}

/// What adding documents did: unchanged documents and chunks are not embedded again.
#[derive(Debug, Clone, uniffi::Record)]
pub struct KnowledgeUpsert {
    /// Documents added or changed.
    pub documents_indexed: u64,
    /// Documents left as they were (same content hash).
    pub documents_unchanged: u64,
    /// Chunks written.
    pub chunks: u64,
    /// Chunks whose vectors had to be computed.
    pub chunks_embedded: u64,
}

impl From<UpsertReport> for KnowledgeUpsert {
    fn from(report: UpsertReport) -> Self {
        let count = |n: usize| n as u64;
        KnowledgeUpsert {
            documents_indexed: count(report.documents_indexed),
            documents_unchanged: count(report.documents_unchanged),
            chunks: count(report.chunks),
            chunks_embedded: count(report.chunks_embedded),
        }
    }
}

/// A ranked passage with its citation.
#[derive(Debug, Clone, uniffi::Record)]
pub struct KnowledgePassage {
    /// The passage.
    pub text: String,
    /// Its fused score (higher is better).
    pub score: f32,
    /// The document it comes from.
    pub document: String,
    /// The headings above it, outermost first.
    pub heading_path: Vec<String>,
    /// The document's source.
    pub source: String,
    /// The full passage (citation span, tags).
    pub json: String,
}

impl TryFrom<Passage> for KnowledgePassage {
    type Error = CareerkitError;

    fn try_from(passage: Passage) -> Result<Self, CareerkitError> {
        Ok(KnowledgePassage {
            json: to_json(&passage)?,
            document: passage.citation.document,
            heading_path: passage.citation.heading_path,
            source: passage.source,
            score: passage.score,
            text: passage.text,
        })
    }
}

/// Hybrid retrieval (BM25 + sentence embeddings) over Markdown documents, persisted in a
/// directory. Loading the sentence model takes a moment: open one and share it; pass it to
/// `openWorkflow` so interview practice cites it.
#[derive(uniffi::Object)]
pub struct KnowledgeBase {
    inner: Kb,
}

impl KnowledgeBase {
    /// The same index, for a workflow.
    pub(crate) fn shared(&self) -> Kb {
        Arc::clone(&self.inner)
    }

    async fn with<T: Send + 'static>(
        &self,
        work: impl FnOnce(&careerkit::rag::KnowledgeBase) -> careerkit::Result<T> + Send + 'static,
    ) -> Result<T, CareerkitError> {
        let kb = self.shared();
        offload(move || Ok(work(&kb)?)).await
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl KnowledgeBase {
    /// Opens (creating if needed) the knowledge base under `data_dir` (default: careerkit's
    /// data directory), loading the sentence model from `CAREERKIT_MODELS_DIR`; with
    /// `seed_builtin`, an empty one gets the knowledge base careerkit ships.
    ///
    /// # Errors
    /// `InvalidInput` when the model is missing or the index was built with another model;
    /// `Io`.
    #[uniffi::constructor(default(data_dir = None, seed_builtin = true))]
    pub async fn open(
        data_dir: Option<String>,
        seed_builtin: bool,
    ) -> Result<Arc<Self>, CareerkitError> {
        offload(move || {
            let mut builder = careerkit::Careerkit::builder();
            if let Some(dir) = data_dir {
                builder = builder.data_dir(dir);
            }
            let kit = builder.build()?;
            let kb = if seed_builtin {
                kit.open_seeded_knowledge_base(&mut |_| {})?
            } else {
                kit.open_knowledge_base()?
            };
            Ok(Arc::new(KnowledgeBase {
                inner: Arc::new(kb),
            }))
        })
        .await
    }

    /// Adds or replaces documents; unchanged ones (same content hash) are skipped.
    ///
    /// # Errors
    /// `InvalidInput` for an empty id; `Io`.
    pub async fn upsert(
        &self,
        documents: Vec<KnowledgeDocument>,
    ) -> Result<KnowledgeUpsert, CareerkitError> {
        let documents: Vec<SourceDocument> = documents
            .into_iter()
            .map(|d| SourceDocument {
                id: d.id,
                source: d.source,
                tags: d.tags,
                text: d.text,
            })
            .collect();
        let report = self
            .with(move |kb| kb.upsert(&documents, &mut |_| {}))
            .await?;
        Ok(report.into())
    }

    /// The `k` best passages for `query`, each with its citation; `sources` keeps passages
    /// from any of those sources, `tags` those carrying every tag.
    ///
    /// # Errors
    /// `Io` when the index cannot be read.
    #[uniffi::method(default(sources = [], tags = []))]
    pub async fn search(
        &self,
        query: String,
        k: u32,
        sources: Vec<String>,
        tags: Vec<String>,
    ) -> Result<Vec<KnowledgePassage>, CareerkitError> {
        let filter = RetrievalFilter { sources, tags };
        let passages = self
            .with(move |kb| kb.search(&query, k as usize, filter))
            .await?;
        passages.into_iter().map(TryInto::try_into).collect()
    }

    /// Removes documents by id; how many there were.
    ///
    /// # Errors
    /// `Io`.
    pub async fn delete_documents(&self, ids: Vec<String>) -> Result<u64, CareerkitError> {
        let removed = self
            .with(move |kb| {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                kb.delete_documents(&ids)
            })
            .await?;
        Ok(removed as u64)
    }

    /// The ids of the indexed documents, sorted.
    ///
    /// # Errors
    /// `Io`.
    pub async fn document_ids(&self) -> Result<Vec<String>, CareerkitError> {
        self.with(|kb| kb.document_ids()).await
    }

    /// How many chunks are indexed.
    ///
    /// # Errors
    /// `Io`.
    pub async fn chunk_count(&self) -> Result<u64, CareerkitError> {
        Ok(self.with(|kb| kb.chunk_count()).await? as u64)
    }

    /// Empties the knowledge base.
    ///
    /// # Errors
    /// `Io`.
    pub async fn reset(&self) -> Result<(), CareerkitError> {
        self.with(|kb| kb.reset()).await
    }
}
