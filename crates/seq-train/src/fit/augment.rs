//! Augmentation of training batches — reverse complements and random shifts (jitter) — and
//! reverse-complement averaging at test time.
//!
//! With [`Augment::reverse_complement`] on, each training sequence of a batch is replaced by its reverse
//! complement (positions reversed, A↔T and C↔G swapped: channel `c` → `3 − c`) with probability ½. With
//! a shift of ±k ([`Augment::with_shift`]) the training windows are `k` bases longer on each side than the
//! model's input (cut with `seqdl dataset --margin k`) and each sequence is cropped at a uniformly drawn
//! offset in `0..=2k` (the centre crop is offset `k`); validation windows of the same length are centre
//! cropped. The draws come from a ChaCha8 stream seeded by (seed, epoch), in the epoch's batch order and
//! per sequence offset first, then coin, so a run is reproducible and a resumed run continues
//! bit-identically.

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
    /// Largest shift k in bases (0: none): training windows are the model's length + 2k.
    #[serde(default)]
    pub max_shift: usize,
}

impl Augment {
    /// Reverse-complement augmentation on.
    pub fn reverse_complement() -> Self {
        Augment { reverse_complement: true, max_shift: 0 }
    }

    /// Random shifts of up to ±`k` bases as well.
    pub fn with_shift(self, k: usize) -> Self {
        Augment { max_shift: k, ..self }
    }

    /// True when any augmentation is on.
    pub fn any(&self) -> bool {
        self.reverse_complement || self.max_shift > 0
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

/// The augmented batch of the `(4, len_in)` sequences of the row-major `x`: each cropped to
/// `len_in − 2·max_shift` at an offset drawn in `0..=2·max_shift` (when `max_shift > 0`), then
/// reverse-complemented on a coin flip (when `reverse_complement`); one offset then one coin per sequence.
pub fn augment_batch(x: &[f32], len_in: usize, augment: &Augment, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let k = augment.max_shift;
    let len = len_in - 2 * k;
    let mut out = Vec::with_capacity(x.len() / len_in * len);
    for seq in x.chunks(4 * len_in) {
        let offset = if k > 0 { rng.random_range(0..=2 * k) } else { 0 };
        let start = out.len();
        for ch in 0..4 {
            out.extend_from_slice(&seq[ch * len_in + offset..ch * len_in + offset + len]);
        }
        if augment.reverse_complement && rng.random_bool(0.5) {
            let rc = reverse_complement_onehot(&out[start..], len);
            out[start..].copy_from_slice(&rc);
        }
    }
    out
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

    fn batch_of(seq: &[f32], n: usize) -> Vec<f32> {
        (0..n).flat_map(|_| seq.to_vec()).collect()
    }

    #[test]
    fn flips_are_reverse_complements_and_seeded() {
        // A C G T T (len 5) one-hot, channels A, C, G, T
        let seq = seq_io::onehot::encode(b"ACGTT", seq_io::UnknownPolicy::Zeros, "r").expect("valid");
        let rc = seq_io::onehot::encode(b"AACGT", seq_io::UnknownPolicy::Zeros, "r").expect("valid");
        let rc_only = Augment::reverse_complement();
        let batch = augment_batch(&batch_of(&seq, 64), 5, &rc_only, &mut augment_rng(3, 2));
        assert!(batch.chunks(20).all(|s| s == seq.as_slice() || s == rc.as_slice()));
        let n = batch.chunks(20).filter(|s| *s == rc.as_slice()).count();
        assert!(n > 10 && n < 54, "about half of 64 flipped, got {n}");
        let again = augment_batch(&batch_of(&seq, 64), 5, &rc_only, &mut augment_rng(3, 2));
        assert_eq!(again, batch, "same (seed, epoch), same flips");
        let other = augment_batch(&batch_of(&seq, 64), 5, &rc_only, &mut augment_rng(3, 3));
        assert_ne!(other, batch, "another epoch, other flips");
        let none = augment_batch(&batch_of(&seq, 4), 5, &Augment::default(), &mut augment_rng(3, 2));
        assert_eq!(none, batch_of(&seq, 4), "no augmentation leaves the batch as it is");
    }

    #[test]
    fn shifts_crop_every_offset_of_the_margin_and_nothing_else() {
        // 9 bases with a margin of 2 on each side: crops of 5 at offsets 0..=4
        let text = b"GATTACAGG"; // its 5 crops and their reverse complements are 10 distinct words
        let seq = seq_io::onehot::encode(text, seq_io::UnknownPolicy::Zeros, "r").expect("valid");
        let crops: Vec<Vec<f32>> = (0..=4)
            .map(|o| seq_io::onehot::encode(&text[o..o + 5], seq_io::UnknownPolicy::Zeros, "r").expect("valid"))
            .collect();
        let shift = Augment::default().with_shift(2);
        let batch = augment_batch(&batch_of(&seq, 200), 9, &shift, &mut augment_rng(1, 0));
        assert_eq!(batch.len(), 200 * 4 * 5);
        let mut seen = [0usize; 5];
        for s in batch.chunks(20) {
            let o = crops.iter().position(|c| c.as_slice() == s).expect("each output is a crop of the input");
            seen[o] += 1;
        }
        assert!(seen.iter().all(|&c| c > 20), "offsets 0..=4 all drawn about equally: {seen:?}");
        // with reverse complements as well, each output is a crop or its reverse complement
        let both = Augment::reverse_complement().with_shift(2);
        let batch = augment_batch(&batch_of(&seq, 200), 9, &both, &mut augment_rng(1, 0));
        let rcs: Vec<Vec<f32>> = crops.iter().map(|c| reverse_complement_onehot(c, 5)).collect();
        let flipped = batch.chunks(20).filter(|s| rcs.iter().any(|r| r.as_slice() == *s)).count();
        assert!(batch.chunks(20).all(|s| crops.iter().chain(&rcs).any(|c| c.as_slice() == s)));
        assert!(flipped > 60 && flipped < 140, "about half flipped, got {flipped}");
    }

    #[test]
    fn augment_reads_from_old_json() {
        let a: Augment = serde_json::from_str("{}").expect("empty object");
        assert_eq!(a, Augment::default());
    }
}
