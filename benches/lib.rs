//! Shared pieces of seqdl's benchmarks: criterion benches live beside this file, one per kernel family (see
//! Cargo.toml), and the `seqdl-bench` binary (`cargo xtask bench`) measures the four figures of the PyTorch
//! reference `../shared/bench/torch_reference.py`.
#![warn(missing_docs)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Sequence length of the reference benchmark.
pub const LEN: usize = 200;

/// The motif planted in positives, `TGACTCAG` as channel indices (A 0, C 1, G 2, T 3).
pub const MOTIF: [usize; 8] = [3, 2, 0, 1, 3, 1, 0, 2];

/// The reference's data: `n` uniform random sequences of [`LEN`] with labels 0/1 (fair coin), [`MOTIF`]
/// planted at a uniform random position of each positive. Returns one-hot `(n, 4, LEN)`, labels, and the
/// base index of every position `(n, LEN)`. Same logic as `make_data` of the reference, drawn from ChaCha8.
pub fn make_data(n: usize, seed: u64) -> (Vec<f32>, Vec<f32>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut seq: Vec<usize> = (0..n * LEN).map(|_| rng.random_range(0..4)).collect();
    let y: Vec<f32> = (0..n).map(|_| f32::from(rng.random_range(0..2u8))).collect();
    for (i, &label) in y.iter().enumerate() {
        if label == 1.0 {
            let p = rng.random_range(0..LEN - MOTIF.len());
            seq[i * LEN + p..i * LEN + p + MOTIF.len()].copy_from_slice(&MOTIF);
        }
    }
    (onehot(&seq, n, LEN), y, seq)
}

/// One-hot `(n, 4, len)` of base indices `(n, len)`.
pub fn onehot(seq: &[usize], n: usize, len: usize) -> Vec<f32> {
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + seq[i * len + p]) * len + p] = 1.0;
        }
    }
    x
}

/// `n` random one-hot sequences of length `len` (seeded).
pub fn random_onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let seq: Vec<usize> = (0..n * len).map(|_| rng.random_range(0..4)).collect();
    onehot(&seq, n, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positives_carry_the_motif_and_rows_are_one_hot() {
        let (x, y, seq) = make_data(200, 1);
        assert!(y.contains(&1.0) && y.contains(&0.0));
        for (i, &label) in y.iter().enumerate() {
            let row = &seq[i * LEN..(i + 1) * LEN];
            if label == 1.0 {
                assert!(row.windows(MOTIF.len()).any(|w| w == MOTIF), "positive {i} lacks the motif");
            }
            for p in 0..LEN {
                let column: f32 = (0..4).map(|b| x[(i * 4 + b) * LEN + p]).sum();
                assert_eq!(column, 1.0);
                assert_eq!(x[(i * 4 + row[p]) * LEN + p], 1.0);
            }
        }
    }
}
