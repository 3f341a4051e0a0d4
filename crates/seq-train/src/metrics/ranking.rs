//! Ranking metrics: auROC, the precision–recall curve (scikit-learn ≥ 1.1 semantics), its trapezoidal
//! area (DragoNN's auPRC), average precision, and DragoNN's recall at a false discovery rate.

use super::validate::{check_binary, lenient_labels, require_classes};
use super::Result;

/// Cumulative counts at every distinct score, from the highest score down (scikit-learn's
/// `_binary_clf_curve`): `tps[k]`/`fps[k]` = positives/negatives with score ≥ `thresholds[k]`.
struct ThresholdCounts {
    tps: Vec<u64>,
    fps: Vec<u64>,
    thresholds: Vec<f64>,
}

fn threshold_counts(labels: &[bool], score: &[f32]) -> ThresholdCounts {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let mut counts = ThresholdCounts { tps: Vec::new(), fps: Vec::new(), thresholds: Vec::new() };
    let (mut tp, mut fp) = (0u64, 0u64);
    for (k, &i) in order.iter().enumerate() {
        if labels[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_tie = order.get(k + 1).is_none_or(|&next| score[next] != score[i]);
        if last_of_tie {
            counts.tps.push(tp);
            counts.fps.push(fp);
            counts.thresholds.push(f64::from(score[i]));
        }
    }
    counts
}

/// Area under the ROC curve (scikit-learn's `roc_auc_score`): the trapezoidal area over the ROC points
/// at every distinct score, which equals the Mann–Whitney U / (P·N) with tied pairs counted ½.
/// Errors on inconsistent input and when a class is absent.
pub fn roc_auc(y_true: &[f32], score: &[f32]) -> Result<f64> {
    let labels = check_binary(y_true, score)?;
    require_classes(&labels, "auROC", true)?;
    let c = threshold_counts(&labels, score);
    let (mut area2, mut prev_tp, mut prev_fp) = (0.0f64, 0u64, 0u64);
    for (&tp, &fp) in c.tps.iter().zip(&c.fps) {
        area2 += (fp - prev_fp) as f64 * (tp + prev_tp) as f64;
        (prev_tp, prev_fp) = (tp, fp);
    }
    Ok(area2 / 2.0 / (prev_tp as f64 * prev_fp as f64))
}

/// The precision–recall curve `(precision, recall, thresholds)` with scikit-learn ≥ 1.1 semantics: one
/// point per distinct score `t` (precision = TP/(TP+FP), recall = TP/P, counting scores ≥ t), ordered
/// by **increasing** threshold (recall non-increasing), followed by a final point (precision 1,
/// recall 0) that has no threshold; so `thresholds.len() == precision.len() − 1`. All thresholds are
/// kept (scikit-learn < 1.1 dropped those below the first one reaching full recall). With no positive
/// label recall is 1 everywhere, as in scikit-learn. Inconsistent input (see [`super::check_binary`])
/// gives three empty vectors.
pub fn precision_recall_curve(y_true: &[f32], score: &[f32]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let Some(labels) = lenient_labels(y_true, score) else { return (Vec::new(), Vec::new(), Vec::new()) };
    let c = threshold_counts(&labels, score);
    let positives = c.tps.last().copied().unwrap_or(0);
    let mut precision: Vec<f64> =
        c.tps.iter().zip(&c.fps).map(|(&tp, &fp)| tp as f64 / (tp + fp) as f64).rev().collect();
    let mut recall: Vec<f64> = if positives == 0 {
        vec![1.0; c.tps.len()]
    } else {
        c.tps.iter().map(|&tp| tp as f64 / positives as f64).rev().collect()
    };
    precision.push(1.0);
    recall.push(0.0);
    let thresholds = c.thresholds.into_iter().rev().collect();
    (precision, recall, thresholds)
}

/// DragoNN's auPRC ("auPRC Trapezoid"): scikit-learn's `auc(recall, precision)` — the trapezoidal
/// area under [`precision_recall_curve`] with its scikit-learn ≥ 1.1 semantics (all thresholds kept, final
/// point (recall 0, precision 1)). Needs at least one positive.
pub fn pr_auc_trapezoid(y_true: &[f32], score: &[f32]) -> Result<f64> {
    let labels = check_binary(y_true, score)?;
    require_classes(&labels, "auPRC", false)?;
    let (precision, recall, _) = precision_recall_curve(y_true, score);
    Ok(trapezoid_area(&precision, &recall))
}

/// Trapezoidal area under a precision–recall curve given with recall non-increasing.
pub(crate) fn trapezoid_area(precision: &[f64], recall: &[f64]) -> f64 {
    // recall is non-increasing, so the area is −∫ precision d(recall) along the array.
    let area: f64 = recall.windows(2).zip(precision.windows(2)).map(|(r, p)| (r[1] - r[0]) * (p[0] + p[1]) / 2.0).sum();
    -area
}

/// Average precision (scikit-learn's `average_precision_score`, DragoNN master's "auPRC Careful"):
/// `Σ_n (R_n − R_{n−1}) · P_n` over the thresholds from high to low. Needs at least one positive.
pub fn average_precision(y_true: &[f32], score: &[f32]) -> Result<f64> {
    let labels = check_binary(y_true, score)?;
    require_classes(&labels, "average precision", false)?;
    let (precision, recall, _) = precision_recall_curve(y_true, score);
    Ok(step_area(&precision, &recall))
}

/// `Σ_n (R_n − R_{n−1}) · P_n` over a precision–recall curve given with recall non-increasing.
pub(crate) fn step_area(precision: &[f64], recall: &[f64]) -> f64 {
    let sum: f64 = recall.windows(2).zip(precision).map(|(r, &p)| (r[1] - r[0]) * p).sum();
    -sum
}

/// DragoNN's "Recall at `fdr` FDR" in **percent**: with `(precision, recall)` from
/// [`precision_recall_curve`] (increasing thresholds), `i = numpy.searchsorted(precision − (1 − fdr), 0)`
/// — a left binary search run on the *unsorted* precision array exactly as numpy does (see
/// [`searchsorted_left`]) — and the result is `100 · recall[i]`. The intent is the largest recall
/// reached at precision ≥ 1 − fdr; the binary search can land elsewhere when precision is not
/// monotone, and this function reproduces DragoNN's number, not the intent. `NaN` when the input is
/// inconsistent, holds no positive, or `fdr` is outside [0, 1].
pub fn recall_at_fdr(y_true: &[f32], score: &[f32], fdr: f64) -> f64 {
    if !(0.0..=1.0).contains(&fdr) || !y_true.contains(&1.0) {
        return f64::NAN;
    }
    let (precision, recall, _) = precision_recall_curve(y_true, score);
    recall_at_fdr_on_curve(&precision, &recall, fdr)
}

/// DragoNN's searchsorted rule on an already computed curve (see [`recall_at_fdr`]).
pub(crate) fn recall_at_fdr_on_curve(precision: &[f64], recall: &[f64], fdr: f64) -> f64 {
    let threshold = 1.0 - fdr;
    let shifted: Vec<f64> = precision.iter().map(|&p| p - threshold).collect();
    let i = searchsorted_left(&shifted, 0.0);
    recall.get(i).map_or(f64::NAN, |&r| 100.0 * r)
}

/// numpy's `searchsorted(a, v, side='left')` as a literal loop: `lo = 0, hi = n; while lo < hi { mid =
/// (lo + hi) / 2; if a[mid] < v { lo = mid + 1 } else { hi = mid } }`, returning `lo`. On a sorted
/// array this is the first index with `a[i] ≥ v`; on an unsorted one it is whatever the loop finds.
pub fn searchsorted_left(a: &[f64], v: f64) -> usize {
    let (mut lo, mut hi) = (0usize, a.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if a[mid] < v {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
