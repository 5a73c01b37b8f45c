//! A local chat model: a quantized llama-family GGUF file run on candle, behind the same
//! [`LlmProvider`] trait as hosted models, so careerkit works offline.
//!
//! The tokenizer is rebuilt from the GGUF metadata and the prompt follows the file's (ChatML)
//! chat template. Text streams as it is generated; JSON Schema output and tool calls are
//! produced under constrained decoding ([`JsonGrammar`]), so even a 135M model returns JSON that
//! parses and matches the schema. Generation runs on a blocking thread and stops as soon as the
//! caller drops the stream.
//!
//! ```no_run
//! use careerkit_llm::local::{LocalModel, LocalOptions};
//! use careerkit_llm::llm::{ChatMessage, ChatRequest, LlmProvider};
//!
//! # async fn run() -> careerkit_core::Result<()> {
//! let model = LocalModel::load(&LocalModel::default_path(), LocalOptions::default())?;
//! let request = ChatRequest::new(vec![ChatMessage::user("Name one Rust web framework.")]);
//! let answer = model.chat(request.with_max_tokens(32)).await?;
//! println!("{}", answer.content);
//! # Ok(())
//! # }
//! ```

mod chat_template;
mod generate;
mod gguf_tokenizer;
mod json_grammar;
mod sampling;
mod text_stream;
mod tool_format;

use std::fs::File;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use candle_core::quantized::gguf_file::{self, Content};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::Device;
use candle_transformers::models::quantized_llama::ModelWeights;
use careerkit_core::llm::{ChatRequest, ChatStream, LlmProvider, ResponseFormat};
use careerkit_core::{Error, Result};

pub use json_grammar::{GrammarState, JsonGrammar};
pub use sampling::SamplingOptions;

use chat_template::ChatTemplate;
use generate::{Constraint, Job};
use gguf_tokenizer::{metadata_error, GgufTokenizer};

/// File name of the default local model inside `$CAREERKIT_MODELS_DIR`.
pub const DEFAULT_MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";

/// Positions candle's quantized llama precomputes rotary embeddings for.
const MAX_POSITIONS: usize = 4096;

/// How to load and run a local model.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalOptions {
    /// Convert Q4_1 weights to Q8_0 once at load time. candle has no SIMD kernel for Q4_1,
    /// and Q8_0 generates about 2-3x faster on x86-64 (see BENCHMARKS.md, "Local model") for
    /// ~50% more weight memory; the conversion is lossless enough that outputs barely change.
    /// On by default.
    pub requantize_q4_1_to_q8_0: bool,
    /// Default sampling (a request's `temperature` overrides the temperature).
    pub sampling: SamplingOptions,
}

impl Default for LocalOptions {
    fn default() -> Self {
        Self {
            requantize_q4_1_to_q8_0: true,
            sampling: SamplingOptions::default(),
        }
    }
}

/// A loaded GGUF chat model; cheap to clone (weights are shared), safe to call concurrently.
#[derive(Clone)]
pub struct LocalModel {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    id: String,
    weights: ModelWeights,
    tokenizer: GgufTokenizer,
    template: ChatTemplate,
    context_length: usize,
    end_tokens: Vec<u32>,
    options: LocalOptions,
}

fn load_error(path: &Path, e: impl std::fmt::Display) -> Error {
    metadata_error(format!("{}: {e}", path.display()))
}

impl LocalModel {
    /// `$CAREERKIT_MODELS_DIR/SmolLM2-135M-Instruct.Q4_1.gguf` (the directory defaults to
    /// `~/.cache/careerkit/models`, where `scripts/fetch-models` puts it).
    pub fn default_path() -> PathBuf {
        let dir = std::env::var_os("CAREERKIT_MODELS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let home = std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .unwrap_or_default();
                home.join(".cache/careerkit/models")
            });
        dir.join(DEFAULT_MODEL_FILE)
    }

    /// Loads a llama-family GGUF file with a byte-level BPE tokenizer and a ChatML template.
    pub fn load(path: &Path, options: LocalOptions) -> Result<Self> {
        let mut file = File::open(path).map_err(|e| {
            Error::invalid(format!(
                "cannot open the local model {} ({e}); run scripts/fetch-models or set CAREERKIT_MODELS_DIR",
                path.display()
            ))
        })?;
        let content = Content::read(&mut file).map_err(|e| load_error(path, e))?;
        let tokenizer = GgufTokenizer::from_gguf(&content)?;
        let template = ChatTemplate::from_jinja(
            content
                .metadata
                .get("tokenizer.chat_template")
                .and_then(|v| v.to_string().ok())
                .map(String::as_str),
        )?;
        let context_length = content
            .metadata
            .get("llama.context_length")
            .and_then(|v| v.to_u32().ok())
            .map_or(MAX_POSITIONS, |n| (n as usize).min(MAX_POSITIONS));
        let mut end_tokens: Vec<u32> = ["<|im_end|>", "<|endoftext|>", "<|im_start|>"]
            .iter()
            .filter_map(|t| tokenizer.id(t))
            .collect();
        if let Some(eos) = content
            .metadata
            .get("tokenizer.ggml.eos_token_id")
            .and_then(|v| v.to_u32().ok())
        {
            end_tokens.push(eos);
        }
        let needs_requant = options.requantize_q4_1_to_q8_0
            && content
                .tensor_infos
                .values()
                .any(|t| t.ggml_dtype == GgmlDType::Q4_1);
        let device = Device::Cpu;
        let weights = if needs_requant {
            let (content, mut reader) = requantized(content, &mut file, path)?;
            ModelWeights::from_gguf(content, &mut reader, &device)
        } else {
            ModelWeights::from_gguf(content, &mut file, &device)
        }
        .map_err(|e| load_error(path, e))?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            inner: Arc::new(Inner {
                id: format!("local:{stem}"),
                weights,
                tokenizer,
                template,
                context_length,
                end_tokens,
                options,
            }),
        })
    }

    /// Loads [`LocalModel::default_path`].
    pub fn load_default(options: LocalOptions) -> Result<Self> {
        Self::load(&Self::default_path(), options)
    }

    /// The number of positions (prompt plus answer) the model can attend to.
    pub fn context_length(&self) -> usize {
        self.inner.context_length
    }

    /// Token ids of `text` (special-token strings such as `<|im_end|>` become their ids).
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        self.inner.tokenizer.encode(text)
    }

    /// The text of `tokens` (byte-exact; invalid UTF-8 is replaced).
    pub fn decode(&self, tokens: &[u32]) -> String {
        let bytes: Vec<u8> = tokens
            .iter()
            .flat_map(|t| self.inner.tokenizer.bytes(*t).iter().copied())
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The exact prompt text the model sees for `request` (chat template, tool instructions).
    pub fn prompt(&self, request: &ChatRequest) -> String {
        generate::prompt_text(&self.inner, request)
    }
}

/// Converts every Q4_1 tensor to Q8_0 and re-serialises the file in memory.
fn requantized(
    content: Content,
    file: &mut File,
    path: &Path,
) -> Result<(Content, Cursor<Vec<u8>>)> {
    let device = Device::Cpu;
    let mut tensors = Vec::with_capacity(content.tensor_infos.len());
    for name in content.tensor_infos.keys() {
        let tensor = content
            .tensor(file, name, &device)
            .map_err(|e| load_error(path, e))?;
        let tensor = if tensor.dtype() == GgmlDType::Q4_1 {
            let dense = tensor
                .dequantize(&device)
                .map_err(|e| load_error(path, e))?;
            QTensor::quantize(&dense, GgmlDType::Q8_0).map_err(|e| load_error(path, e))?
        } else {
            tensor
        };
        tensors.push((name.clone(), tensor));
    }
    let metadata: Vec<(&str, &gguf_file::Value)> = content
        .metadata
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let tensor_refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let mut buffer = Cursor::new(Vec::new());
    gguf_file::write(&mut buffer, &metadata, &tensor_refs).map_err(|e| load_error(path, e))?;
    buffer.set_position(0);
    let content = Content::read(&mut buffer).map_err(|e| load_error(path, e))?;
    Ok((content, buffer))
}

#[async_trait::async_trait]
impl LlmProvider for LocalModel {
    fn id(&self) -> String {
        self.inner.id.clone()
    }

    async fn chat_stream(&self, request: ChatRequest) -> Result<ChatStream> {
        let constraint = match (&request.response_format, request.tools.is_empty()) {
            (_, false)
                if !tool_format::offered(&request.tools, &request.tool_choice).is_empty() =>
            {
                let offered = tool_format::offered(&request.tools, &request.tool_choice);
                Constraint::Tools(JsonGrammar::new(&tool_format::reply_schema(
                    &offered,
                    &request.tool_choice,
                )))
            }
            (ResponseFormat::JsonSchema { schema, .. }, _) => {
                Constraint::Json(JsonGrammar::new(schema))
            }
            _ => Constraint::None,
        };
        let job = Job::new(Arc::clone(&self.inner), &request, constraint)?;
        Ok(job.spawn())
    }
}
