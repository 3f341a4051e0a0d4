//! GC-matched genomic negatives (see the [parent module](super) for the method).

use std::collections::HashMap;

use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{merged, overlaps, window_len, GcHistogram, NegativeSet};
use crate::error::{GenomeError, Result};
use crate::gc::{bin_of, composition, Composition, Counts};
use crate::reference::{Genome, Span};
use crate::windows::{Window, WindowSource};

/// CpG fractions at or above this fall in the last CpG bin.
const CPG_MAX: f64 = 0.25;
/// Candidate positions scanned by one parallel task.
const SEGMENT: u64 = 1 << 22;

/// Options of [`gc_matched`].
#[derive(Debug, Clone, PartialEq)]
pub struct GcMatchOptions {
    /// Negatives per positive (each bin gets `round(ratio × its positives)`).
    pub ratio: f64,
    /// GC bins over `[0, 1]` (50 = tangermeme's bin width 0.02).
    pub bins: usize,
    /// N-fraction bins over `[0, max_n_fraction]` crossed with the GC bins (0 = N not matched).
    pub n_bins: usize,
    /// CpG-fraction bins over `[0, 0.25]` crossed with the GC bins (0 = CpG not matched).
    pub cpg_bins: usize,
    /// Candidates closer than this to a positive are excluded (the positives are widened by it).
    pub exclusion_margin: u64,
    /// Candidates with a larger fraction of non-ACGT letters are discarded.
    pub max_n_fraction: f64,
    /// Distance between candidate starts (`None`: the window length, i.e. non-overlapping negatives).
    pub stride: Option<u64>,
    /// Chromosomes to draw from (`None`: all of the genome's).
    pub chroms: Option<Vec<usize>>,
}

impl Default for GcMatchOptions {
    fn default() -> Self {
        GcMatchOptions {
            ratio: 1.0,
            bins: 50,
            n_bins: 0,
            cpg_bins: 0,
            exclusion_margin: 0,
            max_n_fraction: 0.0,
            stride: None,
            chroms: None,
        }
    }
}

/// The stratum of a composition: GC bin × N bin × CpG bin.
fn stratum(c: &Composition, o: &GcMatchOptions) -> usize {
    let n_bin = if o.n_bins > 0 && o.max_n_fraction > 0.0 { bin_of(c.n / o.max_n_fraction, o.n_bins) } else { 0 };
    let cpg_bin = if o.cpg_bins > 0 { bin_of((c.cpg / CPG_MAX).min(1.0), o.cpg_bins) } else { 0 };
    (bin_of(c.gc, o.bins) * o.n_bins.max(1) + n_bin) * o.cpg_bins.max(1) + cpg_bin
}

fn describe(k: usize, o: &GcMatchOptions) -> String {
    let (cpg, rest) = (k % o.cpg_bins.max(1), k / o.cpg_bins.max(1));
    let (n, gc) = (rest % o.n_bins.max(1), rest / o.n_bins.max(1));
    let w = 1.0 / o.bins as f64;
    let mut s = format!("GC [{:.3}, {:.3})", gc as f64 * w, (gc + 1) as f64 * w);
    if o.n_bins > 0 {
        s += &format!(", N bin {n}/{}", o.n_bins);
    }
    if o.cpg_bins > 0 {
        s += &format!(", CpG bin {cpg}/{}", o.cpg_bins);
    }
    s
}

/// GC-matched genomic negatives (see the [module docs](crate::negatives)); `blacklist` spans are never drawn.
pub fn gc_matched(
    genome: &Genome,
    positives: &[Window],
    opts: &GcMatchOptions,
    blacklist: &[Span],
    seed: u64,
) -> Result<NegativeSet> {
    gc_matched_where(genome, positives, opts, blacklist, seed, &|_| true)
}

/// As [`gc_matched`], drawing only candidates for which `keep` holds (e.g. the windows of one split, so
/// each split's negatives match that split's positives).
pub fn gc_matched_where(
    genome: &Genome,
    positives: &[Window],
    opts: &GcMatchOptions,
    blacklist: &[Span],
    seed: u64,
    keep: &(dyn Fn(Span) -> bool + Sync),
) -> Result<NegativeSet> {
    let len = window_len(positives)?;
    if opts.bins == 0 || !opts.ratio.is_finite() || opts.ratio <= 0.0 || !(0.0..=1.0).contains(&opts.max_n_fraction) {
        return Err(GenomeError::InvalidArgument(format!(
            "GC matching needs bins > 0 (got {}), ratio > 0 (got {}) and max N fraction in [0, 1] (got {})",
            opts.bins, opts.ratio, opts.max_n_fraction
        )));
    }
    let stride = opts.stride.unwrap_or(len).max(1);
    let mut need: HashMap<usize, usize> = HashMap::new();
    for w in positives {
        *need.entry(stratum(&composition(&w.seq), opts)).or_default() += 1;
    }
    for v in need.values_mut() {
        *v = (*v as f64 * opts.ratio).round() as usize;
    }
    let m = opts.exclusion_margin;
    let excluded = merged(
        genome,
        positives
            .iter()
            .map(|w| Span { chrom: w.chrom, start: w.start.saturating_sub(m), end: w.end + m })
            .chain(blacklist.iter().copied()),
    );
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let phase = rng.random_range(0..stride);
    let chroms: Vec<usize> = opts.chroms.clone().unwrap_or_else(|| (0..genome.chroms().len()).collect());
    let mut segments = Vec::new();
    for &c in &chroms {
        let clen = genome
            .chroms()
            .get(c)
            .map(|x| x.len)
            .ok_or_else(|| GenomeError::InvalidArgument(format!("chromosome index {c} is not in the genome")))?;
        if clen < phase + len {
            continue;
        }
        let count = (clen - phase - len) / stride + 1;
        let per = (SEGMENT / stride).max(1);
        for first in (0..count).step_by(per as usize) {
            segments.push((c, first, (first + per).min(count)));
        }
    }
    let max_n = opts.max_n_fraction * len as f64;
    // (segment, [(candidate index, stratum)]) for candidates in a needed stratum
    let found: Vec<Vec<(u64, usize)>> = segments
        .par_iter()
        .map(|&(c, first, last)| {
            let start = phase + first * stride;
            let end = phase + (last - 1) * stride + len;
            let seq = genome.fetch_span(Span { chrom: c, start, end })?;
            let mut out = Vec::new();
            for k in first..last {
                let s = phase + k * stride;
                if overlaps(&excluded[c], s, s + len) || !keep(Span { chrom: c, start: s, end: s + len }) {
                    continue;
                }
                let off = (s - start) as usize;
                let counts = Counts::of(&seq[off..off + len as usize]);
                if f64::from(counts.n()) > max_n {
                    continue;
                }
                let key = stratum(&counts.composition(), opts);
                if need.contains_key(&key) {
                    out.push((k, key));
                }
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    let mut available: HashMap<usize, usize> = HashMap::new();
    for &(_, key) in found.iter().flatten() {
        *available.entry(key).or_default() += 1;
    }
    let mut keys: Vec<usize> = need.keys().copied().collect();
    keys.sort_unstable();
    let short: Vec<String> = keys
        .iter()
        .filter(|k| available.get(k).copied().unwrap_or(0) < need[k])
        .map(|k| format!("{}: found {} of {}", describe(*k, opts), available.get(k).copied().unwrap_or(0), need[k]))
        .collect();
    if !short.is_empty() {
        let total_need: usize = need.values().sum();
        let total_found: usize = keys.iter().map(|k| available.get(k).copied().unwrap_or(0).min(need[k])).sum();
        let shown = short.iter().take(8).cloned().collect::<Vec<_>>().join("; ");
        return Err(GenomeError::NotEnough {
            message: format!(
                "the genome gives {total_found} of the {total_need} windows needed (ratio {}); {} bin(s) short: {shown}{} — lower the ratio, use fewer bins, a smaller stride or margin",
                opts.ratio,
                short.len(),
                if short.len() > 8 { " …" } else { "" }
            ),
        });
    }
    // chosen ranks per stratum, sorted
    let mut chosen: HashMap<usize, Vec<usize>> = HashMap::new();
    for k in &keys {
        let mut r = sample(&mut rng, available[k], need[k]).into_vec();
        r.sort_unstable();
        chosen.insert(*k, r);
    }
    let mut rank: HashMap<usize, (usize, usize)> = keys.iter().map(|&k| (k, (0, 0))).collect();
    let mut spans = Vec::new();
    for (seg, list) in segments.iter().zip(&found) {
        for &(k, key) in list {
            let (seen, next) = rank.get_mut(&key).expect("every found stratum is needed");
            let picks = &chosen[&key];
            if picks.get(*next) == Some(seen) {
                let s = phase + k * stride;
                spans.push(Span { chrom: seg.0, start: s, end: s + len });
                *next += 1;
            }
            *seen += 1;
        }
    }
    let seqs = genome.fetch_many(&spans)?;
    let windows: Vec<Window> = spans
        .iter()
        .zip(seqs)
        .map(|(s, seq)| Window {
            chrom: s.chrom,
            start: s.start,
            end: s.end,
            strand: None,
            name: format!("gc_{}:{}-{}", genome.chroms()[s.chrom].name, s.start, s.end),
            source: WindowSource::GcMatched,
            seq,
        })
        .collect();
    let histogram = GcHistogram::of(positives, &windows, opts.bins);
    Ok(NegativeSet { windows, histogram })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strata_cross_gc_n_and_cpg_bins() {
        let o = GcMatchOptions { bins: 10, n_bins: 2, cpg_bins: 5, max_n_fraction: 0.2, ..GcMatchOptions::default() };
        // GC 0.55 → bin 5; N 0.15 of max 0.2 → 0.75 → bin 1; CpG 0.06 / 0.25 = 0.24 → bin 1
        let c = Composition { gc: 0.55, n: 0.15, cpg: 0.06 };
        assert_eq!(stratum(&c, &o), (5 * 2 + 1) * 5 + 1);
        assert_eq!(describe(stratum(&c, &o), &o), "GC [0.500, 0.600), N bin 1/2, CpG bin 1/5");
        // CpG above the cap falls in the last bin; without N/CpG bins the stratum is the GC bin
        assert_eq!(stratum(&Composition { gc: 1.0, n: 0.0, cpg: 0.9 }, &o), (9 * 2) * 5 + 4);
        assert_eq!(stratum(&c, &GcMatchOptions { bins: 10, ..GcMatchOptions::default() }), 5);
    }
}
