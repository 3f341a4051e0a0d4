//! The multipliers of one (input, reference) pair, carried back from the explained logit to the input
//! through the traces of both forward passes.
//!
//! The two halves of tangermeme's stacked batch are tracked as `gx` (the input's multipliers) and `gr` (the
//! reference's). They start equal (the explained logit of each), a max-pool rule makes them equal again,
//! and the rescale rule makes them differ only where `|Δin| < 1e-6` and the two gradients differ — so `gr`
//! is `None` ("equal to `gx`") unless that happened, and it is dropped once no max-pool below reads it.

use super::forward::{Scratch, Trace};
use super::{ConvKernels, DeepLift, RESCALE_EPS};
use crate::ism::{Conv, Dense, Stage};
use crate::Activation;

impl DeepLift {
    /// Multipliers of `x`'s input against `r`'s for logit `target`, written channels-first `(4, L)` to `out`.
    pub(super) fn backward(&self, x: &Trace, r: &Trace, target: usize, s: &mut Scratch, out: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of `backward_avx2`.
            unsafe { self.backward_avx2(x, r, target, s, out) };
            return;
        }
        self.backward_any(x, r, target, s, out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn backward_avx2(&self, x: &Trace, r: &Trace, target: usize, s: &mut Scratch, out: &mut [f32]) {
        self.backward_any(x, r, target, s, out);
    }

    #[inline(always)]
    fn backward_any(&self, x: &Trace, r: &Trace, target: usize, s: &mut Scratch, out: &mut [f32]) {
        // Whether a max-pool among the first `upto` stages will read the reference half.
        let pools_below = |upto: usize| self.stages[..upto].iter().any(|s| !matches!(s, Stage::Conv(_)));
        let mut gx = vec![0.0f32; self.outputs];
        gx[target] = 1.0;
        let mut gr: Option<Vec<f32>> = None;
        let need = pools_below(self.stages.len());
        for (i, layer) in self.dense.iter().enumerate().rev() {
            if layer.activation != Activation::Linear {
                let (xs, rs) =
                    ((&x.dense_pre[i][..], &x.dense_post[i][..]), (&r.dense_pre[i][..], &r.dense_post[i][..]));
                rescale(layer.activation, xs, rs, &mut gx, &mut gr, need);
            }
            gx = dense_back(layer, &gx);
            gr = gr.map(|g| dense_back(layer, &g));
        }
        let (flat_len, channels) = self.flat_shape();
        gx = unflatten(&gx, flat_len, channels);
        gr = gr.map(|g| unflatten(&g, flat_len, channels));
        for (i, stage) in self.stages.iter().enumerate().rev() {
            let need = pools_below(i);
            match (stage, &self.kernels[i]) {
                (Stage::Conv(conv), Some(k)) => {
                    if conv.activation != Activation::Linear {
                        let (xs, rs) = ((&x.pres[i][..], &x.acts[i + 1][..]), (&r.pres[i][..], &r.acts[i + 1][..]));
                        rescale(conv.activation, xs, rs, &mut gx, &mut gr, need);
                    }
                    let m = conv_back(conv, k, &gx, s.zeros(conv.len_in * conv.channels));
                    s.spare.push(std::mem::replace(&mut gx, m));
                    gr = match gr.take() {
                        Some(g) if need => Some(conv_back(conv, k, &g, s.zeros(conv.len_in * conv.channels))),
                        _ => None,
                    };
                }
                (stage, _) => {
                    let overlap = matches!(stage, Stage::Pool(p) if p.stride < p.width);
                    let g_ref = gr.as_deref().unwrap_or(&gx);
                    let halves = [
                        (&x.acts[i][..], &x.acts[i + 1][..], &x.argmax[i][..]),
                        (&r.acts[i][..], &r.acts[i + 1][..], &r.argmax[i][..]),
                    ];
                    let m = pool_rule(halves, &gx, g_ref, overlap, s.zeros(x.acts[i].len()));
                    s.spare.push(std::mem::replace(&mut gx, m));
                    if let Some(g) = gr.take() {
                        s.spare.push(g);
                    }
                }
            }
        }
        let len = self.input_length;
        for (p, column) in gx.chunks_exact(4).enumerate() {
            for (b, &v) in column.iter().enumerate() {
                out[b * len + p] = v;
            }
        }
    }
}

/// The rescale rule in place: `g · Δout / Δin`, or each half's `g · f'(in)` where `|Δin| <` [`RESCALE_EPS`].
/// `x` and `r` are (pre-activation, output) of the input and the reference; `need` says whether the
/// reference half is still read below.
#[inline(always)]
fn rescale(
    activation: Activation,
    x: (&[f32], &[f32]),
    r: (&[f32], &[f32]),
    gx: &mut [f32],
    gr: &mut Option<Vec<f32>>,
    need: bool,
) {
    // One monomorphised loop per activation (the derivative from the input and output, as PyTorch's
    // backward computes it), so that the loops vectorise.
    match activation {
        Activation::Relu => rescale_with(|i, _| if i > 0.0 { 1.0 } else { 0.0 }, x, r, gx, gr, need),
        Activation::Linear => rescale_with(|_, _| 1.0, x, r, gx, gr, need),
        Activation::Exp => rescale_with(|_, o| o, x, r, gx, gr, need),
        Activation::Sigmoid => rescale_with(|_, o| o * (1.0 - o), x, r, gx, gr, need),
        Activation::Tanh => rescale_with(|_, o| 1.0 - o * o, x, r, gx, gr, need),
    }
}

#[inline(always)]
fn rescale_with(
    derivative: impl Fn(f32, f32) -> f32,
    (xi, xo): (&[f32], &[f32]),
    (ri, ro): (&[f32], &[f32]),
    gx: &mut [f32],
    gr: &mut Option<Vec<f32>>,
    need: bool,
) {
    let n = gx.len();
    let (xi, xo, ri, ro) = (&xi[..n], &xo[..n], &ri[..n], &ro[..n]);
    if !need {
        *gr = None;
    } else if gr.is_none() {
        // The halves part only where the gradient fallback applies and the two gradients differ.
        let differs = (0..n).fold(false, |any, e| {
            let small = (xi[e] - ri[e]).abs() < RESCALE_EPS;
            any | (small & (gx[e] != 0.0) & (derivative(xi[e], xo[e]) != derivative(ri[e], ro[e])))
        });
        if differs {
            *gr = Some(gx.to_vec());
        }
    }
    if let Some(g) = gr.as_mut() {
        for e in 0..n {
            let (di, d_out) = (xi[e] - ri[e], xo[e] - ro[e]);
            let (fallback, ratio) = (g[e] * derivative(ri[e], ro[e]), g[e] * d_out / di);
            g[e] = if di.abs() < RESCALE_EPS { fallback } else { ratio };
        }
    }
    for e in 0..n {
        let (di, d_out) = (xi[e] - ri[e], xo[e] - ro[e]);
        let (fallback, ratio) = (gx[e] * derivative(xi[e], xo[e]), gx[e] * d_out / di);
        gx[e] = if di.abs() < RESCALE_EPS { fallback } else { ratio };
    }
}

/// Multipliers at a dense layer's input: `W g` with `W` `(d_in, d_out)`.
#[inline(always)]
fn dense_back(layer: &Dense, g: &[f32]) -> Vec<f32> {
    layer.w.chunks_exact(layer.d_out).map(|row| row.iter().zip(g).map(|(w, g)| w * g).sum()).collect()
}

/// Channel-major flattened values (index `c · len + l`, as burn flattens `(C, L)`) to position-major `(L, C)`.
#[inline(always)]
fn unflatten(flat: &[f32], len: usize, channels: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; flat.len()];
    for c in 0..channels {
        for l in 0..len {
            out[l * channels + c] = flat[c * len + l];
        }
    }
    out
}

/// The transposed convolution of multipliers `g` `(len_out, F)` to `(len_in, C)`, visiting only the non-zero
/// multipliers: each adds its filter's taps times itself to the input positions it read. Per output
/// position, the non-zero filters are listed first (without branches), then the input span is accumulated in
/// registers over them.
/// `m` is a zero-filled vector of the input's size; it is returned filled.
#[inline(always)]
fn conv_back(conv: &Conv, k: &ConvKernels, g: &[f32], mut m: Vec<f32>) -> Vec<f32> {
    let (c, f, w, pad) = (conv.channels, conv.filters, conv.width, conv.pad_left);
    let (mut values, mut filters) = (vec![0.0f32; f], vec![0usize; f]);
    for (j, row) in g.chunks_exact(f).enumerate() {
        let mut count = 0;
        for (filter, &v) in row.iter().enumerate() {
            values[count] = v;
            filters[count] = filter;
            count += (v != 0.0) as usize;
        }
        let k0 = pad.saturating_sub(j);
        let k1 = w.min((conv.len_in + pad).saturating_sub(j));
        if count == 0 || k0 >= k1 {
            continue;
        }
        let q0 = j + k0 - pad;
        let span = (k1 - k0) * c;
        let dst = &mut m[q0 * c..q0 * c + span];
        let taps = |i: usize| &k.fkc[(filters[i] * w + k0) * c..(filters[i] * w + k0) * c + span];
        let mut at = 0;
        while at + 32 <= span {
            accumulate::<32>(&mut dst[at..at + 32], &values[..count], |i| &taps(i)[at..at + 32]);
            at += 32;
        }
        while at + 8 <= span {
            accumulate::<8>(&mut dst[at..at + 8], &values[..count], |i| &taps(i)[at..at + 8]);
            at += 8;
        }
        for (l, d) in dst.iter_mut().enumerate().skip(at) {
            for (i, &v) in values[..count].iter().enumerate() {
                *d += v * taps(i)[l];
            }
        }
    }
    m
}

/// `dst += Σ_i values[i] · row(i)` over `N` values held in registers.
#[inline(always)]
fn accumulate<'a, const N: usize>(dst: &mut [f32], values: &[f32], row: impl Fn(usize) -> &'a [f32]) {
    let mut acc: [f32; N] = dst.try_into().expect("N values");
    for (i, &v) in values.iter().enumerate() {
        let r: &[f32; N] = row(i).try_into().expect("N values");
        for l in 0..N {
            acc[l] += v * r[l];
        }
    }
    dst.copy_from_slice(&acc);
}

/// DeepExplainer's max-pool rule for one pair. Each half is (pool input, pool output, arg-max element of
/// each output); `gx`, `gr` are the halves' multipliers at the output. Per window, with `M = max(y, y_ref)`,
/// `M − y_ref` goes to the input's arg-max and `y − M` to the reference's; the routed sum is divided by
/// `Δin`, or where `Δin == 0` the input half's gradient is used. Both halves get the result.
/// `m` is a zero-filled vector of the input's size; it is returned filled.
#[inline(always)]
fn pool_rule(
    halves: [(&[f32], &[f32], &[u32]); 2],
    gx: &[f32],
    gr: &[f32],
    overlap: bool,
    mut m: Vec<f32>,
) -> Vec<f32> {
    let [(xin, yx, ax), (rin, yr, ar)] = halves;
    let n = xin.len();
    if !overlap {
        // Each input element lies in one window at most: the shares go straight to the two arg-maxes. (Written
        // out rather than shared with the general loop below: an iterator of shares measured 15% slower.)
        for o in 0..yx.len() {
            let (a, b) = (gx[o], gr[o]);
            if a == 0.0 && b == 0.0 {
                continue;
            }
            let (ix, ir) = (ax[o] as usize, ar[o] as usize);
            let top = yx[o].max(yr[o]);
            let (dx, dr) = (xin[ix] - rin[ix], xin[ir] - rin[ir]);
            if ix == ir {
                m[ix] = if dx == 0.0 { a } else { (a * (top - yr[o]) + b * (yx[o] - top)) / dx };
            } else {
                m[ix] = if dx == 0.0 { a } else { a * (top - yr[o]) / dx };
                m[ir] = if dr == 0.0 { 0.0 } else { b * (yx[o] - top) / dr };
            }
        }
        return m;
    }
    let (mut routed, mut gradient) = (vec![0.0f32; n], vec![0.0f32; n]);
    let mut touched = Vec::with_capacity(2 * yx.len());
    for o in 0..yx.len() {
        let (a, b) = (gx[o], gr[o]);
        if a == 0.0 && b == 0.0 {
            continue;
        }
        let (ix, ir) = (ax[o] as usize, ar[o] as usize);
        let top = yx[o].max(yr[o]);
        routed[ix] += a * (top - yr[o]);
        routed[ir] += b * (yx[o] - top);
        gradient[ix] += a;
        touched.push(ix);
        touched.push(ir);
    }
    for e in touched {
        let delta = xin[e] - rin[e];
        m[e] = if delta == 0.0 { gradient[e] } else { routed[e] / delta };
    }
    m
}
