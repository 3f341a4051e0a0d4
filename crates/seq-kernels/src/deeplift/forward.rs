//! The forward pass of one sequence, keeping what the DeepLIFT rules read: every layer's input and output,
//! the pre-activations of layers with a nonlinearity, and the arg-max of every pooling window.

use super::{ConvKernels, DeepLift};
use crate::cpu::onehot::{self, bases_len};
use crate::cpu::{conv_rows, TILE_F, TILE_P};
use crate::ism::{activate, Conv, Stage};
use crate::Activation;

/// One sequence's activations, position-major `(L, C)`. A trace is refilled in place for the next sequence, so
/// its buffers are allocated once per thread.
#[derive(Default)]
pub(super) struct Trace {
    /// `acts[0]` is the input `(L, 4)`; `acts[s + 1]` the output of stage `s` (after its activation).
    pub acts: Vec<Vec<f32>>,
    /// Pre-activations of convolution stages with a nonlinearity (empty otherwise).
    pub pres: Vec<Vec<f32>>,
    /// For pooling stages, the input element (`position · C + channel`) each output was taken from.
    pub argmax: Vec<Vec<u32>>,
    /// Pre-activations of the dense layers.
    pub dense_pre: Vec<Vec<f32>>,
    /// Outputs of the dense layers; the last are the logits.
    pub dense_post: Vec<Vec<f32>>,
}

impl Trace {
    /// The logits.
    pub fn logits(&self) -> &[f32] {
        self.dense_post.last().map_or(&[], |v| v.as_slice())
    }
}

/// Per-thread buffers of the kernels, and spare vectors for the backward pass's multipliers.
#[derive(Default)]
pub(super) struct Scratch {
    xpad: Vec<f32>,
    conv: Vec<f32>,
    bases: Vec<u8>,
    offsets: Vec<u32>,
    /// Vectors whose allocation the next layer can reuse.
    pub spare: Vec<Vec<f32>>,
}

impl Scratch {
    /// A zero-filled vector of `n` values, reusing a spare allocation when there is one.
    pub fn zeros(&mut self, n: usize) -> Vec<f32> {
        let mut v = self.spare.pop().unwrap_or_default();
        v.clear();
        v.resize(n, 0.0);
        v
    }
}

impl DeepLift {
    /// The forward pass of one channels-first sequence `(4, L)`, through the AVX2 build when the CPU has it.
    pub(super) fn forward(&self, seq: &[f32], s: &mut Scratch) -> Trace {
        let mut trace = Trace::default();
        self.forward_into(seq, s, &mut trace);
        trace
    }

    /// [`Self::forward`] into the buffers of `trace`.
    pub(super) fn forward_into(&self, seq: &[f32], s: &mut Scratch, trace: &mut Trace) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of `forward_avx2`.
            unsafe { self.forward_avx2(seq, s, trace) };
            return;
        }
        self.forward_any(seq, s, trace)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn forward_avx2(&self, seq: &[f32], s: &mut Scratch, trace: &mut Trace) {
        self.forward_any(seq, s, trace)
    }

    #[inline(always)]
    fn forward_any(&self, seq: &[f32], s: &mut Scratch, t: &mut Trace) {
        let (len, n) = (self.input_length, self.stages.len());
        t.acts.resize_with(n + 1, Vec::new);
        t.pres.resize_with(n, Vec::new);
        t.argmax.resize_with(n, Vec::new);
        t.dense_pre.resize_with(self.dense.len(), Vec::new);
        t.dense_post.resize_with(self.dense.len(), Vec::new);
        let input = &mut t.acts[0];
        input.resize(len * 4, 0.0);
        for (b, row) in seq.chunks_exact(len).enumerate() {
            for (p, &v) in row.iter().enumerate() {
                input[p * 4 + b] = v;
            }
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let (done, rest) = t.acts.split_at_mut(i + 1);
            let (prev, out) = (&done[i], &mut rest[0]);
            match (stage, &self.kernels[i]) {
                (Stage::Conv(conv), Some(k)) => {
                    let pre = &mut t.pres[i];
                    conv_pre(self, conv, k, prev, (i == 0).then_some(seq), s, pre);
                    out.clear();
                    out.extend_from_slice(pre);
                    activate(out, conv.activation);
                    if conv.activation == Activation::Linear {
                        pre.clear();
                    }
                }
                (Stage::Pool(p), _) => pool(prev, p.channels, p.width, p.stride, p.len_out, out, &mut t.argmax[i]),
                (Stage::Global(g), _) => pool(prev, g.channels, g.len_in, g.len_in, 1, out, &mut t.argmax[i]),
                (Stage::Conv(_), None) => unreachable!("every convolution stage has its kernels (DeepLift::new)"),
            }
        }
        let (flat_len, channels) = self.flat_shape();
        for (i, layer) in self.dense.iter().enumerate() {
            let pre = if i == 0 {
                layer.pre_flattened(&t.acts[n], flat_len, channels)
            } else {
                let mut next = Vec::with_capacity(layer.d_out);
                layer.pre(&t.dense_post[i - 1], &mut next);
                next
            };
            let post = &mut t.dense_post[i];
            post.clear();
            post.extend_from_slice(&pre);
            activate(post, layer.activation);
            t.dense_pre[i] = pre;
        }
    }

    /// `(positions, channels)` of the last feature layer's output (what is flattened).
    pub(super) fn flat_shape(&self) -> (usize, usize) {
        match self.stages.last() {
            None => (self.input_length, 4),
            Some(Stage::Conv(c)) => (c.len_out, c.filters),
            Some(Stage::Pool(p)) => (p.len_out, p.channels),
            Some(Stage::Global(g)) => (1, g.channels),
        }
    }
}

/// Pre-activations `(len_out, filters)` of a convolution of the position-major `input` into `pre`: a table
/// gather when it is the first layer and `seq` (the channels-first input) is one-hot, the tiled micro-kernel
/// otherwise.
fn conv_pre(
    net: &DeepLift,
    conv: &Conv,
    k: &ConvKernels,
    input: &[f32],
    seq: Option<&[f32]>,
    s: &mut Scratch,
    pre: &mut Vec<f32>,
) {
    let (f, lo) = (conv.filters, conv.len_out);
    pre.resize(lo * f, 0.0);
    if let (Some(table), Some(seq)) = (k.gather.as_ref(), seq) {
        let need = bases_len(lo, conv.width).max(conv.pad_left + conv.len_in + 1);
        s.bases.resize(need, onehot::ZERO);
        s.offsets.resize(need, 0);
        if onehot::encode_bases(seq, conv.len_in, conv.pad_left, &mut s.bases) {
            let fp = table.padded_filters;
            s.conv.resize(lo * fp, 0.0);
            onehot::conv_gather(net.isa, table, &s.bases, &mut s.offsets, lo, &mut s.conv);
            for (dst, src) in pre.chunks_exact_mut(f).zip(s.conv.chunks_exact(fp)) {
                dst.copy_from_slice(&src[..f]);
            }
            return;
        }
    }
    let (c, w) = (conv.channels, conv.width);
    let tiles = lo.div_ceil(TILE_P);
    let ld = tiles * TILE_P;
    let row_len = (ld + w - 1).max(conv.pad_left + conv.len_in);
    s.xpad.clear();
    s.xpad.resize(c * row_len, 0.0);
    for (q, column) in input.chunks_exact(c).enumerate() {
        for (ch, &v) in column.iter().enumerate() {
            s.xpad[ch * row_len + conv.pad_left + q] = v;
        }
    }
    s.conv.resize(k.packed.blocks() * TILE_F * ld, 0.0);
    conv_rows(net.isa, &k.packed, &s.xpad, row_len, tiles, &mut s.conv);
    for filter in 0..f {
        let row = &s.conv[filter * ld..filter * ld + lo];
        for (j, &v) in row.iter().enumerate() {
            pre[j * f + filter] = v;
        }
    }
}

/// Max-pool of a position-major `(L, C)` input into `(windows, C)`, with the input element of each maximum
/// (the first on ties, as PyTorch's CPU kernels).
fn pool(
    input: &[f32],
    channels: usize,
    width: usize,
    stride: usize,
    windows: usize,
    out: &mut Vec<f32>,
    arg: &mut Vec<u32>,
) {
    out.resize(windows * channels, 0.0);
    arg.resize(windows * channels, 0);
    for i in 0..windows {
        let start = i * stride;
        let (best, at) = (&mut out[i * channels..(i + 1) * channels], &mut arg[i * channels..(i + 1) * channels]);
        best.copy_from_slice(&input[start * channels..(start + 1) * channels]);
        for (c, a) in at.iter_mut().enumerate() {
            *a = (start * channels + c) as u32;
        }
        for t in start + 1..start + width {
            let row = &input[t * channels..(t + 1) * channels];
            for c in 0..channels {
                let gt = row[c] > best[c];
                best[c] = if gt { row[c] } else { best[c] };
                at[c] = if gt { (t * channels + c) as u32 } else { at[c] };
            }
        }
    }
}
