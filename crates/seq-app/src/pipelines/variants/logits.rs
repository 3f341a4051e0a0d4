//! The logits of reference and alternative windows, computed by the model's incremental engine when it has
//! one ([`AppModel::ism_engine`]) and by burn's forward pass otherwise.
//!
//! With the engine, a single-base substitution costs one forward pass of the reference plus the update of
//! the layer ranges the changed base reaches (the alternative's logits are exactly the ISM logits of that
//! substitution), and the windows of nearby SNVs share the first convolution on one track
//! ([`super::track`]); other variants take one full forward pass per window. Each sequence is computed on its
//! own, so a value does not depend on the other sequences of its batch — which keeps the outputs of a
//! sharded run byte-identical to the unsharded one. The burn path runs whole batches.

use burn::tensor::{Tensor, TensorData};
use seq_interpret::ism::FastIsm;
use seq_io::UnknownPolicy;
use seq_variants::{Batch, VariantKind};

use crate::backend::AppBackend;
use crate::error::{AppError, Result};
use crate::model::AppModel;

use super::track::Track;

/// Logits `(n, outputs)` of each strand of the reference and alternative windows of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowLogits {
    /// Logits per window.
    pub outputs: usize,
    /// Reference windows, forward strand.
    pub ref_fwd: Vec<f32>,
    /// Alternative windows, forward strand.
    pub alt_fwd: Vec<f32>,
    /// Reference windows, reverse complement (empty without strand averaging).
    pub ref_rc: Vec<f32>,
    /// Alternative windows, reverse complement (empty without strand averaging).
    pub alt_rc: Vec<f32>,
}

/// What computes logits: the incremental engine or the model on its backend.
pub struct LogitSource<'a, B: AppBackend, M: AppModel<B>> {
    model: &'a M,
    engine: Option<FastIsm>,
    device: &'a B::Device,
    batch_size: usize,
}

fn onehot_rows(windows: &[&[u8]], len: usize) -> Vec<f32> {
    let mut out = vec![0f32; windows.len() * 4 * len];
    for (w, o) in windows.iter().zip(out.chunks_exact_mut(4 * len)) {
        seq_io::onehot::encode_into_unchecked(w, o, UnknownPolicy::Zeros);
    }
    out
}

fn base_index(b: u8) -> usize {
    match b {
        b'A' => 0,
        b'C' => 1,
        b'G' => 2,
        _ => 3,
    }
}

impl<'a, B: AppBackend, M: AppModel<B>> LogitSource<'a, B, M> {
    /// Uses `model`'s incremental engine when it has one (and `use_engine`), else burn on `device` with
    /// `batch_size` windows per forward pass.
    pub fn new(model: &'a M, use_engine: bool, device: &'a B::Device, batch_size: usize) -> Self {
        let engine = if use_engine { model.ism_engine() } else { None };
        LogitSource { model, engine, device, batch_size: batch_size.max(1) }
    }

    /// Whether the incremental engine is used.
    pub fn is_incremental(&self) -> bool {
        self.engine.is_some()
    }

    /// Logits `(windows.len(), outputs)` of windows of length `len`.
    pub fn logits(&self, windows: &[&[u8]], len: usize) -> Result<Vec<f32>> {
        if windows.is_empty() {
            return Ok(Vec::new());
        }
        let x = onehot_rows(windows, len);
        match &self.engine {
            Some(fast) => Ok(fast.logits(&x, windows.len(), len).map_err(seq_interpret::InterpretError::from)?),
            None => {
                let mut out = Vec::with_capacity(windows.len() * self.model.outputs());
                for (k, chunk) in x.chunks(self.batch_size * 4 * len).enumerate() {
                    let n = chunk.len() / (4 * len);
                    let t = Tensor::<B, 3>::from_data(TensorData::new(chunk.to_vec(), [n, 4, len]), self.device);
                    let values = self.model.forward_logits(t).into_data().to_vec::<f32>().map_err(|e| {
                        AppError::option("--model", format!("logits of batch {k} cannot be read as f32: {e:?}"))
                    })?;
                    out.extend(values);
                }
                Ok(out)
            }
        }
    }

    /// Logits of the substitution of the base at `pos` by `alt[i]` on each window of `track` (the engine's
    /// tiled path: the first convolution once per track position, one reference pass and one patch per
    /// window), with the reference logits: `(reference, alternative)`.
    fn substitutions(&self, fast: &FastIsm, track: &Track, alts: &[u8], pos: usize) -> Result<(Vec<f32>, Vec<f32>)> {
        if track.starts.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let bases: Vec<usize> = alts.iter().map(|&b| base_index(b)).collect();
        Ok(fast
            .snv_logits_tiled(&track.bases, &track.starts, track.len, pos, &bases)
            .map_err(seq_interpret::InterpretError::from)?)
    }

    /// The logits of every window of `batch` (and of their reverse complements when `both_strands`).
    pub fn batch(&self, batch: &Batch, both_strands: bool) -> Result<WindowLogits> {
        let (n, len, o) = (batch.len(), batch.length, self.model.outputs());
        let refs: Vec<&[u8]> = (0..n).map(|i| batch.ref_window(i)).collect();
        let alts: Vec<&[u8]> = (0..n).map(|i| batch.alt_window(i)).collect();
        let mut out = WindowLogits {
            outputs: o,
            ref_fwd: vec![0.0; n * o],
            alt_fwd: vec![0.0; n * o],
            ref_rc: Vec::new(),
            alt_rc: Vec::new(),
        };
        let rc = |w: &[&[u8]]| -> Vec<Vec<u8>> { w.iter().map(|s| seq_io::onehot::reverse_complement(s)).collect() };
        let (rc_refs, rc_alts) = if both_strands { (rc(&refs), rc(&alts)) } else { (Vec::new(), Vec::new()) };
        if both_strands {
            out.ref_rc = vec![0.0; n * o];
            out.alt_rc = vec![0.0; n * o];
        }
        let centre = seq_variants::windows::centre(len);
        let (snv, other): (Vec<usize>, Vec<usize>) = match &self.engine {
            Some(_) => (0..n).partition(|&i| batch.variants[i].kind == VariantKind::Snv),
            None => (Vec::new(), (0..n).collect()),
        };
        let place = |dst: &mut Vec<f32>, idx: &[usize], values: &[f32]| {
            for (k, &i) in idx.iter().enumerate() {
                dst[i * o..(i + 1) * o].copy_from_slice(&values[k * o..(k + 1) * o]);
            }
        };
        if let (Some(fast), false) = (&self.engine, snv.is_empty()) {
            let snv_refs: Vec<&[u8]> = snv.iter().map(|&i| refs[i]).collect();
            let keys: Vec<(usize, u64)> =
                snv.iter().map(|&i| (batch.variants[i].chrom_rank, batch.variants[i].pos)).collect();
            let track = Track::stitch(&snv_refs, &keys, len);
            let alt_bases: Vec<u8> = snv.iter().map(|&i| alts[i][centre]).collect();
            let (r, a) = self.substitutions(fast, &track, &alt_bases, centre)?;
            place(&mut out.ref_fwd, &snv, &r);
            place(&mut out.alt_fwd, &snv, &a);
            if both_strands {
                let rc_pos = len - 1 - centre;
                let rc_bases: Vec<u8> = snv.iter().map(|&i| rc_alts[i][rc_pos]).collect();
                let (r, a) = self.substitutions(fast, &track.reverse_complement(), &rc_bases, rc_pos)?;
                place(&mut out.ref_rc, &snv, &r);
                place(&mut out.alt_rc, &snv, &a);
            }
        }
        if !other.is_empty() {
            let mut windows: Vec<&[u8]> = other.iter().map(|&i| refs[i]).collect();
            windows.extend(other.iter().map(|&i| alts[i]));
            if both_strands {
                windows.extend(other.iter().map(|&i| rc_refs[i].as_slice()));
                windows.extend(other.iter().map(|&i| rc_alts[i].as_slice()));
            }
            let values = self.logits(&windows, len)?;
            let m = other.len() * o;
            place(&mut out.ref_fwd, &other, &values[..m]);
            place(&mut out.alt_fwd, &other, &values[m..2 * m]);
            if both_strands {
                place(&mut out.ref_rc, &other, &values[2 * m..3 * m]);
                place(&mut out.alt_rc, &other, &values[3 * m..4 * m]);
            }
        }
        Ok(out)
    }
}
