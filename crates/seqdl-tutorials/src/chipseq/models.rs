//! Training one seed-000 CNN on one dataset and scoring it on the test split.

use crate::fitting::{fit_cnn, CnnFit, Fitted};
use crate::{Context, Result};
use seq_io::Splits;
use seq_models::CnnConfig;
use seq_train::metrics::average_precision;
use seq_train::{evaluate, EarlyStopping, FitConfig, History, Monitor, OptimizerConfig};

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
    /// The model as reloaded from its folder, and the folder.
    pub fitted: Fitted,
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

/// Trains `recipe` with Adam 1e-3, batch 128, on `splits.train`, validating on `splits.valid`, into the model
/// folder `<tutorial>/models/<folder>/`, and scores the reloaded model on `splits.test`.
pub fn train(ctx: &Context, folder: &str, recipe: &Recipe, splits: &Splits) -> Result<Trained> {
    let device = Default::default();
    let fit = FitConfig {
        epochs: recipe.epochs,
        batch_size: BATCH,
        seed: recipe.seed,
        shuffle: true,
        early_stopping: recipe.early_stopping.then(|| EarlyStopping::new(Monitor::ValLoss, 5).restore_best(true)),
        ..FitConfig::default()
    };
    let spec = CnnFit {
        name: folder,
        config: &recipe.config,
        init_seed: recipe.seed,
        optimizer: OptimizerConfig::adam(),
        fit,
    };
    let fitted = fit_cnn(ctx, &spec, &splits.train, Some(&splits.valid))?;
    let eval = evaluate(&fitted.model, &splits.test, 512, &device)?;
    let metric = |name: &str| eval.metrics.get(name).copied().unwrap_or(f64::NAN);
    let average_precision = average_precision(&splits.test.y, &eval.predictions).unwrap_or(f64::NAN);
    tracing::info!(
        model = recipe.name,
        epochs = fitted.history.len(),
        restored = ?fitted.history.restored_epoch,
        auroc = metric("auroc"),
        auprc = metric("auprc"),
        seconds = fitted.seconds,
        "trained"
    );
    Ok(Trained {
        accuracy: metric("accuracy"),
        auroc: metric("auroc"),
        auprc: metric("auprc"),
        average_precision,
        predictions: eval.predictions,
        history: fitted.history.clone(),
        seconds: fitted.seconds,
        fitted,
    })
}
