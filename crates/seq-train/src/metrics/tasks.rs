//! Multi-task helpers: labels and predictions as `(N, T)` row-major slices (value `(i, t)` at
//! `i * T + t`), one metric per task (column).

use super::{MetricError, Result};

/// Number of rows `N` of an `(N, n_tasks)` row-major matrix; errors when `n_tasks` is 0 or does not
/// divide the length.
pub fn rows(matrix: &[f32], n_tasks: usize, what: &'static str) -> Result<usize> {
    if n_tasks == 0 || !matrix.len().is_multiple_of(n_tasks) {
        return Err(MetricError::BadShape { what, len: matrix.len(), n_tasks });
    }
    Ok(matrix.len() / n_tasks)
}

/// Column `task` of an `(N, n_tasks)` row-major matrix (empty when `task ≥ n_tasks`).
pub fn task_column(matrix: &[f32], n_tasks: usize, task: usize) -> Vec<f32> {
    if task >= n_tasks {
        return Vec::new();
    }
    matrix.iter().skip(task).step_by(n_tasks).copied().collect()
}

/// Applies `metric(y_true column, y_pred column)` to every task of two `(N, n_tasks)` matrices, after
/// checking that both have that shape and the same number of rows.
pub fn per_task<T>(
    y_true: &[f32],
    y_pred: &[f32],
    n_tasks: usize,
    metric: impl Fn(&[f32], &[f32]) -> T,
) -> Result<Vec<T>> {
    let (n_true, n_pred) = (rows(y_true, n_tasks, "y_true")?, rows(y_pred, n_tasks, "y_pred")?);
    if n_true != n_pred {
        return Err(MetricError::LengthMismatch {
            left_name: "y_true",
            left: n_true,
            right_name: "y_pred",
            right: n_pred,
        });
    }
    Ok((0..n_tasks).map(|t| metric(&task_column(y_true, n_tasks, t), &task_column(y_pred, n_tasks, t))).collect())
}

/// Like [`per_task`] for a fallible metric: the first failing task's error, tagged with the task index.
pub fn try_per_task<T>(
    y_true: &[f32],
    y_pred: &[f32],
    n_tasks: usize,
    metric: impl Fn(&[f32], &[f32]) -> Result<T>,
) -> Result<Vec<T>> {
    per_task(y_true, y_pred, n_tasks, metric)?
        .into_iter()
        .enumerate()
        .map(|(task, r)| r.map_err(|e| MetricError::InTask { task, source: Box::new(e) }))
        .collect()
}

/// Mean of the finite values (`NaN` when there is none) — how per-task metrics are averaged, leaving
/// out tasks where the metric is undefined.
pub fn mean_finite(values: &[f64]) -> f64 {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        f64::NAN
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    }
}
