//! `seqdl denoise`: the consensus of noisy reads of one template (FASTA in, FASTA out), by majority vote over
//! a star alignment, by a column model trained on simulated reads, or by seed 002's next-symbol network.

use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::pipelines::denoise::{denoise, DenoiseMethod, DenoiseOptions};
use seq_app::Device;
use seq_sim::ErrorRates;
use std::path::PathBuf;

/// The denoising method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Iterated star alignment to a draft and a majority vote per column (no training).
    Vote,
    /// A column model over the aligned stack, trained first on reads simulated with --pi/--pd/--ps.
    Learned,
    /// Seed 002: an LSTM next-symbol model trained on the reads, decoded greedily from `<` to `>`.
    Greedy,
}

/// Arguments of `seqdl denoise`.
#[derive(Debug, Args)]
pub struct DenoiseArgs {
    /// FASTA (or one read per line) of noisy reads of one template; `<` … `>` markers are accepted.
    #[arg(long)]
    reads: PathBuf,
    /// Denoising method.
    #[arg(long, value_enum, default_value = "vote")]
    method: Method,
    /// The true template (FASTA), to report the identity of the consensus to it.
    #[arg(long)]
    template: Option<PathBuf>,
    /// Align-and-vote rounds (vote and learned).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Training epochs (default: 30 for learned, 100 for greedy, as in seed 002).
    #[arg(long)]
    epochs: Option<usize>,
    /// Learned: simulated templates to train the column model on.
    #[arg(long, default_value_t = 40)]
    train_templates: usize,
    /// Learned: insertion rate of the simulated training reads.
    #[arg(long, default_value_t = 0.05)]
    pi: f64,
    /// Learned: deletion rate of the simulated training reads.
    #[arg(long, default_value_t = 0.05)]
    pd: f64,
    /// Learned: substitution rate of the simulated training reads.
    #[arg(long, default_value_t = 0.01)]
    ps: f64,
    /// Seed of the weights, shuffles and simulated training reads.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output FASTA of the consensus (a JSON summary is written beside it).
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl denoise`.
pub fn run(args: DenoiseArgs, device: Device) -> Result<()> {
    let method = match args.method {
        Method::Vote => DenoiseMethod::Vote,
        Method::Learned => DenoiseMethod::Learned,
        Method::Greedy => DenoiseMethod::Greedy,
    };
    let opts = DenoiseOptions {
        method,
        template: args.template.clone(),
        rounds: args.rounds,
        epochs: args.epochs,
        train_templates: args.train_templates,
        rates: ErrorRates { insertion: args.pi, deletion: args.pd, substitution: args.ps },
        seed: args.seed,
    };
    let d = on_device!(device, |B, dev| denoise::<B>(&args.reads, &opts, &args.out, &dev)?);
    match (d.identity, d.mean_read_identity) {
        (Some(i), Some(r)) => eprintln!(
            "{}: {}-nt consensus of {} reads ({}); identity to the template {i:.4} (reads on average {r:.4})",
            args.out.display(),
            d.consensus.len(),
            d.reads,
            method.name()
        ),
        _ => eprintln!(
            "{}: {}-nt consensus of {} reads ({})",
            args.out.display(),
            d.consensus.len(),
            d.reads,
            method.name()
        ),
    }
    Ok(())
}
