#![allow(dead_code)]
//! Shared by the tests, the bench and the example (through `#[path]`). Seeded synthetic attribution tracks with planted motifs: the ground truth that tests, benches and the
//! comparison with TF-MoDISco share. Random uniform sequences; each motif is planted in a fraction of them
//! (either strand, non-overlapping, away from the ends); the hypothetical contribution is Gaussian noise
//! everywhere plus `sign × strength` on the planted base of each planted position.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::Strand;

/// One planted motif.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedMotif {
    /// Consensus (A, C, G, T letters).
    pub consensus: String,
    /// Fraction of sequences that receive one instance.
    pub fraction: f64,
    /// Sign of its contribution (+1 or −1).
    pub sign: f32,
}

/// A planted instance: example, start, end (half-open), strand, motif index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    /// Example.
    pub example: usize,
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// Strand.
    pub strand: Strand,
    /// Index of the motif in the list given.
    pub motif: usize,
}

/// The generated tracks, `(n, 4, len)` each.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// One-hot.
    pub x: Vec<f32>,
    /// Hypothetical contributions.
    pub h: Vec<f32>,
    /// Number of sequences.
    pub n: usize,
    /// Sequence length.
    pub len: usize,
    /// The planted instances.
    pub instances: Vec<Instance>,
}

fn code(b: u8) -> usize {
    match b {
        b'A' => 0,
        b'C' => 1,
        b'G' => 2,
        _ => 3,
    }
}

/// Generates tracks (see the module documentation); `noise` is the standard deviation of the background and
/// `strength` the planted value. Instances keep `margin` positions from both ends and 8 from each other.
pub fn synthetic(
    n: usize,
    len: usize,
    motifs: &[PlantedMotif],
    strength: f32,
    noise: f32,
    margin: usize,
    seed: u64,
) -> Synthetic {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Box-Muller normal draws.
    let normal = |rng: &mut ChaCha8Rng| -> f32 {
        let u1: f64 = rng.random::<f64>().max(1e-300);
        let u2: f64 = rng.random();
        ((-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32 * noise
    };
    let mut x = vec![0.0f32; n * 4 * len];
    let mut h = vec![0.0f32; n * 4 * len];
    let mut instances = Vec::new();
    for e in 0..n {
        let mut seq: Vec<usize> = (0..len).map(|_| rng.random_range(0..4)).collect();
        let mut boost = vec![0.0f32; len];
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for (mi, m) in motifs.iter().enumerate() {
            if rng.random::<f64>() >= m.fraction {
                continue;
            }
            let w = m.consensus.len();
            for _attempt in 0..100 {
                let start = rng.random_range(margin..len - margin - w);
                if taken.iter().any(|&(a, b)| start < b + 8 && a < start + w + 8) {
                    continue;
                }
                let strand = if rng.random::<bool>() { Strand::Forward } else { Strand::Reverse };
                let bases: Vec<usize> = match strand {
                    Strand::Forward => m.consensus.bytes().map(code).collect(),
                    Strand::Reverse => m.consensus.bytes().rev().map(|b| 3 - code(b)).collect(),
                };
                for (t, &b) in bases.iter().enumerate() {
                    seq[start + t] = b;
                    boost[start + t] = m.sign * strength;
                }
                taken.push((start, start + w));
                instances.push(Instance { example: e, start, end: start + w, strand, motif: mi });
                break;
            }
        }
        for p in 0..len {
            for c in 0..4 {
                let i = (e * 4 + c) * len + p;
                h[i] = normal(&mut rng);
                if c == seq[p] {
                    x[i] = 1.0;
                    h[i] += boost[p];
                }
            }
        }
    }
    Synthetic { x, h, n, len, instances }
}
