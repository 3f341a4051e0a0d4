//! `seqdl explain`: per-base attributions of a trained model (saliency, gradient × input, in-silico
//! mutagenesis, integrated gradients) written as an HDF5 file h5py reads, plus logo PNGs of the first or
//! highest-scoring sequences.

use super::common::{context, parse_window, DataArgs};
use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::backend::Ad;
use seq_app::pipelines::explain::{self as pipeline, BaselineChoice, ExplainOptions};
use seq_app::{Device, ModelDir};
use seq_models::Cnn;
use std::ops::Range;
use std::path::PathBuf;

/// The attribution method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Gradient of the target logit with respect to the one-hot input.
    Saliency,
    /// Gradient × input (the gradient of the base present at each position).
    GradInput,
    /// In-silico mutagenesis: change of the target logit for every single-base substitution.
    Ism,
    /// Integrated gradients from --baseline over --steps points.
    Ig,
    /// DeepLIFT/DeepSHAP over --references dinucleotide shuffles (as tangermeme's deep_lift_shap); also
    /// writes the hypothetical contributions (hypothetical.h5).
    Deepshap,
    /// DeepLIFT against one reference: --baseline zeros or uniform, or --reference-gc F (DragoNN: 0.4); also
    /// writes hypothetical.h5.
    Deeplift,
}

/// The reference input of integrated gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BaselineArg {
    /// All-zero input.
    Zeros,
    /// 0.25 in every channel.
    Uniform,
    /// --shuffles dinucleotide shuffles of each sequence (attributions averaged over them).
    Shuffle,
}

/// Which sequences get logos (and, with --max-sequences, are explained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Rank {
    /// In file order.
    First,
    /// Highest predicted value of --target first.
    Top,
}

/// Arguments of `seqdl explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Attribution method.
    #[arg(long, value_enum, default_value = "saliency")]
    method: Method,
    /// The output explained (default: class 1 of a two-class softmax, else output 0).
    #[arg(long)]
    target: Option<usize>,
    /// Explain only this many sequences, chosen by --rank.
    #[arg(long)]
    max_sequences: Option<usize>,
    /// Order of the sequences: file order, or highest prediction first.
    #[arg(long, value_enum, default_value = "top")]
    rank: Rank,
    /// Number of logo PNGs (the first sequences in --rank order).
    #[arg(long, default_value_t = 10)]
    logos: usize,
    /// Logo window START:END (0-based, half-open; default: the whole sequence up to 100 nt, else the 100 nt
    /// around the strongest attribution).
    #[arg(long, value_parser = parse_window)]
    window: Option<Range<usize>>,
    /// Integrated gradients: number of steps.
    #[arg(long, default_value_t = 50)]
    steps: usize,
    /// Integrated gradients (and DeepLIFT: zeros or uniform): the reference input.
    #[arg(long, value_enum, default_value = "zeros")]
    baseline: BaselineArg,
    /// Integrated gradients with --baseline shuffle: references per sequence.
    #[arg(long, default_value_t = 10)]
    shuffles: usize,
    /// DeepSHAP: dinucleotide-shuffled references per sequence.
    #[arg(long, default_value_t = 20)]
    references: usize,
    /// DeepLIFT: a background reference of this GC fraction, [(1 − gc)/2, gc/2, gc/2, (1 − gc)/2] per position.
    #[arg(long)]
    reference_gc: Option<f32>,
    /// Seed of the shuffled references.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Inputs per forward/backward pass.
    #[arg(long, default_value_t = 128)]
    batch_size: usize,
    /// Hide the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Output folder: attributions.h5, explained.tsv and logos/.
    #[arg(long)]
    out: PathBuf,
}

impl ExplainArgs {
    fn options(&self) -> ExplainOptions {
        ExplainOptions {
            method: match self.method {
                Method::Saliency => pipeline::Method::Saliency,
                Method::GradInput => pipeline::Method::GradInput,
                Method::Ism => pipeline::Method::Ism,
                Method::Ig => pipeline::Method::Ig,
                Method::Deepshap => pipeline::Method::DeepShap,
                Method::Deeplift => pipeline::Method::DeepLift,
            },
            target: self.target,
            max_sequences: self.max_sequences,
            rank: match self.rank {
                Rank::First => pipeline::Rank::First,
                Rank::Top => pipeline::Rank::Top,
            },
            logos: self.logos,
            window: self.window.clone(),
            steps: self.steps,
            baseline: match self.baseline {
                BaselineArg::Zeros => BaselineChoice::Zeros,
                BaselineArg::Uniform => BaselineChoice::Uniform,
                BaselineArg::Shuffle => BaselineChoice::Shuffle,
            },
            shuffles: self.shuffles,
            references: self.references,
            reference_gc: self.reference_gc,
            seed: self.seed,
            batch_size: self.batch_size,
            out: self.out.clone(),
        }
    }
}

/// Runs `seqdl explain`.
pub fn run(args: ExplainArgs, device: Device) -> Result<()> {
    let data = args.data.source();
    let opts = args.options();
    let ctx = context(args.no_progress);
    let dir = ModelDir::new(&args.model);
    let e = on_device!(device, |B, dev| pipeline::explain::<B, Cnn<Ad<B>>>(&dir, &data, &opts, &ctx, &dev)?);
    eprintln!(
        "{}: {} of output {} for {} sequences × {} nt; {} logo(s) in {}",
        e.h5.display(),
        opts.method.name(),
        e.file.target,
        e.file.n(),
        e.file.len(),
        e.logos,
        args.out.join("logos").display()
    );
    Ok(())
}
