//! DragoNN's metric set over plain slices (no burn): accuracy, balanced accuracy, log loss, auROC, the
//! precision–recall curve with its trapezoidal area and average precision, recall at a false discovery
//! rate, the confusion matrix, MSE, Pearson and Spearman correlation, and the per-task reports.
//!
//! Conventions:
//! - Labels are `f32` values in {0, 1}; probabilities/scores are `f32` (as the models produce them);
//!   every computation is done in `f64`.
//! - Multi-task data are `(N, T)` row-major slices: value `(i, t)` is at `i * T + t` (see [`tasks`]).
//! - Functions returning `Result` validate their input (lengths, emptiness, NaN, labels in {0, 1}, both
//!   classes when the metric needs them) and say which record is wrong. The few functions whose
//!   signature is a bare `f64` (the ones the training loop calls every epoch: [`accuracy`],
//!   [`balanced_accuracy`], [`recall_at_fdr`]) return `NaN` instead when the value is undefined or the
//!   input is inconsistent; [`check_binary`] gives the precise error for such input.
//!
//! Semantics follow DragoNN's `ClassificationResult` (see `ALGORITHM_NOTES.md` §5) and, where DragoNN
//! calls scikit-learn, scikit-learn ≥ 1.1 (the precision–recall curve keeps every threshold). The test
//! `tests/train_metrics.rs` compares every function with scikit-learn/scipy on committed fixtures.

mod classification;
mod ranking;
mod regression;
mod report;
pub mod tasks;
mod validate;

pub use classification::{accuracy, argmax_classes, balanced_accuracy, confusion_matrix, log_loss, threshold_classes};
pub use ranking::{
    average_precision, pr_auc_trapezoid, precision_recall_curve, recall_at_fdr, roc_auc, searchsorted_left,
};
pub use regression::{average_ranks, mse, pearson, spearman};
pub use report::{ClassificationReport, MultiTaskClassificationReport, MultiTaskRegressionReport, RegressionReport};
pub use validate::{check_binary, check_pair};

/// `Result` of a metric.
pub type Result<T> = std::result::Result<T, MetricError>;

/// Why a metric cannot be computed from the given input. Records are 0-based indices into the slices.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricError {
    /// The two slices (e.g. labels and predictions) differ in length.
    #[error("length mismatch: {left_name} has {left} value(s) but {right_name} has {right}")]
    LengthMismatch {
        /// Name of the first slice.
        left_name: &'static str,
        /// Its length.
        left: usize,
        /// Name of the second slice.
        right_name: &'static str,
        /// Its length.
        right: usize,
    },
    /// No value at all (or fewer than the metric needs).
    #[error("{metric} needs at least {min} value(s), got {got}")]
    TooFew {
        /// The metric.
        metric: &'static str,
        /// Values needed.
        min: usize,
        /// Values given.
        got: usize,
    },
    /// A NaN or infinite value.
    #[error("{what}, record {record}: non-finite value {value}")]
    NonFinite {
        /// `y_true`, `y_prob`, `y_pred`, …
        what: &'static str,
        /// Index of the offending value.
        record: usize,
        /// The value.
        value: f64,
    },
    /// A label that is not 0 or 1.
    #[error("y_true, record {record}: label {value} is not 0 or 1")]
    InvalidLabel {
        /// Index of the offending label.
        record: usize,
        /// The label.
        value: f64,
    },
    /// A probability outside [0, 1] (e.g. logits passed where probabilities are expected).
    #[error("y_prob, record {record}: {value} is not a probability in [0, 1]")]
    NotAProbability {
        /// Index of the offending value.
        record: usize,
        /// The value.
        value: f64,
    },
    /// The metric needs both classes but the labels hold only one.
    #[error("{metric} is undefined: y_true holds only {present} ({count} record(s)), no {missing}")]
    SingleClass {
        /// The metric.
        metric: &'static str,
        /// `positives` or `negatives`: the class present.
        present: &'static str,
        /// The class absent.
        missing: &'static str,
        /// Number of records.
        count: usize,
    },
    /// A metric failed on one task (column) of multi-task data.
    #[error("task {task}: {source}")]
    InTask {
        /// The task (column) index.
        task: usize,
        /// What went wrong in that column.
        source: Box<MetricError>,
    },
    /// A flat `(N, T)` matrix whose length is not a multiple of `T` (or `T` = 0).
    #[error("{what}: {len} value(s) do not form an (N, {n_tasks}) matrix")]
    BadShape {
        /// Which slice.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The number of tasks (columns).
        n_tasks: usize,
    },
}

/// Index of the largest value (the first one on ties; 0 for an empty slice).
pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}
