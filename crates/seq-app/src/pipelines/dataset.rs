//! Peaks + a reference genome → a dataset folder (`dataset.h5`, `windows.bed`, `summary.json`): fixed-width
//! windows around the summits, negatives (GC-matched genomic windows, shuffled positives or flanks), and a
//! region or chromosome hold-out split (seq-genome does the work; this checks the options first, so a bad
//! option writes nothing).

use std::path::{Path, PathBuf};

use seq_genome::{Aliases, GcMatchOptions, Genome, GenomeOptions, IntervalFormat, UnknownChromosomes, WindowOptions};

pub use seq_genome::{DropReport, GcHistogram, GenomeDataset, OutputFiles, SplitName, Summary, WindowRecord};

use crate::error::{AppError, Result};
use crate::progress::Context;

/// Which negatives to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Negatives {
    /// Genomic windows with the positives' GC distribution, away from every peak.
    #[default]
    GcMatched,
    /// Dinucleotide-shuffled copies of the positives.
    Shuffled,
    /// The windows `flank_offset` bases left and right of each positive.
    Flank,
}

/// How peak-file chromosome names find the genome's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ChromAliases {
    /// Exact names.
    #[default]
    None,
    /// Add or strip `chr` (`20` ↔ `chr20`).
    ChrPrefix,
    /// A two-column file (alias, genome name).
    File(PathBuf),
}

impl ChromAliases {
    /// seq-genome's alias policy; a mapping file is read (a missing file is an error naming
    /// `--chrom-aliases`, a bad line one naming the file and line).
    pub fn aliases(&self) -> Result<Aliases> {
        Ok(match self {
            ChromAliases::None => Aliases::None,
            ChromAliases::ChrPrefix => Aliases::ChrPrefix,
            ChromAliases::File(p) => {
                existing(p, "--chrom-aliases")?;
                Aliases::from_file(p)?
            }
        })
    }
}

/// Options of [`build`].
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetOptions {
    /// BED or narrowPeak (optionally gzipped) of the positives.
    pub peaks: PathBuf,
    /// Reference FASTA: plain (with or without `.fai`) or BGZF (`.fai` + `.gzi` or built in memory).
    pub genome: PathBuf,
    /// Read a plain-gzip genome whole into memory (small genomes only; otherwise it is refused).
    pub load_genome_into_memory: bool,
    /// Window width around each summit (narrowPeak column 10, else the interval's centre).
    pub width: u64,
    /// Extra bases on each side (jitter augmentation): windows are `width + 2·margin` long.
    pub margin: u64,
    /// Largest fraction of N (non-ACGT) letters a window may hold.
    pub max_n: f64,
    /// The kind of negatives.
    pub negatives: Negatives,
    /// Negatives per positive (GC-matched), or shuffled copies per positive (rounded, ≥ 1).
    pub ratio: f64,
    /// GC bins of the matching and of the summary's histogram.
    pub gc_bins: usize,
    /// GC-matched negatives stay at least this far from any peak.
    pub exclusion_margin: u64,
    /// Distance of flank negatives from their positive.
    pub flank_offset: u64,
    /// A BED of regions never drawn as negatives.
    pub blacklist: Option<PathBuf>,
    /// Draw GC-matched negatives genome-wide instead of split by split (by default each split's negatives
    /// lie in that split and match its positives, so every split keeps the ratio).
    pub match_across_splits: bool,
    /// Validation regions `chrom:start-end` (0-based, half-open).
    pub valid_regions: Vec<String>,
    /// Test regions.
    pub test_regions: Vec<String>,
    /// Whole validation chromosomes.
    pub valid_chroms: Vec<String>,
    /// Whole test chromosomes.
    pub test_chroms: Vec<String>,
    /// Chromosome name translation.
    pub aliases: ChromAliases,
    /// Skip (and count) peaks on chromosomes the genome lacks instead of failing.
    pub skip_unknown_chroms: bool,
    /// Seed of the negatives and of the order within each split.
    pub seed: u64,
    /// Output folder (must not exist yet, or be empty).
    pub out: PathBuf,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            peaks: PathBuf::new(),
            genome: PathBuf::new(),
            load_genome_into_memory: false,
            width: 200,
            margin: 0,
            max_n: 0.0,
            negatives: Negatives::GcMatched,
            ratio: 1.0,
            gc_bins: 50,
            exclusion_margin: 1000,
            flank_offset: 1000,
            blacklist: None,
            match_across_splits: false,
            valid_regions: Vec::new(),
            test_regions: Vec::new(),
            valid_chroms: Vec::new(),
            test_chroms: Vec::new(),
            aliases: ChromAliases::None,
            skip_unknown_chroms: false,
            seed: 0,
            out: PathBuf::new(),
        }
    }
}

/// Fails, naming `option`, when `path` is not a file.
pub(crate) fn existing(path: &Path, option: &str) -> Result<()> {
    if path.is_file() {
        Ok(())
    } else {
        Err(AppError::option(option, format!("{}: no such file", path.display())))
    }
}

impl DatasetOptions {
    /// Checks every option without computing (the genome is opened to check the regions); returns the spec
    /// for [`seq_genome::build_dataset`].
    pub fn check(&self) -> Result<seq_genome::DatasetSpec> {
        existing(&self.peaks, "--peaks")?;
        existing(&self.genome, "--genome")?;
        if let Some(b) = &self.blacklist {
            existing(b, "--blacklist")?;
        }
        if self.width == 0 {
            return Err(AppError::option("--width", "must be at least 1"));
        }
        if !(0.0..=1.0).contains(&self.max_n) {
            return Err(AppError::option("--max-n", format!("{} is not a fraction in [0, 1]", self.max_n)));
        }
        if !(self.ratio.is_finite() && self.ratio > 0.0) {
            return Err(AppError::option("--ratio", format!("{} must be a positive number", self.ratio)));
        }
        if self.gc_bins == 0 {
            return Err(AppError::option("--gc-bins", "must be at least 1"));
        }
        if self.negatives == Negatives::Flank && self.flank_offset < self.width + 2 * self.margin {
            return Err(AppError::option(
                "--flank-offset",
                format!(
                    "{} is shorter than a window ({} bases): flanks would overlap their positive",
                    self.flank_offset,
                    self.width + 2 * self.margin
                ),
            ));
        }
        if self.valid_regions.is_empty() && self.valid_chroms.is_empty() {
            return Err(AppError::option(
                "--valid-region/--valid-chrom",
                "give at least one validation region or chromosome",
            ));
        }
        if self.test_regions.is_empty() && self.test_chroms.is_empty() {
            return Err(AppError::option("--test-region/--test-chrom", "give at least one test region or chromosome"));
        }
        if self.out.exists()
            && (!self.out.is_dir() || std::fs::read_dir(&self.out).map(|mut d| d.next().is_some()).unwrap_or(true))
        {
            return Err(AppError::option("--out", format!("{} exists and is not an empty folder", self.out.display())));
        }
        let aliases = self.aliases.aliases()?;
        let genome_options =
            GenomeOptions { aliases, load_into_memory: self.load_genome_into_memory, ..Default::default() };
        let genome = Genome::open(&self.genome, &genome_options)?;
        for (option, list) in [
            ("--valid-region", &self.valid_regions),
            ("--test-region", &self.test_regions),
            ("--valid-chrom", &self.valid_chroms),
            ("--test-chrom", &self.test_chroms),
        ] {
            for r in list {
                if option.ends_with("chrom") && r.contains(':') {
                    return Err(AppError::option(
                        option,
                        format!("{r:?} is a region; use a chromosome name or the -region option"),
                    ));
                }
                seq_genome::parse_region(&genome, r, option)?;
            }
        }
        let negatives = match self.negatives {
            Negatives::GcMatched => seq_genome::NegativeKind::GcMatched {
                options: GcMatchOptions {
                    ratio: self.ratio,
                    bins: self.gc_bins,
                    exclusion_margin: self.exclusion_margin,
                    ..Default::default()
                },
                per_split: !self.match_across_splits,
            },
            Negatives::Shuffled => seq_genome::NegativeKind::Shuffled { copies: self.ratio.round().max(1.0) as usize },
            Negatives::Flank => seq_genome::NegativeKind::Flank { offset: self.flank_offset },
        };
        let join = |a: &[String], b: &[String]| a.iter().chain(b).cloned().collect::<Vec<_>>();
        Ok(seq_genome::DatasetSpec {
            genome: self.genome.clone(),
            genome_options,
            peaks: self.peaks.clone(),
            format: IntervalFormat::Auto,
            unknown_chromosomes: if self.skip_unknown_chroms {
                UnknownChromosomes::Skip
            } else {
                UnknownChromosomes::Error
            },
            windows: WindowOptions { width: self.width, margin: self.margin, max_n_fraction: self.max_n },
            negatives,
            blacklist: self.blacklist.clone(),
            valid: join(&self.valid_regions, &self.valid_chroms),
            test: join(&self.test_regions, &self.test_chroms),
            seed: self.seed,
            assemble: seq_genome::AssembleOptions { gc_bins: self.gc_bins, ..Default::default() },
            out: self.out.clone(),
        })
    }
}

/// Checks `opts`, then builds and writes the dataset folder; returns the dataset (splits, windows, summary)
/// and the files written. Nothing is written when an option or an input is refused.
pub fn build(opts: &DatasetOptions, ctx: &Context) -> Result<(GenomeDataset, OutputFiles)> {
    let spec = opts.check()?;
    let progress = ctx.progress();
    progress.start(1, "dataset");
    progress.message(&format!("{} on {}: windows, negatives, splits", opts.peaks.display(), opts.genome.display()));
    let built = seq_genome::build_dataset(&spec);
    progress.advance(1);
    progress.finish();
    let built = built?;
    tracing::info!(out = %opts.out.display(), windows = built.0.records.len(), "dataset written");
    Ok(built)
}

/// A few lines describing a dataset summary: counts per split and class, drops, GC means.
pub fn describe(summary: &Summary) -> String {
    let mut s = String::new();
    for (name, c) in [("train", summary.train), ("valid", summary.valid), ("test", summary.test)] {
        s += &format!("{name:<5} {:>7} positives {:>7} negatives\n", c.positives, c.negatives);
    }
    let d = &summary.drops;
    let unknown: usize = d.unknown_chromosome.values().sum();
    let straddling: usize = d.straddling_split.values().sum();
    s += &format!(
        "peaks read {}; dropped: {} on other chromosomes ({} chromosomes), {} off the chromosome end, {} with too many N, {} flanks, {} straddling a split boundary\n",
        d.peaks_read,
        unknown,
        d.unknown_chromosome.len(),
        d.off_chromosome,
        d.too_many_n,
        d.flank_dropped,
        straddling
    );
    let g = &summary.gc_histogram;
    s += &format!(
        "GC mean: positives {:.4}, negatives {:.4} (difference {:+.4})\n",
        g.positive_mean,
        g.negative_mean,
        g.negative_mean - g.positive_mean
    );
    s
}
