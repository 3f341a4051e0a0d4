//! Backward of a standalone convolution (+ ReLU): the fused operation with pooling windows of width 1 and
//! stride 1, where every convolution output carries a gradient. The sparse walk over pooled maxima of
//! [`super::conv_pool_backward`] would visit each output with `C·K`-long inner loops; here the gradients are
//! whole-row operations instead, each `L'` long:
//!
//! - kernel: `dW[f, c, k] = Σ_j g[f, j] · x[c, j + k]` (an 8-lane dot product),
//! - input: `dx[c, j + k] += W[f, c, k] · g[f, j]` (an axpy over the row),
//!
//! where `g` is the output gradient with ReLU's zeros applied. Both are compiled once portably and once with
//! AVX2 (the same arithmetic in the same order: the results do not depend on the CPU).

use rayon::prelude::*;

use super::{ConvPoolShape, BACKWARD_CHUNK};
use crate::{ConvPoolOptions, GradsWanted};

/// Lanes of the dot-product accumulator (a fixed summation order on every CPU).
const LANES: usize = 8;

/// Whether `o` describes a standalone convolution (every output its own pooling window).
pub(super) fn applies(o: &ConvPoolOptions) -> bool {
    o.pool_width == 1 && o.pool_stride == 1
}

/// Gradients of a standalone convolution: as [`super::conv_pool_backward`] for `pool_width = pool_stride = 1`.
#[allow(clippy::type_complexity)]
pub(super) fn conv_backward(
    s: ConvPoolShape,
    o: ConvPoolOptions,
    x: &[f32],
    weight: &[f32],
    argmax: &[i32],
    grad: &[f32],
    wanted: GradsWanted,
) -> (Option<Vec<f32>>, Option<Vec<f32>>, Option<Vec<f32>>) {
    let (c, l, f) = (s.channels, s.length, s.filters);
    let lc = s.conv_length(&o);
    let seq_len = c * l;
    let mut dx = wanted.x.then(|| vec![0.0f32; x.len()]);
    let chunks = s.batch.div_ceil(BACKWARD_CHUNK);
    let mut dx_chunks: Vec<Option<&mut [f32]>> = match dx.as_deref_mut() {
        Some(d) => d.chunks_mut(BACKWARD_CHUNK * seq_len).map(Some).collect(),
        None => (0..chunks).map(|_| None).collect(),
    };
    let isa_avx2 = super::Isa::Avx2Fma.available();
    let partials: Vec<(Vec<f32>, Vec<f32>)> = dx_chunks
        .par_iter_mut()
        .enumerate()
        .map(|(ci, dx_chunk)| {
            let mut acc = Partial::new(s, o, wanted);
            let first = ci * BACKWARD_CHUNK;
            for n in first..(first + BACKWARD_CHUNK).min(s.batch) {
                let at = (n * f * lc)..((n + 1) * f * lc);
                let seq = Seq { x: &x[n * seq_len..(n + 1) * seq_len], argmax: &argmax[at.clone()], grad: &grad[at] };
                let dxs = dx_chunk.as_deref_mut().map(|d| &mut d[(n - first) * seq_len..(n - first + 1) * seq_len]);
                if isa_avx2 {
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: the CPU supports AVX2 (checked above).
                    unsafe {
                        acc.add_avx2(weight, &seq, dxs)
                    };
                    #[cfg(not(target_arch = "x86_64"))]
                    acc.add(weight, &seq, dxs);
                } else {
                    acc.add(weight, &seq, dxs);
                }
            }
            (acc.dw, acc.db)
        })
        .collect();
    drop(dx_chunks);
    let (dw, db) = super::sum_partials(&partials, wanted, weight.len(), f);
    (dx, dw, db)
}

/// One sequence's input `(C, L)`, and its argmax and output gradient `(F, L')`.
struct Seq<'a> {
    x: &'a [f32],
    argmax: &'a [i32],
    grad: &'a [f32],
}

/// The parameter gradients of a chunk of sequences, and the per-sequence buffers.
struct Partial {
    s: ConvPoolShape,
    o: ConvPoolOptions,
    wanted: GradsWanted,
    lc: usize,
    lp: usize,
    dw: Vec<f32>,
    db: Vec<f32>,
    /// Output gradient with ReLU's zeros applied, `(F, L')`.
    g: Vec<f32>,
    /// Zero-padded input `(C, Lp)`.
    xpad: Vec<f32>,
    /// Zero-padded input gradient `(C, Lp)`.
    dxpad: Vec<f32>,
}

impl Partial {
    fn new(s: ConvPoolShape, o: ConvPoolOptions, wanted: GradsWanted) -> Self {
        let (lc, lp) = (s.conv_length(&o), s.length + o.pad_left + o.pad_right);
        Self {
            s,
            o,
            wanted,
            lc,
            lp,
            dw: vec![0.0; if wanted.weight { s.filters * s.channels * s.width } else { 0 }],
            db: vec![0.0; if wanted.bias { s.filters } else { 0 }],
            g: vec![0.0; s.filters * lc],
            xpad: vec![0.0; if wanted.weight { s.channels * lp } else { 0 }],
            dxpad: vec![0.0; if wanted.x { s.channels * lp } else { 0 }],
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_avx2(&mut self, weight: &[f32], seq: &Seq, dx: Option<&mut [f32]>) {
        self.add(weight, seq, dx)
    }

    /// Adds one sequence's gradients.
    #[inline(always)]
    fn add(&mut self, weight: &[f32], seq: &Seq, dx: Option<&mut [f32]>) {
        let ConvPoolShape { channels: c, length: l, filters, width: k, .. } = self.s;
        let (lc, lp, pad) = (self.lc, self.lp, self.o.pad_left);
        for ((g, &a), &v) in self.g.iter_mut().zip(seq.argmax).zip(seq.grad) {
            *g = if a < 0 { 0.0 } else { v };
        }
        if self.wanted.bias {
            for (db, row) in self.db.iter_mut().zip(self.g.chunks_exact(lc)) {
                *db += row.iter().sum::<f32>();
            }
        }
        if self.wanted.weight {
            for ch in 0..c {
                self.xpad[ch * lp + pad..ch * lp + pad + l].copy_from_slice(&seq.x[ch * l..(ch + 1) * l]);
            }
            for f in 0..filters {
                let g = &self.g[f * lc..(f + 1) * lc];
                for ch in 0..c {
                    for kk in 0..k {
                        let xs = &self.xpad[ch * lp + kk..ch * lp + kk + lc];
                        self.dw[(f * c + ch) * k + kk] += dot(g, xs);
                    }
                }
            }
        }
        if let Some(dx) = dx {
            self.dxpad.fill(0.0);
            for ch in 0..c {
                let row = &mut self.dxpad[ch * lp..(ch + 1) * lp];
                for f in 0..filters {
                    let g = &self.g[f * lc..(f + 1) * lc];
                    for kk in 0..k {
                        let w = weight[(f * c + ch) * k + kk];
                        row[kk..kk + lc].iter_mut().zip(g).for_each(|(d, g)| *d += w * g);
                    }
                }
                dx[ch * l..(ch + 1) * l].copy_from_slice(&row[pad..pad + l]);
            }
        }
    }
}

/// `Σ a[i]·b[i]` in [`LANES`] partial sums (vectorisable; the same order on every CPU).
#[inline(always)]
pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}
