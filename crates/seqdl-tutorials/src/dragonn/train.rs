//! Training one SequenceDNN the way DragoNN's `SequenceDNN.train` does (Adam, batch 128, balanced class
//! weights, early stopping on the validation loss with DragoNN's rule and patience 5, no roll-back to the
//! best epoch), then DragoNN's metric table on the test set.

use std::time::Instant;

use serde::Serialize;

use crate::backend::Cpu;
use crate::fitting::{fit_cnn, CnnFit, Fitted};
use crate::io::Dataset;
use crate::models::{Cnn, CnnConfig};
use crate::train::fit::{self, ClassWeighting, EarlyStopping, FitConfig, History, Monitor};
use crate::train::metrics::{recall_at_fdr, ClassificationReport};
use crate::train::OptimizerConfig;
use crate::Context;
use crate::Result;

/// DragoNN's early-stopping patience (`SequenceDNN.train(early_stopping_patience=5)`).
pub const PATIENCE: usize = 5;
/// DragoNN's batch size.
pub const BATCH: usize = 128;

/// How one model is trained.
#[derive(Debug, Clone)]
pub struct TrainSpec {
    /// Maximum number of epochs (DragoNN: 100).
    pub max_epochs: usize,
    /// Seed of the weights (`seed`) and of the batch order / dropout (`seed + 1`).
    pub seed: u64,
    /// Adam learning rate (DragoNN: Keras' default 0.001).
    pub lr: f64,
    /// Sequences per step (DragoNN: [`BATCH`]).
    pub batch: usize,
    /// Early-stopping patience in epochs (DragoNN: [`PATIENCE`]).
    pub patience: usize,
}

impl TrainSpec {
    /// DragoNN's recipe (Adam 0.001, batch 128) for at most `max_epochs` epochs.
    pub fn dragonn(max_epochs: usize, seed: u64) -> TrainSpec {
        TrainSpec { max_epochs, seed, lr: 0.001, batch: BATCH, patience: PATIENCE }
    }
}

/// DragoNN's metric table of one model on the test set, with recall at 25 % and 50 % FDR as well.
#[derive(Debug, Clone, Serialize)]
pub struct MetricTable {
    /// The DragoNN `ClassificationResult` line (loss, balanced accuracy, auROC, auPRC, recall at 5/10/20 % FDR).
    #[serde(flatten)]
    pub report: ClassificationReport,
    /// Recall (percent) at 25 % FDR (precision ≥ 0.75), by the same searchsorted rule.
    pub recall_at_25_fdr: f64,
    /// Recall (percent) at 50 % FDR (precision ≥ 0.5).
    pub recall_at_50_fdr: f64,
}

impl MetricTable {
    /// The table of test labels `y` and predicted probabilities `p`.
    pub fn compute(y: &[f32], p: &[f32]) -> Result<MetricTable> {
        let report =
            ClassificationReport::compute(y, p).map_err(|e| crate::Error::Step(format!("test metrics: {e}")))?;
        Ok(MetricTable {
            report,
            recall_at_25_fdr: recall_at_fdr(y, p, 0.25),
            recall_at_50_fdr: recall_at_fdr(y, p, 0.50),
        })
    }
}

/// A trained model with its history and test metrics.
pub struct Trained {
    /// The model (the weights of the last epoch as DragoNN keeps them), reloaded from its model folder.
    pub fitted: Fitted,
    /// Per-epoch history.
    pub history: History,
    /// Test metrics of the training loop's kind (`auroc`, `auprc`, `accuracy`, averaged over tasks).
    pub test_metrics: std::collections::BTreeMap<String, f64>,
    /// Test predictions (probabilities), `(N, tasks)` in test order.
    pub predictions: Vec<f32>,
    /// Wall-clock seconds of training.
    pub seconds: f64,
    /// Unweighted loss on the training set after training (the history's training loss carries the class
    /// weights, ×2 for balanced classes, and is averaged while the weights change).
    pub train_loss: f64,
    /// Loss on the validation set after training.
    pub valid_loss: f64,
}

impl Trained {
    /// The inference model (no autodiff, dropout off), as reloaded from the folder.
    pub fn inference(&self) -> &Cnn<Cpu> {
        &self.fitted.model
    }
}

/// Trains `config` on `train`, validating on `valid`, and predicts `test`.
pub fn train_model(
    ctx: &Context,
    name: &str,
    config: &CnnConfig,
    data: [&Dataset; 3],
    spec: &TrainSpec,
) -> Result<Trained> {
    let [train, valid, test] = data;
    let device = Default::default();
    let start = Instant::now();
    let fit_config = FitConfig {
        batch_size: spec.batch,
        seed: spec.seed + 1,
        class_weights: ClassWeighting::Balanced,
        early_stopping: Some(EarlyStopping::dragonn(Monitor::ValLoss, spec.patience)),
        ..FitConfig::new(spec.max_epochs)
    };
    let fit = CnnFit {
        name,
        config,
        init_seed: spec.seed,
        optimizer: OptimizerConfig::adam().with_lr(spec.lr),
        fit: fit_config,
    };
    let fitted = fit_cnn(ctx, &fit, train, Some(valid))?;
    let seconds = start.elapsed().as_secs_f64();
    let history = fitted.history.clone();
    let inference = &fitted.model;
    let eval = fit::evaluate(inference, test, 256, &device)?;
    let train_loss = fit::evaluate(inference, train, 256, &device)?.loss;
    let valid_loss = fit::evaluate(inference, valid, 256, &device)?.loss;
    tracing::info!(model = name, epochs = history.len(), seconds, test = ?eval.metrics, "trained");
    Ok(Trained {
        fitted,
        history,
        test_metrics: eval.metrics,
        predictions: eval.predictions,
        seconds,
        train_loss,
        valid_loss,
    })
}
