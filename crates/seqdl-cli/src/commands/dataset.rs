//! `seqdl dataset`: peaks (BED/narrowPeak) + a reference genome → `dataset.h5`, `windows.bed`,
//! `summary.json` with negatives and a region or chromosome hold-out split.

use super::common::context;
use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::pipelines::dataset::{build, describe, ChromAliases, DatasetOptions, Negatives};
use std::path::PathBuf;

/// The kinds of negatives.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NegativesArg {
    /// Genomic windows with the positives' GC distribution, ≥ --exclusion-margin from every peak.
    GcMatched,
    /// Dinucleotide-shuffled copies of the positives (--ratio copies each).
    Shuffled,
    /// The windows --flank-offset bases left and right of each positive.
    Flank,
}

/// Arguments of `seqdl dataset`.
#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// Peaks: BED or narrowPeak (by the name; optionally gzipped). Windows are centred on the summit.
    #[arg(long)]
    peaks: PathBuf,
    /// Reference FASTA: plain or BGZF (bgzip), with .fai/.gzi beside it or built in memory.
    #[arg(long)]
    genome: PathBuf,
    /// Load a plain-gzip genome whole into memory (otherwise refused: recompress it with bgzip).
    #[arg(long)]
    load_genome: bool,
    /// Window width.
    #[arg(long, default_value_t = 200)]
    width: u64,
    /// Extra bases cut on each side (for jitter augmentation).
    #[arg(long, default_value_t = 0)]
    margin: u64,
    /// Largest fraction of N letters a window may hold.
    #[arg(long, default_value_t = 0.0)]
    max_n: f64,
    /// Kind of negatives.
    #[arg(long, value_enum, default_value = "gc-matched")]
    negatives: NegativesArg,
    /// Negatives per positive.
    #[arg(long, default_value_t = 1.0)]
    ratio: f64,
    /// GC bins (matching and the summary's histogram).
    #[arg(long, default_value_t = 50)]
    gc_bins: usize,
    /// GC-matched negatives stay at least this many bases from any peak.
    #[arg(long, default_value_t = 1000)]
    exclusion_margin: u64,
    /// Distance of flank negatives from their positive.
    #[arg(long, default_value_t = 1000)]
    flank_offset: u64,
    /// BED of regions never drawn as negatives.
    #[arg(long)]
    blacklist: Option<PathBuf>,
    /// Draw GC-matched negatives genome-wide, not split by split (the default matches each split's
    /// positives inside that split, so every split keeps the ratio).
    #[arg(long)]
    match_across_splits: bool,
    /// Validation region chrom:start-end (0-based, half-open); repeatable.
    #[arg(long)]
    valid_region: Vec<String>,
    /// Test region chrom:start-end; repeatable.
    #[arg(long)]
    test_region: Vec<String>,
    /// Whole validation chromosome; repeatable.
    #[arg(long)]
    valid_chrom: Vec<String>,
    /// Whole test chromosome; repeatable.
    #[arg(long)]
    test_chrom: Vec<String>,
    /// Translate chromosome names by adding/stripping `chr` (20 ↔ chr20).
    #[arg(long, conflicts_with = "chrom_aliases")]
    chr_prefix: bool,
    /// Two-column file of chromosome aliases (alias, genome name).
    #[arg(long)]
    chrom_aliases: Option<PathBuf>,
    /// Skip (and count) peaks on chromosomes the genome lacks.
    #[arg(long)]
    skip_unknown_chroms: bool,
    /// Seed of the negatives and of the order within splits.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output folder (new or empty).
    #[arg(long)]
    out: PathBuf,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Runs `seqdl dataset`.
pub fn run(args: DatasetArgs) -> Result<()> {
    let opts = DatasetOptions {
        peaks: args.peaks,
        genome: args.genome,
        load_genome_into_memory: args.load_genome,
        width: args.width,
        margin: args.margin,
        max_n: args.max_n,
        negatives: match args.negatives {
            NegativesArg::GcMatched => Negatives::GcMatched,
            NegativesArg::Shuffled => Negatives::Shuffled,
            NegativesArg::Flank => Negatives::Flank,
        },
        ratio: args.ratio,
        gc_bins: args.gc_bins,
        exclusion_margin: args.exclusion_margin,
        flank_offset: args.flank_offset,
        blacklist: args.blacklist,
        match_across_splits: args.match_across_splits,
        valid_regions: args.valid_region,
        test_regions: args.test_region,
        valid_chroms: args.valid_chrom,
        test_chroms: args.test_chrom,
        aliases: match (args.chr_prefix, args.chrom_aliases) {
            (_, Some(p)) => ChromAliases::File(p),
            (true, None) => ChromAliases::ChrPrefix,
            (false, None) => ChromAliases::None,
        },
        skip_unknown_chroms: args.skip_unknown_chroms,
        seed: args.seed,
        out: args.out,
    };
    let (data, files) = build(&opts, &context(args.quiet))?;
    eprint!("{}", describe(&data.summary));
    println!("{}\n{}\n{}", files.h5.display(), files.bed.display(), files.summary.display());
    Ok(())
}
