//! Fast in-silico mutagenesis for CNNs: the logits of every single-base substitution, computed
//! incrementally (fastISM's idea) on plain `f32` slices with rayon.
//!
//! A substitution at position `p` changes the first convolution's outputs only in
//! `[p − width + 1 + pad, p + pad]`, the pooled windows covering those, the next convolution's outputs within
//! its width of them, and so on. The reference activations of every layer are computed once per sequence;
//! each variant then updates only the changed range of each layer:
//!
//! | layer | update per variant |
//! |---|---|
//! | convolution | reference pre-activation + kernel × (change of the input), zero changes skipped |
//! | max-pool | the windows overlapping the changed range |
//! | global max-pool | the changed maxima; a full scan only when the reference maximum left the patch |
//! | dropout | identity (inference) |
//! | flatten → first dense | reference product + the weight rows of the changed inputs × their change |
//! | later dense layers | recomputed (they are small) |
//!
//! The engine works on plain layers ([`Stage`], [`Dense`]); seq-interpret reads a seq-models `Cnn` into them
//! (every layer a `CnnConfig` can describe is covered). The results equal a forward pass of each mutant up
//! to float rounding (seq-interpret's tests check 1e-5).

mod layers;
mod tiled;

use std::ops::Range;

use rayon::prelude::*;

pub(crate) use self::layers::activate;
use self::layers::Patch;
pub use self::layers::{Conv, Dense, Global, Pool, Stage};
use crate::error::{KernelError, Result};

/// The logits of every single-base substitution of `n` sequences over a window of positions.
#[derive(Debug, Clone, PartialEq)]
pub struct IsmLogits {
    /// Number of sequences.
    pub n: usize,
    /// Sequence length.
    pub len: usize,
    /// Positions mutated.
    pub window: Range<usize>,
    /// Logits per sequence (model outputs).
    pub outputs: usize,
    /// Logits of the unmodified sequences, `(n, outputs)`.
    pub reference: Vec<f32>,
    /// Logits of each variant, `(n, 4, window.len(), outputs)`: index
    /// `((i · 4 + base) · window.len() + (pos − window.start)) · outputs + o`. Where the sequence already has
    /// `base` at `pos` (value exactly 1) the entry repeats the reference logits.
    pub variants: Vec<f32>,
}

impl IsmLogits {
    /// Logits of sequence `i` with `base` at `pos` (`pos` inside the window).
    pub fn variant(&self, i: usize, base: usize, pos: usize) -> &[f32] {
        let at = ((i * 4 + base) * self.window.len() + (pos - self.window.start)) * self.outputs;
        &self.variants[at..at + self.outputs]
    }
}

/// A CNN as plain `f32` layers for incremental ISM (build once, run on many batches).
#[derive(Debug, Clone)]
pub struct FastIsm {
    stages: Vec<Stage>,
    dense: Vec<Dense>,
    input_length: usize,
    outputs: usize,
}

/// Activations of the reference sequence, layer by layer.
struct Reference {
    /// `acts[0]` is the input `(L, 4)`; `acts[s + 1]` the output of stage `s`, position-major.
    acts: Vec<Vec<f32>>,
    /// Pre-activations of convolution stages (empty for other stages).
    pres: Vec<Vec<f32>>,
    /// For global max-pool stages, the position of each channel's maximum.
    argmax: Vec<Vec<usize>>,
    /// Pre-activation of the first dense layer.
    dense_pre: Vec<f32>,
    logits: Vec<f32>,
}

/// Per-thread buffers reused across variants.
#[derive(Default)]
struct Scratch {
    a: Patch,
    b: Patch,
    h: Vec<f32>,
    g: Vec<f32>,
}

impl FastIsm {
    /// An engine over `stages` (feature layers, in order) and `dense` (at least one dense layer; the last gives
    /// the `outputs` logits) for inputs of `input_length`.
    pub fn new(stages: Vec<Stage>, dense: Vec<Dense>, input_length: usize, outputs: usize) -> Result<Self> {
        if dense.is_empty() {
            return Err(KernelError::InvalidInput("fast ISM needs at least one dense layer".into()));
        }
        Ok(Self { stages, dense, input_length, outputs })
    }

    /// Number of model outputs (logits per sequence).
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Sequence length the model takes.
    pub fn input_length(&self) -> usize {
        self.input_length
    }

    /// Logits `(n, outputs)` of `n` sequences `(n, 4, len)` (channels-first), computed on `f32` slices.
    pub fn logits(&self, x: &[f32], n: usize, len: usize) -> Result<Vec<f32>> {
        self.check(x, n, len, &(0..len))?;
        let width = 4 * len;
        let rows: Vec<Vec<f32>> = x.par_chunks(width).map(|s| self.reference(s, len).logits).collect();
        Ok(rows.concat())
    }

    /// Logits of the references and of every single-base substitution inside `window` (see [`IsmLogits`]).
    /// A position with no base set (all zero, e.g. an `N`) gets all four substitutions.
    pub fn substitution_logits(&self, x: &[f32], n: usize, len: usize, window: Range<usize>) -> Result<IsmLogits> {
        self.check(x, n, len, &window)?;
        let width = 4 * len;
        let refs: Vec<Reference> = x.par_chunks(width).map(|s| self.reference(s, len)).collect();
        let (wlen, o) = (window.len(), self.outputs);
        // Computed as (i, pos, base, o) so that each position is one contiguous chunk, then transposed.
        let mut by_pos = vec![0.0f32; n * wlen * 4 * o];
        by_pos.par_chunks_mut(4 * o).enumerate().for_each_init(Scratch::default, |scratch, (idx, chunk)| {
            let (i, pos) = (idx / wlen, window.start + idx % wlen);
            let present: [bool; 4] = std::array::from_fn(|base| x[(i * 4 + base) * len + pos] == 1.0);
            self.position(&refs[i], pos, present, scratch, chunk);
        });
        let mut variants = vec![0.0f32; by_pos.len()];
        for i in 0..n {
            for p in 0..wlen {
                for base in 0..4 {
                    let from = ((i * wlen + p) * 4 + base) * o;
                    let to = ((i * 4 + base) * wlen + p) * o;
                    variants[to..to + o].copy_from_slice(&by_pos[from..from + o]);
                }
            }
        }
        let reference = refs.iter().flat_map(|r| r.logits.iter().copied()).collect();
        tracing::debug!(sequences = n, positions = wlen, "fast ISM evaluated");
        Ok(IsmLogits { n, len, window, outputs: o, reference, variants })
    }

    fn check(&self, x: &[f32], n: usize, len: usize, window: &Range<usize>) -> Result<()> {
        if len != self.input_length {
            return Err(KernelError::LengthMismatch { expected: self.input_length, found: len });
        }
        if n == 0 || x.len() != n * 4 * len {
            return Err(KernelError::InvalidInput(format!(
                "expected {n} sequences × 4 × {len} = {} values (n > 0), got {}",
                n * 4 * len,
                x.len()
            )));
        }
        if window.start >= window.end || window.end > len {
            return Err(KernelError::InvalidInput(format!("ISM window {window:?} is not inside 0..{len}")));
        }
        Ok(())
    }

    /// Logits of the reference and of one substitution per sequence: sequence `i` of `x` `(n, 4, len)` with
    /// base `alt[i]` (0..4 = A, C, G, T) at `pos`. Returns `(reference, alternative)`, `(n, outputs)` each;
    /// where the sequence already has that base the alternative repeats the reference. Each sequence is one
    /// task (its reference activations live only as long as it), so memory does not grow with `n`; the values
    /// equal [`FastIsm::substitution_logits`]'s.
    pub fn snv_logits(
        &self,
        x: &[f32],
        n: usize,
        len: usize,
        pos: usize,
        alt: &[usize],
    ) -> Result<(Vec<f32>, Vec<f32>)> {
        self.check(x, n, len, &(pos..pos + 1))?;
        if alt.len() != n || alt.iter().any(|&b| b >= 4) {
            return Err(KernelError::InvalidInput(format!(
                "expected {n} alternative bases in 0..4, got {} ({:?}…)",
                alt.len(),
                &alt[..alt.len().min(4)]
            )));
        }
        let o = self.outputs;
        let mut out = vec![0.0f32; n * 2 * o];
        out.par_chunks_mut(2 * o).zip(x.par_chunks(4 * len)).zip(alt.par_iter()).for_each_init(
            Scratch::default,
            |scratch, ((dst, seq), &base)| {
                let r = self.reference(seq, len);
                let (ref_dst, alt_dst) = dst.split_at_mut(o);
                ref_dst.copy_from_slice(&r.logits);
                if seq[base * len + pos] == 1.0 {
                    alt_dst.copy_from_slice(&r.logits);
                } else {
                    self.variant_dispatch(&r, pos, base, scratch, alt_dst);
                }
            },
        );
        let (reference, alternative) = out.chunks_exact(2 * o).map(|c| c.split_at(o)).unzip::<_, _, Vec<_>, Vec<_>>();
        Ok((reference.concat(), alternative.concat()))
    }

    /// Full forward pass of one channels-first sequence `(4, len)`, keeping every layer's activations. Runs
    /// the AVX2 build when the CPU has it.
    fn reference(&self, seq: &[f32], len: usize) -> Reference {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of `reference_avx2`.
            return unsafe { self.reference_avx2(seq, len) };
        }
        self.reference_any(seq, len)
    }

    /// [`Self::reference_any`] compiled with AVX2 enabled (the kernels are inlined into it).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn reference_avx2(&self, seq: &[f32], len: usize) -> Reference {
        self.reference_any(seq, len)
    }

    #[inline(always)]
    fn reference_any(&self, seq: &[f32], len: usize) -> Reference {
        let mut input = vec![0.0f32; len * 4];
        for (b, row) in seq.chunks(len).enumerate() {
            for (p, &v) in row.iter().enumerate() {
                input[p * 4 + b] = v;
            }
        }
        // One base index per position when the input is one-hot (4 = no base), for the first convolution.
        let bases: Option<Vec<u8>> = input
            .chunks_exact(4)
            .map(|c| match (c.iter().filter(|&&v| v == 1.0).count(), c.iter().filter(|&&v| v == 0.0).count()) {
                (1, 3) => c.iter().position(|&v| v == 1.0).map(|b| b as u8),
                (0, 4) => Some(4),
                _ => None,
            })
            .collect();
        self.reference_from(input, bases.as_deref(), None)
    }

    /// The forward pass from the position-major input `(len, 4)`: `bases` when it is one-hot (the first
    /// convolution then adds weight rows), and the first convolution's pre-activations when they are known
    /// already (`pre0`, the tiled variant path).
    #[inline(always)]
    fn reference_from(&self, input: Vec<f32>, bases: Option<&[u8]>, mut pre0: Option<Vec<f32>>) -> Reference {
        let mut acts = vec![input];
        let (mut pres, mut argmax) = (Vec::new(), Vec::new());
        for (s, stage) in self.stages.iter().enumerate() {
            let prev = &acts[acts.len() - 1];
            let (out, pre, arg) = match stage {
                Stage::Conv(conv) => {
                    let pre = match (pre0.take(), bases, s, conv.channels) {
                        (Some(pre), _, 0, _) => pre,
                        (_, Some(bases), 0, 4) => conv.full_pre_onehot(bases),
                        _ => conv.full_pre(prev),
                    };
                    let mut out = pre.clone();
                    activate(&mut out, conv.activation);
                    (out, pre, Vec::new())
                }
                Stage::Pool(pool) => (pool.full(prev), Vec::new(), Vec::new()),
                Stage::Global(global) => {
                    let (max, arg) = global.full(prev);
                    (max, Vec::new(), arg)
                }
            };
            acts.push(out);
            pres.push(pre);
            argmax.push(arg);
        }
        let (flat_len, channels) = self.flat_shape();
        let dense_pre = self.dense[0].pre_flattened(&acts[acts.len() - 1], flat_len, channels);
        let mut logits = Vec::new();
        self.dense_tail(&dense_pre, &mut Vec::new(), &mut logits);
        Reference { acts, pres, argmax, dense_pre, logits }
    }

    /// `(positions, channels)` of the last feature layer's output (what is flattened).
    fn flat_shape(&self) -> (usize, usize) {
        match self.stages.last() {
            None => (self.input_length, 4),
            Some(Stage::Conv(c)) => (c.len_out, c.filters),
            Some(Stage::Pool(p)) => (p.len_out, p.channels),
            Some(Stage::Global(g)) => (1, g.channels),
        }
    }

    /// From the first dense layer's pre-activation to the logits (`work` is a scratch buffer).
    #[inline(always)]
    fn dense_tail(&self, first_pre: &[f32], work: &mut Vec<f32>, logits: &mut Vec<f32>) {
        logits.clear();
        logits.extend_from_slice(first_pre);
        activate(logits, self.dense[0].activation);
        for layer in &self.dense[1..] {
            std::mem::swap(work, logits);
            layer.pre(work, logits);
            activate(logits, layer.activation);
        }
    }

    /// Logits of the four bases at `pos` into `chunk` `(4, outputs)`; a base the reference already has
    /// (`present`) gets the reference logits. Runs the AVX2 build of the kernels when the CPU has it.
    fn position(&self, r: &Reference, pos: usize, present: [bool; 4], s: &mut Scratch, chunk: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of `position_avx2`.
            unsafe { self.position_avx2(r, pos, present, s, chunk) };
            return;
        }
        self.position_any(r, pos, present, s, chunk);
    }

    /// [`Self::position_any`] compiled with AVX2 enabled (the kernels are inlined into it).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn position_avx2(&self, r: &Reference, pos: usize, present: [bool; 4], s: &mut Scratch, chunk: &mut [f32]) {
        self.position_any(r, pos, present, s, chunk);
    }

    #[inline(always)]
    fn position_any(&self, r: &Reference, pos: usize, present: [bool; 4], s: &mut Scratch, chunk: &mut [f32]) {
        let o = self.outputs;
        for (base, &here) in present.iter().enumerate() {
            let dst = &mut chunk[base * o..(base + 1) * o];
            if here {
                dst.copy_from_slice(&r.logits);
            } else {
                self.variant(r, pos, base, s, dst);
            }
        }
    }

    /// [`Self::variant`] through the AVX2 build when the CPU has it.
    fn variant_dispatch(&self, r: &Reference, pos: usize, base: usize, s: &mut Scratch, dst: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above), the only requirement of `variant_avx2`.
            unsafe { self.variant_avx2(r, pos, base, s, dst) };
            return;
        }
        self.variant(r, pos, base, s, dst);
    }

    /// [`Self::variant`] compiled with AVX2 enabled.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn variant_avx2(&self, r: &Reference, pos: usize, base: usize, s: &mut Scratch, dst: &mut [f32]) {
        self.variant(r, pos, base, s, dst);
    }

    /// Logits of the reference with `base` at `pos`, written to `dst`.
    #[inline(always)]
    fn variant(&self, r: &Reference, pos: usize, base: usize, s: &mut Scratch, dst: &mut [f32]) {
        let (cur, next) = (&mut s.a, &mut s.b);
        cur.start = pos;
        cur.end = pos + 1;
        cur.vals.clear();
        cur.vals.extend((0..4).map(|b| if b == base { 1.0 } else { 0.0 }));
        for (i, stage) in self.stages.iter().enumerate() {
            match stage {
                Stage::Conv(conv) => conv.patch(&r.acts[i], &r.pres[i], cur, next),
                Stage::Pool(pool) => pool.patch(&r.acts[i], cur, next),
                Stage::Global(global) => global.patch(&r.acts[i], &r.acts[i + 1], &r.argmax[i], cur, next),
            }
            std::mem::swap(cur, next);
            if cur.is_empty() {
                dst.copy_from_slice(&r.logits);
                return;
            }
        }
        let (flat_len, channels) = self.flat_shape();
        self.dense[0].patch_flattened(&r.acts[self.stages.len()], &r.dense_pre, flat_len, channels, cur, &mut s.h);
        self.dense_tail(&s.h, &mut s.g, &mut s.b.vals);
        dst.copy_from_slice(&s.b.vals);
    }
}
