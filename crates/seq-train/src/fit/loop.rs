//! The training loop: [`fit`] from scratch and [`resume`] from a checkpoint directory.

use super::augment::{augment_batch, augment_rng};
use super::checkpoint::{self, BEST_CHECKPOINT, LAST_CHECKPOINT};
use super::early_stopping::EarlyStopper;
use super::metrics_glue::metrics_for_head;
use super::plan::{monitor_of, TrainingPlan};
use super::predict::{apply_head, loss_of_logits, predict_logits, tensor_to_vec};
use super::saving::{interrupt, interrupted, write_checkpoints};
use super::{EpochRecord, FitConfig, History};
use crate::error::{Result, TrainError};
use crate::loss::loss_on_logits;
use crate::optim::{BuiltOptimizer, OptimizerConfig};
use crate::progress::{NoProgress, Progress};
use burn::module::AutodiffModule;
use burn::optim::GradientsParams;
use burn::tensor::backend::{AutodiffBackend, Backend};
use burn::tensor::{ElementConversion, Tensor, TensorData};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use seq_io::Dataset;
use seq_models::SequenceModel;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// Everything that changes from epoch to epoch (and is saved in checkpoints).
pub(super) struct RunState<B: AutodiffBackend, M: AutodiffModule<B>> {
    pub(super) optimizer: BuiltOptimizer<B, M>,
    pub(super) iterations: u64,
    pub(super) history: History,
    pub(super) stopper: Option<EarlyStopper>,
    pub(super) best_value: Option<f64>,
    best_model: Option<M>,
    next_epoch: usize,
    /// Batches of `next_epoch` already trained (a run interrupted within an epoch).
    pub(super) batches_done: usize,
}

/// How one pass over the training data ended.
enum EpochEnd<M> {
    /// Every batch ran: the model, the mean loss, the training metrics and the last learning rate.
    Done(M, f64, BTreeMap<String, f64>, f64),
    /// A stop was requested after this many batches of the epoch.
    Stopped(M, usize),
}

/// Trains `model` with `optimizer` on `train`, validating on `valid` (or on the `validation_split` part of
/// `train`, see [`FitConfig`]), and returns the trained model and its [`History`].
///
/// Everything is checked before the first step (labels, NaNs, empty splits, batch size, the model's input
/// length). Batches follow a shuffle seeded with `seed + epoch` (ChaCha8), and the backend RNG (dropout) is
/// re-seeded every epoch, so the same seed gives the same history and a resumed run continues identically.
pub fn fit<B, M>(
    model: M,
    optimizer: &OptimizerConfig,
    train: &Dataset,
    valid: Option<&Dataset>,
    config: &FitConfig,
    device: &B::Device,
) -> Result<(M, History)>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
    M::InnerModule: SequenceModel<B::InnerBackend>,
{
    fit_with(model, optimizer, train, valid, config, device, &NoProgress)
}

/// [`fit`], reporting the batches done through `progress` (when `config.progress` is on).
pub fn fit_with<B, M>(
    model: M,
    optimizer: &OptimizerConfig,
    train: &Dataset,
    valid: Option<&Dataset>,
    config: &FitConfig,
    device: &B::Device,
    progress: &dyn Progress,
) -> Result<(M, History)>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
    M::InnerModule: SequenceModel<B::InnerBackend>,
{
    let plan = TrainingPlan::prepare(&model, optimizer, train, valid, config)?;
    let state = RunState {
        optimizer: optimizer.build::<B, M>(),
        iterations: 0,
        history: History::default(),
        stopper: config.early_stopping.clone().map(EarlyStopper::new),
        best_value: None,
        best_model: None,
        next_epoch: 1,
        batches_done: 0,
    };
    run(model, &plan, state, device, progress)
}

/// Continues the run whose checkpoints are in `checkpoint_dir` (its `last.ckpt`) up to `config.epochs`,
/// with the same data. `model` only fixes the architecture; its weights are replaced by the checkpoint's.
/// The optimizer configuration and state, history, early-stopping state and step count come from the
/// checkpoint; `config` must match the checkpointed run except for `epochs`, `progress` and
/// `checkpoint_dir` (which defaults to `checkpoint_dir`).
pub fn resume<B, M>(
    checkpoint_dir: &Path,
    model: M,
    train: &Dataset,
    valid: Option<&Dataset>,
    config: &FitConfig,
    device: &B::Device,
) -> Result<(M, History)>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
    M::InnerModule: SequenceModel<B::InnerBackend>,
{
    resume_with(checkpoint_dir, model, train, valid, config, device, &NoProgress)
}

/// [`resume`], reporting the batches done through `progress` (when `config.progress` is on).
pub fn resume_with<B, M>(
    checkpoint_dir: &Path,
    model: M,
    train: &Dataset,
    valid: Option<&Dataset>,
    config: &FitConfig,
    device: &B::Device,
    progress: &dyn Progress,
) -> Result<(M, History)>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
    M::InnerModule: SequenceModel<B::InnerBackend>,
{
    let last_path = checkpoint_dir.join(LAST_CHECKPOINT);
    let last = checkpoint::read_checkpoint(&last_path)?;
    let mut config = config.clone();
    config.checkpoint_dir.get_or_insert_with(|| checkpoint_dir.to_path_buf());
    check_resumable(&last.meta.fit, &config, &last_path)?;
    let plan = TrainingPlan::prepare(&model, &last.meta.optimizer, train, valid, &config)?;
    let model = checkpoint::model_from_bytes(model, last.model, device, &last_path)?;
    let optimizer = last
        .meta
        .optimizer
        .build::<B, M>()
        .load_state_bytes(last.optimizer, device)
        .map_err(|e| TrainError::checkpoint(&last_path, format!("bad optimizer state: {e}")))?;
    let best_model = match &last.meta.stopper {
        Some(s) if s.config().restore_best && s.best_epoch().is_some() => {
            let best_path = checkpoint_dir.join(BEST_CHECKPOINT);
            let best = checkpoint::read_checkpoint(&best_path)?;
            Some(checkpoint::model_from_bytes(model.clone(), best.model, device, &best_path)?)
        }
        _ => None,
    };
    tracing::info!(dir = %checkpoint_dir.display(), epoch = last.meta.epoch, "resuming training");
    let state = RunState {
        optimizer,
        iterations: last.meta.iterations,
        history: last.meta.history,
        stopper: last.meta.stopper,
        best_value: last.meta.best_value,
        best_model,
        next_epoch: last.meta.epoch + 1,
        batches_done: last.meta.batches_done,
    };
    if state.history.stopped_epoch.is_some() {
        return finish(model, state, &plan);
    }
    run(model, &plan, state, device, progress)
}

fn check_resumable(saved: &FitConfig, now: &FitConfig, path: &Path) -> Result<()> {
    let same = saved.batch_size == now.batch_size
        && saved.seed == now.seed
        && saved.shuffle == now.shuffle
        && saved.validation_split == now.validation_split
        && saved.early_stopping == now.early_stopping
        && saved.class_weights == now.class_weights
        && saved.augment == now.augment;
    if same {
        Ok(())
    } else {
        Err(TrainError::InvalidConfig(format!(
            "{}: the checkpointed run used batch_size {}, seed {}, shuffle {}, validation_split {:?}, early stopping \
             {:?}, class weights {:?}, augmentation {:?}; resume with the same settings (only epochs may change)",
            path.display(),
            saved.batch_size,
            saved.seed,
            saved.shuffle,
            saved.validation_split,
            saved.early_stopping,
            saved.class_weights,
            saved.augment
        )))
    }
}

fn run<B, M>(
    mut model: M,
    plan: &TrainingPlan,
    mut state: RunState<B, M>,
    device: &B::Device,
    progress: &dyn Progress,
) -> Result<(M, History)>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
    M::InnerModule: SequenceModel<B::InnerBackend>,
{
    let bar = Bar::start(plan, state.next_epoch, progress);
    let monitor = monitor_of(plan);
    for epoch in state.next_epoch..=plan.config.epochs {
        let started = Instant::now();
        B::seed(device, epoch_seed(plan.config.seed, epoch));
        let order = epoch_order(plan.train.n(), plan.config.seed, epoch, plan.config.shuffle);
        let (trained, train_loss, mut metrics, lr) =
            match train_epoch(model, plan, &mut state, &order, epoch, &bar, device)? {
                EpochEnd::Done(m, loss, metrics, lr) => (m, loss, metrics, lr),
                EpochEnd::Stopped(m, batches) => return Err(interrupt(&m, plan, &mut state, epoch, batches)),
            };
        model = trained;
        let valid_loss = match &plan.valid {
            Some(v) => Some(validate(&model, plan, v, &mut metrics, device)?),
            None => None,
        };
        let record =
            EpochRecord { epoch, train_loss, valid_loss, metrics, lr, seconds: started.elapsed().as_secs_f64() };
        tracing::info!(epoch, train_loss, valid_loss = ?valid_loss, metrics = ?record.metrics, "epoch done");
        bar.message(&match valid_loss {
            Some(v) => format!("epoch {epoch}: loss {train_loss:.4}, val_loss {v:.4}"),
            None => format!("epoch {epoch}: loss {train_loss:.4}"),
        });
        let value = record.get(monitor.key()).unwrap_or(f64::NAN);
        state.history.epochs.push(record);
        let (improved, stop) = judge(&mut state, monitor.default_mode(), epoch, value);
        if improved && plan.restore_best() {
            state.best_model = Some(model.clone());
        }
        if stop {
            state.history.stopped_epoch = Some(epoch);
        }
        state.next_epoch = epoch + 1;
        write_checkpoints(&model, plan, &state, epoch, improved)?;
        if !stop && epoch < plan.config.epochs && bar.stop_requested() {
            return Err(interrupted(plan, epoch + 1, 0));
        }
        if stop {
            tracing::info!(epoch, best_epoch = ?state.stopper.as_ref().and_then(|s| s.best_epoch()), "early stopping");
            break;
        }
    }
    bar.finish();
    finish(model, state, plan)
}

fn finish<B, M>(model: M, mut state: RunState<B, M>, plan: &TrainingPlan) -> Result<(M, History)>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
{
    let best_epoch = state.stopper.as_ref().and_then(|s| s.best_epoch());
    let model = match (plan.restore_best(), state.best_model.take(), best_epoch) {
        (true, Some(best), Some(epoch)) => {
            state.history.restored_epoch = Some(epoch);
            best
        }
        _ => model,
    };
    if let Some(dir) = &plan.config.checkpoint_dir {
        state.history.write(dir)?;
    }
    Ok((model, state.history))
}

/// Updates the best value (and the early stopper); returns (improved, stop).
fn judge<B: AutodiffBackend, M: AutodiffModule<B>>(
    state: &mut RunState<B, M>,
    mode: super::Mode,
    epoch: usize,
    value: f64,
) -> (bool, bool) {
    if let Some(stopper) = &mut state.stopper {
        let d = stopper.update(epoch, value);
        if d.improved {
            state.best_value = Some(value);
        }
        return (d.improved, d.stop);
    }
    let improved = value.is_finite()
        && match (state.best_value, mode) {
            (None, _) => true,
            (Some(b), super::Mode::Min) => value < b,
            (Some(b), super::Mode::Max) => value > b,
        };
    if improved {
        state.best_value = Some(value);
    }
    (improved, false)
}

/// One pass over the training data (after the batches an interrupted run already did); returns the model,
/// the batch-size-weighted mean loss, the training metrics (Keras-style: on each batch's predictions as the
/// weights evolve) and the last learning rate — or where it stopped when a stop was requested.
fn train_epoch<B, M>(
    mut model: M,
    plan: &TrainingPlan,
    state: &mut RunState<B, M>,
    order: &[usize],
    epoch: usize,
    bar: &Bar<'_>,
    device: &B::Device,
) -> Result<EpochEnd<M>>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
{
    let outputs = plan.outputs;
    let (mut loss_sum, mut lr) = (0.0, plan.optimizer.lr_at(state.iterations));
    let mut predictions = Vec::with_capacity(order.len() * outputs);
    let mut targets = Vec::with_capacity(order.len() * outputs);
    let mut flips = plan.config.augment.any().then(|| augment_rng(plan.config.seed, epoch));
    let skip = std::mem::take(&mut state.batches_done);
    let mut seen = 0;
    for (batch, idx) in order.chunks(plan.config.batch_size).enumerate().skip(skip) {
        let (x, y) = batch_tensors::<B>(plan, idx, flips.as_mut(), device);
        targets.extend(plan.targets_of(idx));
        let logits = model.forward_logits(x);
        let mut loss = loss_on_logits(plan.loss, logits.clone(), y, plan.class_weights.as_ref());
        if let Some(reg) = model.regularization() {
            loss = loss + reg;
        }
        let value = loss.clone().into_scalar().elem::<f64>();
        if !value.is_finite() {
            return Err(TrainError::Diverged { epoch, batch, value });
        }
        loss_sum += value * idx.len() as f64;
        predictions.extend(apply_head(model.head(), &tensor_to_vec(logits.detach()), outputs));
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        lr = plan.optimizer.lr_at(state.iterations);
        model = state.optimizer.step(lr, model, grads);
        state.iterations += 1;
        seen += idx.len();
        bar.advance();
        if bar.stop_requested() && (batch + 1) * plan.config.batch_size < order.len() {
            return Ok(EpochEnd::Stopped(model, batch + 1));
        }
    }
    let metrics = metrics_for_head(plan.head, &predictions, &targets, outputs);
    Ok(EpochEnd::Done(model, loss_sum / seen.max(1) as f64, metrics, lr))
}

/// Validation loss (unweighted, plus regularisation); adds `val_`-prefixed metrics to `metrics`.
fn validate<B, M>(
    model: &M,
    plan: &TrainingPlan,
    valid: &Dataset,
    metrics: &mut BTreeMap<String, f64>,
    device: &B::Device,
) -> Result<f64>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
    M::InnerModule: SequenceModel<B::InnerBackend>,
{
    let inner = model.valid();
    let inner_device = device.clone();
    let logits = predict_logits::<B::InnerBackend, _>(&inner, valid, plan.config.batch_size, &inner_device)?;
    let targets = plan.valid_targets.as_deref().unwrap_or_default();
    let loss = loss_of_logits::<B::InnerBackend, _>(&inner, plan.loss, &logits, targets, &inner_device);
    let predictions = apply_head(plan.head, &logits, plan.outputs);
    for (k, v) in metrics_for_head(plan.head, &predictions, targets, plan.outputs) {
        metrics.insert(format!("val_{k}"), v);
    }
    Ok(loss)
}

/// The batch of training examples `idx`, augmented (shifted crops, reverse complements) when an
/// augmentation stream is given.
fn batch_tensors<B: Backend>(
    plan: &TrainingPlan,
    idx: &[usize],
    augment: Option<&mut ChaCha8Rng>,
    device: &B::Device,
) -> (Tensor<B, 3>, Tensor<B, 2>) {
    let width = 4 * plan.train.len;
    let mut x = Vec::with_capacity(idx.len() * width);
    for &i in idx {
        x.extend_from_slice(plan.train.seq(i));
    }
    let mut len = plan.train.len;
    if let Some(rng) = augment {
        x = augment_batch(&x, plan.train.len, &plan.config.augment, rng);
        len -= 2 * plan.config.augment.max_shift;
    }
    let y = plan.targets_of(idx);
    (
        Tensor::from_data(TensorData::new(x, [idx.len(), 4, len]), device),
        Tensor::from_data(TensorData::new(y, [idx.len(), plan.outputs]), device),
    )
}

/// The order of the training examples in `epoch`: a ChaCha8 shuffle seeded with `seed + epoch`.
pub fn epoch_order(n: usize, seed: u64, epoch: usize, shuffle: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    if shuffle {
        idx.shuffle(&mut ChaCha8Rng::seed_from_u64(seed.wrapping_add(epoch as u64)));
    }
    idx
}

/// The backend seed of `epoch` (SplitMix64 of `seed + epoch`, decorrelated from the shuffle stream).
fn epoch_seed(seed: u64, epoch: usize) -> u64 {
    let mut z = seed.wrapping_add(epoch as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The training run's progress: silent unless `config.progress` is on (stop requests are heard either way).
struct Bar<'a> {
    progress: Option<&'a dyn Progress>,
    stop: &'a dyn Progress,
}

impl<'a> Bar<'a> {
    fn start(plan: &TrainingPlan, first_epoch: usize, progress: &'a dyn Progress) -> Self {
        if !plan.config.progress {
            return Bar { progress: None, stop: progress };
        }
        let batches = plan.train.n().div_ceil(plan.config.batch_size);
        let epochs = (plan.config.epochs + 1).saturating_sub(first_epoch);
        progress.start((batches * epochs) as u64, "batches");
        Bar { progress: Some(progress), stop: progress }
    }

    fn stop_requested(&self) -> bool {
        self.stop.stop_requested()
    }

    fn advance(&self) {
        if let Some(p) = self.progress {
            p.advance(1);
        }
    }

    fn message(&self, text: &str) {
        if let Some(p) = self.progress {
            p.message(text);
        }
    }

    fn finish(&self) {
        if let Some(p) = self.progress {
            p.finish();
        }
    }
}
