//! The LSTM recurrence on plain `f32` (Keras layout, gates in order input, forget, cell, output): the last
//! hidden state from zero states, and its backward through time. The input projections `x·W + b` are a
//! matrix product the caller computes beforehand; only the recurrence is here, where a composition of tensor
//! operations would pay `~15` small operations per time step.
//!
//! Shapes: `projected (N, T, 4H)` row-major, `recurrent (H, 4H)` (the kernel applied as `h·R`), output
//! `(N, H)`. Sequences run in parallel; the recurrent-kernel gradient is summed over fixed chunks of
//! sequences in a fixed order, so results do not depend on the number of threads.

use rayon::prelude::*;

use super::math::{sigmoid, tanh};

/// Sequences per parallel task of the backward pass (fixes the summation order of the kernel gradient).
const CHUNK: usize = 8;

/// Sizes of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LstmShape {
    /// Sequences `N`.
    pub batch: usize,
    /// Time steps `T`.
    pub steps: usize,
    /// Hidden units `H`.
    pub hidden: usize,
}

impl LstmShape {
    fn check(&self, projected: &[f32], recurrent: &[f32]) {
        let h4 = 4 * self.hidden;
        assert_eq!(projected.len(), self.batch * self.steps * h4, "projected input size");
        assert_eq!(recurrent.len(), self.hidden * h4, "recurrent kernel size");
    }
}

/// One sequence's forward pass; with `trace`, per step `[i, f, g, o, c, h_prev]` (`6H` values) for the
/// backward. Returns nothing: the last hidden state is left in `h`.
#[inline(always)]
fn forward_seq(
    hidden: usize,
    projected: &[f32],
    recurrent: &[f32],
    h: &mut [f32],
    c: &mut [f32],
    z: &mut [f32],
    mut trace: Option<&mut [f32]>,
) {
    let h4 = 4 * hidden;
    h.fill(0.0);
    c.fill(0.0);
    for (t, proj) in projected.chunks_exact(h4).enumerate() {
        z.copy_from_slice(proj);
        for (k, row) in recurrent.chunks_exact(h4).enumerate() {
            let hk = h[k];
            z.iter_mut().zip(row).for_each(|(z, r)| *z += hk * r);
        }
        if let Some(tr) = trace.as_deref_mut() {
            tr[t * 6 * hidden + 5 * hidden..(t + 1) * 6 * hidden].copy_from_slice(h);
        }
        // Gates in place (vectorised): σ on input, forget and output, tanh on the cell candidate.
        let (ifg, zo) = z.split_at_mut(3 * hidden);
        let (zif, zg) = ifg.split_at_mut(2 * hidden);
        zif.iter_mut().for_each(|v| *v = sigmoid(*v));
        zo.iter_mut().for_each(|v| *v = sigmoid(*v));
        zg.iter_mut().for_each(|v| *v = tanh(*v));
        let (zi, zf) = zif.split_at(hidden);
        for ((((c, h), &i), &f), (&g, &o)) in
            c.iter_mut().zip(h.iter_mut()).zip(zi).zip(zf).zip(zg.iter().zip(zo.iter()))
        {
            *c = f * *c + i * g;
            *h = o * tanh(*c);
        }
        if let Some(tr) = trace.as_deref_mut() {
            let step = &mut tr[t * 6 * hidden..(t + 1) * 6 * hidden];
            step[..h4].copy_from_slice(z);
            step[h4..5 * hidden].copy_from_slice(c);
        }
    }
}

/// The last hidden state `(N, H)` of every sequence.
pub fn lstm_forward(s: LstmShape, projected: &[f32], recurrent: &[f32]) -> Vec<f32> {
    s.check(projected, recurrent);
    let (h, h4) = (s.hidden, 4 * s.hidden);
    let mut out = vec![0.0f32; s.batch * h];
    if h == 0 {
        return out;
    }
    let avx2 = super::Isa::Avx2Fma.available();
    out.par_chunks_mut(h).enumerate().for_each_init(
        || (vec![0.0f32; h], vec![0.0f32; h4]),
        |(c, z), (n, hn)| {
            let proj = &projected[n * s.steps * h4..(n + 1) * s.steps * h4];
            if avx2 {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: the CPU supports AVX2 (checked above).
                unsafe {
                    forward_seq_avx2(h, proj, recurrent, hn, c, z)
                };
                #[cfg(not(target_arch = "x86_64"))]
                forward_seq(h, proj, recurrent, hn, c, z, None);
            } else {
                forward_seq(h, proj, recurrent, hn, c, z, None);
            }
        },
    );
    out
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn forward_seq_avx2(
    hidden: usize,
    projected: &[f32],
    recurrent: &[f32],
    h: &mut [f32],
    c: &mut [f32],
    z: &mut [f32],
) {
    forward_seq(hidden, projected, recurrent, h, c, z, None)
}

/// Gradients `(d projected (N, T, 4H), d recurrent (H, 4H))` of [`lstm_forward`] given the gradient of the
/// last hidden state `grad (N, H)`. The forward pass is run again to trace the gates.
pub fn lstm_backward(s: LstmShape, projected: &[f32], recurrent: &[f32], grad: &[f32]) -> (Vec<f32>, Vec<f32>) {
    s.check(projected, recurrent);
    assert_eq!(grad.len(), s.batch * s.hidden, "gradient size");
    let (h, h4) = (s.hidden, 4 * s.hidden);
    let seq_len = s.steps * h4;
    let mut dproj = vec![0.0f32; projected.len()];
    if h == 0 || s.steps == 0 {
        return (dproj, vec![0.0; recurrent.len()]);
    }
    let avx2 = super::Isa::Avx2Fma.available();
    let partials: Vec<Vec<f32>> = dproj
        .par_chunks_mut(CHUNK * seq_len)
        .enumerate()
        .map(|(ci, dchunk)| {
            let mut b = Backward::new(s);
            for (i, dp) in dchunk.chunks_exact_mut(seq_len).enumerate() {
                let n = ci * CHUNK + i;
                let proj = &projected[n * seq_len..(n + 1) * seq_len];
                let g = &grad[n * h..(n + 1) * h];
                if avx2 {
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: the CPU supports AVX2 (checked above).
                    unsafe {
                        b.add_avx2(proj, recurrent, g, dp)
                    };
                    #[cfg(not(target_arch = "x86_64"))]
                    b.add(proj, recurrent, g, dp);
                } else {
                    b.add(proj, recurrent, g, dp);
                }
            }
            b.drec
        })
        .collect();
    let mut drec = vec![0.0f32; recurrent.len()];
    for p in &partials {
        drec.iter_mut().zip(p).for_each(|(a, b)| *a += b);
    }
    (dproj, drec)
}

/// A chunk's recurrent-kernel gradient and the per-sequence buffers of the backward pass.
struct Backward {
    s: LstmShape,
    drec: Vec<f32>,
    trace: Vec<f32>,
    h: Vec<f32>,
    c: Vec<f32>,
    z: Vec<f32>,
    dh: Vec<f32>,
    dc: Vec<f32>,
    /// `tanh` of the step's cell state.
    tc: Vec<f32>,
    /// The cell state before the first step.
    zeros: Vec<f32>,
}

impl Backward {
    fn new(s: LstmShape) -> Self {
        let h = s.hidden;
        Self {
            s,
            drec: vec![0.0; 4 * h * h],
            trace: vec![0.0; s.steps * 6 * h],
            h: vec![0.0; h],
            c: vec![0.0; h],
            z: vec![0.0; 4 * h],
            dh: vec![0.0; h],
            dc: vec![0.0; h],
            tc: vec![0.0; h],
            zeros: vec![0.0; h],
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_avx2(&mut self, proj: &[f32], recurrent: &[f32], grad: &[f32], dproj: &mut [f32]) {
        self.add(proj, recurrent, grad, dproj)
    }

    /// Back-propagates one sequence through time: writes its `dproj (T, 4H)`, adds to `drec`.
    #[inline(always)]
    fn add(&mut self, proj: &[f32], recurrent: &[f32], grad: &[f32], dproj: &mut [f32]) {
        let hd = self.s.hidden;
        let h4 = 4 * hd;
        forward_seq(hd, proj, recurrent, &mut self.h, &mut self.c, &mut self.z, Some(&mut self.trace));
        self.dh.copy_from_slice(grad);
        self.dc.fill(0.0);
        for t in (0..self.s.steps).rev() {
            let step = &self.trace[t * 6 * hd..(t + 1) * 6 * hd];
            let (gates, rest) = step.split_at(h4);
            let (c, h_prev) = rest.split_at(hd);
            let c_prev =
                if t > 0 { &self.trace[(t - 1) * 6 * hd + h4..(t - 1) * 6 * hd + 5 * hd] } else { &self.zeros[..] };
            let dz = &mut dproj[t * h4..(t + 1) * h4];
            let (dzi, rest) = dz.split_at_mut(hd);
            let (dzf, rest) = rest.split_at_mut(hd);
            let (dzg, dzo) = rest.split_at_mut(hd);
            let (gi, gf, gg, go) = (&gates[..hd], &gates[hd..2 * hd], &gates[2 * hd..3 * hd], &gates[3 * hd..h4]);
            let (dh, dcs, tcs) = (&self.dh[..], &mut self.dc[..], &mut self.tc[..]);
            // Element-wise over the units, one simple pass per quantity (each vectorises).
            tcs.iter_mut().zip(c).for_each(|(t, &c)| *t = tanh(c));
            for (((d, &dh), &o), &t) in dcs.iter_mut().zip(dh).zip(go).zip(&*tcs) {
                *d += dh * o * (1.0 - t * t);
            }
            for (((z, &dh), &t), &o) in dzo.iter_mut().zip(dh).zip(&*tcs).zip(go) {
                *z = dh * t * o * (1.0 - o);
            }
            for (((z, &d), &g), &i) in dzi.iter_mut().zip(&*dcs).zip(gg).zip(gi) {
                *z = d * g * i * (1.0 - i);
            }
            for (((z, &d), &cp), &f) in dzf.iter_mut().zip(&*dcs).zip(c_prev).zip(gf) {
                *z = d * cp * f * (1.0 - f);
            }
            for (((z, &d), &i), &g) in dzg.iter_mut().zip(&*dcs).zip(gi).zip(gg) {
                *z = d * i * (1.0 - g * g);
            }
            dcs.iter_mut().zip(gf).for_each(|(d, &f)| *d *= f);
            let dz = &dproj[t * h4..(t + 1) * h4];
            // dR += h_prev ⊗ dz; dh_prev = R · dz.
            for (k, (row, drow)) in recurrent.chunks_exact(h4).zip(self.drec.chunks_exact_mut(h4)).enumerate() {
                let hk = h_prev[k];
                drow.iter_mut().zip(dz.iter()).for_each(|(d, z)| *d += hk * z);
                self.dh[k] = super::dense::dot(row, dz);
            }
        }
    }
}
