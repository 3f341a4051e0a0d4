//! Fixed-string simulations of the two small tutorials: the genomics primer (a 12-mer embedded once per
//! positive) and seed 002's `datagen` (PFM columns between uniform flanks).

use crate::background::{gc_background, sample_base, uniform_background};
use crate::embed::{check_capacity, Placement, SequenceBuilder};
use crate::error::{Result, SimError};
use crate::simulation::Simulation;
use rand::Rng;
use seq_io::{Pfm, Strand};

/// The motif of the genomics primer data.
pub const PRIMER_MOTIF: &str = "CGACCGAACTCC";
/// Background redraws allowed per sequence before the primer simulation gives up.
const MAX_REDRAWS: usize = 1000;

/// Parameters of the primer simulation. Default: the primer data (50 nt, `CGACCGAACTCC`, 987 positives,
/// 1013 negatives, uniform bases).
#[derive(Debug, Clone, PartialEq)]
pub struct PrimerParams {
    /// The fixed motif string (A/C/G/T).
    pub motif: String,
    /// Sequence length.
    pub seq_length: usize,
    /// Number of positives (motif present exactly once).
    pub num_pos: usize,
    /// Number of negatives (motif absent).
    pub num_neg: usize,
    /// Background GC fraction (0.5 = uniform bases).
    pub gc_fraction: f64,
}

impl Default for PrimerParams {
    fn default() -> Self {
        PrimerParams { motif: PRIMER_MOTIF.into(), seq_length: 50, num_pos: 987, num_neg: 1013, gc_fraction: 0.5 }
    }
}

/// Number of (possibly overlapping) occurrences of `motif` in `seq`.
pub fn count_occurrences(seq: &[u8], motif: &[u8]) -> usize {
    if motif.is_empty() {
        return 0;
    }
    seq.windows(motif.len()).filter(|w| *w == motif).count()
}

fn check_acgt(what: &str, s: &[u8]) -> Result<()> {
    match s.iter().position(|b| !matches!(b, b'A' | b'C' | b'G' | b'T')) {
        Some(position) => Err(SimError::InvalidBase { what: what.to_string(), position, ch: s[position] as char }),
        None => Ok(()),
    }
}

/// The primer simulation: positives get the motif once at a uniform start (`⌊r·(L − k + 1)⌋`); as in the
/// primer data, a positive contains the motif **exactly once** and a negative never (a background that
/// contains it by chance is redrawn). Positives first, then negatives; one task named after the motif.
pub fn primer_simulation<R: Rng + ?Sized>(p: &PrimerParams, rng: &mut R) -> Result<Simulation> {
    let motif = p.motif.as_bytes();
    check_acgt("primer motif", motif)?;
    check_capacity(&[(p.motif.as_str(), motif.len())], Placement::Uniform, p.seq_length)?;
    let mut sim = Simulation::new("primer", vec![p.motif.clone()]);
    for (prefix, n, wanted, label) in [("pos", p.num_pos, 1, 1.0), ("neg", p.num_neg, 0, 0.0)] {
        for i in 0..n {
            let b = draw_primer_sequence(p, wanted, sim.n(), rng)?;
            sim.push(format!("{prefix}_{i}"), b, &[label]);
        }
    }
    Ok(sim.finished())
}

/// One primer sequence holding `wanted` (0 or 1) occurrences of the motif.
fn draw_primer_sequence<R: Rng + ?Sized>(
    p: &PrimerParams,
    wanted: usize,
    index: usize,
    rng: &mut R,
) -> Result<SequenceBuilder> {
    let motif = p.motif.as_bytes();
    for _ in 0..MAX_REDRAWS {
        let mut b = SequenceBuilder::new(gc_background(p.seq_length, p.gc_fraction, rng)?, index);
        if wanted == 1 {
            b.embed_fixed(&p.motif, motif, Placement::Uniform, rng)?;
        }
        if count_occurrences(&b.seq, motif) == wanted {
            return Ok(b);
        }
    }
    Err(SimError::NoRoom {
        sequence: index,
        motif: p.motif.clone(),
        attempts: MAX_REDRAWS,
        reason: format!("no background with exactly {wanted} occurrence(s) found"),
    })
}

/// Seed 002's `datagen`: `num_sample` positives whose columns are drawn from
/// `[uniform × left | PFM (normalised per column, no pseudocount) | uniform × right]`, then `num_sample`
/// negatives of uniform bases. Labels are two one-hot columns as Keras' `to_categorical` gives
/// (`neg` = column 0, `pos` = column 1). Each positive is annotated with the motif span (forward strand).
///
/// The seed uses `left = right = ⌊(L − k)/2⌋`, which yields `L − 1` letters when `L − k` is odd; here the
/// right flank takes the remainder so every sequence has exactly `L` letters (identical when `L − k` is even,
/// e.g. the seed's L = 40, k = 18).
pub fn seed002_datagen<R: Rng + ?Sized>(
    pfm: &Pfm,
    seq_length: usize,
    num_sample: usize,
    rng: &mut R,
) -> Result<Simulation> {
    let k = pfm.len();
    check_capacity(&[(pfm.name.as_str(), k)], Placement::Uniform, seq_length)?;
    let left = (seq_length - k) / 2;
    let right = seq_length - k - left;
    let mut sim = Simulation::new("seed002_datagen", vec!["neg".into(), "pos".into()]);
    for i in 0..num_sample {
        let mut seq = uniform_columns(left, rng);
        let instance: Vec<u8> = pfm.probs.iter().map(|row| sample_base(row, rng)).collect();
        seq.extend_from_slice(&instance);
        seq.extend(uniform_columns(right, rng));
        let mut b = SequenceBuilder::new(seq, sim.n());
        b.record(&pfm.name, left, instance, Strand::Forward);
        sim.push(format!("pos_{i}"), b, &[0.0, 1.0]);
    }
    for i in 0..num_sample {
        let b = SequenceBuilder::new(uniform_background(seq_length, rng), sim.n());
        sim.push(format!("neg_{i}"), b, &[1.0, 0.0]);
    }
    Ok(sim.finished())
}

/// Letters from uniform columns (probability 1/4 each, sampled with the cdf walk like the PFM columns).
fn uniform_columns<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<u8> {
    (0..n).map(|_| sample_base(&[0.25; 4], rng)).collect()
}
