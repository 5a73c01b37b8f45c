//! The shipped knowledge base seeded with the default sentence model, beside the labelled
//! queries over it (queries.jsonl): what the quality test and the fusion sweep both measure.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use careerkit_rag::eval::LabelledSet;
use careerkit_rag::kb::builtin_documents;
use careerkit_rag::{BertEmbedder, BertOptions, KnowledgeBase, KnowledgeBaseOptions};

/// A seeded knowledge base in a temporary directory and the labelled set resolved against it.
pub struct Shipped {
    /// The knowledge base (default options).
    pub kb: KnowledgeBase,
    /// The labelled queries.
    pub set: LabelledSet,
    /// How many documents the knowledge base holds.
    pub documents: usize,
    _dir: tempfile::TempDir,
}

/// Seeds the shipped knowledge base with the model in `model_dir` and reads the labelled set.
pub fn seeded(model_dir: &Path) -> Shipped {
    let embedder = Arc::new(BertEmbedder::load(model_dir, BertOptions::default()).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let kb = KnowledgeBase::open(dir.path(), embedder, KnowledgeBaseOptions::default()).unwrap();
    kb.seed_builtin(&mut |_| {}).unwrap();
    let documents: HashMap<String, String> = builtin_documents()
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/rag_quality/queries.jsonl"
    );
    let set = LabelledSet::parse(&std::fs::read_to_string(path).unwrap(), &documents).unwrap();
    Shipped {
        kb,
        set,
        documents: documents.len(),
        _dir: dir,
    }
}
