//! [`KnowledgeBase`]: an embedder and an index under one roof, seeded from Markdown and
//! searched with citations. This is the [`Retriever`] agents are given.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use careerkit_core::rag::{
    Embedder, Passage, RetrievalFilter, RetrievalMode, RetrievalQuery, Retriever,
};
use careerkit_core::{Error, Result};

use crate::chunk::{ChunkOptions, Chunker};
use crate::hybrid::FusionOptions;
use crate::index::{Hit, Index, SourceDocument, UpsertReport};
use crate::vectors::DenseOptions;

include!(concat!(env!("OUT_DIR"), "/builtin_kb.rs"));

/// The source name of the shipped knowledge base.
pub const BUILTIN_SOURCE: &str = "builtin";
/// The source name of documents seeded from a directory.
pub const LOCAL_SOURCE: &str = "local";

/// How far a seed has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedProgress {
    /// Documents handled so far.
    pub done: usize,
    /// Documents in this seed.
    pub total: usize,
}

/// Settings of a [`KnowledgeBase`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct KnowledgeBaseOptions {
    /// Chunk sizes.
    pub chunks: ChunkOptions,
    /// Dense index settings.
    pub dense: DenseOptions,
    /// How hybrid retrieval fuses the BM25 and the dense ranking.
    pub fusion: FusionOptions,
}

/// Markdown knowledge, chunked, embedded and indexed in a directory; searched by hybrid
/// retrieval with citations. Every method takes `&self` (searches run in parallel, writes one at
/// a time), so one instance can be shared as `Arc<dyn Retriever>`.
pub struct KnowledgeBase {
    embedder: Arc<dyn Embedder>,
    chunker: Chunker,
    fusion: FusionOptions,
    index: RwLock<Index>,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase")
            .field("model", &self.embedder.model_id())
            .finish_non_exhaustive()
    }
}

fn poisoned<T>(_: T) -> Error {
    Error::engine(
        "knowledge base",
        "a writer panicked while holding the index",
    )
}

/// The shipped knowledge base: `(file name, Markdown)` pairs, sorted by name.
pub fn builtin_documents() -> &'static [(&'static str, &'static str)] {
    BUILTIN_KB
}

/// Reads tags from a leading `---` front-matter block (`tags: a, b` or `tags: [a, b]`) and
/// blanks the block out (same length, so spans still point into the original), so it is
/// neither chunked nor cited. Without tags, the file stem is the one tag.
/// Refuses a batch with an empty id or the same id twice, before anything is written.
fn check_ids(documents: &[SourceDocument]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for doc in documents {
        if doc.id.trim().is_empty() {
            return Err(Error::invalid(
                "a knowledge-base document needs a non-empty id",
            ));
        }
        if !seen.insert(doc.id.as_str()) {
            return Err(Error::invalid(format!(
                "document id {:?} appears twice in one upsert",
                doc.id
            )));
        }
    }
    Ok(())
}

fn prepare(id: &str, source: &str, text: &str) -> SourceDocument {
    let stem = Path::new(id)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(id)
        .to_string();
    let mut tags = Vec::new();
    let mut body = text.to_string();
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            for line in rest[..end].lines() {
                if let Some(list) = line.strip_prefix("tags:") {
                    tags = list
                        .trim()
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .split(',')
                        .map(|t| t.trim().trim_matches(['"', '\'']).to_string())
                        .filter(|t| !t.is_empty())
                        .collect();
                }
            }
            let block = 4 + end + 5;
            let blank: String = text[..block]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            body = blank + &text[block..];
        }
    }
    if tags.is_empty() {
        tags.push(stem);
    }
    SourceDocument {
        id: id.to_string(),
        source: source.to_string(),
        tags,
        text: body,
    }
}

/// Markdown and text files under `dir`, recursively, with ids relative to `dir` ('/'-separated).
fn collect_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "md" | "markdown" | "txt"))
            {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

impl KnowledgeBase {
    /// Opens (or creates) the knowledge base stored in `dir`.
    ///
    /// # Errors
    /// See [`Index::open`].
    pub fn open(
        dir: impl AsRef<Path>,
        embedder: Arc<dyn Embedder>,
        options: KnowledgeBaseOptions,
    ) -> Result<Self> {
        let index = Index::open(
            dir.as_ref(),
            embedder.model_id(),
            embedder.dimensions(),
            options.dense,
        )?;
        Ok(KnowledgeBase {
            embedder,
            chunker: Chunker::new(options.chunks),
            fusion: options.fusion,
            index: RwLock::new(index),
        })
    }

    /// The embedder in use.
    pub fn embedder(&self) -> &Arc<dyn Embedder> {
        &self.embedder
    }

    /// Adds or updates documents; unchanged ones are skipped, unchanged chunks not re-embedded.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty or repeated id (nothing is written); see
    /// [`Index::upsert`].
    pub fn upsert(
        &self,
        documents: &[SourceDocument],
        progress: &mut dyn FnMut(SeedProgress),
    ) -> Result<UpsertReport> {
        check_ids(documents)?;
        let total = documents.len();
        let mut index = self.index.write().map_err(poisoned)?;
        index.upsert(
            documents,
            self.embedder.as_ref(),
            &self.chunker,
            &mut |done| progress(SeedProgress { done, total }),
        )
    }

    /// Seeds every `.md`, `.markdown` and `.txt` file under `dir` (source [`LOCAL_SOURCE`];
    /// document ids are paths relative to `dir`).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `dir` is not a directory or a file is not UTF-8; then as
    /// [`KnowledgeBase::upsert`].
    pub fn seed_dir(
        &self,
        dir: impl AsRef<Path>,
        progress: &mut dyn FnMut(SeedProgress),
    ) -> Result<UpsertReport> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            return Err(Error::invalid(format!(
                "{} is not a directory",
                dir.display()
            )));
        }
        let mut documents = Vec::new();
        for (id, path) in collect_files(dir)? {
            let text = String::from_utf8(std::fs::read(&path)?)
                .map_err(|_| Error::invalid(format!("{} is not UTF-8 text", path.display())))?;
            documents.push(prepare(&id, LOCAL_SOURCE, &text));
        }
        self.upsert(&documents, progress)
    }

    /// Seeds the knowledge base shipped with careerkit (source [`BUILTIN_SOURCE`]).
    ///
    /// # Errors
    /// As [`KnowledgeBase::upsert`].
    pub fn seed_builtin(&self, progress: &mut dyn FnMut(SeedProgress)) -> Result<UpsertReport> {
        let documents: Vec<SourceDocument> = BUILTIN_KB
            .iter()
            .map(|(name, text)| prepare(name, BUILTIN_SOURCE, text))
            .collect();
        self.upsert(&documents, progress)
    }

    /// Removes documents by id; returns how many existed.
    ///
    /// # Errors
    /// I/O and index errors.
    pub fn delete_documents(&self, ids: &[&str]) -> Result<usize> {
        self.index.write().map_err(poisoned)?.delete_documents(ids)
    }

    /// Empties the knowledge base.
    ///
    /// # Errors
    /// I/O and index errors.
    pub fn reset(&self) -> Result<()> {
        self.index.write().map_err(poisoned)?.reset()
    }

    /// Ids of the indexed documents, sorted.
    ///
    /// # Errors
    /// When a writer panicked while holding the index.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        Ok(self.index.read().map_err(poisoned)?.document_ids())
    }

    /// Number of indexed chunks.
    ///
    /// # Errors
    /// When a writer panicked while holding the index.
    pub fn chunk_count(&self) -> Result<usize> {
        Ok(self.index.read().map_err(poisoned)?.chunk_count())
    }

    /// Documents dropped when the index was opened because a crash had left them half-written
    /// (seeding again restores them).
    ///
    /// # Errors
    /// When a writer panicked while holding the index.
    pub fn recovered_documents(&self) -> Result<usize> {
        Ok(self.index.read().map_err(poisoned)?.recovered_documents())
    }

    /// The top `k` hybrid passages for `query` that pass `filter`.
    ///
    /// # Errors
    /// As [`Retriever::search`].
    pub fn search(&self, query: &str, k: usize, filter: RetrievalFilter) -> Result<Vec<Passage>> {
        Retriever::search(self, &RetrievalQuery::new(query, k).with_filter(filter))
    }
}

impl Retriever for KnowledgeBase {
    fn search(&self, query: &RetrievalQuery) -> Result<Vec<Passage>> {
        if query.k == 0 || query.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let index = self.index.read().map_err(poisoned)?;
        let searcher = index.searcher();
        // Each list goes deeper than k so fusion has candidates to agree on.
        let depth = (query.k * 4).max(self.fusion.depth);
        let lexical = match query.mode {
            RetrievalMode::Dense => Vec::new(),
            _ => index.search_lexical(&searcher, &query.text, depth, &query.filter)?,
        };
        let dense = match query.mode {
            RetrievalMode::Lexical => Vec::new(),
            _ => {
                let vector = self
                    .embedder
                    .embed(&[query.text.as_str()])?
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                index.search_dense(&searcher, &vector, depth, &query.filter)?
            }
        };
        let ranked = match query.mode {
            RetrievalMode::Hybrid => {
                let addresses = |hits: &[Hit]| hits.iter().map(|h| h.address).collect::<Vec<_>>();
                self.fusion
                    .fuse(&addresses(&lexical), &addresses(&dense))
                    .into_iter()
                    .map(|(address, score)| Hit { address, score })
                    .collect()
            }
            RetrievalMode::Lexical => lexical,
            RetrievalMode::Dense => dense,
        };
        ranked
            .iter()
            .take(query.k)
            .map(|hit| index.passage(&searcher, hit))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_tags_and_is_blanked_in_place() {
        let text = "---\ntags: [star, interview]\n---\n# STAR\n\nBody.\n";
        let doc = prepare("star.md", "builtin", text);
        assert_eq!(doc.tags, ["star", "interview"]);
        assert_eq!(doc.text.chars().count(), text.chars().count());
        assert!(doc.text.trim_start().starts_with("# STAR"));
        let plain = prepare("guides/ats-tips.md", "local", "# ATS\n");
        assert_eq!(plain.tags, ["ats-tips"]);
        assert_eq!(plain.text, "# ATS\n");
    }

    #[test]
    fn empty_and_repeated_ids_are_refused() {
        let doc = |id: &str| prepare(id, "local", "# A\n");
        assert!(check_ids(&[doc("a.md"), doc("b.md")]).is_ok());
        for bad in [vec![doc(" ")], vec![doc("a.md"), doc("a.md")]] {
            let err = check_ids(&bad).unwrap_err();
            assert_eq!(err.kind(), careerkit_core::ErrorKind::InvalidInput, "{err}");
        }
    }
}
