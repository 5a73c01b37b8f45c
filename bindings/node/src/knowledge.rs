//! The knowledge base (`careerkit::rag::KnowledgeBase`) for Node: open (and seed), add or update
//! documents, search with filters, delete. Conversion only: embedding and search run on the
//! libuv thread pool and resolve with JSON (or plain values) that the JS wrapper types.

use std::sync::Arc;

use careerkit::rag::{RetrievalFilter, SourceDocument};
use careerkit::Careerkit;
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;

use crate::task::Work;
use crate::{from_json, json_task, to_json, JsonTask};

type Kb = Arc<careerkit::rag::KnowledgeBase>;

/// Hybrid retrieval (BM25 + sentence embeddings) over Markdown documents, in a directory.
#[napi]
pub struct NativeKnowledgeBase {
    inner: Kb,
}

impl NativeKnowledgeBase {
    /// The same index, for a workflow whose interview practice cites it.
    pub fn shared(&self) -> Kb {
        Arc::clone(&self.inner)
    }
}

/// Opens a knowledge base on the thread pool (loading the model and seeding are CPU work).
pub struct OpenKnowledgeBase {
    data_dir: Option<String>,
    seed_builtin: bool,
}

impl napi::Task for OpenKnowledgeBase {
    type Output = Kb;
    type JsValue = NativeKnowledgeBase;

    fn compute(&mut self) -> napi::Result<Kb> {
        let (data_dir, seed) = (self.data_dir.take(), self.seed_builtin);
        crate::errors::guarded(move || {
            let mut builder = Careerkit::builder();
            if let Some(dir) = data_dir {
                builder = builder.data_dir(dir);
            }
            let kit = builder.build()?;
            let kb = if seed {
                kit.open_seeded_knowledge_base(&mut |_| {})?
            } else {
                kit.open_knowledge_base()?
            };
            Ok(Arc::new(kb))
        })
    }

    fn resolve(&mut self, _env: napi::Env, inner: Kb) -> napi::Result<NativeKnowledgeBase> {
        Ok(NativeKnowledgeBase { inner })
    }
}

#[napi]
impl NativeKnowledgeBase {
    /// Opens (creating if needed) the knowledge base under `dataDir` (default: careerkit's data
    /// directory); with `seedBuiltin`, an empty one gets the knowledge base careerkit ships.
    #[napi(catch_unwind, ts_return_type = "Promise<NativeKnowledgeBase>")]
    pub fn open(data_dir: Option<String>, seed_builtin: bool) -> AsyncTask<OpenKnowledgeBase> {
        AsyncTask::new(OpenKnowledgeBase {
            data_dir,
            seed_builtin,
        })
    }

    /// Adds or replaces documents (`[{id, text, source?, tags?}]` as JSON); the upsert report
    /// as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn upsert(&self, documents_json: String) -> JsonTask {
        let kb = self.shared();
        json_task(move || {
            let documents: Vec<SourceDocument> = from_json(&documents_json)?;
            to_json(&kb.upsert(&documents, &mut |_| {})?)
        })
    }

    /// The `k` best passages for `query` (filter `{sources, tags}` as JSON), as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn search(&self, query: String, k: u32, filter_json: String) -> JsonTask {
        let kb = self.shared();
        json_task(move || {
            let filter: RetrievalFilter = from_json(&filter_json)?;
            to_json(&kb.search(&query, k as usize, filter)?)
        })
    }

    /// Removes documents by id; how many were there.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn delete_documents(&self, ids: Vec<String>) -> AsyncTask<Work<u32, u32>> {
        let kb = self.shared();
        AsyncTask::new(Work::new(move || {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            Ok(u32::try_from(kb.delete_documents(&ids)?).unwrap_or(u32::MAX))
        }))
    }

    /// The ids of the indexed documents, sorted, as JSON.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn document_ids(&self) -> JsonTask {
        let kb = self.shared();
        json_task(move || to_json(&kb.document_ids()?))
    }

    /// How many chunks are indexed.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn chunk_count(&self) -> AsyncTask<Work<u32, u32>> {
        let kb = self.shared();
        AsyncTask::new(Work::new(move || {
            Ok(u32::try_from(kb.chunk_count()?).unwrap_or(u32::MAX))
        }))
    }

    /// Empties the knowledge base.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn reset(&self) -> AsyncTask<Work<(), ()>> {
        let kb = self.shared();
        AsyncTask::new(Work::new(move || kb.reset()))
    }
}
