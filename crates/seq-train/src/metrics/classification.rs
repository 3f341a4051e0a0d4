//! Threshold metrics: accuracy, DragoNN's balanced accuracy, log loss, and the confusion matrix.

use super::validate::{check_binary, lenient_labels};
use super::{MetricError, Result};

/// Clip applied to probabilities by [`log_loss`] (scikit-learn's historical `eps`, DragoNN era).
pub const LOG_LOSS_EPS: f64 = 1e-15;

/// Fraction (0–1) of records whose predicted class `y_prob > threshold` equals the label (Keras'
/// `binary_accuracy`). `NaN` when the input is empty or inconsistent (see [`super::check_binary`]).
pub fn accuracy(y_true: &[f32], y_prob: &[f32], threshold: f64) -> f64 {
    let Some(labels) = lenient_labels(y_true, y_prob) else { return f64::NAN };
    let hits = labels.iter().zip(y_prob).filter(|(&y, &p)| (f64::from(p) > threshold) == y).count();
    hits as f64 / labels.len() as f64
}

/// DragoNN's balanced accuracy in **percent**: the mean of `100·mean(p > 0.5 | y = 1)` and
/// `100·mean(p < 0.5 | y = 0)`. The inequalities are strict, so a probability of exactly 0.5 counts as
/// wrong for both classes. `NaN` when a class is absent (as in DragoNN) or the input is inconsistent.
pub fn balanced_accuracy(y_true: &[f32], y_prob: &[f32]) -> f64 {
    let Some(labels) = lenient_labels(y_true, y_prob) else { return f64::NAN };
    let positive = class_hit_rate(&labels, y_prob, true, |p| p > 0.5);
    let negative = class_hit_rate(&labels, y_prob, false, |p| p < 0.5);
    (100.0 * positive + 100.0 * negative) / 2.0
}

/// Fraction of the records of class `class` for which `hit(p)` holds (`NaN` when the class is empty).
fn class_hit_rate(labels: &[bool], y_prob: &[f32], class: bool, hit: impl Fn(f64) -> bool) -> f64 {
    let (mut n, mut hits) = (0usize, 0usize);
    for (&y, &p) in labels.iter().zip(y_prob) {
        if y == class {
            n += 1;
            hits += usize::from(hit(f64::from(p)));
        }
    }
    if n == 0 {
        f64::NAN
    } else {
        hits as f64 / n as f64
    }
}

/// Binary cross-entropy `−(1/n) Σ [y ln p + (1−y) ln(1−p)]` with `p` clipped to
/// `[1e−15, 1 − 1e−15]` (scikit-learn's `log_loss` as DragoNN used it). Unlike scikit-learn it also
/// accepts labels of a single class. Probabilities must lie in [0, 1].
pub fn log_loss(y_true: &[f32], y_prob: &[f32]) -> Result<f64> {
    let labels = check_binary(y_true, y_prob)?;
    if let Some(record) = y_prob.iter().position(|p| !(0.0..=1.0).contains(p)) {
        return Err(MetricError::NotAProbability { record, value: f64::from(y_prob[record]) });
    }
    let total: f64 = labels
        .iter()
        .zip(y_prob)
        .map(|(&y, &p)| {
            let p = f64::from(p).clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS);
            if y {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    Ok(total / labels.len() as f64)
}

/// Confusion matrix `m[true][predicted]` over classes `0..n_classes` (scikit-learn's layout: rows are
/// the true classes, columns the predictions). As scikit-learn's `confusion_matrix(labels=0..n)`, pairs
/// with a class outside `0..n_classes` are not counted; pairs beyond the shorter slice are ignored.
pub fn confusion_matrix(y_true_classes: &[usize], y_pred_classes: &[usize], n_classes: usize) -> Vec<Vec<u64>> {
    let mut m = vec![vec![0u64; n_classes]; n_classes];
    for (&t, &p) in y_true_classes.iter().zip(y_pred_classes) {
        if t < n_classes && p < n_classes {
            m[t][p] += 1;
        }
    }
    m
}

/// Row-wise argmax of an `(N, n_classes)` row-major probability matrix (the first maximum wins, like
/// `numpy.argmax`); an incomplete trailing row is ignored. Use it to feed [`confusion_matrix`].
pub fn argmax_classes(probs: &[f32], n_classes: usize) -> Vec<usize> {
    if n_classes == 0 {
        return Vec::new();
    }
    probs
        .chunks_exact(n_classes)
        .map(|row| {
            row.iter().enumerate().fold(0, |best, (i, &v)| if v.total_cmp(&row[best]).is_gt() { i } else { best })
        })
        .collect()
}

/// Binary classes `1` if `value > threshold` else `0` (e.g. sigmoid outputs, or 0/1 labels at 0.5).
pub fn threshold_classes(values: &[f32], threshold: f64) -> Vec<usize> {
    values.iter().map(|&v| usize::from(f64::from(v) > threshold)).collect()
}
