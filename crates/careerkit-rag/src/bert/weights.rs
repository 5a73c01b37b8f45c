//! BERT's weights read from `model.safetensors` into plain `f32` buffers, laid out once for the
//! forward pass: every linear layer is stored transposed (`in x out`, row-major, so
//! `y = x W` is one row-major multiply) and each layer's query, key and value projections are
//! packed side by side into one `hidden x 3 hidden` matrix (one multiply instead of three).

use careerkit_core::{Error, Result};
use safetensors::{Dtype, SafeTensors};

use super::config::BertConfig;
use super::ops::{LayerNorm, MatRef};

/// A linear layer `y = x W + b`.
#[derive(Debug)]
pub(crate) struct Linear {
    /// `W`, `inputs x outputs`, row-major (PyTorch's `weight` transposed).
    pub weight: Vec<f32>,
    /// `b`, one per output.
    pub bias: Vec<f32>,
    /// Width of `x`.
    pub inputs: usize,
    /// Width of `y`.
    pub outputs: usize,
}

impl Linear {
    /// `W` as a matrix view.
    pub fn weight(&self) -> MatRef<'_> {
        MatRef::row_major(&self.weight, self.inputs, self.outputs)
    }
}

/// One encoder layer.
#[derive(Debug)]
pub(crate) struct Layer {
    /// Query, key and value projections: outputs `[q | k | v]`, heads contiguous in each.
    pub qkv: Linear,
    /// The attention output projection.
    pub attention_out: Linear,
    /// LayerNorm after attention + residual.
    pub attention_norm: LayerNorm,
    /// The feed-forward expansion (GELU follows).
    pub intermediate: Linear,
    /// The feed-forward contraction.
    pub output: Linear,
    /// LayerNorm after feed-forward + residual.
    pub output_norm: LayerNorm,
}

/// All weights of a BERT encoder (the pooler, unused by sentence-transformers, is not loaded).
#[derive(Debug)]
pub(crate) struct BertWeights {
    /// `vocab_size x hidden`.
    pub word_embeddings: Vec<f32>,
    /// `max_position_embeddings x hidden`.
    pub position_embeddings: Vec<f32>,
    /// `type_vocab_size x hidden`.
    pub token_type_embeddings: Vec<f32>,
    /// LayerNorm over the summed embeddings.
    pub embedding_norm: LayerNorm,
    /// The encoder layers, in order.
    pub layers: Vec<Layer>,
}

fn weights_err(message: String) -> Error {
    Error::engine("embedder", format!("model.safetensors: {message}"))
}

/// Tensors by name, with the `bert.` prefix some checkpoints carry resolved once.
struct Tensors<'a> {
    file: SafeTensors<'a>,
    prefix: &'static str,
}

impl Tensors<'_> {
    /// The tensor `name` as `f32`, checked to have `shape`.
    fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let full = format!("{}{name}", self.prefix);
        let view = self
            .file
            .tensor(&full)
            .map_err(|e| weights_err(format!("{full}: {e}")))?;
        if view.shape() != shape {
            return Err(weights_err(format!(
                "{full} has shape {:?}, config.json implies {shape:?}",
                view.shape()
            )));
        }
        let bytes = view.data();
        let values: Vec<f32> = match view.dtype() {
            Dtype::F32 => bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            Dtype::F16 => bytes
                .chunks_exact(2)
                .map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
            Dtype::BF16 => bytes
                .chunks_exact(2)
                .map(|b| half::bf16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
            other => {
                return Err(weights_err(format!(
                    "{full} is {other:?}; only F32, F16 and BF16 are supported"
                )))
            }
        };
        Ok(values)
    }

    /// A LayerNorm's `weight`/`bias` (or the `gamma`/`beta` of old checkpoints).
    fn layer_norm(&self, name: &str, width: usize, eps: f32) -> Result<LayerNorm> {
        let has = |suffix: &str| {
            self.file
                .tensor(&format!("{}{name}.{suffix}", self.prefix))
                .is_ok()
        };
        let (w, b) = if !has("weight") && has("gamma") {
            ("gamma", "beta")
        } else {
            ("weight", "bias")
        };
        Ok(LayerNorm {
            gamma: self.get(&format!("{name}.{w}"), &[width])?,
            beta: self.get(&format!("{name}.{b}"), &[width])?,
            eps,
        })
    }

    /// PyTorch linear layers `names` (each `weight` `out x in`, `bias` `out`), transposed and
    /// concatenated along the outputs.
    fn linear(&self, names: &[&str], inputs: usize, outputs: usize) -> Result<Linear> {
        let total = outputs * names.len();
        let mut weight = vec![0f32; inputs * total];
        let mut bias = Vec::with_capacity(total);
        for (part, name) in names.iter().enumerate() {
            let w = self.get(&format!("{name}.weight"), &[outputs, inputs])?;
            for (o, row) in w.chunks_exact(inputs).enumerate() {
                let col = part * outputs + o;
                for (i, &v) in row.iter().enumerate() {
                    weight[i * total + col] = v;
                }
            }
            bias.extend(self.get(&format!("{name}.bias"), &[outputs])?);
        }
        Ok(Linear {
            weight,
            bias,
            inputs,
            outputs: total,
        })
    }
}

impl BertWeights {
    /// Reads and lays out the weights in `bytes` (a safetensors file) for `config`.
    ///
    /// # Errors
    /// [`Error::Engine`] when the file does not parse, a tensor is missing, has another shape
    /// than `config` implies, or has a type other than F32, F16 or BF16.
    pub fn from_safetensors(bytes: &[u8], config: &BertConfig) -> Result<Self> {
        let file = SafeTensors::deserialize(bytes).map_err(|e| weights_err(e.to_string()))?;
        let prefix = if file.tensor("embeddings.word_embeddings.weight").is_err()
            && file
                .tensor("bert.embeddings.word_embeddings.weight")
                .is_ok()
        {
            "bert."
        } else {
            ""
        };
        let t = Tensors { file, prefix };
        let h = config.hidden_size;
        let inter = config.intermediate_size;
        let eps = config.layer_norm_eps as f32;
        let layers = (0..config.num_hidden_layers)
            .map(|l| {
                let p = format!("encoder.layer.{l}");
                Ok(Layer {
                    qkv: t.linear(
                        &[
                            &format!("{p}.attention.self.query"),
                            &format!("{p}.attention.self.key"),
                            &format!("{p}.attention.self.value"),
                        ],
                        h,
                        h,
                    )?,
                    attention_out: t.linear(&[&format!("{p}.attention.output.dense")], h, h)?,
                    attention_norm: t.layer_norm(
                        &format!("{p}.attention.output.LayerNorm"),
                        h,
                        eps,
                    )?,
                    intermediate: t.linear(&[&format!("{p}.intermediate.dense")], h, inter)?,
                    output: t.linear(&[&format!("{p}.output.dense")], inter, h)?,
                    output_norm: t.layer_norm(&format!("{p}.output.LayerNorm"), h, eps)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(BertWeights {
            word_embeddings: t.get("embeddings.word_embeddings.weight", &[config.vocab_size, h])?,
            position_embeddings: t.get(
                "embeddings.position_embeddings.weight",
                &[config.max_position_embeddings, h],
            )?,
            token_type_embeddings: t.get(
                "embeddings.token_type_embeddings.weight",
                &[config.type_vocab_size, h],
            )?,
            embedding_norm: t.layer_norm("embeddings.LayerNorm", h, eps)?,
            layers,
        })
    }
}
