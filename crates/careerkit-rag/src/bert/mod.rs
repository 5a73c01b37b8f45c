//! Our own BERT encoder on plain `f32` buffers, the engine under
//! [`BertEmbedder`](crate::BertEmbedder).
//!
//! It replaced candle's `BertModel`, which ran at half of sentence-transformers' speed on a CPU:
//! candle runs one unfused operation at a time (bias add, erf, softmax pieces) into a fresh
//! buffer each, and pads every text of a batch to the longest. Here the weights are laid out
//! once at load time ([`weights`]), the element-wise work is fused into passes over rows still in
//! cache ([`ops`]), the batch is packed without padding and all buffers are reused
//! ([`forward`]), and `config.json` is checked up front ([`config`]).

pub(crate) mod config;
pub(crate) mod forward;
pub(crate) mod ops;
pub(crate) mod weights;

pub(crate) use config::BertConfig;
pub(crate) use forward::{BertEncoder, Scratch, Sequence};
pub(crate) use weights::BertWeights;
