//! The per-epoch metrics of a head: which metrics a classifier or a regressor reports, computed per task
//! and averaged. Non-finite values (e.g. auROC of a task with a single class) are left out.

use crate::metrics::{self, tasks::mean_finite, tasks::task_column};
use seq_models::Head;
use std::collections::BTreeMap;

/// Metrics of predictions (after the head) against `(N, outputs)` targets, through [`crate::metrics`]:
/// sigmoid heads report `accuracy` (threshold 0.5), `auroc` and `auprc` (trapezoid, DragoNN) averaged over
/// tasks; softmax heads report the arg-max `accuracy` and, with two classes, `auroc`/`auprc` of class 1;
/// linear heads report `mse` and `pearson` (averaged over tasks).
pub fn metrics_for_head(head: Head, predictions: &[f32], targets: &[f32], outputs: usize) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut put = |name: &str, v: f64| {
        if v.is_finite() {
            out.insert(name.to_string(), v);
        }
    };
    let per_task = |f: &dyn Fn(&[f32], &[f32]) -> f64| -> f64 {
        let values: Vec<f64> =
            (0..outputs).map(|t| f(&task_column(targets, outputs, t), &task_column(predictions, outputs, t))).collect();
        mean_finite(&values)
    };
    match head {
        Head::Sigmoid => {
            put("accuracy", per_task(&|y, p| metrics::accuracy(y, p, 0.5)));
            put("auroc", per_task(&|y, p| metrics::roc_auc(y, p).unwrap_or(f64::NAN)));
            put("auprc", per_task(&|y, p| metrics::pr_auc_trapezoid(y, p).unwrap_or(f64::NAN)));
        }
        Head::Softmax => {
            let predicted = metrics::argmax_classes(predictions, outputs);
            let truth = metrics::argmax_classes(targets, outputs);
            let hits = predicted.iter().zip(&truth).filter(|(p, t)| p == t).count();
            put("accuracy", hits as f64 / truth.len().max(1) as f64);
            if outputs == 2 {
                let (y, p) = (task_column(targets, 2, 1), task_column(predictions, 2, 1));
                put("auroc", metrics::roc_auc(&y, &p).unwrap_or(f64::NAN));
                put("auprc", metrics::pr_auc_trapezoid(&y, &p).unwrap_or(f64::NAN));
            }
        }
        Head::Linear => {
            put("mse", metrics::mse(targets, predictions).unwrap_or(f64::NAN));
            put("pearson", per_task(&|y, p| metrics::pearson(y, p).unwrap_or(f64::NAN)));
        }
    }
    out
}

/// The names of the metrics [`metrics_for_head`] reports for a head with `outputs` outputs (when defined).
pub fn metric_names(head: Head, outputs: usize) -> Vec<&'static str> {
    match head {
        Head::Sigmoid => vec!["accuracy", "auroc", "auprc"],
        Head::Softmax if outputs == 2 => vec!["accuracy", "auroc", "auprc"],
        Head::Softmax => vec!["accuracy"],
        Head::Linear => vec!["mse", "pearson"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_metrics_count_ties_half() {
        // positives scored 0.9 and 0.5, negatives 0.5 and 0.1 → one tied pair: auROC = 3.5 / 4
        let m = metrics_for_head(Head::Sigmoid, &[0.9, 0.5, 0.5, 0.1], &[1.0, 1.0, 0.0, 0.0], 1);
        assert!((m["auroc"] - 0.875).abs() < 1e-12);
        assert!((m["accuracy"] - 0.75).abs() < 1e-12);
        assert!(m["auprc"] > 0.0 && m["auprc"] <= 1.0);
        let s = metrics_for_head(Head::Softmax, &[0.2, 0.8, 0.6, 0.4], &[0.0, 1.0, 0.0, 1.0], 2);
        assert_eq!(s["accuracy"], 0.5);
        let single_class = metrics_for_head(Head::Sigmoid, &[0.9, 0.1], &[1.0, 1.0], 1);
        assert!(!single_class.contains_key("auroc"), "undefined auROC is left out");
    }
}
