//! The default [`Embedder`]: a sentence-transformers BERT model run on candle, on the CPU.
//!
//! It loads any BERT-architecture sentence-transformers directory (all-MiniLM-L6-v2, bge-small,
//! bge-base, ...) and reproduces sentence-transformers' numbers: the pooling its
//! `1_Pooling/config.json` asks for (mean or CLS), L2 normalisation, truncation at
//! `max_seq_length` from `sentence_bert_config.json`. Two things differ from a naive port, both
//! for speed without changing a number: the fixed padding some `tokenizer.json` files carry is
//! turned off, and a call's texts are sorted by length and batched, so each batch is padded only
//! to its own longest text.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use careerkit_core::rag::{CharSpan, Embedder};
use careerkit_core::{Error, Result};
use serde::Deserialize;
use tokenizers::{Tokenizer, TruncationParams};

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

/// A sentence-transformers BERT model on candle (CPU). Cheap to share behind an `Arc`.
pub struct BertEmbedder {
    model: BertModel,
    /// Truncates at `max_seq_length`, adds special tokens, never pads.
    tokenizer: Tokenizer,
    /// The same vocabulary with truncation off, for [`Embedder::tokenize`].
    splitter: Tokenizer,
    pooling: Pooling,
    dimensions: usize,
    max_seq_length: usize,
    pad_id: u32,
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

fn model_err(err: impl std::fmt::Display) -> Error {
    Error::engine("embedder", err)
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
    /// [`Error::InvalidInput`] when a file is missing or the pooling is one careerkit does not
    /// implement (max, mean-sqrt-len); [`Error::Engine`] when the weights or tokenizer do not
    /// load.
    pub fn load(dir: impl AsRef<Path>, options: BertOptions) -> Result<Self> {
        let dir = dir.as_ref();
        let config: Config = read_json(&dir.join("config.json"))?;
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
        let device = Device::Cpu;
        // Read, not memory-mapped: mapping is `unsafe` (the file could change underneath).
        let bytes = std::fs::read(&weights)?;
        let vb =
            VarBuilder::from_buffered_safetensors(bytes, DType::F32, &device).map_err(model_err)?;
        let model = BertModel::load(vb, &config).map_err(model_err)?;
        let model_id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("bert")
            .to_string();
        Ok(BertEmbedder {
            model,
            tokenizer,
            splitter,
            pooling,
            dimensions: config.hidden_size,
            max_seq_length,
            pad_id: u32::try_from(config.pad_token_id).unwrap_or(0),
            batch_size: options.batch_size.max(1),
            model_id,
        })
    }

    /// The pooling in force.
    pub fn pooling(&self) -> Pooling {
        self.pooling
    }

    /// One forward pass over texts already tokenized, padded to the longest.
    fn embed_batch(&self, encodings: &[&tokenizers::Encoding]) -> Result<Vec<Vec<f32>>> {
        let longest = encodings.iter().map(|e| e.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(encodings.len() * longest);
        let mut mask = Vec::with_capacity(encodings.len() * longest);
        for e in encodings {
            ids.extend_from_slice(e.get_ids());
            mask.extend(std::iter::repeat_n(1u32, e.len()));
            ids.extend(std::iter::repeat_n(self.pad_id, longest - e.len()));
            mask.extend(std::iter::repeat_n(0u32, longest - e.len()));
        }
        let shape = (encodings.len(), longest);
        let device = &self.model.device;
        let ids = Tensor::from_vec(ids, shape, device).map_err(model_err)?;
        let mask = Tensor::from_vec(mask, shape, device).map_err(model_err)?;
        let token_types = ids.zeros_like().map_err(model_err)?;
        let hidden = self
            .model
            .forward(&ids, &token_types, Some(&mask))
            .map_err(model_err)?;
        let pooled = match self.pooling {
            Pooling::Cls => hidden.narrow(1, 0, 1).and_then(|t| t.squeeze(1)),
            Pooling::Mean => mask.to_dtype(DType::F32).and_then(|m| {
                let m = m.unsqueeze(2)?;
                let summed = hidden.broadcast_mul(&m)?.sum(1)?;
                summed.broadcast_div(&m.sum(1)?)
            }),
        }
        .map_err(model_err)?;
        let normalised = pooled
            .sqr()
            .and_then(|s| s.sum_keepdim(1))
            .and_then(|s| s.sqrt())
            .and_then(|n| n.clamp(1e-12f32, f32::MAX))
            .and_then(|n| pooled.broadcast_div(&n))
            .map_err(model_err)?;
        normalised.to_vec2::<f32>().map_err(model_err)
    }
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
        // Length-bucketed batches: neighbours in length order share a batch, so little of
        // each batch is padding; results go back to the caller's order.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encodings[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for group in order.chunks(self.batch_size) {
            let batch: Vec<&tokenizers::Encoding> = group.iter().map(|&i| &encodings[i]).collect();
            for (&i, v) in group.iter().zip(self.embed_batch(&batch)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}
