//! A model-free [`Embedder`] for tests: deterministic, instant, and countable.
//!
//! Tests of chunking, indexing, crash recovery and of the agents that call a `Retriever` need
//! an embedder but not a neural one. [`HashingEmbedder`] hashes words into a vector (texts that
//! share words are similar) and counts how many texts it embedded, so a test can prove that
//! unchanged chunks are not embedded again.

use std::sync::atomic::{AtomicUsize, Ordering};

use careerkit_core::rag::{CharSpan, Embedder};
use careerkit_core::Result;
use sha2::{Digest, Sha256};

/// Bag-of-words feature hashing: each lower-cased word adds ±1 to one dimension; the vector is
/// L2-normalised. Tokens are runs of letters and digits.
#[derive(Debug)]
pub struct HashingEmbedder {
    dimensions: usize,
    max_tokens: usize,
    embedded: AtomicUsize,
}

impl HashingEmbedder {
    /// An embedder of `dimensions`-long vectors that embeds at most `max_tokens` words of a text.
    pub fn new(dimensions: usize, max_tokens: usize) -> Self {
        HashingEmbedder {
            dimensions: dimensions.max(1),
            max_tokens: max_tokens.max(1),
            embedded: AtomicUsize::new(0),
        }
    }

    /// How many texts [`Embedder::embed`] has been given so far.
    pub fn embedded(&self) -> usize {
        self.embedded.load(Ordering::SeqCst)
    }
}

impl Embedder for HashingEmbedder {
    fn model_id(&self) -> &str {
        "hashing"
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    fn tokenize(&self, text: &str) -> Result<Vec<CharSpan>> {
        let mut spans = Vec::new();
        let mut start = None;
        let mut n = 0;
        for c in text.chars() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(n),
                (false, Some(s)) => {
                    spans.push(CharSpan { start: s, end: n });
                    start = None;
                }
                _ => {}
            }
            n += 1;
        }
        if let Some(s) = start {
            spans.push(CharSpan { start: s, end: n });
        }
        Ok(spans)
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.embedded.fetch_add(texts.len(), Ordering::SeqCst);
        let mut out = Vec::with_capacity(texts.len());
        for text in texts {
            let mut v = vec![0f32; self.dimensions];
            let chars: Vec<char> = text.chars().collect();
            for span in self.tokenize(text)?.into_iter().take(self.max_tokens) {
                let word: String = chars[span.start..span.end]
                    .iter()
                    .flat_map(|c| c.to_lowercase())
                    .collect();
                let hash = Sha256::digest(word.as_bytes());
                let slot = u64::from_le_bytes([
                    hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
                ]);
                let i = usize::try_from(slot % self.dimensions as u64).unwrap_or(0);
                v[i] += if hash[8] & 1 == 0 { 1.0 } else { -1.0 };
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| *x /= norm);
            }
            out.push(v);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_words_mean_similar_vectors_and_calls_are_counted() {
        let e = HashingEmbedder::new(256, 100);
        let v = e
            .embed(&[
                "STAR method answers",
                "the star METHOD",
                "database sharding",
            ])
            .unwrap();
        let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        assert!(dot(&v[0], &v[1]) > dot(&v[0], &v[2]));
        assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-5);
        assert_eq!(e.embedded(), 3);
        assert_eq!(
            e.tokenize("a-b  c").unwrap(),
            [
                CharSpan { start: 0, end: 1 },
                CharSpan { start: 2, end: 3 },
                CharSpan { start: 5, end: 6 }
            ]
        );
    }
}
