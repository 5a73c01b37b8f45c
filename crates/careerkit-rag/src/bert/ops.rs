//! The numeric kernels of the BERT encoder, on plain `f32` slices.
//!
//! One matrix multiply ([`matmul`], a bounds-checked wrapper over the `gemm` crate and the only
//! `unsafe` of the encoder) and the element-wise passes fused around it, each one sweep over a
//! row that is already in cache: bias add, bias add + exact GELU, softmax, and bias add +
//! residual add + LayerNorm. `erf` and `exp` are polynomial/rational approximations written
//! without library calls so that the loops over a row vectorise; both are within a few units in
//! the last place of `f32` (the unit tests hold them to libm in `f64`).

use careerkit_core::{Error, Result};

/// A read-only, strided view of a `rows x cols` matrix inside a slice: element `(i, j)` is
/// `data[offset + i * row_stride + j * col_stride]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MatRef<'a> {
    /// The storage the matrix lives in.
    pub data: &'a [f32],
    /// Index of element `(0, 0)`.
    pub offset: usize,
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Distance between consecutive rows.
    pub row_stride: usize,
    /// Distance between consecutive columns.
    pub col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// A contiguous row-major `rows x cols` matrix at the start of `data`.
    pub fn row_major(data: &'a [f32], rows: usize, cols: usize) -> Self {
        MatRef {
            data,
            offset: 0,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// Whether every element lies inside `data`.
    fn in_bounds(&self) -> bool {
        if self.rows == 0 || self.cols == 0 {
            return self.offset <= self.data.len();
        }
        (self.rows - 1)
            .checked_mul(self.row_stride)
            .zip((self.cols - 1).checked_mul(self.col_stride))
            .and_then(|(r, c)| r.checked_add(c))
            .and_then(|last| last.checked_add(self.offset))
            .is_some_and(|last| last < self.data.len())
    }
}

fn shape_err(what: &str) -> Error {
    Error::engine("embedder", format!("internal shape mismatch in {what}"))
}

/// `dst = scale * lhs * rhs`, where `dst` is the contiguous row-major `lhs.rows x rhs.cols`
/// matrix at the start of the slice. Single-threaded: callers split the work across threads
/// (rows of a batch, attention heads), which keeps each fused epilogue on the thread and cache
/// that produced its rows.
///
/// # Errors
/// [`Error::Engine`] when the shapes disagree or a view reaches outside its slice (a bug, never
/// a property of the input).
pub(crate) fn matmul(dst: &mut [f32], lhs: MatRef<'_>, rhs: MatRef<'_>, scale: f32) -> Result<()> {
    let (m, k, n) = (lhs.rows, lhs.cols, rhs.cols);
    let dst_len = m.checked_mul(n).ok_or_else(|| shape_err("matmul"))?;
    if rhs.rows != k || dst.len() < dst_len || !lhs.in_bounds() || !rhs.in_bounds() {
        return Err(shape_err("matmul"));
    }
    if dst_len == 0 {
        return Ok(());
    }
    if k == 0 {
        dst[..dst_len].fill(0.0);
        return Ok(());
    }
    let stride = |s: usize| isize::try_from(s).map_err(|_| shape_err("matmul strides"));
    let (dst_rs, lhs_rs, lhs_cs, rhs_rs, rhs_cs) = (
        stride(n)?,
        stride(lhs.row_stride)?,
        stride(lhs.col_stride)?,
        stride(rhs.row_stride)?,
        stride(rhs.col_stride)?,
    );
    let lhs_ptr = lhs.data[lhs.offset..].as_ptr();
    let rhs_ptr = rhs.data[rhs.offset..].as_ptr();
    // SAFETY: `in_bounds` checked that every element `offset + i * row_stride + j * col_stride`
    // (i < rows, j < cols) of both operands lies inside its slice, and `dst` holds at least
    // `m * n` elements written at `i * n + j`. `dst` is borrowed mutably, so it aliases neither
    // operand. `read_dst` is false, so `dst` need not be initialised to anything meaningful.
    #[allow(unsafe_code)]
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            dst_rs,
            false,
            lhs_ptr,
            lhs_cs,
            lhs_rs,
            rhs_ptr,
            rhs_cs,
            rhs_rs,
            0.0,
            scale,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    Ok(())
}

/// Lanes of the partial sums below: independent accumulators let the compiler vectorise a
/// reduction it may not reorder otherwise.
const LANES: usize = 8;

/// The sum of `xs`, in `LANES` partial sums.
#[inline(always)]
fn sum(xs: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// The sum of `(x - mean)^2` over `xs`, in `LANES` partial sums.
#[inline(always)]
fn sum_sq_dev(xs: &[f32], mean: f32) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail: f32 = chunks
        .remainder()
        .iter()
        .map(|x| (x - mean) * (x - mean))
        .sum();
    for c in chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += (x - mean) * (x - mean);
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// Defines `$name`, which runs the `#[inline(always)]` function `$generic` compiled for AVX2
/// when the CPU has it (checked at run time, once per call; the answer is cached by std), and
/// as compiled (SSE2 on a default x86-64 build) otherwise. The element-wise passes are written
/// as plain loops that the compiler vectorises; AVX2 doubles their width.
macro_rules! dispatch_avx2 {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) => $generic:ident) => {
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[allow(unsafe_code)]
                #[target_feature(enable = "avx2")]
                unsafe fn avx2($($arg: $ty),*) {
                    $generic($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: `avx2` needs only the AVX2 instructions just detected.
                    #[allow(unsafe_code)]
                    unsafe {
                        avx2($($arg),*)
                    };
                    return;
                }
            }
            $generic($($arg),*)
        }
    };
}

/// `row += bias`.
pub(crate) fn add_bias(row: &mut [f32], bias: &[f32]) {
    for (x, b) in row.iter_mut().zip(bias) {
        *x += b;
    }
}

/// The error function, as a rational function of `x` on [-4, 4] (odd numerator of degree 13,
/// even denominator of degree 8; the coefficients Eigen and XLA use for `f32`); outside that
/// range `erf` is +-1 to within 1.6e-8. The rational function is within 7.5e-8 of `erf`;
/// evaluated in `f32` the result is within 4.2e-7 (a few units in the last place of values near
/// +-1), which moves a GELU output by under 1e-6. No branch or library call, so a loop over it
/// vectorises.
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_3e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 - 2.101_024e-6;
    p = p * x2 - 5.692_506_4e-5;
    p = p * x2 - 7.349_906_3e-4;
    p = p * x2 - 2.954_600_1e-3;
    p = p * x2 - 1.609_603_3e-2;
    let mut q = -1.456_607_2e-5_f32;
    q = q * x2 - 2.133_740_6e-4;
    q = q * x2 - 1.682_827e-3;
    q = q * x2 - 7.373_329_4e-3;
    q = q * x2 - 1.426_474e-2;
    x * p / q
}

dispatch_avx2! {
    /// `row = gelu(row + bias)` with the exact (erf) GELU, `0.5 x (1 + erf(x / sqrt 2))`, which
    /// is BERT's `hidden_act = "gelu"`.
    pub(crate) fn add_bias_gelu(row: &mut [f32], bias: &[f32]) => add_bias_gelu_generic
}

#[inline(always)]
fn add_bias_gelu_generic(row: &mut [f32], bias: &[f32]) {
    for (x, b) in row.iter_mut().zip(bias) {
        let v = *x + b;
        *x = 0.5 * v * (1.0 + erf(v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// `e^x` for `x` in [-87, 88] (clamped outside), Cephes' `expf`: `x = n ln 2 + r` with
/// `|r| <= ln 2 / 2`, a degree-6 polynomial for `e^r`, and `2^n` built in the exponent bits.
/// Relative error about 1e-7, no branch or library call.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    // 1.5 * 2^23: adding it rounds to an integer, kept in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let t = x * std::f32::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    // ln 2 split in two so `n * C1` is exact (C1 = 0.693359375 = 355/512).
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_2e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 0.166_666_65;
    p = p * r + 0.5;
    let y = p * r * r + r + 1.0;
    // The integer n sits in the low bits of t; 2^n has the biased exponent n + 127.
    let n_int = (t.to_bits() as i32).wrapping_sub(0x4B40_0000);
    let pow2 = f32::from_bits((n_int.wrapping_add(127) as u32) << 23);
    y * pow2
}

dispatch_avx2! {
    /// Softmax of `row` in place, over all of it: the caller passes only the keys a query may
    /// see (a sequence's own tokens), which is what BERT's additive padding mask amounts to.
    pub(crate) fn softmax(row: &mut [f32]) => softmax_generic
}

#[inline(always)]
fn softmax_generic(row: &mut [f32]) {
    let mut acc = [f32::NEG_INFINITY; LANES];
    let chunks = row.chunks_exact(LANES);
    let mut max = chunks
        .remainder()
        .iter()
        .fold(f32::NEG_INFINITY, |m, &x| if x > m { x } else { m });
    for c in chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a = if x > *a { x } else { *a };
        }
    }
    for a in acc {
        max = if a > max { a } else { max };
    }
    for x in row.iter_mut() {
        *x = exp(*x - max);
    }
    let inv = 1.0 / sum(row);
    for x in row.iter_mut() {
        *x *= inv;
    }
}

/// The parameters of one LayerNorm.
#[derive(Debug, Clone)]
pub(crate) struct LayerNorm {
    /// Scale per feature (`weight`, or `gamma` in old checkpoints).
    pub gamma: Vec<f32>,
    /// Shift per feature (`bias`, or `beta`).
    pub beta: Vec<f32>,
    /// Added to the variance.
    pub eps: f32,
}

impl LayerNorm {
    /// Normalises `row` in place: `(x - mean) / sqrt(var + eps) * gamma + beta`, with the
    /// biased variance, as PyTorch computes it (two passes, for accuracy).
    pub fn apply(&self, row: &mut [f32]) {
        add_layer_norm(row, &[], &[], &self.gamma, &self.beta, self.eps);
    }

    /// `residual = LayerNorm(x + bias + residual)`: the end of a BERT attention or feed-forward
    /// block in one pass over the row.
    pub fn add_bias_residual(&self, residual: &mut [f32], x: &[f32], bias: &[f32]) {
        add_layer_norm(residual, x, bias, &self.gamma, &self.beta, self.eps);
    }
}

dispatch_avx2! {
    /// `row = LayerNorm(row + x + bias)`; `x` and `bias` empty: `row = LayerNorm(row)`.
    fn add_layer_norm(
        row: &mut [f32],
        x: &[f32],
        bias: &[f32],
        gamma: &[f32],
        beta: &[f32],
        eps: f32
    ) => add_layer_norm_generic
}

#[inline(always)]
fn add_layer_norm_generic(
    row: &mut [f32],
    x: &[f32],
    bias: &[f32],
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
) {
    if !x.is_empty() {
        for ((r, x), b) in row.iter_mut().zip(x).zip(bias) {
            *r += x + b;
        }
    }
    let n = row.len() as f32;
    let mean = sum(row) / n;
    let inv = 1.0 / (sum_sq_dev(row, mean) / n + eps).sqrt();
    for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
        *v = (*v - mean) * inv * g + b;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Points from -limit to limit in steps of `step`.
    fn grid(limit: f32, step: f32) -> impl Iterator<Item = f32> {
        let n = (2.0 * limit / step) as i32;
        (0..=n).map(move |i| -limit + i as f32 * step)
    }

    #[test]
    fn erf_is_within_5e_7_of_libm() {
        let mut worst = 0f64;
        for x in grid(6.0, 1e-3).chain([0.0, 1e-6, -1e-6, 30.0, -30.0]) {
            let d = (f64::from(erf(x)) - libm::erf(f64::from(x))).abs();
            worst = worst.max(d);
        }
        // f32 rounding of values near +-1 dominates: the approximation itself is 7.5e-8.
        assert!(worst < 5e-7, "largest error {worst:e}");
        for (x, want) in [(f32::INFINITY, 1.0), (f32::NEG_INFINITY, -1.0)] {
            assert!((erf(x) - want).abs() < 5e-7, "erf({x}) = {}", erf(x));
        }
    }

    #[test]
    fn bias_gelu_matches_exact_gelu() {
        let xs: Vec<f32> = grid(8.0, 1e-3).collect();
        let bias: Vec<f32> = (0..xs.len())
            .map(|i| (i % 7) as f32 * 0.01 - 0.03)
            .collect();
        let mut got = xs.clone();
        add_bias_gelu(&mut got, &bias);
        for ((x, b), g) in xs.iter().zip(&bias).zip(&got) {
            let v = f64::from(x + b);
            let want = 0.5 * v * (1.0 + libm::erf(v / std::f64::consts::SQRT_2));
            assert!(
                (f64::from(*g) - want).abs() < 1e-6 * (1.0 + want.abs()),
                "gelu({v}) = {g}, want {want}"
            );
        }
    }

    #[test]
    fn exp_has_relative_error_under_3e_7() {
        for x in grid(87.0, 1e-3) {
            let want = f64::from(x).exp();
            let rel = (f64::from(exp(x)) - want).abs() / want;
            assert!(rel < 3e-7, "exp({x}): relative error {rel:e}");
        }
        assert!(exp(-1000.0) < 1e-37 && exp(-1000.0) >= 0.0);
    }

    /// Softmax in `f64` of the keys `mask` lets through, 0 for the others: what BERT computes
    /// with its additive mask.
    fn masked_softmax_reference(scores: &[f32], mask: &[bool]) -> Vec<f64> {
        let max = scores
            .iter()
            .zip(mask)
            .filter(|(_, &m)| m)
            .map(|(&s, _)| f64::from(s))
            .fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = scores
            .iter()
            .zip(mask)
            .map(|(&s, &m)| if m { (f64::from(s) - max).exp() } else { 0.0 })
            .collect();
        let total: f64 = e.iter().sum();
        e.iter().map(|x| x / total).collect()
    }

    #[test]
    fn softmax_over_the_visible_keys_matches_a_masked_softmax() {
        for len in [1usize, 3, 8, 13, 64, 257] {
            let scores: Vec<f32> = (0..len)
                .map(|i| ((i * 37 % 11) as f32 - 5.0) * 1.7 + (i as f32).sin() * 3.0)
                .collect();
            // A padded row: the sequence's keys, then padding keys holding large scores that
            // a mask must hide.
            let mut padded = scores.clone();
            padded.extend([50.0, -3.0, 8.0]);
            let mask: Vec<bool> = (0..padded.len()).map(|i| i < len).collect();
            let want = masked_softmax_reference(&padded, &mask);
            let mut got = scores.clone();
            softmax(&mut got);
            for (g, w) in got.iter().zip(&want) {
                assert!((f64::from(*g) - w).abs() < 1e-6, "len {len}: {g} vs {w}");
            }
            assert!(want[len..].iter().all(|&w| w == 0.0));
            assert!((sum(&got) - 1.0).abs() < 1e-5);
        }
    }

    fn layer_norm_reference(x: &[f64], gamma: &[f32], beta: &[f32], eps: f64) -> Vec<f64> {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        x.iter()
            .zip(gamma)
            .zip(beta)
            .map(|((v, &g), &b)| (v - mean) / (var + eps).sqrt() * f64::from(g) + f64::from(b))
            .collect()
    }

    #[test]
    fn residual_layer_norm_matches_the_definition() {
        for width in [5usize, 16, 384, 1001] {
            let x: Vec<f32> = (0..width).map(|i| (i as f32 * 0.37).sin() * 4.0).collect();
            let bias: Vec<f32> = (0..width).map(|i| (i % 5) as f32 * 0.1).collect();
            let residual: Vec<f32> = (0..width).map(|i| 10.0 + (i as f32).cos()).collect();
            let norm = LayerNorm {
                gamma: (0..width).map(|i| 1.0 + (i % 3) as f32 * 0.5).collect(),
                beta: (0..width).map(|i| (i % 4) as f32 * -0.2).collect(),
                eps: 1e-12,
            };
            let sum: Vec<f64> = x
                .iter()
                .zip(&bias)
                .zip(&residual)
                .map(|((a, b), r)| f64::from(*a) + f64::from(*b) + f64::from(*r))
                .collect();
            let want = layer_norm_reference(&sum, &norm.gamma, &norm.beta, 1e-12);
            let mut got = residual.clone();
            norm.add_bias_residual(&mut got, &x, &bias);
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (f64::from(*g) - w).abs() < 2e-5,
                    "width {width}: {g} vs {w}"
                );
            }
        }
    }

    #[test]
    fn matmul_handles_strided_and_transposed_views() {
        // lhs 3x4 taken from columns 1..5 of a 3x6 buffer; rhs = the transpose of a 2x4 matrix.
        let buf: Vec<f32> = (0..18).map(|i| i as f32 * 0.5 - 2.0).collect();
        let lhs = MatRef {
            data: &buf,
            offset: 1,
            rows: 3,
            cols: 4,
            row_stride: 6,
            col_stride: 1,
        };
        let w: Vec<f32> = (0..8).map(|i| (i as f32).cos()).collect();
        let rhs = MatRef {
            data: &w,
            offset: 0,
            rows: 4,
            cols: 2,
            row_stride: 1,
            col_stride: 4,
        };
        let mut dst = vec![f32::NAN; 6];
        matmul(&mut dst, lhs, rhs, 0.5).unwrap();
        for i in 0..3 {
            for j in 0..2 {
                let want: f32 = (0..4)
                    .map(|k| buf[1 + i * 6 + k] * w[j * 4 + k])
                    .sum::<f32>();
                assert!((dst[i * 2 + j] - 0.5 * want).abs() < 1e-5);
            }
        }
        // A view reaching past its slice is refused, not read.
        let bad = MatRef { rows: 4, ..lhs };
        assert!(matmul(&mut [0.0; 8], bad, rhs, 1.0).is_err());
    }
}
