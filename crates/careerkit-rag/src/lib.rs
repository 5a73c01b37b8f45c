//! careerkit-rag: in-process retrieval for careerkit, with no server.
//!
//! Interview questions and feedback cite expert guidance; this crate finds it. Markdown is cut
//! into heading-aware chunks ([`chunk`]), embedded by a sentence model on careerkit's own BERT encoder ([`embed`]),
//! indexed for BM25 by tantivy and for dense search beside it ([`index`], [`vectors`]), and
//! searched by reciprocal rank fusion of both ([`hybrid`]). [`KnowledgeBase`] ties these together
//! and implements careerkit-core's [`Retriever`](careerkit_core::rag::Retriever) port; the
//! knowledge base careerkit ships is compiled in ([`kb::builtin_documents`]).
//!
//! ```
//! use std::sync::Arc;
//! use careerkit_core::rag::RetrievalFilter;
//! use careerkit_rag::testing::HashingEmbedder;
//! use careerkit_rag::{KnowledgeBase, KnowledgeBaseOptions, SourceDocument};
//!
//! let dir = tempfile::tempdir()?;
//! // A real product passes `Arc::new(BertEmbedder::load_default()?)`.
//! let kb = KnowledgeBase::open(dir.path(), Arc::new(HashingEmbedder::new(64, 256)), KnowledgeBaseOptions::default())?;
//! kb.upsert(
//!     &[SourceDocument {
//!         id: "star.md".into(),
//!         source: "local".into(),
//!         tags: vec!["interview".into()],
//!         text: "# STAR\n\n## Result\n\nEnd with a measurable result.\n".into(),
//!     }],
//!     &mut |_| {},
//! )?;
//! let hits = kb.search("measurable result", 3, RetrievalFilter::default())?;
//! assert_eq!(hits[0].citation.label(), "star.md § STAR > Result");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bert;
pub mod chunk;
pub mod embed;
pub mod eval;
pub mod hybrid;
pub mod index;
pub mod kb;
pub mod testing;
pub mod vectors;

pub use embed::{BertEmbedder, BertOptions};
pub use index::{SourceDocument, UpsertReport};
pub use kb::{KnowledgeBase, KnowledgeBaseOptions, SeedProgress};
