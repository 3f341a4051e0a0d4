//! Per-task reports: DragoNN's `ClassificationResult` line and a regression summary.

use super::classification::{balanced_accuracy, log_loss};
use super::ranking::{precision_recall_curve, recall_at_fdr_on_curve, roc_auc, step_area, trapezoid_area};
use super::regression::{mse, pearson, spearman};
use super::tasks::try_per_task;
use super::validate::check_binary;
use super::Result;
use std::fmt;

/// DragoNN's metric set for one binary task.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClassificationReport {
    /// Log loss (binary cross-entropy, probabilities clipped at 1e−15).
    pub loss: f64,
    /// Balanced accuracy in percent (strict `> 0.5` / `< 0.5`).
    pub balanced_accuracy: f64,
    /// Area under the ROC curve.
    pub auroc: f64,
    /// DragoNN's auPRC: trapezoidal area under the precision–recall curve (scikit-learn ≥ 1.1 curve).
    pub auprc: f64,
    /// Average precision (DragoNN master's "auPRC Careful"; not printed in the classic line).
    pub average_precision: f64,
    /// Recall (percent) at 5% FDR (precision ≥ 0.95), by DragoNN's searchsorted rule.
    pub recall_at_5_fdr: f64,
    /// Recall (percent) at 10% FDR (precision ≥ 0.9).
    pub recall_at_10_fdr: f64,
    /// Recall (percent) at 20% FDR (precision ≥ 0.8).
    pub recall_at_20_fdr: f64,
    /// Number of positive labels.
    pub num_positives: u64,
    /// Number of negative labels.
    pub num_negatives: u64,
}

impl ClassificationReport {
    /// Computes every metric of one task from 0/1 labels and predicted probabilities. Errors on
    /// inconsistent input, probabilities outside [0, 1], and labels of a single class.
    pub fn compute(y_true: &[f32], y_prob: &[f32]) -> Result<ClassificationReport> {
        let labels = check_binary(y_true, y_prob)?;
        let auroc = roc_auc(y_true, y_prob)?; // also refuses a single class
        let loss = log_loss(y_true, y_prob)?;
        let num_positives = labels.iter().filter(|&&b| b).count() as u64;
        let (precision, recall, _) = precision_recall_curve(y_true, y_prob);
        Ok(ClassificationReport {
            loss,
            balanced_accuracy: balanced_accuracy(y_true, y_prob),
            auroc,
            auprc: trapezoid_area(&precision, &recall),
            average_precision: step_area(&precision, &recall),
            recall_at_5_fdr: recall_at_fdr_on_curve(&precision, &recall, 0.05),
            recall_at_10_fdr: recall_at_fdr_on_curve(&precision, &recall, 0.10),
            recall_at_20_fdr: recall_at_fdr_on_curve(&precision, &recall, 0.20),
            num_positives,
            num_negatives: labels.len() as u64 - num_positives,
        })
    }
}

/// DragoNN's line: `Loss: 0.1234\tBalanced Accuracy: 91.20%\t auROC: 0.950\t auPRC: 0.948\n\tRecall at
/// 5%|10%|20% FDR: 70.1%|85.0%|93.2%\t Num Positives: 500\t Num Negatives: 500`.
impl fmt::Display for ClassificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Loss: {:.4}\tBalanced Accuracy: {:.2}%\t auROC: {:.3}\t auPRC: {:.3}\n\t\
             Recall at 5%|10%|20% FDR: {:.1}%|{:.1}%|{:.1}%\t Num Positives: {}\t Num Negatives: {}",
            self.loss,
            self.balanced_accuracy,
            self.auroc,
            self.auprc,
            self.recall_at_5_fdr,
            self.recall_at_10_fdr,
            self.recall_at_20_fdr,
            self.num_positives,
            self.num_negatives
        )
    }
}

/// One [`ClassificationReport`] per task of `(N, T)` row-major labels and probabilities.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MultiTaskClassificationReport {
    /// The reports, task 0 first.
    pub tasks: Vec<ClassificationReport>,
}

impl MultiTaskClassificationReport {
    /// Computes the report of every task; the first failing task's error names the task.
    pub fn compute(y_true: &[f32], y_prob: &[f32], n_tasks: usize) -> Result<MultiTaskClassificationReport> {
        Ok(MultiTaskClassificationReport {
            tasks: try_per_task(y_true, y_prob, n_tasks, ClassificationReport::compute)?,
        })
    }
}

/// One DragoNN line per task, each prefixed `Task k: ` when there is more than one task.
impl fmt::Display for MultiTaskClassificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_tasks(f, &self.tasks)
    }
}

/// Regression summary of one task.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegressionReport {
    /// Mean squared error.
    pub mse: f64,
    /// Pearson correlation (`NaN` for constant input).
    pub pearson: f64,
    /// Spearman rank correlation (`NaN` for constant input).
    pub spearman: f64,
}

impl RegressionReport {
    /// Computes MSE, Pearson and Spearman of predictions against targets (at least two points).
    pub fn compute(y_true: &[f32], y_pred: &[f32]) -> Result<RegressionReport> {
        Ok(RegressionReport {
            mse: mse(y_true, y_pred)?,
            pearson: pearson(y_true, y_pred)?,
            spearman: spearman(y_true, y_pred)?,
        })
    }
}

/// `MSE: 0.0123\tPearson r: 0.912\tSpearman rho: 0.905`.
impl fmt::Display for RegressionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MSE: {:.4}\tPearson r: {:.3}\tSpearman rho: {:.3}", self.mse, self.pearson, self.spearman)
    }
}

/// One [`RegressionReport`] per task of `(N, T)` row-major targets and predictions.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MultiTaskRegressionReport {
    /// The reports, task 0 first.
    pub tasks: Vec<RegressionReport>,
}

impl MultiTaskRegressionReport {
    /// Computes the report of every task; the first failing task's error names the task.
    pub fn compute(y_true: &[f32], y_pred: &[f32], n_tasks: usize) -> Result<MultiTaskRegressionReport> {
        Ok(MultiTaskRegressionReport { tasks: try_per_task(y_true, y_pred, n_tasks, RegressionReport::compute)? })
    }
}

/// One line per task, each prefixed `Task k: ` when there is more than one task.
impl fmt::Display for MultiTaskRegressionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_tasks(f, &self.tasks)
    }
}

fn write_tasks<R: fmt::Display>(f: &mut fmt::Formatter<'_>, tasks: &[R]) -> fmt::Result {
    for (k, report) in tasks.iter().enumerate() {
        if k > 0 {
            writeln!(f)?;
        }
        if tasks.len() > 1 {
            write!(f, "Task {k}: ")?;
        }
        write!(f, "{report}")?;
    }
    Ok(())
}
