//! The BERT encoder's forward pass over a batch of token sequences.
//!
//! The batch is packed, not padded: sequence after sequence, one row per real token. Every
//! position-wise step (the linear layers, GELU, LayerNorm) is the same on a packed batch, and
//! attention runs per (sequence, head) over that sequence's own tokens, which is exactly what
//! BERT's additive padding mask computes (a masked key gets weight `exp(-inf) = 0`, and padded
//! query rows never reach a real token's vector). So no work is spent on padding at all.
//!
//! Threads (rayon's pool, as many parts as the caller asks for): the position-wise work is cut
//! into one block of rows per part, and each block runs a whole layer tail (attention output projection,
//! residual + LayerNorm, feed-forward with GELU, residual + LayerNorm) while its rows are in
//! cache; attention is cut into groups of (sequence, head) pairs of about equal cost. Every
//! buffer lives in a [`Scratch`] that a caller reuses across batches.

use careerkit_core::{Error, Result};
use rayon::prelude::*;

use super::config::BertConfig;
use super::ops::{add_bias, add_bias_gelu, matmul, softmax, MatRef};
use super::weights::BertWeights;

/// One input: token ids and their token type (segment) ids, of equal length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sequence<'a> {
    /// Word-piece ids, special tokens included.
    pub ids: &'a [u32],
    /// Segment ids (all 0 for a single text).
    pub type_ids: &'a [u32],
}

/// The working buffers of a forward pass; they only grow, so reusing one `Scratch` across the
/// batches of a call allocates (and page-faults) once.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    hidden: Vec<f32>,
    qkv: Vec<f32>,
    heads: Vec<f32>,
    context: Vec<f32>,
    block: Vec<f32>,
    intermediate: Vec<f32>,
    scores: Vec<f32>,
}

fn at_least(buf: &mut Vec<f32>, len: usize) -> &mut [f32] {
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
    &mut buf[..len]
}

/// One attention task: a head of one sequence.
#[derive(Debug, Clone, Copy)]
struct HeadTask {
    /// First row of the sequence in the packed batch.
    row: usize,
    /// Tokens in the sequence.
    len: usize,
    head: usize,
}

/// A BERT encoder: configuration and weights, immutable once loaded (shared across threads).
#[derive(Debug)]
pub(crate) struct BertEncoder {
    config: BertConfig,
    weights: BertWeights,
}

impl BertEncoder {
    /// An encoder from a validated `config` and weights loaded for it.
    pub fn new(config: BertConfig, weights: BertWeights) -> Self {
        BertEncoder { config, weights }
    }

    /// Runs the encoder over `batch` and returns the last hidden states, packed: the rows of
    /// sequence 0, then those of sequence 1, ..., `hidden_size` values per row. The work is cut
    /// into `threads` parts run on rayon's pool (1: all on the calling thread).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a sequence is longer than `max_position_embeddings`, an id
    /// is outside the vocabulary or token types, or `ids` and `type_ids` differ in length.
    pub fn forward<'s>(
        &self,
        batch: &[Sequence<'_>],
        scratch: &'s mut Scratch,
        threads: usize,
    ) -> Result<&'s [f32]> {
        let c = &self.config;
        let (h, inter) = (c.hidden_size, c.intermediate_size);
        for s in batch {
            if s.ids.len() != s.type_ids.len() {
                return Err(Error::invalid("ids and type_ids differ in length"));
            }
            if s.ids.len() > c.max_position_embeddings {
                return Err(Error::invalid(format!(
                    "{} tokens, over the model's {} positions",
                    s.ids.len(),
                    c.max_position_embeddings
                )));
            }
        }
        let lens: Vec<usize> = batch.iter().map(|s| s.ids.len()).collect();
        let tokens: usize = lens.iter().sum();
        let max_len = lens.iter().copied().max().unwrap_or(0);
        let threads = threads.max(1);
        let hidden = at_least(&mut scratch.hidden, tokens * h);
        if tokens == 0 {
            return Ok(hidden);
        }
        let qkv = at_least(&mut scratch.qkv, tokens * 3 * h);
        let heads = at_least(&mut scratch.heads, tokens * h);
        let context = at_least(&mut scratch.context, tokens * h);
        let block = at_least(&mut scratch.block, tokens * h);
        let intermediate = at_least(&mut scratch.intermediate, tokens * inter);
        let scores = at_least(&mut scratch.scores, threads * max_len * max_len);

        self.embed(batch, hidden)?;
        let rows = tokens.div_ceil(threads);
        for layer in &self.weights.layers {
            hidden
                .par_chunks(rows * h)
                .zip(qkv.par_chunks_mut(rows * 3 * h))
                .try_for_each(|(x, y)| {
                    matmul(
                        y,
                        MatRef::row_major(x, x.len() / h, h),
                        layer.qkv.weight(),
                        1.0,
                    )?;
                    for row in y.chunks_exact_mut(3 * h) {
                        add_bias(row, &layer.qkv.bias);
                    }
                    Ok::<_, Error>(())
                })?;
            self.attention(qkv, &lens, heads, scores, threads)?;
            self.merge_heads(heads, &lens, context);
            context
                .par_chunks(rows * h)
                .zip(hidden.par_chunks_mut(rows * h))
                .zip(block.par_chunks_mut(rows * h))
                .zip(intermediate.par_chunks_mut(rows * inter))
                .try_for_each(|(((ctx, x), tmp), ffn)| {
                    let m = ctx.len() / h;
                    matmul(
                        tmp,
                        MatRef::row_major(ctx, m, h),
                        layer.attention_out.weight(),
                        1.0,
                    )?;
                    for (xr, tr) in x.chunks_exact_mut(h).zip(tmp.chunks_exact(h)) {
                        layer
                            .attention_norm
                            .add_bias_residual(xr, tr, &layer.attention_out.bias);
                    }
                    matmul(
                        ffn,
                        MatRef::row_major(x, m, h),
                        layer.intermediate.weight(),
                        1.0,
                    )?;
                    for row in ffn.chunks_exact_mut(inter) {
                        add_bias_gelu(row, &layer.intermediate.bias);
                    }
                    matmul(
                        tmp,
                        MatRef::row_major(ffn, m, inter),
                        layer.output.weight(),
                        1.0,
                    )?;
                    for (xr, tr) in x.chunks_exact_mut(h).zip(tmp.chunks_exact(h)) {
                        layer
                            .output_norm
                            .add_bias_residual(xr, tr, &layer.output.bias);
                    }
                    Ok::<_, Error>(())
                })?;
        }
        Ok(hidden)
    }

    /// `hidden` = LayerNorm(word + position + token type embeddings), one row per token.
    fn embed(&self, batch: &[Sequence<'_>], hidden: &mut [f32]) -> Result<()> {
        let c = &self.config;
        let h = c.hidden_size;
        let w = &self.weights;
        let mut rows = hidden.chunks_exact_mut(h);
        for s in batch {
            for (pos, (&id, &tt)) in s.ids.iter().zip(s.type_ids).enumerate() {
                let (id, tt) = (id as usize, tt as usize);
                if id >= c.vocab_size || tt >= c.type_vocab_size {
                    return Err(Error::invalid(format!(
                        "token id {id} or type id {tt} is outside the model's tables"
                    )));
                }
                let Some(row) = rows.next() else {
                    return Err(Error::engine("embedder", "hidden buffer too small"));
                };
                let word = &w.word_embeddings[id * h..][..h];
                let position = &w.position_embeddings[pos * h..][..h];
                let token_type = &w.token_type_embeddings[tt * h..][..h];
                for (((r, a), b), p) in row.iter_mut().zip(word).zip(token_type).zip(position) {
                    *r = a + b + p;
                }
                w.embedding_norm.apply(row);
            }
        }
        Ok(())
    }

    /// Self-attention of every head of every sequence: `softmax(Q K^T / sqrt(d)) V` over the
    /// sequence's own tokens, written head-major (for each sequence, head 0's `len x d` block,
    /// then head 1's, ...) into `out`.
    fn attention(
        &self,
        qkv: &[f32],
        lens: &[usize],
        out: &mut [f32],
        scores: &mut [f32],
        threads: usize,
    ) -> Result<()> {
        let c = &self.config;
        let (h, heads, d) = (c.hidden_size, c.num_attention_heads, c.head_dim());
        let scale = 1.0 / (d as f32).sqrt();
        let mut tasks = Vec::with_capacity(lens.len() * heads);
        let mut row = 0;
        for &len in lens {
            tasks.extend((0..heads).map(|head| HeadTask { row, len, head }));
            row += len;
        }
        // Contiguous groups of about equal cost (the two products are ~len^2 d each); their
        // output blocks are contiguous too, so `out` splits into one slice per group.
        let cost = |t: &HeadTask| t.len * t.len + t.len;
        let total: usize = tasks.iter().map(cost).sum();
        let mut groups = Vec::with_capacity(threads);
        let mut rest = out;
        let (mut start, mut done) = (0, 0);
        for g in 0..threads {
            let limit = total * (g + 1) / threads;
            let mut end = start;
            let mut len = 0;
            while end < tasks.len() && (done < limit || g + 1 == threads) {
                done += cost(&tasks[end]);
                len += tasks[end].len * d;
                end += 1;
            }
            let (block, tail) = std::mem::take(&mut rest).split_at_mut(len);
            rest = tail;
            groups.push((&tasks[start..end], block));
            start = end;
        }
        let max_len = lens.iter().copied().max().unwrap_or(0);
        groups
            .into_par_iter()
            .zip(scores.par_chunks_mut((max_len * max_len).max(1)))
            .try_for_each(|((tasks, mut block), scores)| {
                for t in tasks.iter().filter(|t| t.len > 0) {
                    let (dst, tail) = std::mem::take(&mut block).split_at_mut(t.len * d);
                    block = tail;
                    let base = t.row * 3 * h + t.head * d;
                    let q = MatRef {
                        data: qkv,
                        offset: base,
                        rows: t.len,
                        cols: d,
                        row_stride: 3 * h,
                        col_stride: 1,
                    };
                    // K^T: the key rows read as columns.
                    let k_t = MatRef {
                        data: qkv,
                        offset: base + h,
                        rows: d,
                        cols: t.len,
                        row_stride: 1,
                        col_stride: 3 * h,
                    };
                    let v = MatRef {
                        data: qkv,
                        offset: base + 2 * h,
                        rows: t.len,
                        cols: d,
                        row_stride: 3 * h,
                        col_stride: 1,
                    };
                    let s = &mut scores[..t.len * t.len];
                    matmul(s, q, k_t, scale)?;
                    for row in s.chunks_exact_mut(t.len) {
                        softmax(row);
                    }
                    matmul(dst, MatRef::row_major(s, t.len, t.len), v, 1.0)?;
                }
                Ok::<_, Error>(())
            })
    }

    /// Head-major attention output back to one row per token (heads side by side).
    fn merge_heads(&self, heads: &[f32], lens: &[usize], context: &mut [f32]) {
        let c = &self.config;
        let (h, d) = (c.hidden_size, c.head_dim());
        let mut row = 0;
        for &len in lens.iter().filter(|&&len| len > 0) {
            let seq = &heads[row * h..][..len * h];
            let out = &mut context[row * h..][..len * h];
            for (head, block) in seq.chunks_exact(len * d).enumerate() {
                for (src, dst) in block.chunks_exact(d).zip(out.chunks_exact_mut(h)) {
                    dst[head * d..][..d].copy_from_slice(src);
                }
            }
            row += len;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use safetensors::{tensor::TensorView, Dtype};

    use super::*;

    const H: usize = 8;
    const HEADS: usize = 2;
    const INTER: usize = 12;
    const LAYERS: usize = 2;
    const VOCAB: usize = 20;
    const POSITIONS: usize = 16;

    type Tensors = BTreeMap<String, (Vec<usize>, Vec<f32>)>;

    /// A small random BERT in PyTorch's layout (`weight` is `out x in`).
    fn tensors() -> Tensors {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut t = Tensors::new();
        let mut add = |name: String, shape: Vec<usize>, base: f32, scale: f32| {
            let n = shape.iter().product();
            let v = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    base + scale * ((seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5)
                })
                .collect();
            t.insert(name, (shape, v));
        };
        add(
            "embeddings.word_embeddings.weight".into(),
            vec![VOCAB, H],
            0.0,
            2.0,
        );
        add(
            "embeddings.position_embeddings.weight".into(),
            vec![POSITIONS, H],
            0.0,
            1.0,
        );
        add(
            "embeddings.token_type_embeddings.weight".into(),
            vec![2, H],
            0.0,
            1.0,
        );
        let norm = |add: &mut dyn FnMut(String, Vec<usize>, f32, f32), name: &str| {
            add(format!("{name}.weight"), vec![H], 1.0, 0.4);
            add(format!("{name}.bias"), vec![H], 0.0, 0.4);
        };
        norm(&mut add, "embeddings.LayerNorm");
        for l in 0..LAYERS {
            let p = format!("encoder.layer.{l}");
            for (name, out, inp) in [
                ("attention.self.query", H, H),
                ("attention.self.key", H, H),
                ("attention.self.value", H, H),
                ("attention.output.dense", H, H),
                ("intermediate.dense", INTER, H),
                ("output.dense", H, INTER),
            ] {
                add(format!("{p}.{name}.weight"), vec![out, inp], 0.0, 1.2);
                add(format!("{p}.{name}.bias"), vec![out], 0.0, 0.5);
            }
            norm(&mut add, &format!("{p}.attention.output.LayerNorm"));
            norm(&mut add, &format!("{p}.output.LayerNorm"));
        }
        t
    }

    fn config() -> BertConfig {
        serde_json::from_value(serde_json::json!({
            "vocab_size": VOCAB, "hidden_size": H, "num_hidden_layers": LAYERS,
            "num_attention_heads": HEADS, "intermediate_size": INTER,
            "max_position_embeddings": POSITIONS, "layer_norm_eps": 1e-12
        }))
        .unwrap()
    }

    /// The encoder, loaded through a safetensors file written with a `bert.` prefix.
    fn encoder(t: &Tensors) -> BertEncoder {
        let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = t
            .iter()
            .map(|(name, (shape, v))| {
                let b = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                (format!("bert.{name}"), shape.clone(), b)
            })
            .collect();
        let views = bytes.iter().map(|(name, shape, b)| {
            (
                name.clone(),
                TensorView::new(Dtype::F32, shape.clone(), b).unwrap(),
            )
        });
        let file = safetensors::serialize(views, None).unwrap();
        let c = config();
        let weights = BertWeights::from_safetensors(&file, &c).unwrap();
        BertEncoder::new(c, weights)
    }

    fn w(t: &Tensors, name: &str) -> Vec<f64> {
        t[name].1.iter().map(|&x| f64::from(x)).collect()
    }

    /// `x W^T + b` for a PyTorch linear layer.
    fn linear(t: &Tensors, name: &str, x: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let (weight, bias) = (
            w(t, &format!("{name}.weight")),
            w(t, &format!("{name}.bias")),
        );
        let inputs = weight.len() / bias.len();
        x.iter()
            .map(|row| {
                bias.iter()
                    .enumerate()
                    .map(|(o, b)| {
                        b + (0..inputs)
                            .map(|i| row[i] * weight[o * inputs + i])
                            .sum::<f64>()
                    })
                    .collect()
            })
            .collect()
    }

    fn layer_norm(t: &Tensors, name: &str, x: &[f64]) -> Vec<f64> {
        let (g, b) = (
            w(t, &format!("{name}.weight")),
            w(t, &format!("{name}.bias")),
        );
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        x.iter()
            .enumerate()
            .map(|(i, v)| (v - mean) / (var + 1e-12).sqrt() * g[i] + b[i])
            .collect()
    }

    /// Textbook BERT in `f64` over a padded batch with Hugging Face's additive mask
    /// (`f32::MIN` on padding keys); returns each sequence's real rows.
    fn reference(t: &Tensors, batch: &[(Vec<u32>, Vec<u32>)]) -> Vec<Vec<Vec<f64>>> {
        let longest = batch.iter().map(|(ids, _)| ids.len()).max().unwrap();
        let d = H / HEADS;
        let (word, pos, types) = (
            w(t, "embeddings.word_embeddings.weight"),
            w(t, "embeddings.position_embeddings.weight"),
            w(t, "embeddings.token_type_embeddings.weight"),
        );
        let mut out = Vec::new();
        for (ids, type_ids) in batch {
            let mut x: Vec<Vec<f64>> = (0..longest)
                .map(|p| {
                    let (id, tt) = (
                        *ids.get(p).unwrap_or(&0) as usize,
                        *type_ids.get(p).unwrap_or(&0) as usize,
                    );
                    let e: Vec<f64> = (0..H)
                        .map(|j| word[id * H + j] + types[tt * H + j] + pos[p * H + j])
                        .collect();
                    layer_norm(t, "embeddings.LayerNorm", &e)
                })
                .collect();
            for l in 0..LAYERS {
                let p = format!("encoder.layer.{l}");
                let q = linear(t, &format!("{p}.attention.self.query"), &x);
                let k = linear(t, &format!("{p}.attention.self.key"), &x);
                let v = linear(t, &format!("{p}.attention.self.value"), &x);
                let mut ctx = vec![vec![0f64; H]; longest];
                for head in 0..HEADS {
                    for i in 0..longest {
                        let scores: Vec<f64> = (0..longest)
                            .map(|j| {
                                let dot: f64 = (0..d)
                                    .map(|c| q[i][head * d + c] * k[j][head * d + c])
                                    .sum();
                                let mask = if j < ids.len() {
                                    0.0
                                } else {
                                    f64::from(f32::MIN)
                                };
                                dot / (d as f64).sqrt() + mask
                            })
                            .collect();
                        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let e: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                        let total: f64 = e.iter().sum();
                        for c in 0..d {
                            ctx[i][head * d + c] = (0..longest)
                                .map(|j| e[j] / total * v[j][head * d + c])
                                .sum();
                        }
                    }
                }
                let attn = linear(t, &format!("{p}.attention.output.dense"), &ctx);
                x = x
                    .iter()
                    .zip(&attn)
                    .map(|(r, a)| {
                        let s: Vec<f64> = r.iter().zip(a).map(|(r, a)| r + a).collect();
                        layer_norm(t, &format!("{p}.attention.output.LayerNorm"), &s)
                    })
                    .collect();
                let inter: Vec<Vec<f64>> = linear(t, &format!("{p}.intermediate.dense"), &x)
                    .into_iter()
                    .map(|r| {
                        r.into_iter()
                            .map(|v| 0.5 * v * (1.0 + libm::erf(v / std::f64::consts::SQRT_2)))
                            .collect()
                    })
                    .collect();
                let ffn = linear(t, &format!("{p}.output.dense"), &inter);
                x = x
                    .iter()
                    .zip(&ffn)
                    .map(|(r, a)| {
                        let s: Vec<f64> = r.iter().zip(a).map(|(r, a)| r + a).collect();
                        layer_norm(t, &format!("{p}.output.LayerNorm"), &s)
                    })
                    .collect();
            }
            x.truncate(ids.len());
            out.push(x);
        }
        out
    }

    #[test]
    fn packed_forward_matches_padded_reference_bert_on_any_thread_count() {
        let t = tensors();
        let e = encoder(&t);
        let batch: Vec<(Vec<u32>, Vec<u32>)> = vec![
            (vec![1, 5, 7], vec![0; 3]),
            (vec![1, 19, 3, 3, 8, 2, 11], vec![0, 0, 0, 1, 1, 1, 1]),
            (vec![4], vec![0]),
            (
                vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
                vec![0; 16],
            ),
            (vec![], vec![]),
            (vec![1, 6, 6, 2, 0], vec![0; 5]),
        ];
        let want = reference(&t, &batch);
        let seqs: Vec<Sequence<'_>> = batch
            .iter()
            .map(|(ids, type_ids)| Sequence { ids, type_ids })
            .collect();
        for threads in [1, 2, 3, 7] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut scratch = Scratch::default();
            // Twice through one scratch: leftovers of a larger batch must not leak in.
            for seqs in [&seqs[..], &seqs[..3]] {
                let got = pool.install(|| e.forward(seqs, &mut scratch, threads).unwrap().to_vec());
                let mut rows = got.chunks_exact(H);
                for (s, want) in seqs.iter().zip(&want) {
                    assert_eq!(s.ids.len(), want.len());
                    for want_row in want {
                        let row = rows.next().unwrap();
                        for (g, w) in row.iter().zip(want_row) {
                            assert!(
                                (f64::from(*g) - w).abs() < 1e-4,
                                "{threads} threads: {g} vs {w}"
                            );
                        }
                    }
                }
                assert!(rows.next().is_none());
            }
        }
    }

    #[test]
    fn out_of_range_inputs_are_errors() {
        let e = encoder(&tensors());
        let mut scratch = Scratch::default();
        let long = [1u32; POSITIONS + 1];
        for (ids, types) in [
            (&[1u32, VOCAB as u32][..], &[0u32, 0][..]),
            (&[1, 2], &[0, 2]),
            (&[1, 2], &[0]),
            (&long[..], &long[..]),
        ] {
            let err = e
                .forward(
                    &[Sequence {
                        ids,
                        type_ids: types,
                    }],
                    &mut scratch,
                    2,
                )
                .unwrap_err();
            assert_eq!(
                err.kind(),
                careerkit_core::ErrorKind::InvalidInput,
                "{ids:?}"
            );
        }
    }
}
