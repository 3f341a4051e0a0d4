//! `seqdl train`: a CNN (preset or TOML/JSON configuration) trained on an HDF5 dataset or FASTA + labels,
//! written to a model folder with checkpoints, history, learning curves and the configuration.

use super::common::{Ad, DataArgs};
use clap::{Args, ValueEnum};
use seq_models::cnn::presets::{by_name, PRESET_NAMES};
use seq_models::{CnnConfig, Head, SequenceModel};
use seq_train::fit::ClassWeighting;
use seq_train::{EarlyStopping, FitConfig, History, Monitor, OptimizerConfig};
use seqdl::model_dir::{ModelDir, TrainingRecord};
use seqdl::{Error, Result};
use std::path::{Path, PathBuf};

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
    /// Architecture: a preset name (seed000, seed000_regularized, seed000_deep, primer, one_filter,
    /// dragonn_one_filter, dragonn_fifteen_filters, dragonn_three_layers, dragonn_three_layers_dropout) or
    /// a CnnConfig file (.toml or .json).
    #[arg(long, default_value = "seed000")]
    model: String,
    /// Optimizer.
    #[arg(long, value_enum, default_value = "adam")]
    optimizer: Optimizer,
    /// Learning rate (default: 1e-3 for Adam, 0.01 for SGD).
    #[arg(long)]
    lr: Option<f64>,
    /// SGD momentum.
    #[arg(long, default_value_t = 0.0)]
    momentum: f64,
    /// Nesterov momentum (SGD).
    #[arg(long)]
    nesterov: bool,
    /// Keras-style learning-rate decay per step: lr / (1 + decay · step).
    #[arg(long)]
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
    /// Hide the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// The model folder to write (model.json/.mpk, checkpoints, history, learning curves).
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl train`.
pub fn run(args: TrainArgs) -> Result<()> {
    let (train, valid) = if args.data.is_h5() && args.validation_split.is_none() {
        args.data.load_h5_train_valid()?
    } else if args.data.is_h5() {
        (args.data.load("train")?, None)
    } else {
        (args.data.load("train")?.shuffled(args.seed), None)
    };
    args.data.require_labels(&train, "train")?;
    let validation_split = match (&valid, args.validation_split, args.data.is_h5()) {
        (Some(_), _, _) => None,
        (None, Some(f), _) => Some(f),
        (None, None, false) => Some(0.1),
        (None, None, true) => None,
    };
    let config = architecture(&args.model, train.len, train.tasks)?;
    let optimizer = optimizer(&args);
    let has_validation = valid.is_some() || validation_split.is_some();
    if args.patience.is_some() && !has_validation {
        return Err(Error::Usage("--patience needs validation data: give --validation-split or an HDF5 file with a valid split".into()));
    }
    let fit = FitConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        seed: args.seed,
        shuffle: true,
        validation_split,
        early_stopping: args
            .patience
            .map(|p| EarlyStopping::new(args.monitor.into(), p).restore_best(true)),
        class_weights: if args.balanced {
            ClassWeighting::Balanced
        } else {
            ClassWeighting::None
        },
        checkpoint_dir: Some(args.out.clone()),
        progress: !args.no_progress,
    };
    let dir = ModelDir::new(&args.out);
    dir.create()?;
    let device = Default::default();
    let model = config.init::<Ad>(&device, args.seed)?;
    eprintln!(
        "training {} ({} parameters) on {}: {} sequences × {} nt{}",
        args.model,
        config.param_count().unwrap_or(0),
        args.data.describe("train"),
        train.n(),
        train.len,
        valid
            .as_ref()
            .map(|v| format!(", validating on {} sequences", v.n()))
            .unwrap_or_default()
    );
    let (model, history) = if args.resume {
        seq_train::resume::<Ad, _>(&args.out, model, &train, valid.as_ref(), &fit, &device)?
    } else {
        seq_train::fit::<Ad, _>(model, &optimizer, &train, valid.as_ref(), &fit, &device)?
    };
    let model = burn::module::AutodiffModule::valid(&model);
    dir.save(&model)?;
    history.write(&args.out)?;
    let curves = dir.file("learning_curves.png");
    seq_train::figures::draw_learning_curves(
        &history,
        &curves,
        &format!(
            "{} on {}",
            short_name(&args.model),
            args.data.short("train")
        ),
    )?;
    let final_metrics = last_metrics(&history);
    dir.write_training_record(&TrainingRecord {
        data: args.data.describe("train"),
        architecture: args.model.clone(),
        optimizer,
        fit,
        epochs_run: history.len(),
        restored_epoch: history.restored_epoch,
        final_metrics: final_metrics.clone(),
    })?;
    print_summary(&history, &final_metrics, &args.out, model.head());
    Ok(())
}

/// The architecture named by `model`: a preset, or a TOML/JSON file holding a `CnnConfig`. Presets are
/// built for the data's length; a sigmoid or linear preset gets one output per label column.
pub fn architecture(model: &str, len: usize, tasks: usize) -> Result<CnnConfig> {
    let path = Path::new(model);
    let from_file = path.extension().is_some_and(|e| e == "toml" || e == "json") || path.is_file();
    let mut config = if from_file {
        read_config_file(path)?
    } else if PRESET_NAMES.contains(&model) {
        by_name(model, len).map_err(|e| Error::Usage(format!("--model {model}: {e}")))?
    } else {
        return Err(Error::Usage(format!(
            "--model {model:?} is neither a preset ({}) nor a .toml/.json configuration file",
            PRESET_NAMES.join(", ")
        )));
    };
    if !from_file && config.head != Head::Softmax && tasks > 0 {
        config.outputs = tasks;
    }
    if config.input_length != len {
        return Err(Error::Usage(format!(
            "--model {model}: the network is built for sequences of length {} but the data have length {len}",
            config.input_length
        )));
    }
    config.param_count()?;
    Ok(config)
}

fn read_config_file(path: &Path) -> Result<CnnConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| seq_io::IoError::io(path, e))?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    let parsed = if is_json {
        serde_json::from_str::<CnnConfig>(&text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    } else {
        toml::from_str::<CnnConfig>(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|message| {
        Error::Usage(format!(
            "{}: not a CNN configuration: {message}",
            path.display()
        ))
    })
}

fn optimizer(args: &TrainArgs) -> OptimizerConfig {
    let opt = match args.optimizer {
        Optimizer::Adam => OptimizerConfig::adam().with_lr(args.lr.unwrap_or(1e-3)),
        Optimizer::Sgd => {
            OptimizerConfig::sgd_momentum(args.lr.unwrap_or(0.01), args.momentum, args.nesterov)
        }
    };
    match args.decay {
        Some(d) => opt.with_decay(d),
        None => opt,
    }
}

fn last_metrics(history: &History) -> std::collections::BTreeMap<String, f64> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(last) = history.last() {
        out.insert("loss".to_string(), last.train_loss);
        if let Some(v) = last.valid_loss {
            out.insert("val_loss".to_string(), v);
        }
        out.extend(last.metrics.iter().map(|(k, v)| (k.clone(), *v)));
    }
    out
}

fn print_summary(
    history: &History,
    metrics: &std::collections::BTreeMap<String, f64>,
    out: &Path,
    head: Head,
) {
    let mut text = format!("{} epoch(s) run", history.len());
    if let Some(e) = history.restored_epoch {
        text.push_str(&format!(", weights of epoch {e} kept"));
    }
    println!(
        "{text} ({head:?} head)\n{:<16} {:>10}",
        "metric", "last epoch"
    );
    for (k, v) in metrics {
        println!("{k:<16} {v:>10.4}");
    }
    eprintln!(
        "model folder: {} (model.json, model.mpk, history.csv, learning_curves.png)",
        out.display()
    );
}

/// The file name of a configuration path, or the preset name itself (for figure titles).
fn short_name(model: &str) -> String {
    Path::new(model)
        .file_name()
        .map_or_else(|| model.to_string(), |n| n.to_string_lossy().into_owned())
}
