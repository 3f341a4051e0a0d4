//! Losses on logits (binary cross-entropy, categorical cross-entropy, mean squared error), class weights,
//! and the label checks that run before training.
//!
//! Which loss fits a model follows from its [`Head`]: sigmoid → binary cross-entropy, softmax →
//! categorical cross-entropy, linear → MSE. (Keras' `binary_crossentropy` on a two-column softmax, as the
//! primer tutorial uses, equals the categorical cross-entropy: both columns give `−log p_true`.)

use crate::error::{Result, TrainError};
use burn::tensor::activation::log_softmax;
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use seq_io::Dataset;
use seq_models::Head;
use serde::{Deserialize, Serialize};

/// The loss functions seq-train knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LossKind {
    /// Binary cross-entropy on logits, per output, averaged (sigmoid heads).
    BinaryCrossEntropy,
    /// Categorical cross-entropy on logits (softmax heads); labels are one-hot rows or class indices.
    CategoricalCrossEntropy,
    /// Mean squared error (linear heads).
    MeanSquaredError,
}

impl LossKind {
    /// The loss that fits a head.
    pub fn for_head(head: Head) -> Self {
        match head {
            Head::Sigmoid => LossKind::BinaryCrossEntropy,
            Head::Softmax => LossKind::CategoricalCrossEntropy,
            Head::Linear => LossKind::MeanSquaredError,
        }
    }
}

/// Per-class loss weights: index 0 = negative / class 0, index 1 = positive / class 1, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassWeights(pub Vec<f32>);

impl ClassWeights {
    /// DragoNN's weights `N / count(class)` over the class labels of `classes` (values 0, 1, … below
    /// `n_classes`); a class that never occurs gets weight 0 (it contributes no loss anyway).
    pub fn balanced(classes: &[usize], n_classes: usize) -> Self {
        let mut counts = vec![0usize; n_classes];
        for &c in classes {
            counts[c] += 1;
        }
        let n = classes.len() as f32;
        ClassWeights(counts.iter().map(|&k| if k == 0 { 0.0 } else { n / k as f32 }).collect())
    }
}

/// Binary cross-entropy on logits `z` against targets `y` in {0, 1}, averaged over every element, in the
/// numerically stable form `max(z, 0) − z·y + log(1 + e^{−|z|})`. With `weights` each element is multiplied
/// by `weights[y]` (Keras/DragoNN class weights: the weighted mean is `Σ w·l / n`).
pub fn binary_cross_entropy_with_logits<B: Backend>(
    logits: Tensor<B, 2>,
    targets: Tensor<B, 2>,
    weights: Option<&ClassWeights>,
) -> Tensor<B, 1> {
    let per_element =
        logits.clone().clamp_min(0.0) - logits.clone() * targets.clone() + logits.abs().neg().exp().log1p();
    match weights {
        Some(w) => {
            let (w_neg, w_pos) = (weight(w, 0), weight(w, 1));
            let element_weight = targets.mul_scalar(w_pos - w_neg).add_scalar(w_neg);
            (per_element * element_weight).mean()
        }
        None => per_element.mean(),
    }
}

/// Categorical cross-entropy on logits against target rows (one-hot or probabilities), averaged over the
/// batch: `−Σ_c y_c · log softmax(z)_c`. With `weights`, each sample is weighted by the weight of its
/// target class (`Σ_c y_c · w_c`).
pub fn categorical_cross_entropy<B: Backend>(
    logits: Tensor<B, 2>,
    targets: Tensor<B, 2>,
    weights: Option<&ClassWeights>,
) -> Tensor<B, 1> {
    let per_sample = (targets.clone() * log_softmax(logits, 1)).sum_dim(1).neg();
    match weights {
        Some(w) => {
            let [_, classes] = targets.dims();
            let device = targets.device();
            let column: Vec<f32> = (0..classes).map(|c| weight(w, c)).collect();
            let w_tensor = Tensor::<B, 2>::from_data(TensorData::new(column, [classes, 1]), &device);
            (per_sample * targets.matmul(w_tensor)).mean()
        }
        None => per_sample.mean(),
    }
}

/// Mean squared error averaged over every element.
pub fn mean_squared_error<B: Backend>(predictions: Tensor<B, 2>, targets: Tensor<B, 2>) -> Tensor<B, 1> {
    (predictions - targets).powi_scalar(2).mean()
}

/// The loss of `kind` on logits (the linear head's logits are its predictions).
pub fn loss_on_logits<B: Backend>(
    kind: LossKind,
    logits: Tensor<B, 2>,
    targets: Tensor<B, 2>,
    weights: Option<&ClassWeights>,
) -> Tensor<B, 1> {
    match kind {
        LossKind::BinaryCrossEntropy => binary_cross_entropy_with_logits(logits, targets, weights),
        LossKind::CategoricalCrossEntropy => categorical_cross_entropy(logits, targets, weights),
        LossKind::MeanSquaredError => mean_squared_error(logits, targets),
    }
}

fn weight(w: &ClassWeights, class: usize) -> f32 {
    w.0.get(class).copied().unwrap_or(1.0)
}

/// How the label columns of a dataset map onto a model's outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetLayout {
    /// One label column per output (binary tasks, one-hot classes or regression targets).
    PerOutput,
    /// One column holding the class index (softmax heads only), expanded to one-hot.
    ClassIndex,
}

/// Checks a split against a loss and a model with `outputs` outputs: not empty, every input and label
/// finite, labels in {0,1} for BCE, one-hot rows or class indices for CCE. Returns the target layout.
pub fn check_split(kind: LossKind, ds: &Dataset, outputs: usize, split: &str) -> Result<TargetLayout> {
    if ds.is_empty() {
        return Err(TrainError::EmptySplit { split: split.to_string() });
    }
    check_finite_inputs(ds, split)?;
    let layout = target_layout(kind, ds.tasks, outputs, split)?;
    for i in 0..ds.n() {
        for (task, &v) in ds.label(i).iter().enumerate() {
            let refuse = |reason: &str| TrainError::InvalidLabel {
                split: split.to_string(),
                record: ds.names[i].clone(),
                task,
                value: v,
                reason: reason.to_string(),
            };
            if !v.is_finite() {
                return Err(TrainError::NonFinite {
                    split: split.into(),
                    record: ds.names[i].clone(),
                    what: "label".into(),
                    value: v,
                });
            }
            match (kind, layout) {
                (LossKind::BinaryCrossEntropy, _) if v != 0.0 && v != 1.0 => {
                    return Err(refuse("is not 0 or 1 (binary cross-entropy needs binary labels)"))
                }
                (LossKind::CategoricalCrossEntropy, TargetLayout::ClassIndex)
                    if v.fract() != 0.0 || v < 0.0 || v as usize >= outputs =>
                {
                    return Err(refuse(&format!("is not a class index in 0..{outputs}")))
                }
                (LossKind::CategoricalCrossEntropy, TargetLayout::PerOutput) if !(0.0..=1.0).contains(&v) => {
                    return Err(refuse("is not a class probability in [0, 1]"))
                }
                _ => {}
            }
        }
        if kind == LossKind::CategoricalCrossEntropy && layout == TargetLayout::PerOutput {
            let sum: f32 = ds.label(i).iter().sum();
            if (sum - 1.0).abs() > 1e-4 {
                return Err(TrainError::InvalidLabel {
                    split: split.into(),
                    record: ds.names[i].clone(),
                    task: 0,
                    value: sum,
                    reason: "is the sum of a target row that should be one-hot (sum 1)".into(),
                });
            }
        }
    }
    Ok(layout)
}

fn check_finite_inputs(ds: &Dataset, split: &str) -> Result<()> {
    if let Some(pos) = ds.x.iter().position(|v| !v.is_finite()) {
        let record = ds.names.get(pos / (4 * ds.len).max(1)).cloned().unwrap_or_default();
        return Err(TrainError::NonFinite { split: split.into(), record, what: "input".into(), value: ds.x[pos] });
    }
    Ok(())
}

fn target_layout(kind: LossKind, tasks: usize, outputs: usize, split: &str) -> Result<TargetLayout> {
    if tasks == outputs {
        return Ok(TargetLayout::PerOutput);
    }
    if kind == LossKind::CategoricalCrossEntropy && tasks == 1 {
        return Ok(TargetLayout::ClassIndex);
    }
    let (head, hint) = match kind {
        LossKind::BinaryCrossEntropy => ("sigmoid", ": give one 0/1 column per output"),
        LossKind::CategoricalCrossEntropy => ("softmax", ": give one-hot rows or a single class-index column"),
        LossKind::MeanSquaredError => ("linear", ": give one target column per output"),
    };
    Err(TrainError::TaskMismatch { split: split.into(), tasks, outputs, head: head.into(), hint: hint.into() })
}

/// The `(n, outputs)` target matrix of the labels `labels` (`n × tasks`), expanding class indices.
pub fn targets_matrix(labels: &[f32], layout: TargetLayout, outputs: usize) -> Vec<f32> {
    match layout {
        TargetLayout::PerOutput => labels.to_vec(),
        TargetLayout::ClassIndex => {
            let mut out = vec![0.0; labels.len() * outputs];
            for (row, &c) in labels.iter().enumerate() {
                out[row * outputs + c as usize] = 1.0;
            }
            out
        }
    }
}

/// The class of every label for class weighting: the 0/1 values themselves for BCE (pooled over tasks),
/// the class index (or arg-max of the one-hot row) for CCE. `None` for regression.
pub fn label_classes(kind: LossKind, ds: &Dataset, layout: TargetLayout) -> Option<Vec<usize>> {
    match (kind, layout) {
        (LossKind::MeanSquaredError, _) => None,
        (LossKind::BinaryCrossEntropy, _) | (_, TargetLayout::ClassIndex) => {
            Some(ds.y.iter().map(|&v| v as usize).collect())
        }
        (LossKind::CategoricalCrossEntropy, TargetLayout::PerOutput) => {
            Some((0..ds.n()).map(|i| crate::metrics::argmax(ds.label(i))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::backend::Flex;

    fn t(v: Vec<f32>, rows: usize) -> Tensor<Flex, 2> {
        let cols = v.len() / rows;
        Tensor::from_data(TensorData::new(v, [rows, cols]), &Default::default())
    }

    fn scalar(x: Tensor<Flex, 1>) -> f64 {
        x.into_data().to_vec::<f32>().unwrap()[0] as f64
    }

    #[test]
    fn bce_matches_the_textbook_formula_and_stays_finite_for_huge_logits() {
        let z = [2.0f32, -1.0, 0.5, -3.0];
        let y = [1.0f32, 0.0, 0.0, 1.0];
        let expect: f64 = z
            .iter()
            .zip(&y)
            .map(|(&z, &y)| {
                let p = 1.0 / (1.0 + (-(z as f64)).exp());
                -(y as f64 * p.ln() + (1.0 - y as f64) * (1.0 - p).ln())
            })
            .sum::<f64>()
            / 4.0;
        let got = scalar(binary_cross_entropy_with_logits(t(z.to_vec(), 4), t(y.to_vec(), 4), None));
        assert!((got - expect).abs() < 1e-6, "{got} vs {expect}");
        let huge = scalar(binary_cross_entropy_with_logits(t(vec![200.0, -200.0], 2), t(vec![0.0, 1.0], 2), None));
        assert!((huge - 200.0).abs() < 1e-3, "{huge}");
        // class weights multiply each element's loss by the weight of its label
        let w = ClassWeights(vec![1.0, 3.0]);
        let got_w = scalar(binary_cross_entropy_with_logits(t(vec![0.0, 0.0], 2), t(vec![0.0, 1.0], 2), Some(&w)));
        assert!((got_w - 2.0 * std::f64::consts::LN_2).abs() < 1e-6);
    }

    #[test]
    fn cce_equals_minus_log_softmax_of_the_true_class() {
        let logits = vec![1.0f32, 2.0, 0.0, 0.0];
        let got = scalar(categorical_cross_entropy(t(logits, 2), t(vec![0.0, 1.0, 1.0, 0.0], 2), None));
        let row1 = -(2.0f64.exp() / (1.0f64.exp() + 2.0f64.exp())).ln();
        let row2 = std::f64::consts::LN_2;
        assert!((got - (row1 + row2) / 2.0).abs() < 1e-6);
        let mse = scalar(mean_squared_error(t(vec![1.0, 3.0], 2), t(vec![0.0, 1.0], 2)));
        assert!((mse - 2.5).abs() < 1e-6);
    }

    #[test]
    fn balanced_weights_are_n_over_count() {
        let w = ClassWeights::balanced(&[1, 0, 0, 0], 2);
        assert_eq!(w.0, vec![4.0 / 3.0, 4.0]);
        assert_eq!(targets_matrix(&[1.0, 0.0], TargetLayout::ClassIndex, 2), vec![0.0, 1.0, 1.0, 0.0]);
    }
}
