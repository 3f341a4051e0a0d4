//! `seqdl train`: a CNN (preset or TOML/JSON configuration) trained on an HDF5 dataset or FASTA + labels,
//! written to a model folder with checkpoints, history, learning curves and the configuration.

use super::common::{context, DataArgs};
use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::pipelines::train::{train, OptimizerChoice, TrainOptions, TrainOutcome};
use seq_app::{Device, StopFlag};
use seq_train::Monitor;
use std::path::PathBuf;

/// The optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Optimizer {
    /// Adam (Keras defaults: lr 1e-3, β 0.9/0.999, ε 1e-7).
    Adam,
    /// Stochastic gradient descent (with --momentum and --nesterov).
    Sgd,
}

/// The quantity early stopping watches (the `val-` prefix is part of the command-line value).
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MonitorArg {
    /// Validation loss.
    ValLoss,
    /// Validation auROC.
    ValAuroc,
    /// Validation auPRC.
    ValAuprc,
    /// Validation accuracy.
    ValAccuracy,
    /// Validation mean squared error.
    ValMse,
}

impl From<MonitorArg> for Monitor {
    fn from(m: MonitorArg) -> Monitor {
        match m {
            MonitorArg::ValLoss => Monitor::ValLoss,
            MonitorArg::ValAuroc => Monitor::ValAuroc,
            MonitorArg::ValAuprc => Monitor::ValAuprc,
            MonitorArg::ValAccuracy => Monitor::ValAccuracy,
            MonitorArg::ValMse => Monitor::ValMse,
        }
    }
}

/// Arguments of `seqdl train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Architecture: a preset name (seed000, seed000_regularized, seed000_deep, deeper, primer, one_filter,
    /// dragonn_one_filter, dragonn_fifteen_filters, dragonn_three_layers, dragonn_three_layers_dropout) or
    /// a CnnConfig file (.toml or .json).
    #[arg(long, default_value = "seed000")]
    model: String,
    /// Optimizer.
    #[arg(long, value_enum, default_value = "adam")]
    optimizer: Optimizer,
    /// Learning rate (default: 1e-3 for Adam, 0.01 for SGD).
    #[arg(long, allow_negative_numbers = true)]
    lr: Option<f64>,
    /// SGD momentum.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    momentum: f64,
    /// Nesterov momentum (SGD).
    #[arg(long)]
    nesterov: bool,
    /// Keras-style learning-rate decay per step: lr / (1 + decay · step).
    #[arg(long, allow_negative_numbers = true)]
    decay: Option<f64>,
    /// Number of epochs.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Sequences per optimizer step.
    #[arg(long, default_value_t = 32)]
    batch_size: usize,
    /// Seed of the weights, the shuffles and dropout.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Hold out this fraction of the training data for validation (default for FASTA input: 0.1; for HDF5
    /// input the file's valid split is used when it has sequences).
    #[arg(long)]
    validation_split: Option<f64>,
    /// Stop after this many epochs without improvement of --monitor (restoring the best weights).
    #[arg(long)]
    patience: Option<usize>,
    /// What early stopping watches.
    #[arg(long, value_enum, default_value = "val-loss")]
    monitor: MonitorArg,
    /// Weight the classes of the training loss by N / count(class) (DragoNN).
    #[arg(long)]
    balanced: bool,
    /// Continue the run whose checkpoints are in --out (same data and settings; --epochs may grow).
    #[arg(long)]
    resume: bool,
    /// Replace a model folder that already holds a model or checkpoints.
    #[arg(long)]
    force: bool,
    /// Hide the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Reverse-complement each training window with probability ½ (evaluate with both strands averaged).
    #[arg(long)]
    rc_augment: bool,
    /// Random shifts of up to ±N bases: the windows must be cut with a margin of N (`seqdl dataset
    /// --margin N`); the model reads windows 2·N shorter and the other commands centre-crop them.
    #[arg(long, default_value_t = 0)]
    shift: usize,
    /// The model folder to write (model.json/.mpk, checkpoints, history, learning curves).
    #[arg(long)]
    out: PathBuf,
}

impl TrainArgs {
    fn options(&self) -> TrainOptions {
        TrainOptions {
            architecture: self.model.clone(),
            optimizer: match self.optimizer {
                Optimizer::Adam => OptimizerChoice::Adam,
                Optimizer::Sgd => OptimizerChoice::Sgd,
            },
            lr: self.lr,
            momentum: self.momentum,
            nesterov: self.nesterov,
            decay: self.decay,
            epochs: self.epochs,
            batch_size: self.batch_size,
            seed: self.seed,
            validation_split: self.validation_split,
            patience: self.patience,
            monitor: self.monitor.into(),
            balanced: self.balanced,
            resume: self.resume,
            force: self.force,
            progress: !self.no_progress,
            reverse_complement: self.rc_augment,
            shift: self.shift,
            out: self.out.clone(),
        }
    }
}

/// Runs `seqdl train`.
pub fn run(args: TrainArgs, device: Device) -> Result<()> {
    let data = args.data.source();
    let opts = args.options();
    let stop = StopFlag::default();
    let ctx = context(args.no_progress).with_stop(stop.clone());
    // Ctrl-C: the first stops training at the end of the batch (last.ckpt written), a second one exits now.
    let handler = ctrlc::set_handler(move || {
        if stop.is_requested() {
            std::process::exit(INTERRUPTED);
        }
        eprintln!("\ninterrupt: stopping at the end of this batch (Ctrl-C again to quit at once)");
        stop.request();
    });
    if let Err(e) = handler {
        tracing::warn!("Ctrl-C will not checkpoint the run: {e}");
    }
    eprintln!("training {} on {} ({device})", args.model, data.describe("train"));
    let outcome = on_device!(device, |B, dev| train::<B>(&data, &opts, &ctx, &dev)?);
    print_summary(&outcome);
    Ok(())
}

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// The command line that continues an interrupted run: this one, with `--resume` (and without `--force`).
pub fn resume_command() -> String {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--force").map(|a| shell_quote(&a)).collect();
    if !args.iter().any(|a| a == "--resume") {
        args.push("--resume".into());
    }
    format!("seqdl {}", args.join(" "))
}

fn shell_quote(arg: &str) -> String {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,+@%".contains(c)) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

fn print_summary(o: &TrainOutcome) {
    let mut text = format!("{} epoch(s) run on {} sequences", o.history.len(), o.sizes.0);
    if let Some(v) = o.sizes.1 {
        text.push_str(&format!(" (validated on {v})"));
    }
    if let Some(e) = o.history.restored_epoch {
        text.push_str(&format!(", weights of epoch {e} kept"));
    }
    println!(
        "{text} ({:?} head, {} parameters)\n{:<16} {:>10}",
        o.head,
        o.config.param_count().unwrap_or(0),
        "metric",
        "last epoch"
    );
    for (k, v) in &o.final_metrics {
        println!("{k:<16} {v:>10.4}");
    }
    eprintln!(
        "model folder: {} (model.json, model.mpk, history.csv, learning_curves.png); reloaded from it: max |Δlogit| {:.1e}",
        o.out.display(),
        o.reload_max_abs_diff
    );
}
