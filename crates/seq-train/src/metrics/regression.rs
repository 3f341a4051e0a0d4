//! Regression metrics: mean squared error and the Pearson and Spearman correlations (scipy semantics).

use super::validate::check_pair;
use super::Result;

/// Mean squared error `(1/n) Σ (y_pred − y_true)²`.
pub fn mse(y_true: &[f32], y_pred: &[f32]) -> Result<f64> {
    check_pair(y_true, y_pred, "MSE", 1)?;
    let sum: f64 = y_true.iter().zip(y_pred).map(|(&t, &p)| (f64::from(p) - f64::from(t)).powi(2)).sum();
    Ok(sum / y_true.len() as f64)
}

/// Pearson's correlation coefficient (scipy's `pearsonr` statistic), clamped to [−1, 1]. Needs at least
/// two points; `Ok(NaN)` when either input is constant (as scipy, which warns and returns NaN).
pub fn pearson(y_true: &[f32], y_pred: &[f32]) -> Result<f64> {
    check_pair(y_true, y_pred, "Pearson correlation", 2)?;
    let x: Vec<f64> = y_true.iter().map(|&v| f64::from(v)).collect();
    let y: Vec<f64> = y_pred.iter().map(|&v| f64::from(v)).collect();
    Ok(pearson_f64(&x, &y))
}

/// Spearman's rank correlation (scipy's `spearmanr`): Pearson's coefficient of the average ranks
/// (tied values share the mean of their ranks). Needs at least two points; `Ok(NaN)` for constant input.
pub fn spearman(y_true: &[f32], y_pred: &[f32]) -> Result<f64> {
    check_pair(y_true, y_pred, "Spearman correlation", 2)?;
    Ok(pearson_f64(&average_ranks(y_true), &average_ranks(y_pred)))
}

/// 1-based ranks with ties replaced by the mean of their ranks (scipy's `rankdata(method='average')`).
pub fn average_ranks(values: &[f32]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // positions start..end hold ranks start+1 ..= end; their mean is (start + 1 + end) / 2
        let mean_rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = mean_rank;
        }
        start = end;
    }
    ranks
}

/// Two-pass Pearson correlation of equally long `f64` slices (`NaN` when a side is constant).
fn pearson_f64(x: &[f64], y: &[f64]) -> f64 {
    if is_constant(x) || is_constant(y) {
        return f64::NAN;
    }
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (&a, &b) in x.iter().zip(y) {
        let (da, db) = (a - mx, b - my);
        sxy += da * db;
        sxx += da * da;
        syy += db * db;
    }
    (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0)
}

fn is_constant(v: &[f64]) -> bool {
    v.iter().all(|&a| a == v[0])
}
