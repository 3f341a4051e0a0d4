//! The references DeepSHAP averages over: dinucleotide shuffles of each input (the default, as tangermeme),
//! all zeros, a GC background, or sequences the caller gives.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use seq_io::onehot::{decode, encode_into_unchecked};
use seq_io::shuffle::dinucleotide_shuffle;
use seq_io::UnknownPolicy;

use crate::error::{InterpretError, Result};

/// Number of shuffles tangermeme's `deep_lift_shap` uses by default.
pub const DEFAULT_SHUFFLES: usize = 20;

/// Where the references of each input come from.
#[derive(Debug, Clone, PartialEq)]
pub enum References {
    /// `count` dinucleotide shuffles of each input ([`seq_io::shuffle::dinucleotide_shuffle`] of its
    /// decoded sequence; `N` columns stay all-zero). Shuffle `k` of every input is drawn from
    /// `ChaCha8Rng::seed_from_u64(seed + k)`, as tangermeme seeds shuffle `k` with `random_state + k`.
    Shuffles {
        /// Shuffles per input (tangermeme: 20).
        count: usize,
        /// Seed of shuffle 0.
        seed: u64,
    },
    /// One all-zero reference (classic DeepLIFT).
    Zeros,
    /// One reference with the base composition of a GC fraction at every position:
    /// `[(1 − gc)/2, gc/2, gc/2, (1 − gc)/2]`.
    Gc {
        /// GC fraction in `[0, 1]`.
        gc: f32,
    },
    /// `count` references for each input, `(N, count, 4, L)` channels-first.
    PerSequence {
        /// The values.
        values: Vec<f32>,
        /// References per input.
        count: usize,
    },
    /// The same `count` references for every input, `(count, 4, L)`.
    Shared {
        /// The values.
        values: Vec<f32>,
        /// Number of references.
        count: usize,
    },
}

impl Default for References {
    fn default() -> Self {
        References::Shuffles { count: DEFAULT_SHUFFLES, seed: 0 }
    }
}

impl References {
    /// References per input.
    pub fn count(&self) -> usize {
        match self {
            References::Shuffles { count, .. }
            | References::PerSequence { count, .. }
            | References::Shared { count, .. } => *count,
            References::Zeros | References::Gc { .. } => 1,
        }
    }

    /// Checks the references against `n` inputs of length `len`.
    pub(crate) fn validate(&self, n: usize, len: usize) -> Result<()> {
        let count = self.count();
        if count == 0 {
            return Err(InterpretError::NoReferences);
        }
        let (values, sets) = match self {
            References::PerSequence { values, .. } => (values, n * count),
            References::Shared { values, .. } => (values, count),
            References::Gc { gc } if !(0.0..=1.0).contains(gc) => {
                return Err(InterpretError::InvalidInput(format!("GC fraction {gc} is not in [0, 1]")));
            }
            _ => return Ok(()),
        };
        if values.len() != sets * 4 * len {
            if values.len() % (sets * 4) == 0 {
                return Err(InterpretError::ReferenceLength { expected: len, found: values.len() / (sets * 4) });
            }
            return Err(InterpretError::InvalidInput(format!(
                "references hold {} values, not {sets} × 4 × {len} = {}",
                values.len(),
                sets * 4 * len
            )));
        }
        check_finite("reference", values, len)
    }

    /// The `(count, 4, len)` references of input `i` (`x` its `(4, len)` values).
    pub(crate) fn for_sequence(&self, i: usize, x: &[f32], len: usize) -> Vec<f32> {
        let width = 4 * len;
        match self {
            References::Shuffles { count, seed } => dinucleotide_shuffles(x, len, *count, *seed),
            References::Zeros => vec![0.0; width],
            References::Gc { gc } => {
                let at = (1.0 - gc) / 2.0;
                let cg = gc / 2.0;
                [at, cg, cg, at].iter().flat_map(|&v| std::iter::repeat_n(v, len)).collect()
            }
            References::PerSequence { values, count } => values[i * count * width..(i + 1) * count * width].to_vec(),
            References::Shared { values, .. } => values.clone(),
        }
    }
}

/// `count` dinucleotide shuffles `(count, 4, len)` of the one-hot sequence `x` `(4, len)`; shuffle `k` is
/// drawn from `ChaCha8Rng::seed_from_u64(seed + k)`.
pub fn dinucleotide_shuffles(x: &[f32], len: usize, count: usize, seed: u64) -> Vec<f32> {
    let sequence = decode(x, len).into_bytes();
    let mut out = vec![0.0f32; count * 4 * len];
    // Each shuffle has its own seed, so drawing them in parallel gives the same values.
    out.par_chunks_mut(4 * len).enumerate().for_each(|(k, block)| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(k as u64));
        encode_into_unchecked(&dinucleotide_shuffle(&sequence, &mut rng), block, UnknownPolicy::Zeros);
    });
    out
}

/// Fails on the first NaN or infinity of `(·, 4, len)` values, naming the set, base and position.
pub(crate) fn check_finite(what: &'static str, values: &[f32], len: usize) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(at) => {
            Err(InterpretError::NonFinite { what, sequence: at / (4 * len), base: at / len % 4, position: at % len })
        }
    }
}
