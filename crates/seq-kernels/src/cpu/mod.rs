//! CPU kernels on plain `f32` slices (row-major, channels-first): the fused convolution → (ReLU) → max-pool
//! forward and its sparse backward. Sequences run in parallel on rayon's pool; every result is independent
//! of the number of threads (partial weight gradients are summed in a fixed order).

mod dense;
pub mod lstm;
pub mod math;
pub mod onehot;
mod tile;

use rayon::prelude::*;

pub use tile::{conv_rows, Isa, PackedWeights, TILE_F, TILE_P};

use super::{ConvPoolOptions, GradsWanted};

/// Sequences per parallel task of the backward pass (fixes the summation order of weight gradients).
const BACKWARD_CHUNK: usize = 8;

/// Sizes of one fused call: `x (N, C, L)`, `weight (F, C, K)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvPoolShape {
    /// Sequences.
    pub batch: usize,
    /// Input channels.
    pub channels: usize,
    /// Input length.
    pub length: usize,
    /// Filters.
    pub filters: usize,
    /// Kernel width.
    pub width: usize,
}

impl ConvPoolShape {
    /// Convolution output length.
    pub fn conv_length(&self, o: &ConvPoolOptions) -> usize {
        o.conv_length(self.length, self.width)
    }

    /// Pooled output length.
    pub fn pooled_length(&self, o: &ConvPoolOptions) -> usize {
        o.pooled_length(self.conv_length(o))
    }
}

/// Per-thread buffers of the forward pass.
struct Scratch {
    xpad: Vec<f32>,
    conv: Vec<f32>,
    bases: Vec<u8>,
    offsets: Vec<u32>,
}

/// Forward pass: fills `out (N, F, P)` and, when given, `argmax (N, F, P)` (position of each window's
/// maximum in the convolution output, `-1` where ReLU zeroes the output; ties go to the first position).
#[allow(clippy::too_many_arguments)]
pub fn conv_pool_forward(
    isa: Isa,
    s: ConvPoolShape,
    o: ConvPoolOptions,
    x: &[f32],
    weight: &[f32],
    bias: &[f32],
    out: &mut [f32],
    argmax: Option<&mut [i32]>,
) {
    let (lc, p) = (s.conv_length(&o), s.pooled_length(&o));
    assert_eq!(x.len(), s.batch * s.channels * s.length, "input size");
    assert_eq!(out.len(), s.batch * s.filters * p, "output size");
    let packed = PackedWeights::new(weight, bias, s.filters, s.channels, s.width);
    let tiles = lc.div_ceil(TILE_P);
    let row_len = tiles * TILE_P + s.width - 1;
    // One-hot sequences (4 channels) take the gather path; others the dense micro-kernel.
    let gather = (s.channels == 4).then(|| onehot::GatherTable::new(weight, bias, s.filters, s.width));
    let fp = gather.as_ref().map_or(0, |g| g.padded_filters);
    let init = || Scratch {
        xpad: vec![0.0; s.channels * row_len],
        conv: vec![0.0; (packed.blocks() * TILE_F * tiles * TILE_P).max(lc * fp)],
        bases: vec![onehot::ZERO; if gather.is_some() { onehot::bases_len(lc, s.width) } else { 0 }],
        offsets: vec![0; if gather.is_some() { onehot::bases_len(lc, s.width) } else { 0 }],
    };
    let per_seq = |sc: &mut Scratch, n: usize, out: &mut [f32], arg: Option<&mut [i32]>| {
        let xs = &x[n * s.channels * s.length..(n + 1) * s.channels * s.length];
        if let Some(table) = gather.as_ref() {
            if onehot::encode_bases(xs, s.length, o.pad_left, &mut sc.bases) {
                onehot::conv_gather(isa, table, &sc.bases, &mut sc.offsets, lc, &mut sc.conv);
                onehot::pool_transposed(&sc.conv, fp, s.filters, p, &o, out, arg);
                return;
            }
        }
        for c in 0..s.channels {
            // Zero columns before and after the sequence stay zero: only the interior is rewritten.
            sc.xpad[c * row_len + o.pad_left..c * row_len + o.pad_left + s.length]
                .copy_from_slice(&xs[c * s.length..(c + 1) * s.length]);
        }
        tile::conv_rows(isa, &packed, &sc.xpad, row_len, tiles, &mut sc.conv);
        pool_rows(&sc.conv, tiles * TILE_P, s.filters, p, &o, out, arg);
    };
    let chunk = s.filters * p;
    match argmax {
        Some(arg) => {
            assert_eq!(arg.len(), out.len(), "argmax size");
            out.par_chunks_mut(chunk)
                .zip(arg.par_chunks_mut(chunk))
                .enumerate()
                .for_each_init(init, |sc, (n, (o, a))| per_seq(sc, n, o, Some(a)));
        }
        None => out.par_chunks_mut(chunk).enumerate().for_each_init(init, |sc, (n, o)| per_seq(sc, n, o, None)),
    }
}

/// Max-pools (with ReLU when asked) each filter's convolution row (`ld` apart) into `out (F, P)`.
fn pool_rows(
    conv: &[f32],
    ld: usize,
    filters: usize,
    p: usize,
    o: &ConvPoolOptions,
    out: &mut [f32],
    mut arg: Option<&mut [i32]>,
) {
    if o.pool_width == 1 && o.pool_stride == 1 {
        // A standalone convolution: every output its own window (vectorised).
        for f in 0..filters {
            let (row, dst) = (&conv[f * ld..f * ld + p], &mut out[f * p..(f + 1) * p]);
            match arg.as_deref_mut() {
                Some(arg) => {
                    let arg = &mut arg[f * p..(f + 1) * p];
                    for (j, ((d, a), &v)) in dst.iter_mut().zip(arg.iter_mut()).zip(row).enumerate() {
                        let dead = o.relu && v <= 0.0;
                        *d = if dead { 0.0 } else { v };
                        *a = if dead { -1 } else { j as i32 };
                    }
                }
                None => dst.iter_mut().zip(row).for_each(|(d, &v)| *d = if o.relu && v <= 0.0 { 0.0 } else { v }),
            }
        }
        return;
    }
    for f in 0..filters {
        let row = &conv[f * ld..f * ld + ld];
        for j in 0..p {
            let start = j * o.pool_stride;
            let window = &row[start..start + o.pool_width];
            let (mut best, mut at) = (window[0], 0usize);
            for (i, &v) in window.iter().enumerate().skip(1) {
                if v > best {
                    best = v;
                    at = i;
                }
            }
            let dead = o.relu && best <= 0.0;
            out[f * p + j] = if dead { 0.0 } else { best };
            if let Some(arg) = arg.as_deref_mut() {
                arg[f * p + j] = if dead { -1 } else { (start + at) as i32 };
            }
        }
    }
}

/// Gradients of [`conv_pool_forward`] (those `wanted`): `(dx (N, C, L), dweight (F, C, K), dbias (F))`.
/// Only the pooled maxima carry gradient, so the work is `N·F·P·C·K` multiply-adds per gradient. A standalone
/// convolution (windows of width 1, stride 1) takes the dense row-wise path (`cpu/dense.rs`).
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn conv_pool_backward(
    s: ConvPoolShape,
    o: ConvPoolOptions,
    x: &[f32],
    weight: &[f32],
    argmax: &[i32],
    grad: &[f32],
    wanted: GradsWanted,
) -> (Option<Vec<f32>>, Option<Vec<f32>>, Option<Vec<f32>>) {
    let p = s.pooled_length(&o);
    let (c, k, l) = (s.channels, s.width, s.length);
    let lp = l + o.pad_left + o.pad_right;
    assert_eq!(x.len(), s.batch * c * l, "input size");
    assert_eq!(weight.len(), s.filters * c * k, "kernel size");
    assert!(argmax.len() == s.batch * s.filters * p && grad.len() == argmax.len(), "gradient size");
    if dense::applies(&o) {
        return dense::conv_backward(s, o, x, weight, argmax, grad, wanted);
    }
    let lc = s.conv_length(&o);
    let mut dx = wanted.x.then(|| vec![0.0f32; x.len()]);
    let seq_len = c * l;
    let chunk_len = BACKWARD_CHUNK * seq_len;
    let chunks = s.batch.div_ceil(BACKWARD_CHUNK);
    // dx chunks (or none) paired with their chunk index.
    let mut dx_chunks: Vec<Option<&mut [f32]>> = match dx.as_deref_mut() {
        Some(d) => d.chunks_mut(chunk_len).map(Some).collect(),
        None => (0..chunks).map(|_| None).collect(),
    };
    // The kernel as (F, K, C): one filter's taps for all channels are one contiguous run, matching the
    // position-major (Lp, C) layout of the input gradient below.
    let mut weight_t = vec![0.0f32; if wanted.x { weight.len() } else { 0 }];
    if wanted.x {
        for f in 0..s.filters {
            for ch in 0..c {
                for kk in 0..k {
                    weight_t[(f * k + kk) * c + ch] = weight[(f * c + ch) * k + kk];
                }
            }
        }
    }
    let partials: Vec<(Vec<f32>, Vec<f32>)> = dx_chunks
        .par_iter_mut()
        .enumerate()
        .map(|(ci, dx_chunk)| {
            let mut dw = vec![0.0f32; if wanted.weight { weight.len() } else { 0 }];
            let mut db = vec![0.0f32; if wanted.bias { s.filters } else { 0 }];
            let mut xpad = vec![0.0f32; if wanted.weight { c * lp } else { 0 }];
            // Input gradient of one sequence, position-major: dxpad[q·C + ch].
            let mut dxpad = vec![0.0f32; if dx_chunk.is_some() { lp * c } else { 0 }];
            let one_hot_possible = wanted.weight && c == 4;
            let mut bases = vec![onehot::ZERO; if one_hot_possible { onehot::bases_len(lc, k) } else { 0 }];
            // Kernel gradient of one-hot sequences as (F, K, 5): slot 4 collects the all-zero columns.
            let mut dw5 = vec![0.0f32; if one_hot_possible { s.filters * k * 5 } else { 0 }];
            let first = ci * BACKWARD_CHUNK;
            for n in first..(first + BACKWARD_CHUNK).min(s.batch) {
                let xs = &x[n * seq_len..(n + 1) * seq_len];
                // One-hot input: the kernel gradient is a scatter of g into the taps' bases.
                let one_hot = one_hot_possible && onehot::encode_bases(xs, l, o.pad_left, &mut bases);
                if wanted.weight && !one_hot {
                    for ch in 0..c {
                        xpad[ch * lp + o.pad_left..ch * lp + o.pad_left + l].copy_from_slice(&xs[ch * l..(ch + 1) * l]);
                    }
                }
                dxpad.fill(0.0);
                for f in 0..s.filters {
                    for j in 0..p {
                        let at = argmax[(n * s.filters + f) * p + j];
                        if at < 0 || at as usize >= lc {
                            continue;
                        }
                        let (a, g) = (at as usize, grad[(n * s.filters + f) * p + j]);
                        if wanted.bias {
                            db[f] += g;
                        }
                        if dx_chunk.is_some() {
                            let src = &weight_t[f * k * c..(f + 1) * k * c];
                            let dst = &mut dxpad[a * c..(a + k) * c];
                            dst.iter_mut().zip(src).for_each(|(d, w)| *d += g * w);
                        }
                        if one_hot {
                            let cells = dw5[f * k * 5..(f + 1) * k * 5].chunks_exact_mut(5);
                            for (cell, &b) in cells.zip(&bases[a..a + k]) {
                                cell[b as usize] += g;
                            }
                        } else if wanted.weight {
                            for ch in 0..c {
                                let xr = &xpad[ch * lp + a..ch * lp + a + k];
                                let dwr = &mut dw[(f * c + ch) * k..(f * c + ch + 1) * k];
                                dwr.iter_mut().zip(xr).for_each(|(d, x)| *d += g * x);
                            }
                        }
                    }
                }
                if let Some(dxc) = dx_chunk.as_deref_mut() {
                    let dst = &mut dxc[(n - first) * seq_len..(n - first + 1) * seq_len];
                    for ch in 0..c {
                        for (q, d) in dst[ch * l..(ch + 1) * l].iter_mut().enumerate() {
                            *d = dxpad[(q + o.pad_left) * c + ch];
                        }
                    }
                }
            }
            if one_hot_possible {
                for f in 0..s.filters {
                    for kk in 0..k {
                        for b in 0..4 {
                            dw[(f * 4 + b) * k + kk] += dw5[(f * k + kk) * 5 + b];
                        }
                    }
                }
            }
            (dw, db)
        })
        .collect();
    drop(dx_chunks);
    let (dw, db) = sum_partials(&partials, wanted, weight.len(), s.filters);
    (dx, dw, db)
}

/// The kernel and bias gradients (those `wanted`) as the sum of per-chunk partials, in chunk order.
#[allow(clippy::type_complexity)]
fn sum_partials(
    partials: &[(Vec<f32>, Vec<f32>)],
    wanted: GradsWanted,
    weight_len: usize,
    filters: usize,
) -> (Option<Vec<f32>>, Option<Vec<f32>>) {
    let (mut dw, mut db) =
        (wanted.weight.then(|| vec![0.0f32; weight_len]), wanted.bias.then(|| vec![0.0f32; filters]));
    for (pw, pb) in partials {
        if let Some(dw) = dw.as_mut() {
            dw.iter_mut().zip(pw).for_each(|(a, b)| *a += b);
        }
        if let Some(db) = db.as_mut() {
            db.iter_mut().zip(pb).for_each(|(a, b)| *a += b);
        }
    }
    (dw, db)
}
