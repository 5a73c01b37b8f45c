//! A BERT model's `config.json`, checked once at load time against what the encoder computes,
//! so an unsupported model is a typed error rather than wrong vectors or a panic later.

use careerkit_core::{Error, Result};
use serde::Deserialize;

/// The fields of a Hugging Face BERT `config.json` the encoder reads.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct BertConfig {
    /// Rows of the word embedding table.
    pub vocab_size: usize,
    /// Width of every token vector.
    pub hidden_size: usize,
    /// Encoder layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer; divides `hidden_size`.
    pub num_attention_heads: usize,
    /// Width of the feed-forward block.
    pub intermediate_size: usize,
    /// The feed-forward activation; only `"gelu"` (exact, erf-based) is implemented.
    #[serde(default = "default_act")]
    pub hidden_act: String,
    /// Rows of the position embedding table: the longest input.
    pub max_position_embeddings: usize,
    /// Rows of the token type (segment) embedding table.
    #[serde(default = "default_type_vocab")]
    pub type_vocab_size: usize,
    /// LayerNorm's epsilon.
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    /// Only `"absolute"` (learned positions) is implemented.
    #[serde(default = "default_position_type")]
    pub position_embedding_type: String,
}

fn default_act() -> String {
    "gelu".into()
}

fn default_type_vocab() -> usize {
    2
}

fn default_eps() -> f64 {
    1e-12
}

fn default_position_type() -> String {
    "absolute".into()
}

impl BertConfig {
    /// Width of one attention head.
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    /// Checks that the encoder implements this configuration.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the first unsupported or inconsistent field.
    pub fn validate(&self) -> Result<()> {
        if self.hidden_act != "gelu" {
            return Err(Error::invalid(format!(
                "config.json: hidden_act {:?} is not supported (only \"gelu\")",
                self.hidden_act
            )));
        }
        if self.position_embedding_type != "absolute" {
            return Err(Error::invalid(format!(
                "config.json: position_embedding_type {:?} is not supported (only \"absolute\")",
                self.position_embedding_type
            )));
        }
        let sizes = [
            ("vocab_size", self.vocab_size),
            ("hidden_size", self.hidden_size),
            ("num_hidden_layers", self.num_hidden_layers),
            ("num_attention_heads", self.num_attention_heads),
            ("intermediate_size", self.intermediate_size),
            ("max_position_embeddings", self.max_position_embeddings),
            ("type_vocab_size", self.type_vocab_size),
        ];
        if let Some((name, _)) = sizes.iter().find(|(_, v)| *v == 0) {
            return Err(Error::invalid(format!("config.json: {name} is 0")));
        }
        if self.hidden_size % self.num_attention_heads != 0 {
            return Err(Error::invalid(format!(
                "config.json: hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            )));
        }
        if !(self.layer_norm_eps.is_finite() && self.layer_norm_eps >= 0.0) {
            return Err(Error::invalid("config.json: layer_norm_eps must be >= 0"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn defaults_and_unsupported_settings() {
        let c: BertConfig = serde_json::from_str(
            r#"{"vocab_size": 10, "hidden_size": 8, "num_hidden_layers": 1,
                "num_attention_heads": 2, "intermediate_size": 16,
                "max_position_embeddings": 12}"#,
        )
        .unwrap();
        c.validate().unwrap();
        assert_eq!((c.head_dim(), c.type_vocab_size), (4, 2));
        assert_eq!((c.hidden_act.as_str(), c.layer_norm_eps), ("gelu", 1e-12));
        let broken = [
            BertConfig {
                hidden_act: "relu".into(),
                ..c.clone()
            },
            BertConfig {
                position_embedding_type: "relative_key".into(),
                ..c.clone()
            },
            BertConfig {
                num_attention_heads: 3,
                ..c.clone()
            },
            BertConfig {
                intermediate_size: 0,
                ..c.clone()
            },
        ];
        for b in broken {
            let err = b.validate().unwrap_err();
            assert_eq!(err.kind(), careerkit_core::ErrorKind::InvalidInput, "{b:?}");
        }
    }
}
