//! The serialisable description of a training run: epochs, batches, shuffling, validation, early stopping,
//! class weights and checkpoints.

use super::augment::Augment;
use crate::error::{Result, TrainError};
use crate::loss::ClassWeights;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The quantity early stopping watches (computed on the validation set each epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Monitor {
    /// Validation loss (lower is better).
    ValLoss,
    /// Validation auROC, averaged over tasks (higher is better).
    ValAuroc,
    /// Validation auPRC, averaged over tasks (higher is better).
    ValAuprc,
    /// Validation accuracy (higher is better).
    ValAccuracy,
    /// Validation mean squared error (lower is better).
    ValMse,
    /// Training loss (lower is better; for runs without a validation set).
    TrainLoss,
}

impl Monitor {
    /// The key under which the monitored value appears in [`super::EpochRecord::metrics`]
    /// (`val_loss`/`loss` are the record's own fields).
    pub fn key(self) -> &'static str {
        match self {
            Monitor::ValLoss => "val_loss",
            Monitor::ValAuroc => "val_auroc",
            Monitor::ValAuprc => "val_auprc",
            Monitor::ValAccuracy => "val_accuracy",
            Monitor::ValMse => "val_mse",
            Monitor::TrainLoss => "loss",
        }
    }

    /// The natural direction: min for losses and errors, max for scores.
    pub fn default_mode(self) -> Mode {
        match self {
            Monitor::ValLoss | Monitor::ValMse | Monitor::TrainLoss => Mode::Min,
            _ => Mode::Max,
        }
    }

    /// True when the monitor needs a validation set.
    pub fn needs_validation(self) -> bool {
        !matches!(self, Monitor::TrainLoss)
    }
}

/// Whether smaller or larger monitored values are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Smaller is better.
    Min,
    /// Larger is better.
    Max,
}

/// How improvements are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum StoppingRule {
    /// Keras `EarlyStopping`: an improvement is a change beyond `min_delta` in the good direction; training
    /// stops once `patience` consecutive epochs have not improved.
    #[default]
    Keras,
    /// DragoNN's `SequenceDNN.train`: for a loss monitor a value equal to the best counts as an improvement
    /// (`≤`), for other monitors it must be strictly better; training stops after `patience + 1`
    /// consecutive non-improving epochs.
    DragoNN,
}

/// Early-stopping settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlyStopping {
    /// What to watch.
    pub monitor: Monitor,
    /// Direction of improvement.
    pub mode: Mode,
    /// Non-improving epochs tolerated (see [`StoppingRule`] for the exact count).
    pub patience: usize,
    /// Minimum change that counts as an improvement (Keras rule).
    pub min_delta: f64,
    /// Put the best epoch's weights back into the returned model (Keras `restore_best_weights`). Unlike
    /// Keras 2, which restores only when early stopping fires, the best weights are also restored when
    /// the epochs run out first, so the returned model is always the best epoch's.
    pub restore_best: bool,
    /// Keras or DragoNN semantics.
    #[serde(default)]
    pub rule: StoppingRule,
}

impl EarlyStopping {
    /// Keras defaults for `monitor`: its natural mode, `min_delta` 0, no weight restoring.
    pub fn new(monitor: Monitor, patience: usize) -> Self {
        EarlyStopping {
            monitor,
            mode: monitor.default_mode(),
            patience,
            min_delta: 0.0,
            restore_best: false,
            rule: StoppingRule::Keras,
        }
    }

    /// DragoNN's `SequenceDNN.train` early stopping (validation loss, patience 5 by default).
    pub fn dragonn(monitor: Monitor, patience: usize) -> Self {
        EarlyStopping { rule: StoppingRule::DragoNN, ..Self::new(monitor, patience) }
    }

    /// The same settings with best-weight restoring switched on or off.
    pub fn restore_best(mut self, restore: bool) -> Self {
        self.restore_best = restore;
        self
    }

    /// The same settings with a minimum improvement.
    pub fn min_delta(mut self, delta: f64) -> Self {
        self.min_delta = delta;
        self
    }
}

/// Per-class loss weights for training (never applied to the validation loss, as in Keras).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum ClassWeighting {
    /// Every sample weighs 1.
    #[default]
    None,
    /// DragoNN's `N / count(class)` computed on the training labels.
    Balanced,
    /// Given weights, indexed by class (index 0 = negative, 1 = positive for sigmoid heads).
    Fixed(ClassWeights),
}

/// Everything about a training run except the model, the optimizer and the data.
///
/// **Validation.** Pass an explicit validation set to [`super::fit`], or set `validation_split` to hold
/// out a fraction of the training data. Like Keras' `validation_split`, the held-out part is the **last**
/// fraction: the first `⌊N·(1 − fraction)⌋` sequences train and the rest validate, cut **before** any
/// shuffling (so order your data randomly first, e.g. with
/// [`seq_io::Dataset::shuffled`]). Giving both is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitConfig {
    /// Number of epochs (passes over the training data).
    pub epochs: usize,
    /// Sequences per optimizer step (the last batch of an epoch may be smaller).
    pub batch_size: usize,
    /// Seed of the per-epoch shuffles (ChaCha8 seeded with `seed + epoch`) and of the backend RNG
    /// (dropout), re-seeded every epoch so that a resumed run continues identically.
    pub seed: u64,
    /// Shuffle the training data every epoch (Keras `shuffle=True`).
    pub shuffle: bool,
    /// Hold out this fraction of the training data for validation (Keras `validation_split`).
    pub validation_split: Option<f64>,
    /// Early stopping, if any.
    pub early_stopping: Option<EarlyStopping>,
    /// Class weights of the training loss.
    pub class_weights: ClassWeighting,
    /// Directory for `best.ckpt`, `last.ckpt`, `history.json` and `history.csv` (written every epoch).
    pub checkpoint_dir: Option<PathBuf>,
    /// Report progress through the [`Progress`](crate::Progress) given to [`fit_with`](crate::fit_with).
    pub progress: bool,
    /// Training-batch augmentation (reverse complements); off in configurations written before it existed.
    #[serde(default)]
    pub augment: Augment,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            epochs: 10,
            batch_size: 32,
            seed: 0,
            shuffle: true,
            validation_split: None,
            early_stopping: None,
            class_weights: ClassWeighting::None,
            checkpoint_dir: None,
            progress: true,
            augment: Augment::default(),
        }
    }
}

impl FitConfig {
    /// Keras-like defaults (batch 32, shuffled) for `epochs` epochs.
    pub fn new(epochs: usize) -> Self {
        FitConfig { epochs, ..Self::default() }
    }

    /// Refuses a batch size of 0, zero epochs and a validation fraction outside (0, 1).
    pub fn validate(&self) -> Result<()> {
        if self.batch_size == 0 {
            return Err(TrainError::InvalidConfig("batch size must be at least 1".into()));
        }
        if self.epochs == 0 {
            return Err(TrainError::InvalidConfig("the number of epochs must be at least 1".into()));
        }
        if let Some(f) = self.validation_split {
            if !(f > 0.0 && f < 1.0) {
                return Err(TrainError::InvalidConfig(format!(
                    "validation_split {f} must lie strictly between 0 and 1"
                )));
            }
        }
        if let Some(es) = &self.early_stopping {
            if !es.min_delta.is_finite() || es.min_delta < 0.0 {
                return Err(TrainError::InvalidConfig(format!(
                    "early-stopping min_delta {} must be ≥ 0",
                    es.min_delta
                )));
            }
        }
        if let ClassWeighting::Fixed(w) = &self.class_weights {
            if w.0.iter().any(|v| !v.is_finite() || *v < 0.0) {
                return Err(TrainError::InvalidConfig(format!("class weights {:?} must be finite and ≥ 0", w.0)));
            }
        }
        Ok(())
    }
}

/// Keras' `validation_split` cut: the first `⌊N·(1 − fraction)⌋` indices train, the rest validate.
pub fn validation_split_point(n: usize, fraction: f64) -> usize {
    (n as f64 * (1.0 - fraction)).floor() as usize
}
