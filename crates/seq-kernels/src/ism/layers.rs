//! The layers of a CNN on plain `f32` slices, each in two forms: a full forward pass (for the
//! reference sequence) and a *patch* update that recomputes only the outputs a changed input range reaches.
//!
//! Activations are stored position-major, `(L, C)`: all channels of one position are contiguous, so a
//! changed position is one slice and the inner loops run over channels or filters.

use crate::Activation;

/// A changed range `[start, end)` of one layer's activations and its new values `(end − start, channels)`.
/// An empty range means the layer's output is the reference's.
#[derive(Debug, Clone, Default)]
pub(crate) struct Patch {
    pub start: usize,
    pub end: usize,
    pub vals: Vec<f32>,
}

impl Patch {
    /// Marks the patch empty (nothing changed).
    pub(crate) fn clear(&mut self) {
        self.start = 0;
        self.end = 0;
        self.vals.clear();
    }

    /// True when no position changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// A stride-1 convolution with zero padding `pad_left` (and whatever right padding gives `len_out`).
#[derive(Debug, Clone)]
pub struct Conv {
    /// Input channels.
    pub channels: usize,
    /// Number of filters (output channels).
    pub filters: usize,
    /// Kernel width.
    pub width: usize,
    /// Zero columns before the input.
    pub pad_left: usize,
    /// Input length.
    pub len_in: usize,
    /// Output length.
    pub len_out: usize,
    /// Nonlinearity after the convolution.
    pub activation: Activation,
    /// Kernel as `(width, channels, filters)`: the filters of one tap and channel are contiguous.
    pub wt: Vec<f32>,
    /// One bias per filter.
    pub bias: Vec<f32>,
}

/// Max-pooling over windows of `width` every `stride` positions, trailing partial windows dropped.
#[derive(Debug, Clone)]
pub struct Pool {
    /// Channels.
    pub channels: usize,
    /// Window width.
    pub width: usize,
    /// Step between windows.
    pub stride: usize,
    /// Input length.
    pub len_in: usize,
    /// Output length (number of windows).
    pub len_out: usize,
}

/// Maximum over all positions of each channel.
#[derive(Debug, Clone)]
pub struct Global {
    /// Channels.
    pub channels: usize,
    /// Input length.
    pub len_in: usize,
}

/// One feature layer (dropout is the identity at inference and is left out).
#[derive(Debug, Clone)]
pub enum Stage {
    /// A convolution and its activation.
    Conv(Conv),
    /// A max-pool.
    Pool(Pool),
    /// A global max-pool.
    Global(Global),
}

/// A dense layer `y = act(x W + b)` with `W` as `(d_in, d_out)` row-major (burn's `Linear` layout).
#[derive(Debug, Clone)]
pub struct Dense {
    /// Inputs.
    pub d_in: usize,
    /// Outputs.
    pub d_out: usize,
    /// Weights `(d_in, d_out)`, row-major.
    pub w: Vec<f32>,
    /// One bias per output.
    pub bias: Vec<f32>,
    /// Nonlinearity after the layer.
    pub activation: Activation,
}

/// `dst += d * src`, element-wise.
#[inline(always)]
fn axpy(dst: &mut [f32], d: f32, src: &[f32]) {
    for (o, &s) in dst.iter_mut().zip(src) {
        *o += d * s;
    }
}

/// Applies `activation` in place (the same formulas as burn's element-wise activations).
#[inline(always)]
pub(crate) fn activate(values: &mut [f32], activation: Activation) {
    match activation {
        Activation::Linear => {}
        Activation::Relu => values.iter_mut().for_each(|v| *v = v.max(0.0)),
        Activation::Exp => values.iter_mut().for_each(|v| *v = v.exp()),
        Activation::Sigmoid => values.iter_mut().for_each(|v| *v = 1.0 / (1.0 + (-*v).exp())),
        Activation::Tanh => values.iter_mut().for_each(|v| *v = v.tanh()),
    }
}

impl Conv {
    /// Pre-activations `(len_out, filters)` of the whole input `(len_in, channels)`.
    pub(crate) fn full_pre(&self, input: &[f32]) -> Vec<f32> {
        let (c_in, f) = (self.channels, self.filters);
        let mut pre = Vec::with_capacity(self.len_out * f);
        for _ in 0..self.len_out {
            pre.extend_from_slice(&self.bias);
        }
        for j in 0..self.len_out {
            let dst = &mut pre[j * f..(j + 1) * f];
            for k in 0..self.width {
                let Some(q) = (j + k).checked_sub(self.pad_left).filter(|&q| q < self.len_in) else {
                    continue;
                };
                for c in 0..c_in {
                    let v = input[q * c_in + c];
                    if v != 0.0 {
                        axpy(dst, v, &self.wt[(k * c_in + c) * f..(k * c_in + c + 1) * f]);
                    }
                }
            }
        }
        pre
    }

    /// [`Conv::full_pre`] of a one-hot input given as one base index per position (`0..4`; anything else is
    /// an all-zero column such as `N`): each tap adds one weight row, with no multiplication and no branch
    /// on the values.
    #[inline(always)]
    pub(crate) fn full_pre_onehot(&self, bases: &[u8]) -> Vec<f32> {
        debug_assert_eq!((self.channels, bases.len()), (4, self.len_in));
        let f = self.filters;
        let mut pre = Vec::with_capacity(self.len_out * f);
        for _ in 0..self.len_out {
            pre.extend_from_slice(&self.bias);
        }
        for j in 0..self.len_out {
            let k0 = self.pad_left.saturating_sub(j);
            let k1 = self.width.min((self.len_in + self.pad_left).saturating_sub(j));
            self.add_onehot_taps(bases, j, k0, k1, &mut pre[j * f..(j + 1) * f]);
        }
        pre
    }

    /// Adds to `dst` output `j`'s weight rows of taps `k0..k1` for the base indices `bases` (tap `k` reads
    /// `bases[j + k − pad_left]`), in tap order: the one summation every one-hot path shares, so that
    /// outputs computed window by window or once per track position are bit-identical.
    #[inline(always)]
    pub(crate) fn add_onehot_taps(&self, bases: &[u8], j: usize, k0: usize, k1: usize, dst: &mut [f32]) {
        let f = self.filters;
        for k in k0..k1 {
            let b = bases[j + k - self.pad_left] as usize;
            if b < 4 {
                let row = &self.wt[(k * 4 + b) * f..(k * 4 + b + 1) * f];
                for (o, &w) in dst.iter_mut().zip(row) {
                    *o += w;
                }
            }
        }
    }

    /// Updates the outputs reached by the changed input `patch`: the reference pre-activations plus the kernel
    /// applied to the input's change (zero changes are skipped), then the activation. Writes into `out`.
    #[inline(always)]
    pub(crate) fn patch(&self, ref_in: &[f32], ref_pre: &[f32], patch: &Patch, out: &mut Patch) {
        if patch.is_empty() {
            out.clear();
            return;
        }
        let (c_in, f, pad) = (self.channels, self.filters, self.pad_left as isize);
        let first = (patch.start as isize + pad - self.width as isize + 1).max(0) as usize;
        let last = ((patch.end as isize - 1 + pad + 1).min(self.len_out as isize)).max(0) as usize;
        if first >= last {
            out.clear();
            return;
        }
        out.start = first;
        out.end = last;
        out.vals.clear();
        out.vals.extend_from_slice(&ref_pre[first * f..last * f]);
        for q in patch.start..patch.end {
            let new = &patch.vals[(q - patch.start) * c_in..(q - patch.start + 1) * c_in];
            let old = &ref_in[q * c_in..(q + 1) * c_in];
            // Outputs j that read input q through tap k = q + pad - j, 0 <= k < width.
            let lo = (q as isize + pad - self.width as isize + 1).max(first as isize) as usize;
            let hi = ((q as isize + pad + 1).min(last as isize)).max(0) as usize;
            for c in 0..c_in {
                let d = new[c] - old[c];
                if d == 0.0 {
                    continue;
                }
                for j in lo..hi {
                    let k = (q as isize + pad - j as isize) as usize;
                    let row = &self.wt[(k * c_in + c) * f..(k * c_in + c + 1) * f];
                    axpy(&mut out.vals[(j - first) * f..(j - first + 1) * f], d, row);
                }
            }
        }
        activate(&mut out.vals, self.activation);
    }
}

impl Pool {
    /// Pooled values `(len_out, channels)` of the whole input.
    pub(crate) fn full(&self, input: &[f32]) -> Vec<f32> {
        let c = self.channels;
        debug_assert_eq!(input.len(), self.len_in * c);
        let mut out = vec![f32::NEG_INFINITY; self.len_out * c];
        for i in 0..self.len_out {
            let dst = &mut out[i * c..(i + 1) * c];
            for t in i * self.stride..i * self.stride + self.width {
                for (o, &v) in dst.iter_mut().zip(&input[t * c..(t + 1) * c]) {
                    *o = if v > *o { v } else { *o };
                }
            }
        }
        out
    }

    /// Recomputes the windows that overlap the changed input `patch`.
    #[inline(always)]
    pub(crate) fn patch(&self, ref_in: &[f32], patch: &Patch, out: &mut Patch) {
        if patch.is_empty() {
            out.clear();
            return;
        }
        let (c, w, s) = (self.channels, self.width, self.stride);
        // Windows [i·s, i·s + w) with i·s + w > start and i·s < end.
        let first = if patch.start + 1 >= w { (patch.start + 1 - w).div_ceil(s) } else { 0 };
        let last = ((patch.end - 1) / s + 1).min(self.len_out);
        if first >= last {
            out.clear();
            return;
        }
        out.start = first;
        out.end = last;
        out.vals.clear();
        out.vals.resize((last - first) * c, f32::NEG_INFINITY);
        for i in first..last {
            let dst = &mut out.vals[(i - first) * c..(i - first + 1) * c];
            for t in i * s..i * s + w {
                let src = if (patch.start..patch.end).contains(&t) {
                    &patch.vals[(t - patch.start) * c..(t - patch.start + 1) * c]
                } else {
                    &ref_in[t * c..(t + 1) * c]
                };
                for (o, &v) in dst.iter_mut().zip(src) {
                    *o = if v > *o { v } else { *o };
                }
            }
        }
    }
}

impl Global {
    /// Per-channel maximum `(1, channels)` and the position where it is first reached.
    pub(crate) fn full(&self, input: &[f32]) -> (Vec<f32>, Vec<usize>) {
        let c = self.channels;
        let mut max = vec![f32::NEG_INFINITY; c];
        let mut arg = vec![0usize; c];
        for t in 0..self.len_in {
            for ch in 0..c {
                let v = input[t * c + ch];
                if v > max[ch] {
                    max[ch] = v;
                    arg[ch] = t;
                }
            }
        }
        (max, arg)
    }

    /// The new maxima: outside the patch nothing changed, so only a channel whose reference maximum lay inside
    /// the patch and is no longer reached there needs a full scan.
    #[inline(always)]
    pub(crate) fn patch(&self, ref_in: &[f32], ref_max: &[f32], ref_arg: &[usize], patch: &Patch, out: &mut Patch) {
        if patch.is_empty() {
            out.clear();
            return;
        }
        let c = self.channels;
        out.start = 0;
        out.end = 1;
        out.vals.clear();
        out.vals.resize(c, f32::NEG_INFINITY);
        for t in patch.start..patch.end {
            for (o, &v) in out.vals.iter_mut().zip(&patch.vals[(t - patch.start) * c..(t - patch.start + 1) * c]) {
                *o = if v > *o { v } else { *o };
            }
        }
        for ch in 0..c {
            let inside = (patch.start..patch.end).contains(&ref_arg[ch]);
            if !inside {
                out.vals[ch] = out.vals[ch].max(ref_max[ch]);
            } else if out.vals[ch] < ref_max[ch] {
                let outside = (0..patch.start).chain(patch.end..self.len_in);
                let m = outside.map(|t| ref_in[t * c + ch]).fold(f32::NEG_INFINITY, f32::max);
                out.vals[ch] = out.vals[ch].max(m);
            }
        }
    }
}

impl Dense {
    /// Pre-activation of a flat input.
    #[inline(always)]
    pub(crate) fn pre(&self, input: &[f32], out: &mut Vec<f32>) {
        debug_assert_eq!(input.len(), self.d_in);
        out.clear();
        out.extend_from_slice(&self.bias);
        for (i, &v) in input.iter().enumerate() {
            if v != 0.0 {
                axpy(out, v, &self.w[i * self.d_out..(i + 1) * self.d_out]);
            }
        }
    }

    /// Pre-activation of the flattened `(len, channels)` features (burn flattens channel-major: index
    /// `c · len + l`).
    pub(crate) fn pre_flattened(&self, features: &[f32], len: usize, channels: usize) -> Vec<f32> {
        let mut out = self.bias.clone();
        for l in 0..len {
            for c in 0..channels {
                let v = features[l * channels + c];
                if v != 0.0 {
                    let row = c * len + l;
                    axpy(&mut out, v, &self.w[row * self.d_out..(row + 1) * self.d_out]);
                }
            }
        }
        out
    }

    /// The reference pre-activation plus the weights of the changed flattened inputs times their change.
    #[inline(always)]
    pub(crate) fn patch_flattened(
        &self,
        ref_features: &[f32],
        ref_pre: &[f32],
        len: usize,
        channels: usize,
        patch: &Patch,
        out: &mut Vec<f32>,
    ) {
        out.clear();
        out.extend_from_slice(ref_pre);
        for l in patch.start..patch.end {
            let new = &patch.vals[(l - patch.start) * channels..(l - patch.start + 1) * channels];
            let old = &ref_features[l * channels..(l + 1) * channels];
            for c in 0..channels {
                let d = new[c] - old[c];
                if d != 0.0 {
                    let row = c * len + l;
                    axpy(out, d, &self.w[row * self.d_out..(row + 1) * self.d_out]);
                }
            }
        }
    }
}
