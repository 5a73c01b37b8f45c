//! Synthetic sentence-like vectors for the latency benchmarks: unit vectors scattered around
//! random cluster centres (real embeddings cluster by topic; uniform random vectors would be a
//! worst case no text collection looks like). Deterministic for a given seed.

/// A deterministic xorshift stream of floats in [-1, 1).
pub struct Rng(u64);

impl Rng {
    /// A stream from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next float in [-1, 1).
    pub fn next_f32(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }

    /// A random unit vector.
    pub fn unit(&mut self, dims: usize) -> Vec<f32> {
        let v: Vec<f32> = (0..dims).map(|_| self.next_f32()).collect();
        normalise(v)
    }
}

/// `v / |v|`.
pub fn normalise(v: Vec<f32>) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.into_iter().map(|x| x / n).collect()
}

/// `n` unit vectors of `dims` around `n / 100` centres (at least one), and their 32-byte keys.
pub fn clustered(n: usize, dims: usize, seed: u64) -> Vec<([u8; 32], Vec<f32>)> {
    let mut rng = Rng::new(seed);
    let centres: Vec<Vec<f32>> = (0..(n / 100).max(1)).map(|_| rng.unit(dims)).collect();
    (0..n)
        .map(|i| {
            let c = &centres[i % centres.len()];
            let noise = rng.unit(dims);
            let v = normalise(c.iter().zip(&noise).map(|(a, b)| a + 0.6 * b).collect());
            let mut key = [0u8; 32];
            key[..8].copy_from_slice(&(i as u64).to_le_bytes());
            (key, v)
        })
        .collect()
}

/// A query near the data: a stored vector with fresh noise.
pub fn query_near(data: &[([u8; 32], Vec<f32>)], rng: &mut Rng, dims: usize) -> Vec<f32> {
    let i = ((rng.next_f32() + 1.0) * 0.5 * (data.len() - 1) as f32) as usize;
    let noise = rng.unit(dims);
    normalise(
        data[i]
            .1
            .iter()
            .zip(&noise)
            .map(|(a, b)| a + 0.5 * b)
            .collect(),
    )
}

/// A dense index over `data` that switches to the IVF from `ivf_threshold` rows (not yet built).
pub fn dense_index(
    data: &[([u8; 32], Vec<f32>)],
    dims: usize,
    ivf_threshold: usize,
) -> careerkit_rag::vectors::DenseIndex {
    let mut index = careerkit_rag::vectors::DenseIndex::new(
        dims,
        careerkit_rag::vectors::DenseOptions {
            ivf_threshold,
            ..careerkit_rag::vectors::DenseOptions::default()
        },
    );
    for (k, v) in data {
        index.insert(*k, v).unwrap();
    }
    index
}

/// An empty knowledge base in `dir` with the model-free embedder, so timings leave the model out.
pub fn model_free_kb(dir: &std::path::Path, dims: usize) -> careerkit_rag::KnowledgeBase {
    careerkit_rag::KnowledgeBase::open(
        dir,
        std::sync::Arc::new(careerkit_rag::testing::HashingEmbedder::new(dims, 256)),
        careerkit_rag::KnowledgeBaseOptions::default(),
    )
    .unwrap()
}
