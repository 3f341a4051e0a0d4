//! `seqdl denoise`: the consensus of noisy reads of one template (FASTA in, FASTA out), by majority vote over
//! a star alignment, by a column model trained on simulated reads, or by seed 002's next-symbol network.

use super::common::{write_json, Ad, Cpu};
use clap::{Args, ValueEnum};
use seq_models::denoiser::{
    identity, normalize_reads, vote_consensus, ConsensusConfig, DenoiseError,
};
use seq_sim::ErrorRates;
use seq_train::denoise::{
    DenoiseTrainConfig, NextSymbolTrainConfig, StackExample, StackTrainConfig,
};
use seqdl::{Error, Result};
use serde_json::json;
use std::path::{Path, PathBuf};

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

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Vote => "vote",
            Method::Learned => "learned",
            Method::Greedy => "greedy",
        }
    }
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
pub fn run(args: DenoiseArgs) -> Result<()> {
    let records = seq_io::fastx::read_sequences(&args.reads)?;
    let raw: Vec<Vec<u8>> = records.iter().map(|r| r.seq.clone()).collect();
    let reads = normalize_reads(&raw).map_err(|e| in_file(&args.reads, &records, e))?;
    let consensus_config = ConsensusConfig {
        rounds: args.rounds.max(1),
        ..Default::default()
    };
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(format!(
        "denoising {} reads ({})",
        reads.len(),
        args.method.name()
    ));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let consensus = match args.method {
        Method::Vote => vote_consensus(&reads, &consensus_config)
            .map_err(|e| in_file(&args.reads, &records, e))?,
        Method::Learned => learned(&args, &reads, &consensus_config)
            .map_err(|e| in_file(&args.reads, &records, e))?,
        Method::Greedy => greedy(&args, &reads).map_err(|e| in_file(&args.reads, &records, e))?,
    };
    spinner.finish_and_clear();
    let name = format!(
        "consensus method={} reads={}",
        args.method.name(),
        reads.len()
    );
    seq_io::fastx::write_fasta(&args.out, &[name], std::slice::from_ref(&consensus))?;
    let template = match &args.template {
        Some(path) => {
            let t = seq_io::fastx::read_sequences(path)?;
            let first = t
                .into_iter()
                .next()
                .ok_or_else(|| Error::Usage(format!("{}: no template sequence", path.display())))?;
            Some(first.seq.to_ascii_uppercase())
        }
        None => None,
    };
    let consensus_identity = template.as_ref().map(|t| identity(t, &consensus));
    let mean_read_identity = template
        .as_ref()
        .map(|t| reads.iter().map(|r| identity(t, r)).sum::<f64>() / reads.len() as f64);
    write_json(
        &args.out.with_extension("json"),
        &json!({
            "reads": args.reads, "n_reads": reads.len(), "method": args.method.name(), "consensus_length": consensus.len(),
            "template": args.template, "identity": consensus_identity, "mean_read_identity": mean_read_identity, "seed": args.seed,
        }),
    )?;
    match (consensus_identity, mean_read_identity) {
        (Some(i), Some(r)) => eprintln!(
            "{}: {}-nt consensus of {} reads ({}); identity to the template {:.4} (reads on average {:.4})",
            args.out.display(),
            consensus.len(),
            reads.len(),
            args.method.name(),
            i,
            r
        ),
        _ => eprintln!("{}: {}-nt consensus of {} reads ({})", args.out.display(), consensus.len(), reads.len(), args.method.name()),
    }
    Ok(())
}

/// A denoiser error with the reads file and, for a bad symbol, the record name.
fn in_file(path: &Path, records: &[seq_io::fastx::Record], e: DenoiseError) -> Error {
    match &e {
        DenoiseError::InvalidSymbol { read, .. } => {
            let name = records.get(*read).map_or("?", |r| r.id.as_str());
            Error::Usage(format!("{}: record {name:?}: {e}", path.display()))
        }
        _ => Error::Usage(format!("{}: {e}", path.display())),
    }
}

/// The median read length (the templates of the simulated training set have it).
fn median_length(reads: &[Vec<u8>]) -> usize {
    let mut lengths: Vec<usize> = reads.iter().map(Vec::len).collect();
    lengths.sort_unstable();
    lengths[lengths.len() / 2].max(1)
}

fn learned(
    args: &DenoiseArgs,
    reads: &[Vec<u8>],
    consensus: &ConsensusConfig,
) -> std::result::Result<Vec<u8>, DenoiseError> {
    let rates = ErrorRates {
        insertion: args.pi,
        deletion: args.pd,
        substitution: args.ps,
    };
    let mut rng = seq_sim::rng(args.seed);
    let len = median_length(reads);
    let mut examples = Vec::with_capacity(args.train_templates);
    for _ in 0..args.train_templates.max(1) {
        let template = seq_sim::random_template(len, &mut rng);
        let simulated = seq_sim::simulate_reads(&template, reads.len(), &rates, false, &mut rng)
            .map_err(|e| DenoiseError::Config(format!("simulated training reads: {e}")))?;
        examples.push(StackExample {
            reads: simulated.into_iter().map(|r| r.seq).collect(),
            template,
        });
    }
    let defaults = StackTrainConfig::default();
    let config = StackTrainConfig {
        consensus: consensus.clone(),
        train: DenoiseTrainConfig {
            epochs: args.epochs.unwrap_or(defaults.train.epochs),
            seed: args.seed,
            ..defaults.train
        },
        ..defaults
    };
    let device = Default::default();
    let trained = seq_train::denoise::train_stack_model::<Ad>(&examples, &config, &device)?;
    tracing::info!(losses = ?trained.losses, "stack column model trained");
    seq_models::denoiser::learned_consensus::<Cpu, _>(&trained.model, reads, consensus, &device)
}

fn greedy(args: &DenoiseArgs, reads: &[Vec<u8>]) -> std::result::Result<Vec<u8>, DenoiseError> {
    let defaults = NextSymbolTrainConfig::default();
    let config = NextSymbolTrainConfig {
        train: DenoiseTrainConfig {
            epochs: args.epochs.unwrap_or(defaults.train.epochs),
            seed: args.seed,
            ..defaults.train
        },
        ..defaults
    };
    let device = Default::default();
    let trained = seq_train::denoise::train_next_symbol::<Ad>(reads, &config, &device)?;
    let max_len = 2 * median_length(reads) + 2;
    let decoded = seq_models::denoiser::greedy_decode::<Cpu>(&trained.model, max_len, &device);
    Ok(decoded
        .into_iter()
        .filter(|&b| b != b'<' && b != b'>')
        .collect())
}
