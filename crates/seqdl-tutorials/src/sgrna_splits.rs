//! The sgRNA tutorial's split-robust numbers: the locally-connected model and the ridge baseline retrained on
//! further 80/20 splits of the Doench 2016 table, and their mean test Spearman.
//!
//! One 80/20 split of ~5,300 guides moves the test Spearman by ±0.03 (the ridge reference is 0.394 ± 0.024
//! over five splits), more than the gap the reference asks to close, so the judged figure is the mean over
//! [`SPLITS`] splits: the main one (whose figures the report shows) and `SPLITS − 1` more.

use seq_app::pipelines::train::{train_into, FitRequest};
use seq_io::Dataset;
use seq_models::{LocalConfig, LocallyConnected};
use seq_train::metrics::spearman;
use seq_train::{evaluate, FitConfig, OptimizerConfig};

use super::Context;
use crate::backend::{Cpu, Train};
use crate::{Error, Result};

/// Splits averaged over, the main one included.
pub const SPLITS: usize = 5;

/// Test Spearman of each further split `k = 1..SPLITS`: (locally connected, ridge). Split `k` draws its rows
/// with seed `seed + 3 + 10k`, and its model's start, shuffling and ridge validation with the next seeds,
/// so that it shares no random stream with the main split. `ridge` scores a (train, test, seed) triple.
pub fn further_splits(
    ctx: &Context,
    data: &Dataset,
    epochs: usize,
    optimizer: &OptimizerConfig,
    ridge: impl Fn(&Dataset, &Dataset, u64) -> Result<f64>,
) -> Result<Vec<(f64, f64)>> {
    let bar = ctx.progress((SPLITS - 1) as u64, "sgRNA further splits");
    let mut out = Vec::with_capacity(SPLITS - 1);
    for k in 1..SPLITS as u64 {
        let seed = ctx.seed + 3 + 10 * k;
        let split = data.split(0.0, 0.2, seed)?;
        let lc = locally_connected_spearman(ctx, &split.train, &split.test, epochs, optimizer, seed, k)?;
        let rr = ridge(&split.train, &split.test, seed + 1)?;
        tracing::info!(split = k, locally_connected = lc, ridge = rr, "sgRNA further split");
        out.push((lc, rr));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(out)
}

/// Trains seed 003's model on `train` for `epochs` (one call, the schedule running over all steps) and
/// returns its test Spearman.
fn locally_connected_spearman(
    ctx: &Context,
    train: &Dataset,
    test: &Dataset,
    epochs: usize,
    optimizer: &OptimizerConfig,
    seed: u64,
    k: u64,
) -> Result<f64> {
    let device = Default::default();
    let initial: LocallyConnected<Train> = LocalConfig::new(train.len).init(&device, seed + 2)?;
    let dir = seq_app::ModelDir::new(ctx.out("models").join(format!("locally_connected_split{k}")));
    let fit =
        FitConfig { epochs, batch_size: 1, seed: seed + 3, shuffle: true, progress: false, ..FitConfig::default() };
    let req = FitRequest {
        train,
        valid: None,
        optimizer: optimizer.clone(),
        fit,
        resume: false,
        data: format!("Doench 2016, further split {k} ({} guides)", train.n()),
        architecture: "locally_connected".into(),
    };
    let trained =
        train_into::<Cpu, LocallyConnected<Train>>(&dir, initial, &req, &seq_app::Context::default(), &device)?;
    let eval = evaluate(&trained.model, test, 1024, &device)?;
    spearman(&test.y, &eval.predictions).map_err(|e| Error::Step(format!("locally-connected Spearman, split {k}: {e}")))
}

/// Mean of `values`.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}
