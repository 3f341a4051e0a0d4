//! `seqdl variants` (variant effects from a VCF), `seqdl predict-genome` (sliding-window bedGraph, and
//! bigWig) and `seqdl merge` (shard outputs → the unsharded run's file, or a bigWig of bedGraph shards).

use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::pipelines::genome_predict::{genome_predict, GenomePredictOptions};
use seq_app::pipelines::merge::merge;
use seq_app::pipelines::variants::{variants, Score, VariantOptions};
use seq_app::progress::terminal::Bar;
use seq_app::{Context, Device, ModelDir};
use seq_models::Cnn;
use std::path::PathBuf;
use std::sync::Arc;

/// Output files of `seqdl variants`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `<out>.tsv`.
    Tsv,
    /// `<out>.vcf`: the input records with the scores as INFO fields.
    Vcf,
    /// Both.
    Both,
}

/// Arguments of `seqdl variants`.
#[derive(Debug, Args)]
pub struct VariantsArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    /// The VCF (plain, gzip or BGZF; with a tabix index for --regions).
    #[arg(long)]
    vcf: PathBuf,
    /// The reference genome: FASTA with .fai, or BGZF with .fai + .gzi.
    #[arg(long)]
    genome: PathBuf,
    /// VCF chromosome names → genome names: none, add-chr (20 → chr20), strip-chr, map:PATH.
    #[arg(long, default_value = "none")]
    alias: String,
    /// Regions chrom:start-end (1-based, inclusive) or chrom, comma-separated.
    #[arg(long, value_delimiter = ',')]
    regions: Vec<String>,
    /// Score only shard i of N (0-based, round robin over records), e.g. 2/8.
    #[arg(long)]
    shard: Option<String>,
    /// Do nothing when this shard's outputs are already complete.
    #[arg(long)]
    resume: bool,
    /// Skip (and count) records whose REF differs from the genome instead of stopping.
    #[arg(long)]
    skip_ref_mismatch: bool,
    /// Variants per batch.
    #[arg(long, default_value_t = 256)]
    batch_size: usize,
    /// Scores per model output, comma-separated: logit_diff, log_odds, prob_diff.
    #[arg(long, value_delimiter = ',', default_value = "logit_diff")]
    scores: Vec<String>,
    /// Average each window with its reverse complement.
    #[arg(long)]
    average_strands: bool,
    /// Output files.
    #[arg(long, value_enum, default_value = "tsv")]
    format: Format,
    /// Output prefix: <out>.tsv, <out>.vcf, <out>.skipped.json (with --shard: <out>.shard-i-of-N.tsv …).
    #[arg(long)]
    out: PathBuf,
    /// ISM maps of the K variants with the largest |logit_diff| of --ism-target (ties: VCF order; per shard
    /// with --shard): <out>.ism.h5, <out>.ism.tsv and logos in <out>.ism-logos/.
    #[arg(long, value_name = "K")]
    ism_top: Option<usize>,
    /// Bases each side of the variant the ISM maps cover [default: 20].
    #[arg(long, value_name = "F")]
    ism_flank: Option<usize>,
    /// Model output ranked and explained by the ISM maps [default: class 1 of a two-class softmax, else 0].
    #[arg(long)]
    ism_target: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    no_progress: bool,
}

fn context(quiet: bool) -> Context {
    Context::new(Arc::new(Bar::new(!quiet)))
}

/// Runs `seqdl variants`.
pub fn run(args: VariantsArgs, device: Device) -> Result<()> {
    let scores = args.scores.iter().map(|s| s.parse::<Score>()).collect::<seq_app::Result<Vec<_>>>()?;
    let opts = VariantOptions {
        vcf: args.vcf,
        genome: args.genome,
        alias: args.alias,
        regions: args.regions,
        shard: args.shard,
        resume: args.resume,
        skip_ref_mismatch: args.skip_ref_mismatch,
        batch_size: args.batch_size,
        scores,
        average_strands: args.average_strands,
        tsv: args.format != Format::Vcf,
        annotated_vcf: args.format != Format::Tsv,
        out: args.out,
        incremental: true,
        ism_top: args.ism_top,
        ism_flank: args.ism_flank,
        ism_target: args.ism_target,
    };
    let dir = ModelDir::new(&args.model);
    let ctx = context(args.no_progress);
    let run = on_device!(device, |B, dev| variants::<B, Cnn<B>>(&dir, &opts, &ctx, &dev)?);
    let r = &run.report;
    let verb = if run.resumed { "already complete" } else { "scored" };
    eprintln!(
        "shard {}: {verb}: {} variants from {} records ({} ALTs), {} skipped",
        run.shard,
        r.variants,
        r.records,
        r.alleles,
        r.skipped()
    );
    for f in &run.files {
        eprintln!("  {}", f.display());
    }
    Ok(())
}

/// Arguments of `seqdl predict-genome`.
#[derive(Debug, Args)]
pub struct PredictGenomeArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    /// The reference genome: FASTA with .fai, or BGZF with .fai + .gzi.
    #[arg(long)]
    genome: PathBuf,
    /// BED of the regions to cover (default: every chromosome).
    #[arg(long)]
    regions: Option<PathBuf>,
    /// Bases between windows (1 ..= the model's input length; default: the input length).
    #[arg(long)]
    stride: Option<usize>,
    /// The model output written.
    #[arg(long, default_value_t = 0)]
    output: usize,
    /// Write logits instead of probabilities.
    #[arg(long)]
    logits: bool,
    /// Windows with a larger fraction of N are not predicted.
    #[arg(long, default_value_t = 0.5)]
    max_n_fraction: f64,
    /// Windows per forward pass.
    #[arg(long, default_value_t = 256)]
    batch_size: usize,
    /// Predict only shard i of N (0-based, round robin over blocks of windows), e.g. 2/8.
    #[arg(long)]
    shard: Option<String>,
    /// Do nothing when this shard's output is already complete.
    #[arg(long)]
    resume: bool,
    /// Output bedGraph (with --shard: <name>.shard-i-of-N.<ext>).
    #[arg(long)]
    out: PathBuf,
    /// Also write the bedGraph as this bigWig (<name>.bw; not with --shard: merge the shards into one).
    #[arg(long)]
    bigwig: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    no_progress: bool,
}

/// Runs `seqdl predict-genome`.
pub fn run_genome(args: PredictGenomeArgs, device: Device) -> Result<()> {
    let opts = GenomePredictOptions {
        genome: args.genome,
        regions: args.regions,
        stride: args.stride,
        output: args.output,
        logits: args.logits,
        max_n_fraction: args.max_n_fraction,
        batch_size: args.batch_size,
        shard: args.shard,
        resume: args.resume,
        out: args.out,
        bigwig: args.bigwig,
    };
    let dir = ModelDir::new(&args.model);
    let ctx = context(args.no_progress);
    let p = on_device!(device, |B, dev| genome_predict::<B, Cnn<B>>(&dir, &opts, &ctx, &dev)?);
    let m = &p.marker;
    eprintln!(
        "{}: {} windows (shard {}){}; not predicted: {} at chromosome ends, {} with too many N",
        p.file.display(),
        m.rows,
        m.shard,
        if p.resumed { ", already complete" } else { "" },
        m.edge,
        m.too_many_n
    );
    if let Some(bw) = &p.bigwig {
        eprintln!("  {}", bw.display());
    }
    Ok(())
}

/// Arguments of `seqdl merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard files (any order): TSV or annotated VCF of `seqdl variants`, or bedGraphs of
    /// `seqdl predict-genome`.
    #[arg(long, num_args = 1.., required = true)]
    inputs: Vec<PathBuf>,
    /// The merged file; a bigWig of bedGraph shards when named <name>.bw or <name>.bigwig.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl merge`.
pub fn run_merge(args: MergeArgs) -> Result<()> {
    let m = merge(&args.inputs, &args.out)?;
    eprintln!("{}: {} rows ({}) from {} shards", args.out.display(), m.rows, m.format, m.shards);
    Ok(())
}
