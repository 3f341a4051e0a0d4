//! Fixed-width windows around peak summits (narrowPeak) or centres, with an optional margin for jitter
//! augmentation. Windows that leave the chromosome or hold too many N are dropped and counted in a
//! [`DropReport`], never silently.

use std::collections::BTreeMap;

use seq_io::Strand;

use crate::error::{GenomeError, Result};
use crate::gc::Counts;
use crate::intervals::IntervalSet;
use crate::reference::{Genome, Span};

/// Where a window comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum WindowSource {
    /// A peak (positive).
    Peak,
    /// A GC-matched genomic window (negative).
    GcMatched,
    /// A dinucleotide-shuffled positive (negative).
    Shuffled,
    /// A window beside a peak (negative).
    Flank,
}

impl WindowSource {
    /// The label written in the BED and JSON outputs: `peak`, `gc-matched`, `shuffled`, `flank`.
    pub fn label(self) -> &'static str {
        match self {
            WindowSource::Peak => "peak",
            WindowSource::GcMatched => "gc-matched",
            WindowSource::Shuffled => "shuffled",
            WindowSource::Flank => "flank",
        }
    }
}

/// A window of the genome with its bases.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Index of the chromosome in the genome.
    pub chrom: usize,
    /// First base (0-based).
    pub start: u64,
    /// One past the last base.
    pub end: u64,
    /// Strand of the source record (`None` for `.`).
    pub strand: Option<Strand>,
    /// The peak's name, or a generated one for negatives.
    pub name: String,
    /// Where the window comes from.
    pub source: WindowSource,
    /// The bases of `start..end` on the forward strand, upper-cased (for shuffled windows: the shuffled
    /// bases of the positive at these coordinates).
    pub seq: Vec<u8>,
}

impl Window {
    /// The span on the genome.
    pub fn span(&self) -> Span {
        Span { chrom: self.chrom, start: self.start, end: self.end }
    }
}

/// Options of [`peak_windows`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowOptions {
    /// Width of the window the model sees.
    pub width: u64,
    /// Extra bases cut on each side for jitter augmentation: windows are `width + 2 · margin` long.
    pub margin: u64,
    /// Windows whose fraction of non-ACGT letters exceeds this are dropped (default 0: no N at all).
    pub max_n_fraction: f64,
}

impl Default for WindowOptions {
    fn default() -> Self {
        WindowOptions { width: 200, margin: 0, max_n_fraction: 0.0 }
    }
}

impl WindowOptions {
    /// Length of every cut window: `width + 2 · margin`.
    pub fn cut_width(&self) -> u64 {
        self.width + 2 * self.margin
    }

    /// The cut window around `centre` (`centre - width/2 - margin ..`), or `None` when it starts before 0.
    pub fn around(&self, centre: u64) -> Option<(u64, u64)> {
        let start = centre.checked_sub(self.width / 2 + self.margin)?;
        Some((start, start + self.cut_width()))
    }

    /// Checks the options.
    pub fn check(&self) -> Result<()> {
        if self.width == 0 {
            return Err(GenomeError::InvalidArgument("window width must be positive".into()));
        }
        if !(0.0..=1.0).contains(&self.max_n_fraction) {
            return Err(GenomeError::InvalidArgument(format!(
                "max N fraction {} must be in [0, 1]",
                self.max_n_fraction
            )));
        }
        Ok(())
    }

    /// True when `seq` has more non-ACGT letters than allowed.
    pub fn too_many_n(&self, seq: &[u8]) -> bool {
        f64::from(Counts::of(seq).n()) > self.max_n_fraction * seq.len() as f64
    }
}

/// Every window dropped on the way to a dataset, by reason.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DropReport {
    /// Records read from the peak file (kept or not).
    pub peaks_read: usize,
    /// Peaks on chromosomes the genome lacks (only when asked to skip them), per chromosome.
    pub unknown_chromosome: BTreeMap<String, usize>,
    /// Peak windows that run off their chromosome.
    pub off_chromosome: usize,
    /// Peak windows with more N than allowed.
    pub too_many_n: usize,
    /// Flank windows off the chromosome, with too many N, or overlapping a positive.
    pub flank_dropped: usize,
    /// Windows that straddle a split boundary, per source label.
    pub straddling_split: BTreeMap<String, usize>,
}

impl DropReport {
    /// Total windows dropped for any reason.
    pub fn total(&self) -> usize {
        self.unknown_chromosome.values().sum::<usize>()
            + self.off_chromosome
            + self.too_many_n
            + self.flank_dropped
            + self.straddling_split.values().sum::<usize>()
    }
}

/// Cuts the window of every interval around its summit (or centre), keeping strand and name; counts what
/// it drops in `report`.
pub fn peak_windows(
    genome: &Genome,
    set: &IntervalSet,
    opts: &WindowOptions,
    report: &mut DropReport,
) -> Result<Vec<Window>> {
    opts.check()?;
    report.peaks_read += set.intervals.len() + set.skipped.values().sum::<usize>();
    for (k, v) in &set.skipped {
        *report.unknown_chromosome.entry(k.clone()).or_default() += v;
    }
    let mut kept = Vec::new();
    let mut spans = Vec::new();
    for iv in &set.intervals {
        let len = genome.chroms()[iv.chrom].len;
        match opts.around(iv.centre()) {
            Some((s, e)) if e <= len => {
                kept.push(iv);
                spans.push(Span { chrom: iv.chrom, start: s, end: e });
            }
            _ => report.off_chromosome += 1,
        }
    }
    let seqs = genome.fetch_many(&spans)?;
    let mut out = Vec::with_capacity(kept.len());
    for ((iv, span), seq) in kept.into_iter().zip(spans).zip(seqs) {
        if opts.too_many_n(&seq) {
            report.too_many_n += 1;
            continue;
        }
        out.push(Window {
            chrom: span.chrom,
            start: span.start,
            end: span.end,
            strand: iv.strand,
            name: iv.name.clone(),
            source: WindowSource::Peak,
            seq,
        });
    }
    Ok(out)
}
