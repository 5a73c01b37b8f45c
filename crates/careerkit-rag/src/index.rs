//! The persistent index: tantivy for BM25 and stored fields, a [`DenseIndex`] beside it, both
//! in one directory that reopens without embedding anything again.
//!
//! Layout: `<dir>/text/` is the tantivy index; `<dir>/vectors-<generation>.bin` holds the
//! vectors. The manifest (model, dimensions, the vector file's name) is the payload of tantivy's
//! commit, written last and atomically with the text index: a commit first writes the new
//! vector file (temporary name, fsync, rename), then commits tantivy with a manifest naming it,
//! and only then removes the old file. A process killed at any point leaves either the old or
//! the new state, whole. On open, files no manifest names are removed, and a document whose
//! chunks lack a vector (which a consistent index never has) is dropped so a re-seed restores it.
//!
//! Upserts are keyed by content hash: a document whose text, source and tags are unchanged is
//! skipped, and a changed document's chunks reuse the vectors of chunks that did not change.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use careerkit_core::rag::{CharSpan, Citation, Embedder, Passage, RetrievalFilter};
use careerkit_core::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::chunk::{self, Chunker};
use crate::vectors::{ChunkHash, DenseIndex, DenseOptions};

const FORMAT: u32 = 1;
/// Documents indexed between two commits while seeding.
const COMMIT_EVERY: usize = 16;
/// Chunks embedded per call to the embedder.
const EMBED_BATCH: usize = 64;

/// A document to index. As JSON, `source` defaults to `"local"` and `tags` to none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDocument {
    /// Unique id (for files, the path relative to the seeded directory).
    pub id: String,
    /// The collection it belongs to (filters select by it).
    #[serde(default = "local_source")]
    pub source: String,
    /// Tags (filters select by them).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Markdown (or plain) text.
    pub text: String,
}

fn local_source() -> String {
    crate::kb::LOCAL_SOURCE.to_string()
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UpsertReport {
    /// Documents added or changed.
    pub documents_indexed: usize,
    /// Documents left as they were (same content hash).
    pub documents_unchanged: usize,
    /// Chunks written for the indexed documents.
    pub chunks: usize,
    /// Chunks whose vectors had to be computed (the rest were reused by content hash).
    pub chunks_embedded: usize,
}

/// The manifest carried in tantivy's commit payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    model: String,
    dims: usize,
    generation: u64,
    vectors: String,
    count: usize,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    chunk: Field,
    document: Field,
    doc_hash: Field,
    title: Field,
    headings: Field,
    start: Field,
    end: Field,
    text: Field,
    body: Field,
    source: Field,
    tags: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let body_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        chunk: b.add_text_field("chunk", STRING | STORED),
        document: b.add_text_field("document", STRING | STORED),
        doc_hash: b.add_text_field("doc_hash", STORED),
        title: b.add_text_field("title", STORED),
        headings: b.add_text_field("headings", STORED),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        text: b.add_text_field("text", STORED),
        body: b.add_text_field("body", body_options),
        source: b.add_text_field("source", STRING | STORED),
        tags: b.add_text_field("tags", STRING | STORED),
    };
    (b.build(), fields)
}

fn index_err(err: impl std::fmt::Display) -> Error {
    Error::engine("search index", err)
}

fn hex(hash: &ChunkHash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<ChunkHash> {
    let mut out = [0u8; 32];
    if s.len() != 64 {
        return None;
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// What the index remembers of an indexed document.
#[derive(Debug, Clone)]
struct DocEntry {
    hash: String,
    chunks: Vec<ChunkHash>,
}

/// A scored chunk in one searcher's snapshot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The chunk's address in the snapshot.
    pub address: DocAddress,
    /// BM25 score or dot product.
    pub score: f32,
}

/// Text and vectors of every indexed chunk, persisted together.
pub struct Index {
    dir: PathBuf,
    text: tantivy::Index,
    reader: IndexReader,
    fields: Fields,
    dense: DenseIndex,
    documents: HashMap<String, DocEntry>,
    model: String,
    generation: u64,
    recovered: usize,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("dir", &self.dir)
            .field("documents", &self.documents.len())
            .field("vectors", &self.dense.len())
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl Index {
    /// Opens the index in `dir`, creating it if absent, for vectors of `model` with `dims`
    /// dimensions.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the index was built with another model (reset it);
    /// [`Error::Corrupt`] for a damaged vector file; I/O and index errors.
    pub fn open(dir: &Path, model: &str, dims: usize, options: DenseOptions) -> Result<Self> {
        let text_dir = dir.join("text");
        std::fs::create_dir_all(&text_dir)?;
        let (schema, fields) = schema();
        let text = if text_dir.join("meta.json").exists() {
            tantivy::Index::open_in_dir(&text_dir).map_err(index_err)?
        } else {
            tantivy::Index::create_in_dir(&text_dir, schema).map_err(index_err)?
        };
        let payload = text.load_metas().map_err(index_err)?.payload;
        let manifest: Option<Manifest> =
            payload.as_deref().map(serde_json::from_str).transpose()?;
        let (dense, generation) = match &manifest {
            Some(m) if m.model != model || m.dims != dims => {
                return Err(Error::invalid(format!(
                    "the index in {} was built with {} ({} dimensions), not {model} ({dims}); \
                     reset it and seed again",
                    dir.display(),
                    m.model,
                    m.dims
                )))
            }
            Some(m) if m.format != FORMAT => {
                return Err(Error::invalid(format!(
                    "the index in {} has format {}, this careerkit reads {FORMAT}; reset it",
                    dir.display(),
                    m.format
                )))
            }
            Some(m) => (
                DenseIndex::load(&dir.join(&m.vectors), options)?,
                m.generation,
            ),
            None => (DenseIndex::new(dims, options), 0),
        };
        let reader = text
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_err)?;
        let mut index = Index {
            dir: dir.to_path_buf(),
            text,
            reader,
            fields,
            dense,
            documents: HashMap::new(),
            model: model.to_string(),
            generation,
            recovered: 0,
        };
        index.remove_stray_files(manifest.as_ref().map(|m| m.vectors.as_str()))?;
        index.load_documents()?;
        index.drop_documents_without_vectors()?;
        index.dense.rebuild_ann();
        Ok(index)
    }

    /// Vector files and temporaries that no manifest names (left by a killed process).
    fn remove_stray_files(&self, keep: Option<&str>) -> Result<()> {
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("vectors-") && Some(name.as_ref()) != keep {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }

    fn load_documents(&mut self) -> Result<()> {
        let searcher = self.reader.searcher();
        let all = searcher
            .search(&AllQuery, &DocSetCollector)
            .map_err(index_err)?;
        self.documents.clear();
        for address in all {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_err)?;
            let get = |f: Field| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or("");
            let entry = self
                .documents
                .entry(get(self.fields.document).to_string())
                .or_insert_with(|| DocEntry {
                    hash: get(self.fields.doc_hash).to_string(),
                    chunks: Vec::new(),
                });
            if let Some(h) = unhex(get(self.fields.chunk)) {
                entry.chunks.push(h);
            }
        }
        Ok(())
    }

    fn drop_documents_without_vectors(&mut self) -> Result<()> {
        let broken: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.chunks.iter().any(|h| !self.dense.contains(h)))
            .map(|(id, _)| id.clone())
            .collect();
        if broken.is_empty() {
            return Ok(());
        }
        let mut writer = self.writer()?;
        for id in &broken {
            writer.delete_term(Term::from_field_text(self.fields.document, id));
            self.documents.remove(id);
        }
        self.recovered = broken.len();
        self.commit(&mut writer)
    }

    /// Documents dropped on open because the index was inconsistent (0 for a healthy index).
    pub fn recovered_documents(&self) -> usize {
        self.recovered
    }

    fn writer(&self) -> Result<tantivy::IndexWriter<TantivyDocument>> {
        self.text
            .writer_with_num_threads(1, 20_000_000)
            .map_err(index_err)
    }

    /// Writes the vectors of live chunks, then commits tantivy with the manifest naming them.
    fn commit(&mut self, writer: &mut tantivy::IndexWriter<TantivyDocument>) -> Result<()> {
        let live: HashSet<ChunkHash> = self
            .documents
            .values()
            .flat_map(|d| d.chunks.iter().copied())
            .collect();
        self.dense.retain(|h| live.contains(h));
        let generation = self.generation + 1;
        let name = format!("vectors-{generation}.bin");
        self.dense.save(&self.dir.join(&name))?;
        let manifest = Manifest {
            format: FORMAT,
            model: self.model.clone(),
            dims: self.dense.dims(),
            generation,
            vectors: name.clone(),
            count: self.dense.len(),
        };
        let mut prepared = writer.prepare_commit().map_err(index_err)?;
        prepared.set_payload(&serde_json::to_string(&manifest)?);
        prepared.commit().map_err(index_err)?;
        self.generation = generation;
        self.remove_stray_files(Some(&name))?;
        self.reader.reload().map_err(index_err)?;
        self.dense.rebuild_ann();
        Ok(())
    }

    /// Adds or replaces `documents` (by id), embedding only chunks whose content hash has no
    /// vector yet. `progress` is called after each document with the number done so far.
    /// Commits every few documents and at the end.
    ///
    /// # Errors
    /// Embedder, I/O and index errors; what was committed before the error stays.
    pub fn upsert(
        &mut self,
        documents: &[SourceDocument],
        embedder: &dyn Embedder,
        chunker: &Chunker,
        progress: &mut dyn FnMut(usize),
    ) -> Result<UpsertReport> {
        let mut report = UpsertReport::default();
        let mut writer = self.writer()?;
        let mut pending = 0;
        for (done, doc) in documents.iter().enumerate() {
            let doc_hash = document_hash(doc, chunker);
            if self
                .documents
                .get(&doc.id)
                .is_some_and(|d| d.hash == doc_hash)
            {
                report.documents_unchanged += 1;
                progress(done + 1);
                continue;
            }
            let chunks = chunker.chunk(&doc.text, embedder)?;
            let indexed: Vec<String> = chunks.iter().map(chunk::Chunk::indexed_text).collect();
            let hashes: Vec<ChunkHash> =
                indexed.iter().map(|t| chunk_hash(&self.model, t)).collect();
            let missing: Vec<usize> = (0..chunks.len())
                .filter(|&i| !self.dense.contains(&hashes[i]))
                .collect();
            for batch in missing.chunks(EMBED_BATCH) {
                let texts: Vec<&str> = batch.iter().map(|&i| indexed[i].as_str()).collect();
                let vectors = embedder.embed(&texts)?;
                for (&i, v) in batch.iter().zip(&vectors) {
                    self.dense.insert(hashes[i], v)?;
                }
            }
            report.chunks_embedded += missing.len();
            report.chunks += chunks.len();
            report.documents_indexed += 1;

            let title = chunk::title(&doc.text).unwrap_or_else(|| doc.id.clone());
            writer.delete_term(Term::from_field_text(self.fields.document, &doc.id));
            for ((c, body), hash) in chunks.iter().zip(&indexed).zip(&hashes) {
                let f = self.fields;
                let mut d = TantivyDocument::default();
                d.add_text(f.chunk, hex(hash));
                d.add_text(f.document, &doc.id);
                d.add_text(f.doc_hash, &doc_hash);
                d.add_text(f.title, &title);
                d.add_text(f.headings, serde_json::to_string(&c.heading_path)?);
                d.add_u64(f.start, c.span.start as u64);
                d.add_u64(f.end, c.span.end as u64);
                d.add_text(f.text, &c.text);
                d.add_text(f.body, body);
                d.add_text(f.source, &doc.source);
                for t in &doc.tags {
                    d.add_text(f.tags, t);
                }
                writer.add_document(d).map_err(index_err)?;
            }
            self.documents.insert(
                doc.id.clone(),
                DocEntry {
                    hash: doc_hash,
                    chunks: hashes,
                },
            );
            pending += 1;
            if pending == COMMIT_EVERY {
                self.commit(&mut writer)?;
                pending = 0;
            }
            progress(done + 1);
        }
        if pending > 0 {
            self.commit(&mut writer)?;
        }
        Ok(report)
    }

    /// Removes documents; returns how many existed.
    ///
    /// # Errors
    /// I/O and index errors.
    pub fn delete_documents(&mut self, ids: &[&str]) -> Result<usize> {
        let existing: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|id| self.documents.contains_key(*id))
            .collect();
        if existing.is_empty() {
            return Ok(0);
        }
        let mut writer = self.writer()?;
        for id in &existing {
            writer.delete_term(Term::from_field_text(self.fields.document, id));
            self.documents.remove(*id);
        }
        self.commit(&mut writer)?;
        Ok(existing.len())
    }

    /// Empties the index (text and vectors).
    ///
    /// # Errors
    /// I/O and index errors.
    pub fn reset(&mut self) -> Result<()> {
        let mut writer = self.writer()?;
        writer.delete_all_documents().map_err(index_err)?;
        self.documents.clear();
        self.commit(&mut writer)
    }

    /// Ids of the indexed documents, sorted.
    pub fn document_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.documents.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Number of indexed chunks.
    pub fn chunk_count(&self) -> usize {
        self.documents.values().map(|d| d.chunks.len()).sum()
    }

    /// The dense vectors.
    pub fn dense(&self) -> &DenseIndex {
        &self.dense
    }

    /// A consistent snapshot to run one query's searches on.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Filter clauses: one of the sources, every tag.
    fn filter_clauses(&self, filter: &RetrievalFilter) -> Vec<(Occur, Box<dyn Query>)> {
        let term = |f: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f, v),
                IndexRecordOption::Basic,
            ))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !filter.sources.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = filter
                .sources
                .iter()
                .map(|s| (Occur::Should, term(self.fields.source, s)))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for t in &filter.tags {
            clauses.push((Occur::Must, term(self.fields.tags, t)));
        }
        clauses
    }

    /// BM25 top `n`. The query is cut into terms by the index's own analyser (the same one the
    /// text went through) and OR-ed; tantivy's query parser never sees user text.
    ///
    /// # Errors
    /// Index errors.
    pub fn search_lexical(
        &self,
        searcher: &Searcher,
        query: &str,
        n: usize,
        filter: &RetrievalFilter,
    ) -> Result<Vec<Hit>> {
        let mut analyzer = self
            .text
            .tokenizer_for_field(self.fields.body)
            .map_err(index_err)?;
        let mut terms = Vec::new();
        let mut stream = analyzer.token_stream(query);
        while let Some(token) = stream.next() {
            let term = Term::from_field_text(self.fields.body, &token.text);
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        if terms.is_empty() || n == 0 {
            return Ok(Vec::new());
        }
        let should: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs));
                (Occur::Should, q)
            })
            .collect();
        let mut clauses = self.filter_clauses(filter);
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(n))
            .map_err(index_err)?;
        Ok(top
            .into_iter()
            .map(|(score, address)| Hit { address, score })
            .collect())
    }

    /// Dense top `n` by dot product with `vector`, filtered.
    ///
    /// # Errors
    /// Index errors.
    pub fn search_dense(
        &self,
        searcher: &Searcher,
        vector: &[f32],
        n: usize,
        filter: &RetrievalFilter,
    ) -> Result<Vec<Hit>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let filtered = !filter.sources.is_empty() || !filter.tags.is_empty();
        // With a filter, look deeper so enough candidates survive it.
        let depth = if filtered { n * 8 } else { n };
        let nearest = self.dense.search(vector, depth);
        let score_of: HashMap<ChunkHash, (usize, f32)> = nearest
            .iter()
            .enumerate()
            .map(|(rank, (s, h))| (*h, (rank, *s)))
            .collect();
        let chunk_terms: Vec<(Occur, Box<dyn Query>)> = nearest
            .iter()
            .map(|(_, h)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.chunk, &hex(h)),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        if chunk_terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses = self.filter_clauses(filter);
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(chunk_terms))));
        let found = searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)
            .map_err(index_err)?;
        let mut hits: Vec<(usize, Hit)> = Vec::with_capacity(found.len());
        for address in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_err)?;
            let hash = doc
                .get_first(self.fields.chunk)
                .and_then(|v| v.as_str())
                .and_then(unhex);
            if let Some((rank, score)) = hash.and_then(|h| score_of.get(&h)) {
                hits.push((
                    *rank,
                    Hit {
                        address,
                        score: *score,
                    },
                ));
            }
        }
        hits.sort_by_key(|(rank, h)| (*rank, h.address));
        Ok(hits.into_iter().take(n).map(|(_, h)| h).collect())
    }

    /// The passage stored at `hit`, with its citation.
    ///
    /// # Errors
    /// Index errors.
    pub fn passage(&self, searcher: &Searcher, hit: &Hit) -> Result<Passage> {
        let doc: TantivyDocument = searcher.doc(hit.address).map_err(index_err)?;
        let f = self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let number = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_u64())
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0)
        };
        Ok(Passage {
            text: text(f.text),
            score: hit.score,
            citation: Citation {
                document: text(f.document),
                title: text(f.title),
                heading_path: serde_json::from_str(&text(f.headings)).unwrap_or_default(),
                span: CharSpan {
                    start: number(f.start),
                    end: number(f.end),
                },
            },
            source: text(f.source),
            tags: doc
                .get_all(f.tags)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        })
    }
}

/// Hash of everything that decides a document's chunks and stored fields.
fn document_hash(doc: &SourceDocument, chunker: &Chunker) -> String {
    let mut h = Sha256::new();
    let options = chunker.options();
    h.update((options.max_tokens as u64).to_le_bytes());
    h.update((options.overlap as u64).to_le_bytes());
    for part in [doc.source.as_str(), &doc.tags.join("\u{1f}"), &doc.text] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(FORMAT.to_le_bytes());
    hex(&h.finalize().into())
}

/// A chunk's key: the model and the exact text it embeds.
fn chunk_hash(model: &str, indexed_text: &str) -> ChunkHash {
    let mut h = Sha256::new();
    h.update(model.as_bytes());
    h.update([0]);
    h.update(indexed_text.as_bytes());
    h.finalize().into()
}
