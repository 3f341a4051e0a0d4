//! Tutorial 4 (seed 003): sgRNA activity regression with a locally-connected network trained by SGD with a
//! `ε/√(i+1)` step, beside a one-hot ridge baseline.
//!
//! The seed's own screen data are private, so the Doench 2016 table shipped in `data/azimuth` stands in:
//! the `30mer` column (4 nt 5′ context, 20-nt protospacer, PAM, 3 nt 3′ context) predicts
//! `score_drug_gene_rank`. The rows are split 80/20 with the run's seed. The ridge penalty is chosen on a
//! validation fifth of the training rows, then the ridge is refitted on all training rows.

use super::report::write_json;
use super::sgrna_splits::{further_splits, mean, SPLITS};
use super::{Check, Context, Threshold, TutorialReport};
use crate::backend::{Cpu, Train};
use crate::{Error, Result};
use seq_app::pipelines::train::{train_into, FitRequest};
use seq_io::load::LengthPolicy;
use seq_io::table::{read_table_dataset, TableSpec};
use seq_io::{Dataset, UnknownPolicy};
use seq_models::{LocalConfig, LocallyConnected};
use seq_plot::{draw_heatmap, draw_learning_curves, HeatmapOptions, Highlight, Series};
use seq_train::metrics::{mse, spearman};
use seq_train::ridge::Ridge;
use seq_train::{evaluate, FitConfig, LrSchedule, OptimizerConfig};
use serde::Serialize;
use std::path::Path;

/// The shipped Doench 2016 table.
const TABLE: &str = "azimuth/FC_plus_RES_withPredictions.csv";
/// ε of the step ε/√(i+1). Seed 003 uses 0.05 for 20,000 steps, which here leaves the model almost untrained
/// (test Spearman ≈ 0.08); 1.0 over 20 epochs reaches the reference (≈0.40 in a NumPy re-run of the seed's loop). The
/// update is `ε·(ŷ − y)·∂ŷ` (the gradient of ½(ŷ − y)²); seqdl's MSE loss has gradient `2(ŷ − y)`, so the
/// learning rate is ε / 2.
const EPSILON: f64 = 1.0;
/// Seed 003's own ε (for the notes).
const SEED003_EPSILON: f64 = 0.05;
/// Epochs of the full run (4,248 steps each).
const FULL_EPOCHS: usize = 50;
/// Epochs of the quick run.
const QUICK_EPOCHS: usize = 3;
/// Ridge penalties tried on the validation part (half decades from 10⁻² to 10⁴).
const ALPHAS: [f64; 13] = [0.01, 0.0316, 0.1, 0.316, 1.0, 3.16, 10.0, 31.6, 100.0, 316.0, 1000.0, 3160.0, 10000.0];
/// Full-run Spearman floor (bench/science.md, both models).
const SPEARMAN_FLOOR: f64 = 0.37;
/// Full-run floor of the locally-connected model's mean over the splits (issue: "sgRNA passes 0.40").
const MEAN_SPEARMAN_FLOOR: f64 = 0.40;
/// Quick-run Spearman floor: far above chance (0); 3 epochs reach ≈ 0.27 (locally connected) and the ridge
/// ≈ 0.39 when learning works.
const QUICK_SPEARMAN_FLOOR: f64 = 0.2;

/// Everything the tutorial measured, written to `sgrna.json`.
#[derive(Debug, Serialize)]
struct Numbers {
    train: usize,
    test: usize,
    epochs: usize,
    iterations: usize,
    learning_rate: f64,
    train_mse: Vec<f64>,
    test_mse: Vec<f64>,
    lc_test_spearman: f64,
    lc_test_pearson: f64,
    lc_test_mse: f64,
    dead_neurons: Vec<usize>,
    base_effects: Vec<[f32; 4]>,
    ridge_alpha: f64,
    ridge_validation_mse: Vec<(f64, f64)>,
    ridge_test_spearman: f64,
    ridge_test_mse: f64,
    test_variance: f64,
    /// Test Spearman on each split, the main one first.
    lc_split_spearman: Vec<f64>,
    ridge_split_spearman: Vec<f64>,
}

/// Runs the tutorial.
pub fn run(ctx: &Context) -> Result<TutorialReport> {
    let mut report = TutorialReport::new("sgrna", "4. sgRNA regression (seed 003)");
    let path = ctx.data_file(TABLE)?;
    let spec = TableSpec { name: Some(String::new()), ..TableSpec::csv("30mer", &["score_drug_gene_rank"]) };
    let data = read_table_dataset(&path, &spec, UnknownPolicy::Strict, LengthPolicy::Exact)?;
    let split = data.split(0.0, 0.2, ctx.seed + 3)?;
    let (train, test) = (split.train, split.test);
    tracing::info!(train = train.n(), test = test.n(), len = train.len, "sgRNA split");

    let ridge = ridge_baseline(&train, &test, ctx.seed + 4)?;
    let epochs = ctx.size(FULL_EPOCHS, QUICK_EPOCHS);
    let lc = train_locally_connected(ctx, &train, &test, epochs)?;
    crate::fitting::reload_check(&mut report, &[lc.reload]);
    let further =
        further_splits(ctx, &data, epochs, &lc_optimizer(), |tr, te, seed| Ok(ridge_baseline(tr, te, seed)?.spearman))?;
    let lc_splits: Vec<f64> = std::iter::once(lc.spearman).chain(further.iter().map(|f| f.0)).collect();
    let ridge_splits: Vec<f64> = std::iter::once(ridge.spearman).chain(further.iter().map(|f| f.1)).collect();
    let y_test = &test.y;
    let test_variance = variance(y_test);

    let floor = if ctx.quick { QUICK_SPEARMAN_FLOOR } else { SPEARMAN_FLOOR };
    let mean_floor = if ctx.quick { QUICK_SPEARMAN_FLOOR } else { MEAN_SPEARMAN_FLOOR };
    report.checks.push(Check::new(
        format!("locally-connected test Spearman, mean of {SPLITS} splits"),
        mean(&lc_splits),
        "0.409 ± 0.002 (PyTorch reference)",
        Threshold::AtLeast(mean_floor),
    ));
    report.checks.push(Check::new(
        format!("one-hot ridge test Spearman, mean of {SPLITS} splits"),
        mean(&ridge_splits),
        "0.394 ± 0.024 over 5 splits (PyTorch reference)",
        Threshold::AtLeast(floor),
    ));
    report.checks.push(Check::new(
        "locally-connected test Spearman (main split)",
        lc.spearman,
        "0.409 ± 0.002 (PyTorch reference)",
        Threshold::AtLeast(floor),
    ));
    report.checks.push(Check::new(
        "one-hot ridge test Spearman (main split)",
        ridge.spearman,
        "0.394 ± 0.024 (PyTorch reference)",
        Threshold::AtLeast(floor),
    ));
    report.checks.push(Check::new(
        "locally-connected test MSE / test variance",
        lc.test_mse / test_variance,
        "",
        Threshold::AtMost(0.95),
    ));
    report.checks.push(Check::info("locally-connected test Pearson", lc.pearson, ""));
    report.checks.push(Check::info("locally-connected test MSE", lc.test_mse, ""));
    report.checks.push(Check::info("one-hot ridge test MSE", ridge.test_mse, ""));
    report.checks.push(Check::info("ridge α (chosen on validation MSE)", ridge.alpha, ""));
    report.checks.push(Check::info("dead neurons (of 30)", lc.dead.len() as f64, "0 with U(±0.1) (reference)"));

    let curves = ctx.out("sgrna_mse_curves.png");
    let ridge_line = vec![ridge.test_mse; lc.train_mse.len()];
    draw_learning_curves(
        &curves,
        &[
            Series::new("train MSE (locally connected)", lc.train_mse.clone()),
            Series::new("test MSE (locally connected)", lc.test_mse_curve.clone()),
            Series::new("test MSE (one-hot ridge)", ridge_line),
        ],
        "epoch",
        "mean squared error",
        "sgRNA activity: MSE during SGD (ε/√(i+1), batch 1)",
    )?;
    report.figure(
        ctx,
        "Train and test MSE of the locally-connected model after each epoch, with the ridge baseline's test MSE.",
        &curves,
    );
    let effects = ctx.out("sgrna_base_effects.png");
    base_effect_heatmap(
        &effects,
        &lc.base_effects,
        "Locally-connected model: base effects (weight × coefficient)",
        "effect on score",
    )?;
    report.figure(ctx, "Base effects of the locally-connected model (seed 003's heat map): positive values raise the predicted activity.", &effects);
    let weights = ctx.out("sgrna_ridge_weights.png");
    let ridge_cols: Vec<[f32; 4]> =
        (0..train.len).map(|p| std::array::from_fn(|b| ridge.model.weights[b * train.len + p] as f32)).collect();
    base_effect_heatmap(&weights, &ridge_cols, &format!("One-hot ridge weights (α = {})", ridge.alpha), "weight")?;
    report.figure(ctx, "Weights of the one-hot ridge baseline, for comparison with the base effects.", &weights);

    report.notes.push(format!(
        "Data substitution: seed 003's screen ({} guides, 40-nt context, mixture probabilities) is private; the Doench \
         2016 Rule Set 2 table (azimuth, {} guides, 30-mer, target score_drug_gene_rank) stands in, split 80/20 with seed {}.",
        2073,
        data.n(),
        ctx.seed + 3
    ));
    report.notes.push(format!(
        "SGD with batch 1 and step ε/√(i+1) as in seed 003, but ε = {EPSILON} instead of {SEED003_EPSILON} and {epochs} \
         epoch(s) = {} steps instead of 20,000: with seed 003's setting the model barely moves from its start here (test \
         Spearman ≈ 0.08). The learning rate is ε/2 because seqdl's MSE gradient is 2(ŷ − y), seed 003's (ŷ − y). \
         Weights and coefficients start in U(±0.1), the constant at 1 (bench/science.md), not seed 003's N(0, 1).",
        epochs * train.n()
    ));
    report.notes.push(
        "Seed 003's backward passes each neuron's gradient through even where the ReLU clipped its score (its test \
         `score < 0` never holds after max(·, 0)), so no neuron dies; seqdl reproduces that \
         (`LocalConfig::straight_through`, on by default). With the textbook ReLU gradient, neurons whose weight \
         turns negative stop learning and the test Spearman drops to ≈0.30."
            .into(),
    );
    report.notes.push(format!(
        "One 80/20 split moves the test Spearman by ±0.03, more than the gap to the reference, so both models are \
         also retrained on {} further splits (seeds {} + 10k) and judged on the mean: locally connected {}, ridge {}.",
        SPLITS - 1,
        ctx.seed + 3,
        lc_splits.iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>().join(" / "),
        ridge_splits.iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>().join(" / "),
    ));
    report.notes.push(
        "Curves are drawn per epoch (MSE of the whole train and test sets after each epoch) instead of every 10 steps."
            .into(),
    );
    if ctx.quick {
        report.notes.push(format!(
            "Quick run: {QUICK_EPOCHS} epochs; Spearman floor {QUICK_SPEARMAN_FLOOR} instead of {SPEARMAN_FLOOR}."
        ));
    }

    let numbers = Numbers {
        train: train.n(),
        test: test.n(),
        epochs,
        iterations: epochs * train.n(),
        learning_rate: EPSILON / 2.0,
        train_mse: lc.train_mse,
        test_mse: lc.test_mse_curve,
        lc_test_spearman: lc.spearman,
        lc_test_pearson: lc.pearson,
        lc_test_mse: lc.test_mse,
        dead_neurons: lc.dead,
        base_effects: lc.base_effects,
        ridge_alpha: ridge.alpha,
        ridge_validation_mse: ridge.validation,
        ridge_test_spearman: ridge.spearman,
        ridge_test_mse: ridge.test_mse,
        test_variance,
        lc_split_spearman: lc_splits,
        ridge_split_spearman: ridge_splits,
    };
    write_json(&ctx.out("sgrna.json"), &numbers)?;
    Ok(report)
}

/// The ridge baseline's outcome.
struct RidgeOutcome {
    model: Ridge,
    alpha: f64,
    validation: Vec<(f64, f64)>,
    spearman: f64,
    test_mse: f64,
}

/// Chooses α on a validation fifth of `train` (by MSE), refits on all of `train`, scores `test`.
fn ridge_baseline(train: &Dataset, test: &Dataset, seed: u64) -> Result<RidgeOutcome> {
    let p = 4 * train.len;
    let inner = train.split(0.0, 0.2, seed)?;
    let selection =
        Ridge::select_alpha((&inner.train.x, &inner.train.y), (&inner.test.x, &inner.test.y), p, &ALPHAS, |t, q| {
            mse(t, q).unwrap_or(f64::INFINITY)
        })?;
    let model = Ridge::fit(&train.x, train.n(), p, &train.y, selection.alpha)?;
    let predictions = model.predict(&test.x, test.n())?;
    let spearman = metric(spearman(&test.y, &predictions), "ridge Spearman")?;
    let test_mse = metric(mse(&test.y, &predictions), "ridge MSE")?;
    tracing::info!(alpha = selection.alpha, spearman, test_mse, "ridge baseline");
    Ok(RidgeOutcome { model, alpha: selection.alpha, validation: selection.losses, spearman, test_mse })
}

/// The locally-connected model's outcome.
struct LcOutcome {
    /// Largest |logit difference| between the trained and the reloaded model over the epochs.
    reload: f32,
    train_mse: Vec<f64>,
    test_mse_curve: Vec<f64>,
    spearman: f64,
    pearson: f64,
    test_mse: f64,
    dead: Vec<usize>,
    base_effects: Vec<[f32; 4]>,
}

/// Seed 003's optimizer: SGD with step ε/√(i+1) (seqdl's MSE gradient is twice seed 003's, hence ε/2).
fn lc_optimizer() -> OptimizerConfig {
    OptimizerConfig::sgd(EPSILON / 2.0).with_schedule(LrSchedule::InverseSqrt)
}

/// Trains the locally-connected model one epoch at a time (resuming from its checkpoint, so the step
/// count and the schedule run on), measuring the train and test MSE after every epoch.
fn train_locally_connected(ctx: &Context, train: &Dataset, test: &Dataset, epochs: usize) -> Result<LcOutcome> {
    let device = Default::default();
    let config = LocalConfig::new(train.len);
    let initial: LocallyConnected<Train> = config.init(&device, ctx.seed + 5)?;
    let optimizer = lc_optimizer();
    let dir = seq_app::ModelDir::new(ctx.out("models").join("locally_connected"));
    let mut fit_config = FitConfig {
        epochs: 1,
        batch_size: 1,
        seed: ctx.seed + 6,
        shuffle: true,
        progress: false,
        ..FitConfig::default()
    };
    let bar = ctx.progress(epochs as u64, "locally-connected SGD (epochs)");
    let (mut train_mse, mut test_mse_curve, mut reload) = (Vec::new(), Vec::new(), 0.0f32);
    let mut last = None;
    for epoch in 1..=epochs {
        // one epoch at a time through the model folder, resuming from its checkpoint as `seqdl train --resume`
        fit_config.epochs = epoch;
        let req = FitRequest {
            train,
            valid: None,
            optimizer: optimizer.clone(),
            fit: fit_config.clone(),
            resume: epoch > 1,
            data: format!("Doench 2016 training split ({} guides)", train.n()),
            architecture: "locally_connected".into(),
        };
        let trained = train_into::<Cpu, LocallyConnected<Train>>(
            &dir,
            initial.clone(),
            &req,
            &seq_app::Context::default(),
            &device,
        )?;
        reload = reload.max(trained.reload_max_abs_diff);
        let inner: LocallyConnected<Cpu> = trained.model;
        train_mse.push(evaluate(&inner, train, 1024, &device)?.loss);
        test_mse_curve.push(evaluate(&inner, test, 1024, &device)?.loss);
        tracing::info!(
            epoch,
            train_mse = train_mse[epoch - 1],
            test_mse = test_mse_curve[epoch - 1],
            "locally-connected epoch"
        );
        last = Some(inner);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let inner: LocallyConnected<Cpu> =
        last.ok_or_else(|| Error::Step("no epoch of the locally-connected model ran".into()))?;
    let eval = evaluate(&inner, test, 1024, &device)?;
    Ok(LcOutcome {
        reload,
        spearman: metric(spearman(&test.y, &eval.predictions), "locally-connected Spearman")?,
        pearson: eval.metrics.get("pearson").copied().unwrap_or(f64::NAN),
        test_mse: eval.loss,
        train_mse,
        test_mse_curve,
        dead: inner.dead_neurons(),
        base_effects: inner.base_effects(),
    })
}

/// Draws a 4 × 30 map (rows A, C, G, T; columns 1-based positions of the 30-mer) with the protospacer
/// and the PAM outlined.
fn base_effect_heatmap(path: &Path, columns: &[[f32; 4]], title: &str, colorbar: &str) -> Result<()> {
    let rows: Vec<Vec<f32>> = (0..4).map(|b| columns.iter().map(|c| c[b]).collect()).collect();
    let mut highlight = Vec::new();
    if columns.len() == 30 {
        highlight.push(Highlight::new(4, 24, "protospacer"));
        highlight.push(Highlight::new(24, 27, "PAM"));
    }
    let opts = HeatmapOptions {
        title: title.to_string(),
        x_label: "position in the 30-mer (1-based)".into(),
        y_label: "base".into(),
        colorbar_label: colorbar.to_string(),
        width_px: 1500,
        height_px: 560,
        highlight,
        ..HeatmapOptions::default()
    };
    Ok(draw_heatmap(path, &rows, &["A", "C", "G", "T"], 1, &opts)?)
}

/// A metric's value, or a usage error naming it.
fn metric(value: std::result::Result<f64, seq_train::metrics::MetricError>, what: &str) -> Result<f64> {
    value.map_err(|e| Error::Step(format!("{what}: {e}")))
}

/// Population variance of `values`.
fn variance(values: &[f32]) -> f64 {
    let n = values.len().max(1) as f64;
    let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    values.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / n
}
