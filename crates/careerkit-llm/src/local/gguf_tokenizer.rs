//! Rebuilds a model's byte-level BPE tokenizer from its GGUF metadata, so a single `.gguf` file
//! is all the local provider needs, and gives every token's exact bytes for streaming and for
//! constrained decoding.

use std::collections::HashMap;

use candle_core::quantized::gguf_file::{Content, Value};
use careerkit_core::{Error, Result};
use tokenizers::decoders::byte_level::ByteLevel as ByteLevelDecoder;
use tokenizers::models::bpe::BPE;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::{AddedToken, PreTokenizerWrapper, Tokenizer};

/// GGUF token types that are special (unknown, control, user-defined, unused).
const SPECIAL_TOKEN_TYPES: [i64; 4] = [2, 3, 4, 5];

/// A tokenizer rebuilt from GGUF metadata, with each token's bytes.
pub(crate) struct GgufTokenizer {
    tokenizer: Tokenizer,
    token_bytes: Vec<Vec<u8>>,
    special: Vec<bool>,
    ids: HashMap<String, u32>,
}

pub(crate) fn metadata_error(message: impl Into<String>) -> Error {
    Error::Corrupt {
        format: "GGUF".into(),
        reason: message.into(),
    }
}

fn int_values(value: &Value) -> Result<Vec<i64>> {
    let items = value
        .to_vec()
        .map_err(|e| metadata_error(format!("expected an array: {e}")))?;
    items
        .iter()
        .map(|v| match v {
            Value::I32(x) => Ok(i64::from(*x)),
            Value::U32(x) => Ok(i64::from(*x)),
            Value::I8(x) => Ok(i64::from(*x)),
            Value::U8(x) => Ok(i64::from(*x)),
            Value::I16(x) => Ok(i64::from(*x)),
            Value::U16(x) => Ok(i64::from(*x)),
            Value::I64(x) => Ok(*x),
            other => Err(metadata_error(format!("expected integers, got {other:?}"))),
        })
        .collect()
}

fn string_values(content: &Content, key: &str) -> Result<Vec<String>> {
    let value = content
        .metadata
        .get(key)
        .ok_or_else(|| metadata_error(format!("missing {key}")))?;
    let items = value
        .to_vec()
        .map_err(|e| metadata_error(format!("{key}: {e}")))?;
    items
        .iter()
        .map(|v| {
            v.to_string()
                .cloned()
                .map_err(|e| metadata_error(format!("{key}: {e}")))
        })
        .collect()
}

/// The GPT-2 byte-level alphabet: the printable character standing for each byte.
fn byte_level_chars() -> HashMap<char, u8> {
    let mut map = HashMap::with_capacity(256);
    let mut shifted = 0u32;
    for byte in 0u32..256 {
        let printable = (0x21..=0x7e).contains(&byte)
            || (0xa1..=0xac).contains(&byte)
            || (0xae..=0xff).contains(&byte);
        let code = if printable {
            byte
        } else {
            shifted += 1;
            255 + shifted
        };
        if let (Some(ch), Ok(b)) = (char::from_u32(code), u8::try_from(byte)) {
            map.insert(ch, b);
        }
    }
    map
}

impl GgufTokenizer {
    /// Builds the tokenizer from `tokenizer.ggml.*` metadata (`model` must be `gpt2`: byte-level
    /// BPE with merges).
    pub(crate) fn from_gguf(content: &Content) -> Result<Self> {
        let model = content
            .metadata
            .get("tokenizer.ggml.model")
            .and_then(|v| v.to_string().ok())
            .cloned()
            .unwrap_or_default();
        if model != "gpt2" {
            return Err(Error::invalid(format!(
                "local models need a byte-level BPE tokenizer (tokenizer.ggml.model = gpt2), this file has {model:?}"
            )));
        }
        let tokens = string_values(content, "tokenizer.ggml.tokens")?;
        let merges = string_values(content, "tokenizer.ggml.merges")?;
        let types = match content.metadata.get("tokenizer.ggml.token_type") {
            Some(v) => int_values(v)?,
            None => vec![1; tokens.len()],
        };
        let mut vocab = HashMap::with_capacity(tokens.len());
        for (id, token) in tokens.iter().enumerate() {
            let id = u32::try_from(id).map_err(|_| metadata_error("vocabulary too large"))?;
            vocab.insert(token.clone(), id);
        }
        let merges = merges
            .iter()
            .map(|m| {
                m.split_once(' ')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .ok_or_else(|| metadata_error(format!("merge without a space: {m:?}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let bpe = BPE::builder()
            .vocab_and_merges(
                vocab
                    .clone()
                    .into_iter()
                    .collect::<tokenizers::models::bpe::Vocab>(),
                merges,
            )
            .build()
            .map_err(|e| metadata_error(format!("BPE: {e}")))?;
        let mut tokenizer = Tokenizer::new(bpe);
        tokenizer.with_pre_tokenizer(Some(Sequence::new(vec![
            PreTokenizerWrapper::Digits(Digits::new(true)),
            PreTokenizerWrapper::ByteLevel(ByteLevel::new(false, true, true)),
        ])));
        tokenizer.with_decoder(Some(ByteLevelDecoder::default()));
        let special: Vec<bool> = (0..tokens.len())
            .map(|i| {
                types
                    .get(i)
                    .is_some_and(|t| SPECIAL_TOKEN_TYPES.contains(t))
            })
            .collect();
        let added: Vec<AddedToken> = tokens
            .iter()
            .zip(&special)
            .filter(|(_, s)| **s)
            .map(|(t, _)| AddedToken::from(t.clone(), true))
            .collect();
        tokenizer
            .add_special_tokens(added)
            .map_err(|e| metadata_error(format!("special tokens: {e}")))?;

        let alphabet = byte_level_chars();
        let token_bytes = tokens
            .iter()
            .zip(&special)
            .map(|(token, is_special)| {
                if *is_special {
                    token.as_bytes().to_vec()
                } else {
                    token
                        .chars()
                        .map(|c| alphabet.get(&c).copied())
                        .collect::<Option<Vec<u8>>>()
                        .unwrap_or_else(|| token.as_bytes().to_vec())
                }
            })
            .collect();
        Ok(Self {
            tokenizer,
            token_bytes,
            special,
            ids: vocab,
        })
    }

    /// Token ids of `text`; special-token strings in it (such as `<|im_start|>`) become their ids.
    pub(crate) fn encode(&self, text: &str) -> Result<Vec<u32>> {
        self.tokenizer
            .encode(text, false)
            .map(|e| e.get_ids().to_vec())
            .map_err(|e| Error::invalid(format!("cannot tokenize: {e}")))
    }

    /// The bytes a token stands for (special tokens: their literal text).
    pub(crate) fn bytes(&self, id: u32) -> &[u8] {
        self.token_bytes
            .get(id as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Whether a token is special (control, user-defined...).
    pub(crate) fn is_special(&self, id: u32) -> bool {
        self.special.get(id as usize).copied().unwrap_or(false)
    }

    /// The id of a token given by its vocabulary string.
    pub(crate) fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }
}
