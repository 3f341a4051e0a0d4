//! Inference after training: probabilities after the head, loss and metrics of a dataset.

use super::metrics_glue::metrics_for_head;
use crate::error::{Result, TrainError};
use crate::loss::{check_split, loss_on_logits, targets_matrix, LossKind};
use burn::tensor::backend::Backend;
use burn::tensor::{ElementConversion, Tensor, TensorData};
use seq_io::Dataset;
use seq_models::{Head, SequenceModel};
use std::collections::BTreeMap;

/// Loss and metrics of a model on one dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Mean loss (unweighted) plus the model's regularisation term.
    pub loss: f64,
    /// Metrics by name (`accuracy`, `auroc`, `auprc`, … for classifiers; `mse`, `pearson`, … for
    /// regression), averaged over tasks where there are several.
    pub metrics: BTreeMap<String, f64>,
    /// Predictions after the head, `(N, outputs)` row-major.
    pub predictions: Vec<f32>,
}

/// Checks that a model built for a fixed length accepts the dataset's sequences.
pub fn check_length<B: Backend, M: SequenceModel<B>>(model: &M, ds: &Dataset, split: &str) -> Result<()> {
    match model.input_length() {
        Some(expected) if expected != ds.len => {
            Err(TrainError::LengthMismatch { split: split.to_string(), model: expected, data: ds.len })
        }
        _ => Ok(()),
    }
}

/// Pre-activation outputs `(N, outputs)` of every sequence of `ds`, `batch_size` at a time (seq-models'
/// batched inference, with the length and batch size checked first so the error names the split).
///
/// Pass an inference model (a plain backend, or `model.valid()` of an autodiff one) so that no graph is
/// recorded and dropout is off.
pub fn predict_logits<B: Backend, M: SequenceModel<B>>(
    model: &M,
    ds: &Dataset,
    batch_size: usize,
    device: &B::Device,
) -> Result<Vec<f32>> {
    check_length(model, ds, "prediction")?;
    if batch_size == 0 {
        return Err(TrainError::InvalidConfig("batch size must be at least 1".into()));
    }
    Ok(seq_models::predict_logits(model, ds, batch_size, device)?)
}

/// Predictions after the head (sigmoid or softmax probabilities, or the linear outputs), `(N, outputs)`
/// row-major.
pub fn predict<B: Backend, M: SequenceModel<B>>(
    model: &M,
    ds: &Dataset,
    batch_size: usize,
    device: &B::Device,
) -> Result<Vec<f32>> {
    let logits = predict_logits(model, ds, batch_size, device)?;
    Ok(apply_head(model.head(), &logits, model.outputs()))
}

/// Loss and metrics of `model` on `ds` (checked first like a training split).
pub fn evaluate<B: Backend, M: SequenceModel<B>>(
    model: &M,
    ds: &Dataset,
    batch_size: usize,
    device: &B::Device,
) -> Result<Evaluation> {
    let kind = LossKind::for_head(model.head());
    check_length(model, ds, "evaluation")?;
    let layout = check_split(kind, ds, model.outputs(), "evaluation")?;
    let logits = predict_logits(model, ds, batch_size, device)?;
    let targets = targets_matrix(&ds.y, layout, model.outputs());
    let loss = loss_of_logits::<B, M>(model, kind, &logits, &targets, device);
    let predictions = apply_head(model.head(), &logits, model.outputs());
    let metrics = metrics_for_head(model.head(), &predictions, &targets, model.outputs());
    Ok(Evaluation { loss, metrics, predictions })
}

/// The unweighted loss of precomputed logits plus the model's regularisation.
pub(crate) fn loss_of_logits<B: Backend, M: SequenceModel<B>>(
    model: &M,
    kind: LossKind,
    logits: &[f32],
    targets: &[f32],
    device: &B::Device,
) -> f64 {
    let outputs = model.outputs();
    let rows = logits.len() / outputs.max(1);
    let z = Tensor::<B, 2>::from_data(TensorData::new(logits.to_vec(), [rows, outputs]), device);
    let y = Tensor::<B, 2>::from_data(TensorData::new(targets.to_vec(), [rows, outputs]), device);
    let mut loss = loss_on_logits(kind, z, y, None).into_scalar().elem::<f64>();
    if let Some(reg) = model.regularization() {
        loss += reg.into_scalar().elem::<f64>();
    }
    loss
}

/// The values of a tensor as `f32`, row-major.
pub(crate) fn tensor_to_vec<B: Backend, const D: usize>(t: Tensor<B, D>) -> Vec<f32> {
    t.into_data().convert::<f32>().to_vec::<f32>().unwrap_or_default()
}

/// Applies a head's activation to row-major logits with `outputs` columns.
pub fn apply_head(head: Head, logits: &[f32], outputs: usize) -> Vec<f32> {
    match head {
        Head::Linear => logits.to_vec(),
        Head::Sigmoid => logits.iter().map(|&z| sigmoid(z)).collect(),
        Head::Softmax => logits.chunks(outputs.max(1)).flat_map(softmax_row).collect(),
    }
}

fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

fn softmax_row(row: &[f32]) -> Vec<f32> {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = row.iter().map(|&z| (z - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_turn_logits_into_probabilities() {
        let s = apply_head(Head::Softmax, &[0.0, 0.0, 1000.0, 0.0], 2);
        assert_eq!(s, vec![0.5, 0.5, 1.0, 0.0]);
        let g = apply_head(Head::Sigmoid, &[0.0, -1000.0, 1000.0], 1);
        assert_eq!(g, vec![0.5, 0.0, 1.0]);
        assert_eq!(apply_head(Head::Linear, &[-3.0], 1), vec![-3.0]);
    }
}
