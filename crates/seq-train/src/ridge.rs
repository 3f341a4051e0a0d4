//! Ridge regression in plain Rust (no burn): the linear baseline beside a neural model, e.g. a one-hot
//! ridge on sgRNA activity. The intercept is not penalised (features and target are centred first, as in
//! scikit-learn's `Ridge(fit_intercept=True)`), and the normal equations `(XᵀX + αI) w = Xᵀy` are solved by
//! a Cholesky factorisation in `f64`.

use crate::error::{Result, TrainError};

/// A fitted ridge regression `ŷ = intercept + x · weights`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ridge {
    /// One weight per feature.
    pub weights: Vec<f64>,
    /// The unpenalised intercept.
    pub intercept: f64,
    /// The penalty α the model was fitted with.
    pub alpha: f64,
}

/// The validation score of every α tried and the chosen one (the smallest validation loss).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlphaSelection {
    /// The α with the smallest validation loss (the first on ties).
    pub alpha: f64,
    /// `(α, validation loss)` in the order tried.
    pub losses: Vec<(f64, f64)>,
}

fn check_shapes(x: &[f32], n: usize, p: usize, y: Option<&[f32]>) -> Result<()> {
    if n == 0 || p == 0 {
        return Err(TrainError::InvalidConfig(format!(
            "ridge needs at least one row and one feature (n = {n}, p = {p})"
        )));
    }
    if x.len() != n * p {
        return Err(TrainError::InvalidConfig(format!(
            "ridge design holds {} values, expected n·p = {n}·{p}",
            x.len()
        )));
    }
    if let Some(y) = y {
        if y.len() != n {
            return Err(TrainError::InvalidConfig(format!("ridge target holds {} values for {n} rows", y.len())));
        }
    }
    if let Some(i) = x.iter().chain(y.unwrap_or_default()).position(|v| !v.is_finite()) {
        return Err(TrainError::InvalidConfig(format!("ridge input value {i} is not finite")));
    }
    Ok(())
}

impl Ridge {
    /// Fits ridge regression on the row-major design `x` `(n, p)` and target `y` `(n)` with penalty `alpha`
    /// (≥ 0; 0 is ordinary least squares and fails when the centred design is singular).
    pub fn fit(x: &[f32], n: usize, p: usize, y: &[f32], alpha: f64) -> Result<Ridge> {
        check_shapes(x, n, p, Some(y))?;
        if !(alpha.is_finite() && alpha >= 0.0) {
            return Err(TrainError::InvalidConfig(format!("ridge penalty α = {alpha} must be finite and ≥ 0")));
        }
        let mut mean = vec![0.0f64; p];
        for row in x.chunks_exact(p) {
            mean.iter_mut().zip(row).for_each(|(m, &v)| *m += f64::from(v));
        }
        mean.iter_mut().for_each(|m| *m /= n as f64);
        let y_mean = y.iter().map(|&v| f64::from(v)).sum::<f64>() / n as f64;
        let mut gram = vec![0.0f64; p * p];
        let mut rhs = vec![0.0f64; p];
        let mut centred = vec![0.0f64; p];
        for (row, &target) in x.chunks_exact(p).zip(y) {
            centred.iter_mut().zip(row).zip(&mean).for_each(|((c, &v), m)| *c = f64::from(v) - m);
            let t = f64::from(target) - y_mean;
            for i in 0..p {
                let ci = centred[i];
                if ci == 0.0 {
                    continue;
                }
                rhs[i] += ci * t;
                let g = &mut gram[i * p..(i + 1) * p];
                g[i..].iter_mut().zip(&centred[i..]).for_each(|(g, &cj)| *g += ci * cj);
            }
        }
        for i in 0..p {
            gram[i * p + i] += alpha;
            for j in 0..i {
                gram[i * p + j] = gram[j * p + i];
            }
        }
        let weights = cholesky_solve(&mut gram, &rhs, p).ok_or_else(|| {
            TrainError::InvalidConfig(format!("ridge normal equations are singular at α = {alpha}; use a positive α"))
        })?;
        let intercept = y_mean - weights.iter().zip(&mean).map(|(w, m)| w * m).sum::<f64>();
        Ok(Ridge { weights, intercept, alpha })
    }

    /// Predictions for the row-major design `x` `(n, p)`.
    pub fn predict(&self, x: &[f32], n: usize) -> Result<Vec<f32>> {
        check_shapes(x, n, self.weights.len(), None)?;
        Ok(x.chunks_exact(self.weights.len())
            .map(|row| {
                (self.intercept + row.iter().zip(&self.weights).map(|(&v, w)| f64::from(v) * w).sum::<f64>()) as f32
            })
            .collect())
    }

    /// Fits one model per α on the training part and keeps the α whose predictions on the validation part
    /// minimise `loss(y_true, y_pred)` (e.g. [`crate::metrics::mse`], or a negated correlation).
    pub fn select_alpha(
        train: (&[f32], &[f32]),
        valid: (&[f32], &[f32]),
        p: usize,
        alphas: &[f64],
        loss: impl Fn(&[f32], &[f32]) -> f64,
    ) -> Result<AlphaSelection> {
        if alphas.is_empty() {
            return Err(TrainError::InvalidConfig("no ridge penalty to choose from".into()));
        }
        let (n_train, n_valid) = (train.1.len(), valid.1.len());
        let mut losses = Vec::with_capacity(alphas.len());
        for &alpha in alphas {
            let model = Ridge::fit(train.0, n_train, p, train.1, alpha)?;
            let value = loss(valid.1, &model.predict(valid.0, n_valid)?);
            tracing::debug!(alpha, value, "ridge validation loss");
            losses.push((alpha, value));
        }
        let alpha = losses
            .iter()
            .filter(|(_, v)| v.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|&(a, _)| a)
            .ok_or_else(|| TrainError::InvalidConfig("every ridge penalty gave a non-finite validation loss".into()))?;
        Ok(AlphaSelection { alpha, losses })
    }
}

/// Solves `A w = b` for a symmetric positive-definite `A` (`p × p`, overwritten by its Cholesky factor);
/// `None` when `A` is not positive definite.
fn cholesky_solve(a: &mut [f64], b: &[f64], p: usize) -> Option<Vec<f64>> {
    let scale = (0..p).map(|i| a[i * p + i].abs()).fold(0.0f64, f64::max).max(f64::MIN_POSITIVE);
    for j in 0..p {
        let mut d = a[j * p + j];
        for k in 0..j {
            d -= a[j * p + k] * a[j * p + k];
        }
        if d <= 1e-12 * scale {
            return None;
        }
        let d = d.sqrt();
        a[j * p + j] = d;
        for i in j + 1..p {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    let mut z = vec![0.0; p];
    for i in 0..p {
        let s: f64 = (0..i).map(|k| a[i * p + k] * z[k]).sum();
        z[i] = (b[i] - s) / a[i * p + i];
    }
    let mut w = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|k| a[k * p + i] * w[k]).sum();
        w[i] = (z[i] - s) / a[i * p + i];
    }
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orthogonal_design_matches_the_closed_form() {
        // centred orthogonal columns, XᵀX = 2I: w = Xᵀ(y − ȳ) / (2 + α), intercept = ȳ
        let x = [1.0, 0.0, -1.0, 0.0, 0.0, 1.0, 0.0, -1.0];
        let y = [2.0, 0.0, 5.0, 1.0];
        for alpha in [0.0, 1.0, 10.0] {
            let r = Ridge::fit(&x, 4, 2, &y, alpha).unwrap();
            assert!((r.weights[0] - 2.0 / (2.0 + alpha)).abs() < 1e-12, "{r:?}");
            assert!((r.weights[1] - 4.0 / (2.0 + alpha)).abs() < 1e-12, "{r:?}");
            assert!((r.intercept - 2.0).abs() < 1e-12);
        }
        let shrunk = Ridge::fit(&x, 4, 2, &y, 1e6).unwrap();
        assert!(shrunk.weights.iter().all(|w| w.abs() < 1e-5), "a huge α shrinks every weight to 0");
    }

    #[test]
    fn general_design_solves_the_normal_equations() {
        // y = 1 + 3·x₀ − 2·x₁ exactly: least squares recovers it, ridge satisfies (XcᵀXc + αI)w = Xcᵀyc
        let rows: Vec<[f32; 2]> = (0..20).map(|i| [(i % 7) as f32 * 0.5, ((i * 3) % 5) as f32 - 1.0]).collect();
        let x: Vec<f32> = rows.iter().flatten().copied().collect();
        let y: Vec<f32> = rows.iter().map(|r| 1.0 + 3.0 * r[0] - 2.0 * r[1]).collect();
        let ols = Ridge::fit(&x, 20, 2, &y, 0.0).unwrap();
        assert!(
            (ols.weights[0] - 3.0).abs() < 1e-5
                && (ols.weights[1] + 2.0).abs() < 1e-5
                && (ols.intercept - 1.0).abs() < 1e-5,
            "{ols:?}"
        );
        let pred = ols.predict(&x, 20).unwrap();
        assert!(pred.iter().zip(&y).all(|(p, t)| (p - t).abs() < 1e-4));
        let alpha = 5.0;
        let r = Ridge::fit(&x, 20, 2, &y, alpha).unwrap();
        let mx = [
            rows.iter().map(|r| f64::from(r[0])).sum::<f64>() / 20.0,
            rows.iter().map(|r| f64::from(r[1])).sum::<f64>() / 20.0,
        ];
        let my = y.iter().map(|&v| f64::from(v)).sum::<f64>() / 20.0;
        for j in 0..2 {
            let lhs: f64 = rows
                .iter()
                .map(|row| {
                    (f64::from(row[j]) - mx[j])
                        * ((f64::from(row[0]) - mx[0]) * r.weights[0] + (f64::from(row[1]) - mx[1]) * r.weights[1])
                })
                .sum::<f64>()
                + alpha * r.weights[j];
            let rhs: f64 = rows.iter().zip(&y).map(|(row, &t)| (f64::from(row[j]) - mx[j]) * (f64::from(t) - my)).sum();
            assert!((lhs - rhs).abs() < 1e-8, "normal equation {j}: {lhs} vs {rhs}");
        }
    }

    #[test]
    fn collinear_design_needs_a_penalty_and_bad_input_is_refused() {
        // two identical columns: OLS is singular, ridge splits the weight evenly
        let x = [1.0, 1.0, 2.0, 2.0, 3.0, 3.0];
        let y = [1.0, 2.0, 3.0];
        assert!(Ridge::fit(&x, 3, 2, &y, 0.0).is_err());
        let r = Ridge::fit(&x, 3, 2, &y, 0.1).unwrap();
        assert!((r.weights[0] - r.weights[1]).abs() < 1e-12);
        assert!(Ridge::fit(&x, 3, 2, &y[..2], 1.0).is_err());
        assert!(Ridge::fit(&x, 3, 2, &[1.0, f32::NAN, 0.0], 1.0).is_err());
        assert!(Ridge::fit(&x, 3, 2, &y, -1.0).is_err());
    }

    #[test]
    fn alpha_selection_keeps_the_smallest_validation_loss() {
        let x = [1.0, 0.0, -1.0, 0.0, 0.0, 1.0, 0.0, -1.0];
        let y = [2.0, 0.0, 5.0, 1.0];
        // validation targets equal the OLS fit: the smallest α wins under MSE
        let valid_y = Ridge::fit(&x, 4, 2, &y, 0.0).unwrap().predict(&x, 4).unwrap();
        let mse = |t: &[f32], p: &[f32]| t.iter().zip(p).map(|(a, b)| f64::from(a - b).powi(2)).sum::<f64>();
        let s = Ridge::select_alpha((&x, &y), (&x, &valid_y), 2, &[10.0, 0.01, 1.0], mse).unwrap();
        assert_eq!(s.alpha, 0.01);
        assert_eq!(s.losses.len(), 3);
        assert!(s.losses[0].1 > s.losses[2].1 && s.losses[2].1 > s.losses[1].1);
        assert!(Ridge::select_alpha((&x, &y), (&x, &valid_y), 2, &[], mse).is_err());
    }
}
