//! Negatives for a set of positive windows: GC-matched genomic windows (as tangermeme's
//! `extract_matching_loci` and gReLU's `get_gc_matched_intervals`), dinucleotide-shuffled positives, and
//! flanking windows. Every random step is seeded (ChaCha8).
//!
//! **GC matching.** The GC fraction of every positive is binned into `bins` equal bins (optionally crossed
//! with N-fraction and CpG-fraction bins). The genome is tiled into candidate windows of the positives'
//! length (stride = that length by default, with a seeded phase); candidates that overlap a positive ± the
//! exclusion margin or a blacklist interval, or hold more N than allowed, are discarded. Each bin is then
//! filled with `round(ratio × positives in the bin)` candidates drawn uniformly without replacement from the
//! candidates of that bin; a bin the genome cannot fill is an error saying how many were found.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use seq_io::shuffle::dinucleotide_shuffle;

use crate::error::{GenomeError, Result};
use crate::gc::{bin_of, composition, Counts};
use crate::reference::{Genome, Span};
use crate::windows::{DropReport, Window, WindowSource};

mod gc_matched;

pub use gc_matched::{gc_matched, gc_matched_where, GcMatchOptions};

/// GC histograms of positives and negatives over the same equal bins of `[0, 1]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GcHistogram {
    /// Bin edges, `bins + 1` values from 0 to 1.
    pub edges: Vec<f64>,
    /// Positives per bin.
    pub positives: Vec<usize>,
    /// Negatives per bin.
    pub negatives: Vec<usize>,
    /// Mean GC of the positives.
    pub positive_mean: f64,
    /// Mean GC of the negatives.
    pub negative_mean: f64,
}

impl GcHistogram {
    /// The histogram of two window sets over `bins` bins.
    pub fn of(positives: &[Window], negatives: &[Window], bins: usize) -> Self {
        let bins = bins.max(1);
        let count = |w: &[Window]| {
            let mut h = vec![0usize; bins];
            let mut sum = 0.0;
            for x in w {
                let gc = composition(&x.seq).gc;
                h[bin_of(gc, bins)] += 1;
                sum += gc;
            }
            (h, if w.is_empty() { 0.0 } else { sum / w.len() as f64 })
        };
        let (positives, positive_mean) = count(positives);
        let (negatives, negative_mean) = count(negatives);
        GcHistogram {
            edges: (0..=bins).map(|i| i as f64 / bins as f64).collect(),
            positives,
            negatives,
            positive_mean,
            negative_mean,
        }
    }
}

/// Negative windows with the GC histograms of both classes.
#[derive(Debug, Clone)]
pub struct NegativeSet {
    /// The negatives (label 0).
    pub windows: Vec<Window>,
    /// GC histograms of the positives and these negatives.
    pub histogram: GcHistogram,
}

pub(crate) fn window_len(positives: &[Window]) -> Result<u64> {
    let first = positives
        .first()
        .ok_or_else(|| GenomeError::InvalidArgument("no positive window to match negatives to".into()))?;
    let len = first.end - first.start;
    if let Some(w) = positives.iter().find(|w| w.end - w.start != len) {
        return Err(GenomeError::InvalidArgument(format!(
            "positive windows differ in length ({len} and {} for {})",
            w.end - w.start,
            w.name
        )));
    }
    Ok(len)
}

/// Sorted, merged intervals per chromosome.
pub(crate) fn merged(genome: &Genome, spans: impl Iterator<Item = Span>) -> Vec<Vec<(u64, u64)>> {
    let mut per: Vec<Vec<(u64, u64)>> = vec![Vec::new(); genome.chroms().len()];
    for s in spans {
        if let Some(v) = per.get_mut(s.chrom) {
            v.push((s.start, s.end));
        }
    }
    for v in &mut per {
        v.sort_unstable();
        let mut out: Vec<(u64, u64)> = Vec::with_capacity(v.len());
        for &(s, e) in v.iter() {
            match out.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        *v = out;
    }
    per
}

/// True when `[s, e)` overlaps one of the sorted, merged `intervals`.
pub(crate) fn overlaps(intervals: &[(u64, u64)], s: u64, e: u64) -> bool {
    let i = intervals.partition_point(|iv| iv.1 <= s);
    intervals.get(i).is_some_and(|iv| iv.0 < e)
}

/// `copies` dinucleotide-shuffled copies of every positive (same coordinates, source `shuffled`).
pub fn shuffled(positives: &[Window], copies: usize, bins: usize, seed: u64) -> NegativeSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut windows = Vec::with_capacity(positives.len() * copies);
    for w in positives {
        for k in 0..copies {
            let seq = dinucleotide_shuffle(&w.seq, &mut rng);
            windows.push(Window {
                name: format!("{}_shuf{k}", w.name),
                source: WindowSource::Shuffled,
                seq,
                ..w.clone()
            });
        }
    }
    let histogram = GcHistogram::of(positives, &windows, bins);
    NegativeSet { windows, histogram }
}

/// Windows `offset` bases left and right of every positive (same length); those off the chromosome, with
/// more N than `max_n_fraction`, or overlapping any positive are dropped and counted in `report`.
pub fn flanks(
    genome: &Genome,
    positives: &[Window],
    offset: u64,
    max_n_fraction: f64,
    bins: usize,
    report: &mut DropReport,
) -> Result<NegativeSet> {
    let pos = merged(genome, positives.iter().map(Window::span));
    let mut spans = Vec::new();
    let mut names = Vec::new();
    for w in positives {
        let clen = genome.chroms()[w.chrom].len;
        for (side, start) in [("left", w.start.checked_sub(offset)), ("right", Some(w.start + offset))] {
            match start {
                Some(s) if s + (w.end - w.start) <= clen && !overlaps(&pos[w.chrom], s, s + (w.end - w.start)) => {
                    spans.push(Span { chrom: w.chrom, start: s, end: s + (w.end - w.start) });
                    names.push((format!("{}_flank_{side}", w.name), w.strand));
                }
                _ => report.flank_dropped += 1,
            }
        }
    }
    let seqs = genome.fetch_many(&spans)?;
    let mut windows = Vec::with_capacity(spans.len());
    for ((s, (name, strand)), seq) in spans.into_iter().zip(names).zip(seqs) {
        if f64::from(Counts::of(&seq).n()) > max_n_fraction * seq.len() as f64 {
            report.flank_dropped += 1;
            continue;
        }
        windows.push(Window {
            chrom: s.chrom,
            start: s.start,
            end: s.end,
            strand,
            name,
            source: WindowSource::Flank,
            seq,
        });
    }
    let histogram = GcHistogram::of(positives, &windows, bins);
    Ok(NegativeSet { windows, histogram })
}
