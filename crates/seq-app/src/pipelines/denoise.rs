//! The consensus of noisy reads of one template (FASTA in, FASTA out): a majority vote over a star
//! alignment, a column model trained on simulated reads, or seed 002's next-symbol network.

use std::path::{Path, PathBuf};

use seq_models::denoiser::{identity, normalize_reads, vote_consensus, ConsensusConfig, DenoiseError};
use seq_sim::ErrorRates;
use seq_train::denoise::{DenoiseTrainConfig, NextSymbolTrainConfig, StackExample, StackTrainConfig};
use serde_json::json;

use crate::backend::{Ad, AppBackend};
use crate::error::{AppError, Result};
use crate::output::write_json;

/// The denoising method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DenoiseMethod {
    /// Iterated star alignment to a draft and a majority vote per column (no training).
    #[default]
    Vote,
    /// A column model over the aligned stack, trained first on simulated reads.
    Learned,
    /// Seed 002: an LSTM next-symbol model trained on the reads, decoded greedily from `<` to `>`.
    Greedy,
}

impl DenoiseMethod {
    /// The method's name.
    pub fn name(self) -> &'static str {
        match self {
            DenoiseMethod::Vote => "vote",
            DenoiseMethod::Learned => "learned",
            DenoiseMethod::Greedy => "greedy",
        }
    }
}

/// Options of [`denoise`].
#[derive(Debug, Clone, PartialEq)]
pub struct DenoiseOptions {
    /// Method.
    pub method: DenoiseMethod,
    /// The true template (FASTA), to report the identity of the consensus to it.
    pub template: Option<PathBuf>,
    /// Align-and-vote rounds (vote and learned).
    pub rounds: usize,
    /// Training epochs (default: 30 for learned, 100 for greedy, as in seed 002).
    pub epochs: Option<usize>,
    /// Learned: simulated templates to train the column model on.
    pub train_templates: usize,
    /// Learned: error rates of the simulated training reads.
    pub rates: ErrorRates,
    /// Seed of the weights, shuffles and simulated training reads.
    pub seed: u64,
}

impl Default for DenoiseOptions {
    fn default() -> Self {
        DenoiseOptions {
            method: DenoiseMethod::Vote,
            template: None,
            rounds: 3,
            epochs: None,
            train_templates: 40,
            rates: ErrorRates { insertion: 0.05, deletion: 0.05, substitution: 0.01 },
            seed: 0,
        }
    }
}

/// The consensus and how close it is to the template.
#[derive(Debug, Clone)]
pub struct Denoised {
    /// The consensus sequence.
    pub consensus: Vec<u8>,
    /// Number of reads.
    pub reads: usize,
    /// Identity of the consensus to the template, when one was given.
    pub identity: Option<f64>,
    /// Mean identity of the reads to the template, when one was given.
    pub mean_read_identity: Option<f64>,
}

/// Denoises the reads of `reads_path` and writes the consensus FASTA to `out` (and a JSON summary beside it).
/// Everything is read and checked (reads, template, options) before the consensus is computed or written.
pub fn denoise<B: AppBackend>(
    reads_path: &Path,
    opts: &DenoiseOptions,
    out: &Path,
    device: &B::Device,
) -> Result<Denoised> {
    for (name, v) in [("--rounds", opts.rounds), ("--train-templates", opts.train_templates)] {
        if v == 0 {
            return Err(AppError::option(name, "must be at least 1"));
        }
    }
    if opts.epochs == Some(0) {
        return Err(AppError::option("--epochs", "must be at least 1"));
    }
    let records = seq_io::fastx::read_sequences(reads_path)?;
    let raw: Vec<Vec<u8>> = records.iter().map(|r| r.seq.clone()).collect();
    let in_file = |e: DenoiseError| {
        let record = match &e {
            DenoiseError::InvalidSymbol { read, .. } => records.get(*read).map_or("?".to_string(), |r| r.id.clone()),
            _ => String::new(),
        };
        AppError::DenoiseInput { path: reads_path.to_path_buf(), record, source: e }
    };
    let reads = normalize_reads(&raw).map_err(in_file)?;
    let template = match &opts.template {
        Some(path) => {
            let t = seq_io::fastx::read_sequences(path)?;
            let first =
                t.into_iter().next().ok_or_else(|| AppError::NoSequences(format!("{} (template)", path.display())))?;
            let seq = first.seq.to_ascii_uppercase();
            if let Some(p) = seq.iter().position(|b| !b"ACGT".contains(b)) {
                return Err(AppError::option(
                    "--template",
                    format!(
                        "{}: record {:?}: position {p}: {:?} is not A, C, G or T",
                        path.display(),
                        first.id,
                        seq[p] as char
                    ),
                ));
            }
            Some(seq)
        }
        None => None,
    };
    let consensus_config = ConsensusConfig { rounds: opts.rounds, ..Default::default() };
    let consensus = match opts.method {
        DenoiseMethod::Vote => vote_consensus(&reads, &consensus_config).map_err(in_file)?,
        DenoiseMethod::Learned => learned::<B>(opts, &reads, &consensus_config, device)?,
        DenoiseMethod::Greedy => greedy::<B>(opts, &reads, device)?,
    };
    let name = format!("consensus method={} reads={}", opts.method.name(), reads.len());
    let identity_to = template.as_ref().map(|t| identity(t, &consensus));
    let mean_read_identity =
        template.as_ref().map(|t| reads.iter().map(|r| identity(t, r)).sum::<f64>() / reads.len() as f64);
    seq_io::fastx::write_fasta(out, &[name], std::slice::from_ref(&consensus))?;
    write_json(
        &out.with_extension("json"),
        &json!({
            "reads": reads_path, "n_reads": reads.len(), "method": opts.method.name(), "consensus_length": consensus.len(),
            "template": opts.template, "identity": identity_to, "mean_read_identity": mean_read_identity, "seed": opts.seed,
        }),
    )?;
    Ok(Denoised { consensus, reads: reads.len(), identity: identity_to, mean_read_identity })
}

/// The median read length (the templates of the simulated training set have it).
fn median_length(reads: &[Vec<u8>]) -> usize {
    let mut lengths: Vec<usize> = reads.iter().map(Vec::len).collect();
    lengths.sort_unstable();
    lengths[lengths.len() / 2].max(1)
}

fn learned<B: AppBackend>(
    opts: &DenoiseOptions,
    reads: &[Vec<u8>],
    consensus: &ConsensusConfig,
    device: &B::Device,
) -> Result<Vec<u8>> {
    let mut rng = seq_sim::rng(opts.seed);
    let len = median_length(reads);
    let mut examples = Vec::with_capacity(opts.train_templates);
    for _ in 0..opts.train_templates {
        let template = seq_sim::random_template(len, &mut rng);
        let simulated = seq_sim::simulate_reads(&template, reads.len(), &opts.rates, false, &mut rng)?;
        examples.push(StackExample { reads: simulated.into_iter().map(|r| r.seq).collect(), template });
    }
    let defaults = StackTrainConfig::default();
    let config = StackTrainConfig {
        consensus: consensus.clone(),
        train: DenoiseTrainConfig {
            epochs: opts.epochs.unwrap_or(defaults.train.epochs),
            seed: opts.seed,
            ..defaults.train
        },
        ..defaults
    };
    let trained = seq_train::denoise::train_stack_model::<Ad<B>>(&examples, &config, device)
        .map_err(seq_models::ModelError::from)?;
    tracing::info!(losses = ?trained.losses, "stack column model trained");
    Ok(seq_models::denoiser::learned_consensus::<B, _>(&trained.model, reads, consensus, device)
        .map_err(seq_models::ModelError::from)?)
}

fn greedy<B: AppBackend>(opts: &DenoiseOptions, reads: &[Vec<u8>], device: &B::Device) -> Result<Vec<u8>> {
    let defaults = NextSymbolTrainConfig::default();
    let config = NextSymbolTrainConfig {
        train: DenoiseTrainConfig {
            epochs: opts.epochs.unwrap_or(defaults.train.epochs),
            seed: opts.seed,
            ..defaults.train
        },
        ..defaults
    };
    let trained =
        seq_train::denoise::train_next_symbol::<Ad<B>>(reads, &config, device).map_err(seq_models::ModelError::from)?;
    let max_len = 2 * median_length(reads) + 2;
    let decoded = seq_models::denoiser::greedy_decode::<B>(&trained.model, max_len, device);
    Ok(decoded.into_iter().filter(|&b| b != b'<' && b != b'>').collect())
}
