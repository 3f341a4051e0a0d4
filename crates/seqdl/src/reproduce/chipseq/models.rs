//! Training one seed-000 CNN on one dataset and scoring it on the test split.

use crate::backend::{Cpu, Train};
use crate::Result;
use burn::module::{AutodiffModule, Module};
use seq_io::Splits;
use seq_models::{Cnn, CnnConfig};
use seq_train::metrics::average_precision;
use seq_train::{evaluate, fit, EarlyStopping, FitConfig, History, Monitor, OptimizerConfig};

/// Batch size of every seed-000 run (bench/science.md).
pub const BATCH: usize = 128;

/// How one model is trained.
pub struct Recipe {
    /// Label in file names and checks, e.g. `seed000` or `regularized`.
    pub name: &'static str,
    /// The network.
    pub config: CnnConfig,
    /// Epoch cap.
    pub epochs: usize,
    /// Early stopping (patience 5 on the validation loss, best weights restored), if any.
    pub early_stopping: bool,
    /// Seed of the weights, the shuffles and dropout.
    pub seed: u64,
}

/// A trained model and its test scores.
pub struct Trained {
    /// The trained network (autodiff backend; dropout acts only in training-mode forward passes).
    pub model: Cnn<Train>,
    /// Per-epoch history.
    pub history: History,
    /// Test accuracy (threshold 0.5).
    pub accuracy: f64,
    /// Test auROC.
    pub auroc: f64,
    /// Test auPRC (trapezoid, DragoNN's).
    pub auprc: f64,
    /// Test average precision (scikit-learn's `average_precision_score`).
    pub average_precision: f64,
    /// Test probabilities, one per test sequence.
    pub predictions: Vec<f32>,
    /// Wall-clock seconds of training.
    pub seconds: f64,
}

/// Trains `recipe` with Adam 1e-3, batch 128, on `splits.train`, validating on `splits.valid`.
pub fn train(recipe: &Recipe, splits: &Splits) -> Result<Trained> {
    let device = Default::default();
    let model: Cnn<Train> = recipe.config.init(&device, recipe.seed)?;
    let config = FitConfig {
        epochs: recipe.epochs,
        batch_size: BATCH,
        seed: recipe.seed,
        shuffle: true,
        early_stopping: recipe
            .early_stopping
            .then(|| EarlyStopping::new(Monitor::ValLoss, 5).restore_best(true)),
        progress: true,
        ..FitConfig::default()
    };
    let started = std::time::Instant::now();
    let (model, history) = fit(
        model,
        &OptimizerConfig::adam(),
        &splits.train,
        Some(&splits.valid),
        &config,
        &device,
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let inner: Cnn<Cpu> = model.valid();
    let eval = evaluate(&inner, &splits.test, 512, &device)?;
    let metric = |name: &str| eval.metrics.get(name).copied().unwrap_or(f64::NAN);
    let average_precision = average_precision(&splits.test.y, &eval.predictions).unwrap_or(f64::NAN);
    tracing::info!(
        model = recipe.name,
        epochs = history.len(),
        restored = ?history.restored_epoch,
        auroc = metric("auroc"),
        auprc = metric("auprc"),
        seconds,
        "trained"
    );
    Ok(Trained {
        accuracy: metric("accuracy"),
        auroc: metric("auroc"),
        auprc: metric("auprc"),
        average_precision,
        predictions: eval.predictions,
        model,
        history,
        seconds,
    })
}

/// A copy of `model`'s weights in a network without dropout (same layers), so that gradients w.r.t. the
/// input can be taken on the autodiff backend without dropout masks.
pub fn without_dropout(model: &Cnn<Train>, plain: &CnnConfig) -> Result<Cnn<Train>> {
    let device = Default::default();
    let fresh: Cnn<Train> = plain.init(&device, 0)?;
    Ok(fresh.load_record(model.clone().into_record()))
}
