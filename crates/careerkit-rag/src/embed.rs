//! The default [`Embedder`]: a sentence-transformers BERT model run on the CPU by careerkit's own
//! encoder (the private `bert` module: fused kernels on plain `f32` buffers).
//!
//! It loads any BERT-architecture sentence-transformers directory (all-MiniLM-L6-v2, bge-small,
//! bge-base, ...) and reproduces sentence-transformers' numbers: the pooling its
//! `1_Pooling/config.json` asks for (mean or CLS), L2 normalisation, truncation at
//! `max_seq_length` from `sentence_bert_config.json`. Two things differ from a naive port, both
//! for speed without changing a number: texts are never padded (the fixed padding some
//! `tokenizer.json` files carry is turned off, and the encoder packs a batch without padding),
//! and a call's texts are sorted by length and batched, so each batch's attention work is even.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, TryLockError};

use careerkit_core::rag::{CharSpan, Embedder};
use careerkit_core::{Error, Result};
use rayon::prelude::*;
use serde::Deserialize;
use tokenizers::{Tokenizer, TruncationParams};

use crate::bert::{BertConfig, BertEncoder, BertWeights, Scratch, Sequence};

/// The environment variable naming the directory that holds careerkit's local models.
pub const MODELS_DIR_ENV: &str = "CAREERKIT_MODELS_DIR";

/// The default sentence model, a directory under [`MODELS_DIR_ENV`].
pub const DEFAULT_MODEL: &str = "all-MiniLM-L6-v2";

/// How token vectors become one sentence vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// The average of the token vectors (padding left out).
    Mean,
    /// The vector of the first (`[CLS]`) token.
    Cls,
}

/// Settings of a [`BertEmbedder`] beyond what the model directory says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BertOptions {
    /// Texts per forward pass. Larger batches use more memory for little gain on a CPU.
    pub batch_size: usize,
    /// Overrides the model's `max_seq_length` (tokens, special tokens included).
    pub max_seq_length: Option<usize>,
}

impl Default for BertOptions {
    fn default() -> Self {
        BertOptions {
            batch_size: 16,
            max_seq_length: None,
        }
    }
}

/// A sentence-transformers BERT model on the CPU. Cheap to share behind an `Arc`; concurrent
/// calls each use their own working buffers.
pub struct BertEmbedder {
    encoder: BertEncoder,
    /// Truncates at `max_seq_length`, adds special tokens, never pads.
    tokenizer: Tokenizer,
    /// The same vocabulary with truncation off, for [`Embedder::tokenize`].
    splitter: Tokenizer,
    pooling: Pooling,
    dimensions: usize,
    max_seq_length: usize,
    batch_size: usize,
    model_id: String,
}

impl std::fmt::Debug for BertEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BertEmbedder")
            .field("model_id", &self.model_id)
            .field("dimensions", &self.dimensions)
            .field("max_seq_length", &self.max_seq_length)
            .field("pooling", &self.pooling)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

#[derive(Deserialize)]
struct SentenceBertConfig {
    max_seq_length: Option<usize>,
}

/// The default model directory: `$CAREERKIT_MODELS_DIR/all-MiniLM-L6-v2`, else
/// `~/.cache/careerkit/models/all-MiniLM-L6-v2`.
pub fn default_model_dir() -> PathBuf {
    let base = std::env::var_os(MODELS_DIR_ENV)
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/careerkit/models"))
        })
        .unwrap_or_else(|| PathBuf::from("models"));
    base.join(DEFAULT_MODEL)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::invalid(format!(
            "cannot read {} ({e}); is the model directory complete? \
             scripts/fetch-models unpacks the default model",
            path.display()
        ))
    })?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn tokenizer_err(err: impl std::fmt::Display) -> Error {
    Error::engine("tokenizer", err)
}

impl BertEmbedder {
    /// Loads the default model ([`default_model_dir`]).
    ///
    /// # Errors
    /// As [`BertEmbedder::load`].
    pub fn load_default() -> Result<Self> {
        Self::load_default_with(BertOptions::default())
    }

    /// Loads the default model with `options`.
    ///
    /// # Errors
    /// As [`BertEmbedder::load`].
    pub fn load_default_with(options: BertOptions) -> Result<Self> {
        Self::load(default_model_dir(), options)
    }

    /// Loads a sentence-transformers BERT model directory: `config.json`, `tokenizer.json`,
    /// `model.safetensors`, and when present `1_Pooling/config.json` (mean pooling otherwise)
    /// and `sentence_bert_config.json` (else the model's maximum positions).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a file is missing, or the pooling (max, mean-sqrt-len) or
    /// the architecture (an activation other than `gelu`, non-absolute positions) is one
    /// careerkit does not implement; [`Error::Engine`] when the weights or tokenizer do not load
    /// (a tensor missing or of another shape than `config.json` implies).
    pub fn load(dir: impl AsRef<Path>, options: BertOptions) -> Result<Self> {
        let dir = dir.as_ref();
        let config: BertConfig = read_json(&dir.join("config.json"))?;
        config.validate()?;
        let pooling = match dir.join("1_Pooling/config.json") {
            p if p.exists() => {
                let c: PoolingConfig = read_json(&p)?;
                match (
                    c.pooling_mode_cls_token,
                    c.pooling_mode_mean_tokens,
                    c.pooling_mode_max_tokens || c.pooling_mode_mean_sqrt_len_tokens,
                ) {
                    (true, false, false) => Pooling::Cls,
                    (false, true, false) => Pooling::Mean,
                    _ => {
                        return Err(Error::invalid(format!(
                            "{}: only mean or CLS pooling (one of them) is supported",
                            p.display()
                        )))
                    }
                }
            }
            _ => Pooling::Mean,
        };
        let st_max = match dir.join("sentence_bert_config.json") {
            p if p.exists() => read_json::<SentenceBertConfig>(&p)?.max_seq_length,
            _ => None,
        };
        let max_seq_length = options
            .max_seq_length
            .or(st_max)
            .unwrap_or(config.max_position_embeddings)
            .min(config.max_position_embeddings);
        if max_seq_length < 3 {
            return Err(Error::invalid("max_seq_length must leave room for text"));
        }

        let tokenizer_path = dir.join("tokenizer.json");
        if !tokenizer_path.exists() {
            return Err(Error::invalid(format!(
                "missing {}; scripts/fetch-models unpacks the default model",
                tokenizer_path.display()
            )));
        }
        let mut splitter = Tokenizer::from_file(&tokenizer_path).map_err(tokenizer_err)?;
        // tokenizer.json may pin padding to a fixed length (all-MiniLM-L6-v2 pads to 128):
        // padding is done per batch here, to the batch's longest text.
        splitter.with_padding(None);
        splitter.with_truncation(None).map_err(tokenizer_err)?;
        let mut tokenizer = splitter.clone();
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_seq_length,
                ..TruncationParams::default()
            }))
            .map_err(tokenizer_err)?;

        let weights = dir.join("model.safetensors");
        if !weights.exists() {
            return Err(Error::invalid(format!(
                "missing {}; scripts/fetch-models unpacks the default model",
                weights.display()
            )));
        }
        // Read, not memory-mapped: mapping is `unsafe` (the file could change underneath).
        let bytes = std::fs::read(&weights)?;
        let weights = BertWeights::from_safetensors(&bytes, &config)?;
        drop(bytes);
        let dimensions = config.hidden_size;
        let model_id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("bert")
            .to_string();
        Ok(BertEmbedder {
            encoder: BertEncoder::new(config, weights),
            tokenizer,
            splitter,
            pooling,
            dimensions,
            max_seq_length,
            batch_size: options.batch_size.max(1),
            model_id,
        })
    }

    /// The pooling in force.
    pub fn pooling(&self) -> Pooling {
        self.pooling
    }

    /// One forward pass over the texts `group` picks from `encodings`, its work cut into
    /// `threads` parts: pooled, L2-normalised vectors in `group`'s order.
    fn embed_batch(
        &self,
        encodings: &[tokenizers::Encoding],
        group: &[usize],
        scratch: &mut Scratch,
        threads: usize,
    ) -> Result<Vec<Vec<f32>>> {
        let batch: Vec<Sequence<'_>> = group
            .iter()
            .map(|&i| Sequence {
                ids: encodings[i].get_ids(),
                type_ids: encodings[i].get_type_ids(),
            })
            .collect();
        let hidden = self.encoder.forward(&batch, scratch, threads)?;
        let h = self.dimensions;
        let mut row = 0;
        let mut out = Vec::with_capacity(batch.len());
        for s in &batch {
            let tokens = &hidden[row * h..][..s.ids.len() * h];
            row += s.ids.len();
            out.push(normalised(pool(self.pooling, tokens, h)));
        }
        Ok(out)
    }
}

/// One sentence vector from a text's token vectors (`tokens`, `h` values per token).
fn pool(pooling: Pooling, tokens: &[f32], h: usize) -> Vec<f32> {
    let mut v = vec![0f32; h];
    match pooling {
        Pooling::Cls => {
            if let Some(first) = tokens.chunks_exact(h).next() {
                v.copy_from_slice(first);
            }
        }
        Pooling::Mean => {
            let n = tokens.len() / h;
            for t in tokens.chunks_exact(h) {
                for (a, x) in v.iter_mut().zip(t) {
                    *a += x;
                }
            }
            let inv = 1.0 / n.max(1) as f32;
            v.iter_mut().for_each(|a| *a *= inv);
        }
    }
    v
}

/// `v / max(|v|, 1e-12)`, as sentence-transformers' `normalize_embeddings`.
fn normalised(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt();
    let inv = (1.0 / norm.max(1e-12)) as f32;
    v.iter_mut().for_each(|x| *x *= inv);
    v
}

impl Embedder for BertEmbedder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn max_tokens(&self) -> usize {
        // [CLS] and [SEP] take two of the model's positions.
        self.max_seq_length - 2
    }

    fn tokenize(&self, text: &str) -> Result<Vec<CharSpan>> {
        let encoding = self
            .splitter
            .encode_char_offsets(text, false)
            .map_err(tokenizer_err)?;
        Ok(encoding
            .get_offsets()
            .iter()
            .map(|&(start, end)| CharSpan { start, end })
            .collect())
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let mut encodings = Vec::with_capacity(texts.len());
        for text in texts {
            encodings.push(self.tokenizer.encode(*text, true).map_err(tokenizer_err)?);
        }
        // Length-bucketed batches: neighbours in length order share a batch, so its
        // sequences' attention costs are alike; results go back to the caller's order. Longest
        // first: a thread's first batch sizes its working buffers, later ones reuse them.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(encodings[i].len()));
        let groups: Vec<&[usize]> = order.chunks(self.batch_size).collect();
        let threads = rayon::current_num_threads().max(1);
        let vectors: Vec<Vec<Vec<f32>>> = if groups.len() > 1 && threads > 1 {
            // Whole batches per thread, taken as threads free up: a forward pass then never
            // waits for another thread (intra-batch splitting syncs ~3 times per layer, and
            // scaled poorly on a busy 2-core machine). One set of buffers per pool thread.
            let scratches: Vec<Mutex<Scratch>> = (0..threads).map(|_| Mutex::default()).collect();
            groups
                .par_iter()
                .with_max_len(1)
                .map(|group| {
                    let slot = rayon::current_thread_index().unwrap_or(0) % threads;
                    // `try_lock`, never `lock`: should rayon ever run a second batch on this
                    // thread while the first holds the slot, that batch gets its own buffers
                    // instead of deadlocking. A poisoned slot is only stale buffers: reused.
                    match scratches[slot].try_lock() {
                        Ok(mut scratch) => self.embed_batch(&encodings, group, &mut scratch, 1),
                        Err(TryLockError::Poisoned(p)) => {
                            self.embed_batch(&encodings, group, &mut p.into_inner(), 1)
                        }
                        Err(TryLockError::WouldBlock) => {
                            self.embed_batch(&encodings, group, &mut Scratch::default(), 1)
                        }
                    }
                })
                .collect::<Result<_>>()?
        } else {
            // One batch (a query, a short document): split it across the threads.
            let mut scratch = Scratch::default();
            groups
                .iter()
                .map(|group| self.embed_batch(&encodings, group, &mut scratch, threads))
                .collect::<Result<_>>()?
        };
        let mut out = vec![Vec::new(); texts.len()];
        for (group, vs) in groups.iter().zip(vectors) {
            for (&i, v) in group.iter().zip(vs) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}
