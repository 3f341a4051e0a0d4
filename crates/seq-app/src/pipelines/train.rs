//! Training into a model folder: [`train_into`] fits any [`AppModel`] on in-memory datasets (checkpoints in
//! the folder), saves it in the one model format, writes the history, learning curves and training record,
//! then **reloads** the model from the folder and checks that the reloaded model gives the trained model's
//! logits. [`train`] is `seqdl train`: a CNN (preset or configuration file) on a [`DataSource`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::module::AutodiffModule;
use seq_io::Dataset;
use seq_models::cnn::presets::{by_name, PRESET_NAMES};
use seq_models::persist::PersistentModel;
use seq_models::{Cnn, CnnConfig, Head, SequenceModel};
use seq_train::fit::{predict_logits, ClassWeighting};
use seq_train::{EarlyStopping, FitConfig, History, Monitor, OptimizerConfig};

use crate::backend::{Ad, AppBackend};
use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::model_dir::{ModelDir, TrainingRecord};
use crate::progress::Context;

/// What [`train_into`] trains on and how.
#[derive(Debug, Clone)]
pub struct FitRequest<'a> {
    /// Training data.
    pub train: &'a Dataset,
    /// Validation data (else `fit.validation_split` of `train`, or none).
    pub valid: Option<&'a Dataset>,
    /// The optimizer.
    pub optimizer: OptimizerConfig,
    /// The fit settings (`checkpoint_dir` is set to the model folder).
    pub fit: FitConfig,
    /// Continue the run whose checkpoints are in the folder.
    pub resume: bool,
    /// A description of the data, for the record.
    pub data: String,
    /// The architecture's name (preset or file), for the record and the figure title.
    pub architecture: String,
}

/// A model trained into a folder and reloaded from it.
#[derive(Debug, Clone)]
pub struct Trained<M> {
    /// The model as [`ModelDir::load`] rebuilds it from the folder (inference backend).
    pub model: M,
    /// Per-epoch history.
    pub history: History,
    /// Metrics of the last epoch.
    pub final_metrics: std::collections::BTreeMap<String, f64>,
    /// Largest |logit difference| between the trained and the reloaded model on up to 64 sequences (0 when
    /// the folder round-trips exactly).
    pub reload_max_abs_diff: f32,
    /// Wall-clock seconds of training.
    pub seconds: f64,
}

/// Fits `model` (on the autodiff backend) as `req` says, with checkpoints in `dir`, then saves, records
/// and reloads it (see the module docs).
pub fn train_into<B, MA>(
    dir: &ModelDir,
    model: MA,
    req: &FitRequest<'_>,
    ctx: &Context,
    device: &B::Device,
) -> Result<Trained<MA::InnerModule>>
where
    B: AppBackend,
    MA: SequenceModel<Ad<B>> + AutodiffModule<Ad<B>>,
    MA::InnerModule: AppModel<B>,
{
    check_fit(req)?;
    dir.create()?;
    let mut fit = req.fit.clone();
    fit.checkpoint_dir = Some(dir.path().to_path_buf());
    let model_config = serde_json::to_value(model.valid().persistent_config()).ok();
    let record = |history: &History| TrainingRecord {
        data: req.data.clone(),
        data_hash: Some(data_hash(req.train)),
        architecture: req.architecture.clone(),
        model_config: model_config.clone(),
        optimizer: req.optimizer.clone(),
        fit: fit.clone(),
        epochs_run: history.len(),
        restored_epoch: history.restored_epoch,
        final_metrics: last_metrics(history),
    };
    if !req.resume {
        // written first, so that `--resume` after a kill can check the data and settings
        dir.write_training_record(&record(&History::default()))?;
    }
    let started = Instant::now();
    let (model, history) = if req.resume {
        seq_train::resume_with::<Ad<B>, MA>(dir.path(), model, req.train, req.valid, &fit, device, ctx.progress())?
    } else {
        seq_train::fit_with::<Ad<B>, MA>(model, &req.optimizer, req.train, req.valid, &fit, device, ctx.progress())?
    };
    let seconds = started.elapsed().as_secs_f64();
    let trained = model.valid();
    dir.save::<B, MA::InnerModule>(&trained)?;
    history.write(dir.path())?;
    let title = format!("{} on {}", short_name(&req.architecture), req.data);
    seq_train::figures::draw_learning_curves(&history, &dir.file("learning_curves.png"), &title)?;
    let final_metrics = last_metrics(&history);
    dir.write_training_record(&record(&history))?;
    let reloaded: MA::InnerModule = dir.load::<B, MA::InnerModule>(device)?;
    let probe = req.valid.unwrap_or(req.train);
    let probe = dir.fit_to_model(probe.subset(&(0..probe.n().min(64)).collect::<Vec<_>>()), trained.input_length())?;
    let a = predict_logits::<B, _>(&trained, &probe, 64, device)?;
    let b = predict_logits::<B, _>(&reloaded, &probe, 64, device)?;
    let reload_max_abs_diff = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
    tracing::info!(dir = %dir.path().display(), reload_max_abs_diff, seconds, "trained, saved and reloaded");
    Ok(Trained { model: reloaded, history, final_metrics, reload_max_abs_diff, seconds })
}

fn check_fit(req: &FitRequest<'_>) -> Result<()> {
    if req.optimizer.base_lr() <= 0.0 || !req.optimizer.base_lr().is_finite() {
        return Err(AppError::option(
            "--lr",
            format!("the learning rate must be positive, got {}", req.optimizer.base_lr()),
        ));
    }
    let classes: std::collections::BTreeSet<u32> = req.train.y.iter().map(|v| v.to_bits()).collect();
    if classes.len() < 2 {
        if req.fit.class_weights == ClassWeighting::Balanced {
            return Err(AppError::option(
                "--balanced",
                format!("{}: the training labels hold a single class", req.data),
            ));
        }
        let value = req.train.y.first().copied().unwrap_or(f32::NAN);
        tracing::warn!("{}: every training label is {value}: the model can only learn to predict that value", req.data);
    }
    Ok(())
}

/// A content hash (CRC-32 of the sequences, then of the labels) of a dataset, to refuse resuming on other data.
pub fn data_hash(ds: &Dataset) -> String {
    let bytes = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    format!("{:08x}-{:08x}-{}x{}", crc32fast::hash(&bytes(&ds.x)), crc32fast::hash(&bytes(&ds.y)), ds.n(), ds.len)
}

/// The optimizer `seqdl train` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OptimizerChoice {
    /// Adam (Keras defaults: lr 1e-3, β 0.9/0.999, ε 1e-7).
    #[default]
    Adam,
    /// Stochastic gradient descent (with momentum and Nesterov).
    Sgd,
}

/// Options of [`train`] (`seqdl train`).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// A preset name or a CnnConfig file (.toml or .json).
    pub architecture: String,
    /// The optimizer.
    pub optimizer: OptimizerChoice,
    /// Learning rate (default: 1e-3 for Adam, 0.01 for SGD).
    pub lr: Option<f64>,
    /// SGD momentum.
    pub momentum: f64,
    /// Nesterov momentum (SGD).
    pub nesterov: bool,
    /// Keras-style learning-rate decay per step.
    pub decay: Option<f64>,
    /// Number of epochs.
    pub epochs: usize,
    /// Sequences per optimizer step.
    pub batch_size: usize,
    /// Seed of the weights, the shuffles and dropout.
    pub seed: u64,
    /// Fraction of the training data held out for validation.
    pub validation_split: Option<f64>,
    /// Early-stopping patience (best weights restored).
    pub patience: Option<usize>,
    /// What early stopping watches.
    pub monitor: Monitor,
    /// Class weights N / count(class).
    pub balanced: bool,
    /// Continue the run in `out`.
    pub resume: bool,
    /// Replace a model folder that already holds a run.
    pub force: bool,
    /// Report progress.
    pub progress: bool,
    /// Reverse-complement each training window with probability ½.
    pub reverse_complement: bool,
    /// Random shifts of up to ± this many bases (training windows cut with this margin; the model reads
    /// windows 2·shift shorter, and validation/test windows are centre cropped).
    pub shift: usize,
    /// The model folder.
    pub out: PathBuf,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            architecture: "seed000".into(),
            optimizer: OptimizerChoice::Adam,
            lr: None,
            momentum: 0.0,
            nesterov: false,
            decay: None,
            epochs: 10,
            batch_size: 32,
            seed: 0,
            validation_split: None,
            patience: None,
            monitor: Monitor::ValLoss,
            balanced: false,
            resume: false,
            force: false,
            progress: true,
            reverse_complement: false,
            shift: 0,
            out: PathBuf::from("model"),
        }
    }
}

impl TrainOptions {
    /// The optimizer configuration these options describe.
    pub fn optimizer_config(&self) -> OptimizerConfig {
        let opt = match self.optimizer {
            OptimizerChoice::Adam => OptimizerConfig::adam().with_lr(self.lr.unwrap_or(1e-3)),
            OptimizerChoice::Sgd => {
                OptimizerConfig::sgd_momentum(self.lr.unwrap_or(0.01), self.momentum, self.nesterov)
            }
        };
        match self.decay {
            Some(d) => opt.with_decay(d),
            None => opt,
        }
    }

    fn validate(&self) -> Result<()> {
        let positive = [("--epochs", self.epochs), ("--batch-size", self.batch_size)];
        if let Some((name, _)) = positive.iter().find(|(_, v)| *v == 0) {
            return Err(AppError::option(*name, "must be at least 1"));
        }
        if let Some(f) = self.validation_split.filter(|f| !(*f > 0.0 && *f < 1.0)) {
            return Err(AppError::option("--validation-split", format!("must lie strictly between 0 and 1, got {f}")));
        }
        if self.patience == Some(0) {
            return Err(AppError::option("--patience", "must be at least 1"));
        }
        if self.decay.is_some_and(|d| !(d >= 0.0 && d.is_finite())) {
            return Err(AppError::option("--decay", "must be a non-negative number"));
        }
        if self.resume && self.force {
            return Err(AppError::option(
                "--force",
                "--resume continues the run in --out; --force replaces it: give one",
            ));
        }
        Ok(())
    }
}

/// What [`train`] did.
#[derive(Debug, Clone)]
pub struct TrainOutcome {
    /// The architecture trained.
    pub config: CnnConfig,
    /// The model's head.
    pub head: Head,
    /// Per-epoch history.
    pub history: History,
    /// Metrics of the last epoch.
    pub final_metrics: std::collections::BTreeMap<String, f64>,
    /// The model folder.
    pub out: PathBuf,
    /// See [`Trained::reload_max_abs_diff`].
    pub reload_max_abs_diff: f32,
    /// Sequences trained on and validated on.
    pub sizes: (usize, Option<usize>),
}

/// `seqdl train`: checks every option and the data, then trains a CNN into `opts.out`.
pub fn train<B: AppBackend>(
    data: &DataSource,
    opts: &TrainOptions,
    ctx: &Context,
    device: &B::Device,
) -> Result<TrainOutcome> {
    opts.validate()?;
    let dir = ModelDir::new(&opts.out);
    if dir.holds_a_run() && !opts.resume && !opts.force {
        return Err(AppError::option(
            "--out",
            format!(
                "{} already holds a model or checkpoints: give --resume to continue it or --force to replace it",
                opts.out.display()
            ),
        ));
    }
    let (train, valid) = if data.is_h5() && opts.validation_split.is_none() {
        data.load_h5_train_valid()?
    } else if data.is_h5() {
        (data.load("train")?, None)
    } else {
        (data.load("train")?.shuffled(opts.seed), None)
    };
    data.require_labels(&train, "train")?;
    let validation_split = match (&valid, opts.validation_split, data.is_h5()) {
        (Some(_), _, _) => None,
        (None, Some(f), _) => Some(f),
        (None, None, false) => Some(0.1),
        (None, None, true) => None,
    };
    if opts.shift > 0 && 2 * opts.shift >= train.len {
        return Err(AppError::option(
            "--shift",
            format!("±{} leaves nothing of windows {} bases long", opts.shift, train.len),
        ));
    }
    let config = architecture(&opts.architecture, train.len - 2 * opts.shift, train.tasks)?;
    if opts.patience.is_some() && valid.is_none() && validation_split.is_none() {
        return Err(AppError::option(
            "--patience",
            "needs validation data: give --validation-split or an HDF5 file with a valid split",
        ));
    }
    let optimizer = opts.optimizer_config();
    let fit = FitConfig {
        epochs: opts.epochs,
        batch_size: opts.batch_size,
        seed: opts.seed,
        shuffle: true,
        validation_split,
        early_stopping: opts.patience.map(|p| EarlyStopping::new(opts.monitor, p).restore_best(true)),
        class_weights: if opts.balanced { ClassWeighting::Balanced } else { ClassWeighting::None },
        checkpoint_dir: Some(opts.out.clone()),
        progress: opts.progress,
        augment: seq_train::fit::Augment { reverse_complement: opts.reverse_complement, max_shift: opts.shift },
    };
    if opts.resume {
        super::resume::check_resume(&dir, &config, &train, &optimizer, &fit)?;
    }
    let req = FitRequest {
        train: &train,
        valid: valid.as_ref(),
        optimizer,
        fit,
        resume: opts.resume,
        data: data.short("train"),
        architecture: opts.architecture.clone(),
    };
    let model: Cnn<Ad<B>> = config.init(device, opts.seed)?;
    let trained = train_into::<B, Cnn<Ad<B>>>(&dir, model, &req, ctx, device)?;
    Ok(TrainOutcome {
        head: trained.model.head(),
        config,
        history: trained.history,
        final_metrics: trained.final_metrics,
        out: opts.out.clone(),
        reload_max_abs_diff: trained.reload_max_abs_diff,
        sizes: (train.n(), valid.as_ref().map(Dataset::n)),
    })
}

/// The architecture named by `model`: a preset, or a TOML/JSON file holding a `CnnConfig` (TOML needs the
/// command line; the library reads JSON). Presets are built for the data's length; a sigmoid or linear
/// preset gets one output per label column.
pub fn architecture(model: &str, len: usize, tasks: usize) -> Result<CnnConfig> {
    let path = Path::new(model);
    let from_file = path.extension().is_some_and(|e| e == "toml" || e == "json") || path.is_file();
    let mut config = if from_file {
        read_config_file(path)?
    } else if PRESET_NAMES.contains(&model) {
        by_name(model, len).map_err(|e| AppError::option("--model", format!("{model}: {e}")))?
    } else {
        return Err(AppError::option(
            "--model",
            format!("{model:?} is neither a preset ({}) nor a .toml/.json configuration file", PRESET_NAMES.join(", ")),
        ));
    };
    if !from_file && config.head != Head::Softmax && tasks > 0 {
        config.outputs = tasks;
    }
    if config.input_length != len {
        return Err(AppError::option(
            "--model",
            format!(
                "{model}: the network is built for sequences of length {} but the data have length {len}",
                config.input_length
            ),
        ));
    }
    config.param_count()?;
    Ok(config)
}

/// Reads a `CnnConfig` from JSON, or from TOML through the parser registered by the program
/// ([`set_toml_parser`]; the command line registers one).
fn read_config_file(path: &Path) -> Result<CnnConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| seq_io::IoError::io(path, e))?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    let parsed = if is_json {
        serde_json::from_str::<CnnConfig>(&text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    } else {
        match TOML_PARSER.get() {
            Some(parse) => parse(&text),
            None => Err("TOML configurations need a TOML parser (the seqdl command line has one); use JSON".into()),
        }
    };
    parsed.map_err(|message| AppError::ConfigFile { path: path.to_path_buf(), message })
}

/// A TOML → `CnnConfig` parser (the application layer does not depend on a TOML crate).
pub type TomlParser = fn(&str) -> std::result::Result<CnnConfig, String>;
static TOML_PARSER: std::sync::OnceLock<TomlParser> = std::sync::OnceLock::new();

/// Registers the TOML parser used for `.toml` architecture files (once per process).
pub fn set_toml_parser(parser: TomlParser) {
    let _ = TOML_PARSER.set(parser);
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

/// The file name of a configuration path, or the preset name itself (for figure titles).
fn short_name(model: &str) -> String {
    Path::new(model).file_name().map_or_else(|| model.to_string(), |n| n.to_string_lossy().into_owned())
}
