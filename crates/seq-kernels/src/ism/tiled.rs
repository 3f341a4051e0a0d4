//! Single-base substitutions of windows cut from one base track ("tiles"): the variant scorer's path for
//! sorted SNVs, whose windows overlap.
//!
//! The first convolution of a one-hot input does not depend on where a window starts: its output at a
//! track position is the same in every window that contains all of its taps. So it is computed once per
//! track position, and each window copies its interior outputs and computes only the `width − 1` outputs at
//! its edges (where the window's zero padding replaces the track's bases). With SNVs every ~65 bp and
//! 1,000-bp windows, each first-layer output serves about fifteen windows. The sums are taken in the same
//! order as [`Conv::full_pre_onehot`]'s, so the logits are bit-identical to [`FastIsm::snv_logits`]'s on the
//! same windows, however the windows are tiled.

use rayon::prelude::*;

use super::layers::Conv;
use super::{FastIsm, Reference, Scratch, Stage};
use crate::error::{KernelError, Result};

/// Track positions per parallel task of the track convolution.
const TILE_CHUNK: usize = 2048;

impl FastIsm {
    /// Logits of the reference and of one substitution per window, the windows given as `starts` into
    /// `track` (base indices: 0..4 = A, C, G, T, 4 = no base such as `N`): window `i` is
    /// `track[starts[i]..starts[i] + len]` with base `alt[i]` at `pos`. Returns `(reference, alternative)`,
    /// `(n, outputs)` each, equal to [`FastIsm::snv_logits`] on the same windows one-hot encoded.
    pub fn snv_logits_tiled(
        &self,
        track: &[u8],
        starts: &[usize],
        len: usize,
        pos: usize,
        alt: &[usize],
    ) -> Result<(Vec<f32>, Vec<f32>)> {
        let n = starts.len();
        if len != self.input_length {
            return Err(KernelError::LengthMismatch { expected: self.input_length, found: len });
        }
        if n == 0 || alt.len() != n || pos >= len {
            return Err(KernelError::InvalidInput(format!(
                "expected n > 0 windows, as many alternative bases (got {n} and {}) and a position in 0..{len} \
                 (got {pos})",
                alt.len()
            )));
        }
        if let Some(i) = starts.iter().position(|&s| s.checked_add(len).is_none_or(|e| e > track.len())) {
            return Err(KernelError::InvalidInput(format!(
                "window {i} ({}..+{len}) is not inside the track of {} bases",
                starts[i],
                track.len()
            )));
        }
        if let Some(i) = alt.iter().position(|&b| b >= 4) {
            return Err(KernelError::InvalidInput(format!("alternative base {} of window {i} is not in 0..4", alt[i])));
        }
        if let Some(p) = track.iter().position(|&b| b > 4) {
            return Err(KernelError::InvalidInput(format!(
                "track value {} at {p} is not a base index 0..=4",
                track[p]
            )));
        }
        let conv = match self.stages.first() {
            Some(Stage::Conv(conv)) if conv.channels == 4 && conv.len_in == len => conv,
            _ => {
                let mut x = vec![0.0f32; n * 4 * len];
                for (dst, &s) in x.chunks_exact_mut(4 * len).zip(starts) {
                    for (p, &b) in track[s..s + len].iter().enumerate() {
                        if b < 4 {
                            dst[b as usize * len + p] = 1.0;
                        }
                    }
                }
                return self.snv_logits(&x, n, len, pos, alt);
            }
        };
        let tiles = track_pre(conv, track);
        let o = self.outputs;
        let mut out = vec![0.0f32; n * 2 * o];
        out.par_chunks_mut(2 * o).zip(starts.par_iter()).zip(alt.par_iter()).for_each_init(
            Scratch::default,
            |scratch, ((dst, &start), &base)| {
                let bases = &track[start..start + len];
                let r = self.reference_tiled(conv, bases, &tiles, start);
                let (ref_dst, alt_dst) = dst.split_at_mut(o);
                ref_dst.copy_from_slice(&r.logits);
                if usize::from(bases[pos]) == base {
                    alt_dst.copy_from_slice(&r.logits);
                } else {
                    self.variant_dispatch(&r, pos, base, scratch, alt_dst);
                }
            },
        );
        let (reference, alternative) = out.chunks_exact(2 * o).map(|c| c.split_at(o)).unzip::<_, _, Vec<_>, Vec<_>>();
        Ok((reference.concat(), alternative.concat()))
    }

    /// The reference pass of the window `bases` starting at `start` of the track whose first-convolution
    /// outputs are `tiles` (AVX2 build when the CPU has it).
    fn reference_tiled(&self, conv: &Conv, bases: &[u8], tiles: &[f32], start: usize) -> Reference {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of the function.
            return unsafe { self.reference_tiled_avx2(conv, bases, tiles, start) };
        }
        self.reference_tiled_any(conv, bases, tiles, start)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn reference_tiled_avx2(&self, conv: &Conv, bases: &[u8], tiles: &[f32], start: usize) -> Reference {
        self.reference_tiled_any(conv, bases, tiles, start)
    }

    #[inline(always)]
    fn reference_tiled_any(&self, conv: &Conv, bases: &[u8], tiles: &[f32], start: usize) -> Reference {
        let mut input = vec![0.0f32; bases.len() * 4];
        for (p, &b) in bases.iter().enumerate() {
            if b < 4 {
                input[p * 4 + b as usize] = 1.0;
            }
        }
        let pre0 = window_pre(conv, bases, tiles, start);
        self.reference_from(input, Some(bases), Some(pre0))
    }
}

/// The first convolution's pre-activation at every track position `t` whose taps `t..t + width` lie in the
/// track, `(track.len() − width + 1, filters)`; both cores share the positions.
fn track_pre(conv: &Conv, track: &[u8]) -> Vec<f32> {
    let (f, w) = (conv.filters, conv.width);
    let positions = (track.len() + 1).saturating_sub(w);
    let mut pre = vec![0.0f32; positions * f];
    pre.par_chunks_mut(TILE_CHUNK * f).enumerate().for_each(|(c, chunk)| {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of the function.
            unsafe { track_chunk_avx2(conv, track, c * TILE_CHUNK, chunk) };
            return;
        }
        track_chunk(conv, track, c * TILE_CHUNK, chunk);
    });
    pre
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn track_chunk_avx2(conv: &Conv, track: &[u8], first: usize, chunk: &mut [f32]) {
    track_chunk(conv, track, first, chunk);
}

#[inline(always)]
fn track_chunk(conv: &Conv, track: &[u8], first: usize, chunk: &mut [f32]) {
    let f = conv.filters;
    for (j, dst) in chunk.chunks_exact_mut(f).enumerate() {
        let t = first + j;
        // the window track[t..t + width] as output `pad_left` of a window starting at t: every tap inside
        dst.copy_from_slice(&conv.bias);
        conv.add_onehot_taps(&track[t..t + conv.width], conv.pad_left, 0, conv.width, dst);
    }
}

/// The first convolution's pre-activations `(len_out, filters)` of the window `bases` at `start`: interior
/// outputs (every tap inside the window) copied from `tiles`, the edge outputs computed with the window's
/// zero padding.
#[inline(always)]
fn window_pre(conv: &Conv, bases: &[u8], tiles: &[f32], start: usize) -> Vec<f32> {
    let (f, w, pad, len) = (conv.filters, conv.width, conv.pad_left, conv.len_in);
    let mut pre = vec![0.0f32; conv.len_out * f];
    for (j, dst) in pre.chunks_exact_mut(f).enumerate() {
        // Output j reads window positions j − pad + k, k in 0..w.
        if j >= pad && j - pad + w <= len {
            let t = start + j - pad;
            dst.copy_from_slice(&tiles[t * f..(t + 1) * f]);
        } else {
            let k0 = pad.saturating_sub(j);
            let k1 = w.min((len + pad).saturating_sub(j));
            dst.copy_from_slice(&conv.bias);
            conv.add_onehot_taps(bases, j, k0, k1, dst);
        }
    }
    pre
}
