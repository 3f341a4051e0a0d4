//! Reverse-complement augmentation of training batches and reverse-complement averaging at test time.
//!
//! With [`Augment::reverse_complement`] on, each training sequence of a batch is replaced by its reverse
//! complement (positions reversed, A↔T and C↔G swapped: channel `c` → `3 − c`) with probability ½. The coin
//! flips come from a ChaCha8 stream seeded by (seed, epoch) and are drawn in the epoch's batch order, so a
//! run is reproducible and a resumed run continues bit-identically.

use super::predict::{apply_head, predict_logits};
use crate::error::Result;
use burn::tensor::backend::Backend;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::onehot::reverse_complement_onehot;
use seq_io::Dataset;
use seq_models::SequenceModel;
use serde::{Deserialize, Serialize};

/// Data augmentation of the fit loop (all off by default; older checkpoints read as off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Augment {
    /// Reverse-complement each training sequence with probability ½.
    #[serde(default)]
    pub reverse_complement: bool,
}

impl Augment {
    /// Reverse-complement augmentation on.
    pub fn reverse_complement() -> Self {
        Augment { reverse_complement: true }
    }
}

/// The coin-flip stream of `epoch`: ChaCha8 seeded with a SplitMix64 mix of `(seed, epoch)`, decorrelated
/// from the shuffle stream (`seed + epoch`) and from the backend seed.
pub fn augment_rng(seed: u64, epoch: usize) -> ChaCha8Rng {
    let mut z = seed ^ 0xA076_1D64_78BD_642F;
    z = z.wrapping_add((epoch as u64).wrapping_mul(0xE703_7ED1_A0B4_28DB));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ChaCha8Rng::seed_from_u64(z ^ (z >> 31))
}

/// Reverse-complements each `(4, len)` sequence of the row-major batch `x` in place when its coin (drawn
/// from `rng`, one per sequence, in order) comes up; returns how many were flipped.
pub fn flip_batch(x: &mut [f32], len: usize, rng: &mut ChaCha8Rng) -> usize {
    let mut flipped = 0;
    for seq in x.chunks_mut(4 * len) {
        if rng.random_bool(0.5) {
            let rc = reverse_complement_onehot(seq, len);
            seq.copy_from_slice(&rc);
            flipped += 1;
        }
    }
    flipped
}

/// The reverse complement of every sequence of `ds` (labels, names and annotations kept).
pub fn reverse_complemented(ds: &Dataset) -> Dataset {
    let mut out = ds.clone();
    for seq in out.x.chunks_mut(4 * ds.len) {
        let rc = reverse_complement_onehot(seq, ds.len);
        seq.copy_from_slice(&rc);
    }
    out
}

/// Test-time reverse-complement averaging: the mean of the logits of each sequence and of its reverse
/// complement, through the model's head; `(N, outputs)` row-major. Pass an inference model.
pub fn predict_rc_averaged<B: Backend, M: SequenceModel<B>>(
    model: &M,
    ds: &Dataset,
    batch_size: usize,
    device: &B::Device,
) -> Result<Vec<f32>> {
    Ok(apply_head(model.head(), &rc_averaged_logits(model, ds, batch_size, device)?, model.outputs()))
}

/// The averaged logits of [`predict_rc_averaged`], before the head.
pub fn rc_averaged_logits<B: Backend, M: SequenceModel<B>>(
    model: &M,
    ds: &Dataset,
    batch_size: usize,
    device: &B::Device,
) -> Result<Vec<f32>> {
    let forward = predict_logits(model, ds, batch_size, device)?;
    let reverse = predict_logits(model, &reverse_complemented(ds), batch_size, device)?;
    Ok(forward.iter().zip(&reverse).map(|(f, r)| 0.5 * (f + r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flips_are_reverse_complements_and_seeded() {
        // A C G T T (len 5) one-hot, channels A, C, G, T
        let seq = seq_io::onehot::encode(b"ACGTT", seq_io::UnknownPolicy::Zeros, "r").expect("valid");
        let mut batch: Vec<f32> = (0..64).flat_map(|_| seq.clone()).collect();
        let mut rng = augment_rng(3, 2);
        let n = flip_batch(&mut batch, 5, &mut rng);
        assert!(n > 10 && n < 54, "about half of 64 flipped, got {n}");
        let rc = seq_io::onehot::encode(b"AACGT", seq_io::UnknownPolicy::Zeros, "r").expect("valid");
        let flips: Vec<bool> = batch.chunks(20).map(|s| s == rc.as_slice()).collect();
        assert!(batch.chunks(20).all(|s| s == seq.as_slice() || s == rc.as_slice()));
        assert_eq!(flips.iter().filter(|f| **f).count(), n);
        let mut again: Vec<f32> = (0..64).flat_map(|_| seq.clone()).collect();
        flip_batch(&mut again, 5, &mut augment_rng(3, 2));
        assert_eq!(again, batch, "same (seed, epoch), same flips");
        let mut other: Vec<f32> = (0..64).flat_map(|_| seq.clone()).collect();
        flip_batch(&mut other, 5, &mut augment_rng(3, 3));
        assert_ne!(other, batch, "another epoch, other flips");
    }

    #[test]
    fn augment_reads_from_old_json() {
        let a: Augment = serde_json::from_str("{}").expect("empty object");
        assert_eq!(a, Augment::default());
    }
}
