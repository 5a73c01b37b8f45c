//! The dense side of the index: L2-normalised vectors in one contiguous `f32` matrix, searched
//! exactly by dot product, or through an inverted-file (IVF) index once the collection is large.
//!
//! A knowledge base of a few thousand chunks is searched exactly in well under a millisecond;
//! past [`DenseOptions::ivf_threshold`] rows, k-means partitions the vectors into about √n lists
//! and a query scans only the `nprobe` lists nearest to it. The vectors are saved to one file
//! written to a temporary name and renamed, so a reader never sees half a file.

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use careerkit_core::{Error, Result};

/// A chunk's content hash (SHA-256): the key of its vector.
pub type ChunkHash = [u8; 32];

const MAGIC: &[u8; 8] = b"CKVECS01";

/// When the approximate index is used and how much of it a query scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DenseOptions {
    /// From this many vectors on, queries go through the IVF index (below it, exact search).
    pub ivf_threshold: usize,
    /// Lists scanned per query (more: better recall, slower).
    pub nprobe: usize,
}

impl Default for DenseOptions {
    fn default() -> Self {
        DenseOptions {
            ivf_threshold: 20_000,
            nprobe: 24,
        }
    }
}

/// Vectors keyed by chunk hash, with exact and approximate top-k search.
#[derive(Debug, Clone)]
pub struct DenseIndex {
    dims: usize,
    hashes: Vec<ChunkHash>,
    matrix: Vec<f32>,
    rows: HashMap<ChunkHash, usize>,
    options: DenseOptions,
    ivf: Option<Ivf>,
}

/// Inverted lists: each list keeps its rows' vectors contiguously for a cache-friendly scan.
#[derive(Debug, Clone)]
struct Ivf {
    centroids: Vec<f32>,
    lists: Vec<(Vec<usize>, Vec<f32>)>,
}

/// The dot product, written with eight independent accumulators so the compiler turns it into
/// SIMD multiply-adds without fast-math.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for ((s, x), y) in acc.iter_mut().zip(x).zip(y) {
            *s += x * y;
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// Keeps the `k` best `(score, row)` pairs, best first.
fn top_k(mut scored: Vec<(f32, usize)>, k: usize) -> Vec<(f32, usize)> {
    let by_score = |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if scored.len() > k && k > 0 {
        scored.select_nth_unstable_by(k - 1, by_score);
        scored.truncate(k);
    }
    scored.sort_by(by_score);
    scored.truncate(k);
    scored
}

impl DenseIndex {
    /// An empty index of `dims`-long vectors.
    pub fn new(dims: usize, options: DenseOptions) -> Self {
        DenseIndex {
            dims,
            hashes: Vec::new(),
            matrix: Vec::new(),
            rows: HashMap::new(),
            options,
            ivf: None,
        }
    }

    /// Vector length.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of vectors.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True when there are no vectors.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// True when `hash` has a vector.
    pub fn contains(&self, hash: &ChunkHash) -> bool {
        self.rows.contains_key(hash)
    }

    /// The vector of `hash`.
    pub fn get(&self, hash: &ChunkHash) -> Option<&[f32]> {
        self.rows
            .get(hash)
            .map(|&r| &self.matrix[r * self.dims..(r + 1) * self.dims])
    }

    /// Adds or replaces the vector of `hash`. The IVF index, if any, is dropped until
    /// [`DenseIndex::rebuild_ann`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the vector has the wrong length.
    pub fn insert(&mut self, hash: ChunkHash, vector: &[f32]) -> Result<()> {
        if vector.len() != self.dims {
            return Err(Error::invalid(format!(
                "vector has {} dimensions, the index {}",
                vector.len(),
                self.dims
            )));
        }
        self.ivf = None;
        match self.rows.get(&hash) {
            Some(&r) => self.matrix[r * self.dims..(r + 1) * self.dims].copy_from_slice(vector),
            None => {
                self.rows.insert(hash, self.hashes.len());
                self.hashes.push(hash);
                self.matrix.extend_from_slice(vector);
            }
        }
        Ok(())
    }

    /// Keeps only the vectors whose hash passes `keep`.
    pub fn retain(&mut self, mut keep: impl FnMut(&ChunkHash) -> bool) {
        let mut next = DenseIndex::new(self.dims, self.options);
        for (r, h) in self.hashes.iter().enumerate() {
            if keep(h) {
                next.rows.insert(*h, next.hashes.len());
                next.hashes.push(*h);
                next.matrix
                    .extend_from_slice(&self.matrix[r * self.dims..(r + 1) * self.dims]);
            }
        }
        *self = next;
    }

    /// The `k` nearest vectors to `query` by dot product, best first: exact below the IVF
    /// threshold, approximate above it (the IVF index is built on first use, see
    /// [`DenseIndex::rebuild_ann`]).
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(f32, ChunkHash)> {
        let rows = match &self.ivf {
            Some(ivf) if self.len() >= self.options.ivf_threshold => self.search_ivf(ivf, query, k),
            _ => self.search_exact(query, k),
        };
        rows.into_iter().map(|(s, r)| (s, self.hashes[r])).collect()
    }

    /// Exact top-k over every row.
    fn search_exact(&self, query: &[f32], k: usize) -> Vec<(f32, usize)> {
        if query.len() != self.dims || self.dims == 0 {
            return Vec::new();
        }
        let scored = self
            .matrix
            .chunks_exact(self.dims)
            .enumerate()
            .map(|(r, v)| (dot(query, v), r))
            .collect();
        top_k(scored, k)
    }

    fn search_ivf(&self, ivf: &Ivf, query: &[f32], k: usize) -> Vec<(f32, usize)> {
        if query.len() != self.dims {
            return Vec::new();
        }
        let near: Vec<(f32, usize)> = ivf
            .centroids
            .chunks_exact(self.dims)
            .enumerate()
            .map(|(c, v)| (dot(query, v), c))
            .collect();
        let mut scored = Vec::new();
        for (_, list) in top_k(near, self.options.nprobe) {
            let (rows, vectors) = &ivf.lists[list];
            scored.extend(
                vectors
                    .chunks_exact(self.dims)
                    .zip(rows)
                    .map(|(v, &r)| (dot(query, v), r)),
            );
        }
        top_k(scored, k)
    }

    /// Exact search even when an IVF index exists (for measuring the approximate one's recall).
    pub fn search_exact_hashes(&self, query: &[f32], k: usize) -> Vec<(f32, ChunkHash)> {
        self.search_exact(query, k)
            .into_iter()
            .map(|(s, r)| (s, self.hashes[r]))
            .collect()
    }

    /// True when queries currently go through the IVF index.
    pub fn uses_ann(&self) -> bool {
        self.ivf.is_some() && self.len() >= self.options.ivf_threshold
    }

    /// Builds the IVF index when the collection is past the threshold (k-means on a sample,
    /// √n lists, a few iterations); drops it below.
    pub fn rebuild_ann(&mut self) {
        let n = self.len();
        if n < self.options.ivf_threshold || n == 0 {
            self.ivf = None;
            return;
        }
        let d = self.dims;
        let nlist = ((n as f64).sqrt() as usize).clamp(1, 4096);
        // Deterministic sample: every step-th row, about 32 per list.
        let step = (n / (nlist * 32)).max(1);
        let sample: Vec<usize> = (0..n).step_by(step).collect();
        let mut centroids: Vec<f32> = (0..nlist)
            .flat_map(|c| {
                let r = sample[c * sample.len() / nlist];
                self.matrix[r * d..(r + 1) * d].to_vec()
            })
            .collect();
        let nearest = |centroids: &[f32], v: &[f32]| {
            centroids
                .chunks_exact(d)
                .enumerate()
                .map(|(c, cv)| (dot(v, cv), c))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map_or(0, |(_, c)| c)
        };
        for _ in 0..8 {
            let mut sums = vec![0f32; nlist * d];
            let mut counts = vec![0usize; nlist];
            for &r in &sample {
                let v = &self.matrix[r * d..(r + 1) * d];
                let c = nearest(&centroids, v);
                counts[c] += 1;
                sums[c * d..(c + 1) * d]
                    .iter_mut()
                    .zip(v)
                    .for_each(|(s, x)| *s += x);
            }
            for c in 0..nlist {
                if counts[c] == 0 {
                    continue;
                }
                let mean = &mut sums[c * d..(c + 1) * d];
                let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
                mean.iter_mut().for_each(|x| *x /= norm);
                centroids[c * d..(c + 1) * d].copy_from_slice(mean);
            }
        }
        let mut lists: Vec<(Vec<usize>, Vec<f32>)> = vec![(Vec::new(), Vec::new()); nlist];
        for r in 0..n {
            let v = &self.matrix[r * d..(r + 1) * d];
            let c = nearest(&centroids, v);
            lists[c].0.push(r);
            lists[c].1.extend_from_slice(v);
        }
        self.ivf = Some(Ivf { centroids, lists });
    }

    /// Writes every vector to `path` through a temporary file and a rename, synced to disk.
    ///
    /// # Errors
    /// I/O errors.
    pub fn save(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("tmp");
        {
            let file = std::fs::File::create(&tmp)?;
            let mut w = BufWriter::new(&file);
            w.write_all(MAGIC)?;
            w.write_all(&(self.dims as u64).to_le_bytes())?;
            w.write_all(&(self.len() as u64).to_le_bytes())?;
            for (r, h) in self.hashes.iter().enumerate() {
                w.write_all(h)?;
                for x in &self.matrix[r * self.dims..(r + 1) * self.dims] {
                    w.write_all(&x.to_le_bytes())?;
                }
            }
            w.flush()?;
            drop(w);
            file.sync_all()?;
        }
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent() {
            // Make the rename itself durable.
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    }

    /// Reads a file written by [`DenseIndex::save`].
    ///
    /// # Errors
    /// [`Error::Corrupt`] for a truncated or foreign file; I/O errors.
    pub fn load(path: &Path, options: DenseOptions) -> Result<Self> {
        let corrupt = |reason: &str| Error::Corrupt {
            format: "vector file".into(),
            reason: format!("{}: {reason}", path.display()),
        };
        let mut r = BufReader::new(std::fs::File::open(path)?);
        let mut header = [0u8; 24];
        r.read_exact(&mut header)
            .map_err(|_| corrupt("truncated header"))?;
        if &header[..8] != MAGIC {
            return Err(corrupt("not a careerkit vector file"));
        }
        let word = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[i..i + 8]);
            usize::try_from(u64::from_le_bytes(b)).map_err(|_| corrupt("size out of range"))
        };
        let (dims, count) = (word(8)?, word(16)?);
        let mut index = DenseIndex::new(dims, options);
        let mut row = vec![0u8; 32 + dims * 4];
        let mut vector = vec![0f32; dims];
        for _ in 0..count {
            r.read_exact(&mut row).map_err(|_| corrupt("truncated"))?;
            let mut hash = [0u8; 32];
            hash.copy_from_slice(&row[..32]);
            for (x, b) in vector.iter_mut().zip(row[32..].chunks_exact(4)) {
                *x = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
            index.insert(hash, &vector)?;
        }
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u64, d: usize) -> Vec<f32> {
        // xorshift: deterministic pseudo-random vectors.
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut v: Vec<f32> = (0..d)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s % 2000) as f32 / 1000.0 - 1.0
            })
            .collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    }

    fn hash(i: u64) -> ChunkHash {
        let mut h = [0u8; 32];
        h[..8].copy_from_slice(&i.to_le_bytes());
        h
    }

    #[test]
    fn dot_matches_the_naive_sum() {
        let (a, b) = (unit(1, 37), unit(2, 37));
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-6);
    }

    #[test]
    fn exact_search_finds_the_vector_itself_first_and_survives_save_load() {
        let mut idx = DenseIndex::new(16, DenseOptions::default());
        for i in 0..100 {
            idx.insert(hash(i), &unit(i, 16)).unwrap();
        }
        let top = idx.search(&unit(42, 16), 3);
        assert_eq!(top[0].1, hash(42));
        assert!(top[0].0 > top[1].0 && top[1].0 >= top[2].0);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.bin");
        idx.save(&path).unwrap();
        let back = DenseIndex::load(&path, DenseOptions::default()).unwrap();
        assert_eq!(back.len(), 100);
        assert_eq!(back.get(&hash(7)).unwrap(), idx.get(&hash(7)).unwrap());
        // A truncated file is refused, not half-read.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
        assert!(DenseIndex::load(&path, DenseOptions::default()).is_err());
        assert!(idx.insert(hash(1), &[0.0; 3]).is_err());
    }

    #[test]
    fn ivf_recall_stays_high_on_clustered_data() {
        let opts = DenseOptions {
            ivf_threshold: 1000,
            nprobe: 8,
        };
        let mut idx = DenseIndex::new(32, opts);
        // 50 clusters of 40 vectors around random centres.
        for i in 0..2000u64 {
            let centre = unit(i % 50 + 10_000, 32);
            let noise = unit(i, 32);
            let v: Vec<f32> = centre
                .iter()
                .zip(&noise)
                .map(|(c, n)| c + 0.3 * n)
                .collect();
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            let v: Vec<f32> = v.iter().map(|x| x / n).collect();
            idx.insert(hash(i), &v).unwrap();
        }
        idx.rebuild_ann();
        assert!(idx.uses_ann());
        let mut found = 0;
        for q in 0..50u64 {
            let query = idx.get(&hash(q * 37)).unwrap().to_vec();
            let exact: Vec<ChunkHash> = idx
                .search_exact_hashes(&query, 10)
                .into_iter()
                .map(|x| x.1)
                .collect();
            let approx = idx.search(&query, 10);
            found += approx.iter().filter(|(_, h)| exact.contains(h)).count();
        }
        assert!(
            found as f64 / 500.0 > 0.9,
            "recall@10 {}",
            found as f64 / 500.0
        );
        idx.retain(|h| h[0] % 2 == 0);
        assert_eq!(idx.len(), 1000);
        assert!(!idx.uses_ann());
    }
}
