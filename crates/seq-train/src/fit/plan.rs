//! Everything fixed for a whole run, worked out and checked before the first step: the train/valid parts,
//! the loss and its targets, class weights and the monitored quantity.

use super::config::{validation_split_point, ClassWeighting, FitConfig, Monitor};
use super::metrics_glue::metric_names;
use super::predict::check_length;
use crate::error::{Result, TrainError};
use crate::loss::{check_split, label_classes, targets_matrix, ClassWeights, LossKind, TargetLayout};
use crate::optim::OptimizerConfig;
use burn::tensor::backend::Backend;
use seq_io::Dataset;
use seq_models::{Head, SequenceModel};
use std::borrow::Cow;

/// A checked training run.
pub(crate) struct TrainingPlan<'a> {
    pub config: FitConfig,
    pub optimizer: OptimizerConfig,
    pub train: Cow<'a, Dataset>,
    pub valid: Option<Cow<'a, Dataset>>,
    pub train_targets: Vec<f32>,
    pub valid_targets: Option<Vec<f32>>,
    pub loss: LossKind,
    pub head: Head,
    pub outputs: usize,
    pub class_weights: Option<ClassWeights>,
}

impl<'a> TrainingPlan<'a> {
    /// Checks the configuration, the model and every split; cuts the validation part.
    pub fn prepare<B: Backend, M: SequenceModel<B>>(
        model: &M,
        optimizer: &OptimizerConfig,
        train: &'a Dataset,
        valid: Option<&'a Dataset>,
        config: &FitConfig,
    ) -> Result<Self> {
        config.validate()?;
        optimizer.validate()?;
        let (train, valid) = split_validation(train, valid, config)?;
        let valid = jitter_lengths(model, &train, valid, config.augment.max_shift)?;
        let (head, outputs) = (model.head(), model.outputs());
        let loss = LossKind::for_head(head);
        let layout = check_split(loss, &train, outputs, "train")?;
        if config.augment.max_shift == 0 {
            check_length(model, &train, "train")?;
        }
        let valid_targets = match &valid {
            Some(v) => {
                let l = check_split(loss, v, outputs, "valid")?;
                check_length(model, v, "valid")?;
                if v.len + 2 * config.augment.max_shift != train.len && model.input_length().is_none() {
                    return Err(TrainError::LengthMismatch { split: "valid".into(), model: train.len, data: v.len });
                }
                Some(targets_matrix(&v.y, l, outputs))
            }
            None => None,
        };
        let class_weights = class_weights(&config.class_weights, loss, &train, layout, outputs)?;
        let plan = TrainingPlan {
            config: config.clone(),
            optimizer: optimizer.clone(),
            train_targets: targets_matrix(&train.y, layout, outputs),
            train,
            valid,
            valid_targets,
            loss,
            head,
            outputs,
            class_weights,
        };
        plan.check_monitor()?;
        Ok(plan)
    }

    /// True when early stopping should restore the best weights.
    pub fn restore_best(&self) -> bool {
        self.config.early_stopping.as_ref().is_some_and(|e| e.restore_best)
    }

    /// The targets of training examples `idx`, `(idx.len(), outputs)` row-major.
    pub fn targets_of(&self, idx: &[usize]) -> Vec<f32> {
        let o = self.outputs;
        idx.iter().flat_map(|&i| self.train_targets[i * o..(i + 1) * o].iter().copied()).collect()
    }

    fn check_monitor(&self) -> Result<()> {
        let Some(es) = &self.config.early_stopping else { return Ok(()) };
        if es.monitor.needs_validation() && self.valid.is_none() {
            return Err(TrainError::InvalidConfig(format!(
                "early stopping monitors {} but there is no validation set (pass one or set validation_split)",
                es.monitor.key()
            )));
        }
        let key = es.monitor.key();
        let available = matches!(es.monitor, Monitor::ValLoss | Monitor::TrainLoss)
            || metric_names(self.head, self.outputs).iter().any(|m| key == format!("val_{m}"));
        if available {
            Ok(())
        } else {
            Err(TrainError::InvalidConfig(format!(
                "early stopping monitors {key}, which a {:?} head with {} output(s) does not report",
                self.head, self.outputs
            )))
        }
    }
}

/// The monitored quantity of a plan: early stopping's, else validation loss, else training loss.
pub(crate) fn monitor_of(plan: &TrainingPlan) -> Monitor {
    match (&plan.config.early_stopping, &plan.valid) {
        (Some(es), _) => es.monitor,
        (None, Some(_)) => Monitor::ValLoss,
        (None, None) => Monitor::TrainLoss,
    }
}

/// With shifts of ±`k`: the training windows must be the model's length + 2k, and validation windows of
/// the training length are centre cropped to the model's (those already of the model's length are kept).
fn jitter_lengths<'a, B: Backend, M: SequenceModel<B>>(
    model: &M,
    train: &Dataset,
    valid: Option<Cow<'a, Dataset>>,
    k: usize,
) -> Result<Option<Cow<'a, Dataset>>> {
    if k == 0 {
        return Ok(valid);
    }
    let wanted = model.input_length().map_or(String::new(), |l| format!(" = {l} + 2·{k} = {}", l + 2 * k));
    let fits = train.len > 2 * k && model.input_length().is_none_or(|l| l + 2 * k == train.len);
    if !fits {
        return Err(TrainError::InvalidConfig(format!(
            "shift augmentation of ±{k} needs training windows of the model's length + 2·{k}{wanted}, but they are {} \
             long; cut them with a margin of {k} (seqdl dataset --margin {k})",
            train.len
        )));
    }
    match valid {
        Some(v) if v.len == train.len => {
            Ok(Some(Cow::Owned(v.trim(k).map_err(|e| TrainError::InvalidConfig(format!("validation set: {e}")))?)))
        }
        other => Ok(other),
    }
}

fn split_validation<'a>(
    train: &'a Dataset,
    valid: Option<&'a Dataset>,
    config: &FitConfig,
) -> Result<(Cow<'a, Dataset>, Option<Cow<'a, Dataset>>)> {
    match (valid, config.validation_split) {
        (Some(_), Some(_)) => Err(TrainError::InvalidConfig(
            "both an explicit validation set and validation_split were given; use one".into(),
        )),
        (Some(v), None) => Ok((Cow::Borrowed(train), Some(Cow::Borrowed(v)))),
        (None, None) => Ok((Cow::Borrowed(train), None)),
        (None, Some(fraction)) => {
            let cut = validation_split_point(train.n(), fraction);
            if cut == 0 || cut == train.n() {
                return Err(TrainError::InvalidConfig(format!(
                    "validation_split {fraction} of {} sequences leaves an empty training or validation part",
                    train.n()
                )));
            }
            let head: Vec<usize> = (0..cut).collect();
            let tail: Vec<usize> = (cut..train.n()).collect();
            Ok((Cow::Owned(train.subset(&head)), Some(Cow::Owned(train.subset(&tail)))))
        }
    }
}

fn class_weights(
    weighting: &ClassWeighting,
    loss: LossKind,
    train: &Dataset,
    layout: TargetLayout,
    outputs: usize,
) -> Result<Option<ClassWeights>> {
    let n_classes = if loss == LossKind::BinaryCrossEntropy { 2 } else { outputs };
    match weighting {
        ClassWeighting::None => Ok(None),
        ClassWeighting::Fixed(w) if loss == LossKind::MeanSquaredError => Err(TrainError::InvalidConfig(format!(
            "class weights {:?} make no sense for a regression (linear) head",
            w.0
        ))),
        ClassWeighting::Fixed(w) if w.0.len() != n_classes => {
            Err(TrainError::InvalidConfig(format!("{} class weights given for {n_classes} classes", w.0.len())))
        }
        ClassWeighting::Fixed(w) => Ok(Some(w.clone())),
        ClassWeighting::Balanced => match label_classes(loss, train, layout) {
            Some(classes) => Ok(Some(ClassWeights::balanced(&classes, n_classes))),
            None => Err(TrainError::InvalidConfig("balanced class weights need a classification head".into())),
        },
    }
}
