//! The whole path in one call: peaks + genome → windows → negatives → splits → `dataset.h5`,
//! `windows.bed`, `summary.json` (what `seqdl dataset` runs).

use std::path::PathBuf;

use crate::dataset::{assemble, write_dir, AssembleOptions, GenomeDataset, OutputFiles};
use crate::error::{GenomeError, Result};
use crate::intervals::{read_intervals, IntervalFormat, UnknownChromosomes};
use crate::negatives::{flanks, gc_matched, gc_matched_where, shuffled, GcHistogram, GcMatchOptions, NegativeSet};
use crate::reference::{Genome, GenomeOptions, Span};
use crate::splits::{SplitName, SplitPlan};
use crate::windows::{peak_windows, DropReport, Window, WindowOptions};

/// Which negatives to make.
#[derive(Debug, Clone, PartialEq)]
pub enum NegativeKind {
    /// GC-matched genomic windows; the peaks themselves (± `exclusion_margin`) and the blacklist are avoided,
    /// and `max_n_fraction` is taken from the window options. With `per_split`, each split's negatives are
    /// drawn inside that split and match its positives (so every split keeps the ratio, as in the
    /// reference recipe); otherwise they are drawn genome-wide and fall in whichever split they lie.
    GcMatched {
        /// Bins, ratio, margin, stride.
        options: GcMatchOptions,
        /// Match within each split.
        per_split: bool,
    },
    /// `copies` dinucleotide-shuffled copies of each positive.
    Shuffled {
        /// Copies per positive.
        copies: usize,
    },
    /// Windows `offset` bases left and right of each positive.
    Flank {
        /// Distance between a positive's start and its flanks' starts.
        offset: u64,
    },
}

/// Everything [`build_dataset`] needs.
#[derive(Debug, Clone)]
pub struct DatasetSpec {
    /// Reference FASTA (plain or BGZF).
    pub genome: PathBuf,
    /// How to open it (aliases, whole load).
    pub genome_options: GenomeOptions,
    /// BED or narrowPeak of the positives.
    pub peaks: PathBuf,
    /// Its format.
    pub format: IntervalFormat,
    /// Peaks on chromosomes the genome lacks: error (default) or skip and count.
    pub unknown_chromosomes: UnknownChromosomes,
    /// Window width, jitter margin, N threshold.
    pub windows: WindowOptions,
    /// The negatives.
    pub negatives: NegativeKind,
    /// Optional BED of regions never drawn as negatives.
    pub blacklist: Option<PathBuf>,
    /// Validation regions (`chrom` or `chrom:start-end`, 0-based half-open).
    pub valid: Vec<String>,
    /// Test regions.
    pub test: Vec<String>,
    /// Seed of the negatives and of the order within splits.
    pub seed: u64,
    /// Strand handling, N encoding, histogram bins (its seed is replaced by `seed`).
    pub assemble: AssembleOptions,
    /// Output folder.
    pub out: PathBuf,
}

/// GC-matched negatives drawn split by split: the positives of each split (straddling ones are left to
/// the split step to drop) get negatives from inside that split only; seeds `seed + split index`.
fn matched_per_split(
    genome: &Genome,
    positives: &[Window],
    opts: &GcMatchOptions,
    exclude: &[Span],
    plan: &SplitPlan,
    seed: u64,
) -> Result<NegativeSet> {
    let mut windows = Vec::new();
    for split in [SplitName::Train, SplitName::Valid, SplitName::Test] {
        let mine: Vec<Window> = positives.iter().filter(|w| plan.assign(w.span()) == Some(split)).cloned().collect();
        if mine.is_empty() {
            continue;
        }
        let keep = |s: Span| plan.assign(s) == Some(split);
        let set =
            gc_matched_where(genome, &mine, opts, exclude, seed + split.index() as u64, &keep).map_err(
                |e| match e {
                    GenomeError::NotEnough { message } => {
                        GenomeError::NotEnough { message: format!("{} split: {message}", split.label()) }
                    }
                    other => other,
                },
            )?;
        windows.extend(set.windows);
    }
    let histogram = GcHistogram::of(positives, &windows, opts.bins);
    Ok(NegativeSet { windows, histogram })
}

/// Runs the whole path of [`DatasetSpec`] and writes the output folder.
pub fn build_dataset(spec: &DatasetSpec) -> Result<(GenomeDataset, OutputFiles)> {
    let genome = Genome::open(&spec.genome, &spec.genome_options)?;
    let plan = SplitPlan::from_regions(
        &genome,
        &spec.valid.iter().map(String::as_str).collect::<Vec<_>>(),
        &spec.test.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let peaks = read_intervals(&spec.peaks, spec.format, &genome, spec.unknown_chromosomes)?;
    let mut drops = DropReport::default();
    let positives = peak_windows(&genome, &peaks, &spec.windows, &mut drops)?;
    if positives.is_empty() {
        return Err(GenomeError::InvalidArgument(format!(
            "{}: every window was dropped ({drops:?})",
            spec.peaks.display()
        )));
    }
    let bins = spec.assemble.gc_bins;
    let negatives: NegativeSet = match &spec.negatives {
        NegativeKind::GcMatched { options: o, per_split } => {
            let mut exclude = peaks.spans(o.exclusion_margin);
            if let Some(b) = &spec.blacklist {
                exclude.extend(read_intervals(b, IntervalFormat::Bed, &genome, UnknownChromosomes::Skip)?.spans(0));
            }
            let opts = GcMatchOptions { max_n_fraction: spec.windows.max_n_fraction, ..o.clone() };
            if *per_split {
                matched_per_split(&genome, &positives, &opts, &exclude, &plan, spec.seed)?
            } else {
                gc_matched(&genome, &positives, &opts, &exclude, spec.seed)?
            }
        }
        NegativeKind::Shuffled { copies } => shuffled(&positives, *copies, bins, spec.seed),
        NegativeKind::Flank { offset } => {
            flanks(&genome, &positives, *offset, spec.windows.max_n_fraction, bins, &mut drops)?
        }
    };
    let data =
        assemble(&genome, positives, negatives, &plan, drops, &AssembleOptions { seed: spec.seed, ..spec.assemble })?;
    let files = write_dir(&spec.out, &data)?;
    Ok((data, files))
}
