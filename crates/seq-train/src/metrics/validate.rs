//! Input checks shared by the metrics: equal lengths, non-empty, finite values, binary labels, classes.

use super::{MetricError, Result};

/// Checks a pair of slices for equal, non-zero length and finite values (regression inputs).
pub fn check_pair(y_true: &[f32], y_pred: &[f32], metric: &'static str, min: usize) -> Result<()> {
    check_lengths(y_true.len(), y_pred.len(), "y_pred")?;
    if y_true.len() < min.max(1) {
        return Err(MetricError::TooFew { metric, min: min.max(1), got: y_true.len() });
    }
    check_finite(y_true, "y_true")?;
    check_finite(y_pred, "y_pred")
}

/// Checks binary classification input: equal non-zero lengths, finite scores, labels exactly 0 or 1.
/// Returns the labels as booleans.
pub fn check_binary(y_true: &[f32], score: &[f32]) -> Result<Vec<bool>> {
    check_lengths(y_true.len(), score.len(), "y_prob")?;
    if y_true.is_empty() {
        return Err(MetricError::TooFew { metric: "a binary metric", min: 1, got: 0 });
    }
    check_finite(y_true, "y_true")?;
    check_finite(score, "y_prob")?;
    y_true
        .iter()
        .enumerate()
        .map(|(record, &v)| match v {
            0.0 => Ok(false),
            1.0 => Ok(true),
            _ => Err(MetricError::InvalidLabel { record, value: f64::from(v) }),
        })
        .collect()
}

/// Fails unless `labels` hold at least one positive (and, if `need_negative`, one negative).
pub(crate) fn require_classes(labels: &[bool], metric: &'static str, need_negative: bool) -> Result<()> {
    let positives = labels.iter().filter(|&&b| b).count();
    let negatives = labels.len() - positives;
    if positives == 0 {
        return Err(MetricError::SingleClass { metric, present: "negatives", missing: "positive", count: negatives });
    }
    if need_negative && negatives == 0 {
        return Err(MetricError::SingleClass { metric, present: "positives", missing: "negative", count: positives });
    }
    Ok(())
}

/// The labels as booleans when [`check_binary`] accepts the input, `None` otherwise (for the metrics that
/// return a bare `f64` and signal bad input with `NaN`).
pub(crate) fn lenient_labels(y_true: &[f32], score: &[f32]) -> Option<Vec<bool>> {
    check_binary(y_true, score).ok()
}

fn check_lengths(left: usize, right: usize, right_name: &'static str) -> Result<()> {
    if left != right {
        return Err(MetricError::LengthMismatch { left_name: "y_true", left, right_name, right });
    }
    Ok(())
}

fn check_finite(values: &[f32], what: &'static str) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(record) => Err(MetricError::NonFinite { what, record, value: f64::from(values[record]) }),
        None => Ok(()),
    }
}
