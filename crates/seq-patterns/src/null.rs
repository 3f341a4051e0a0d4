//! Thresholds on windowed contribution sums from a null distribution, as TF-MoDISco's seqlet caller sets
//! them: a Laplace null fitted to the observed windowed sums (or windowed sums of null tracks), isotonic
//! regression of "observed vs null" to an FDR-controlled threshold per sign, then the fraction of passing
//! windows clamped to `[min_frac, max_frac]`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// numpy's default percentile (linear interpolation) of **sorted** values; `q` in 0..=100.
pub fn percentile_sorted(sorted: &[f32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = q / 100.0 * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    let frac = rank - lo as f64;
    f64::from(sorted[lo]) + (f64::from(sorted[hi]) - f64::from(sorted[lo])) * frac
}

/// The mode of `values` by a histogram of `bins` bins: the peak bin's edges.
fn bin_mode(values: &[f32], bins: usize) -> (f64, f64) {
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(f64::from(v)), b.max(f64::from(v))));
    if hi <= lo {
        return (lo, lo);
    }
    let width = (hi - lo) / bins as f64;
    let mut hist = vec![0usize; bins];
    for &v in values {
        let b = (((f64::from(v) - lo) / width) as usize).min(bins - 1);
        hist[b] += 1;
    }
    let peak = hist.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0))).map(|(i, _)| i).unwrap_or(0);
    (lo + peak as f64 * width, lo + (peak + 1) as f64 * width)
}

/// A Laplace distribution with different rates on either side of its mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaplaceNull {
    /// Mode (two-level histogram estimate).
    pub mu: f64,
    /// Rate of the positive side.
    pub lambda_pos: f64,
    /// Rate of the negative side.
    pub lambda_neg: f64,
    /// Probability of the positive side.
    pub prob_pos: f64,
}

impl LaplaceNull {
    /// Fits the null to windowed sums: the mode from a two-level 1000-bin histogram, then per side the most
    /// aggressive rate `-ln(1 - q) / |percentile_q - mu|` over q = 5, 10, …, 95 %.
    pub fn fit(values: &[f32]) -> LaplaceNull {
        let (l, r) = bin_mode(values, 1000);
        let top: Vec<f32> = values.iter().copied().filter(|&v| f64::from(v) > l && f64::from(v) < r).collect();
        let (l2, r2) = if top.is_empty() { (l, r) } else { bin_mode(&top, 1000) };
        let mu = (l2 + r2) / 2.0;
        let mut pos: Vec<f32> = values.iter().copied().filter(|&v| f64::from(v) >= mu).collect();
        let mut neg: Vec<f32> = values.iter().copied().filter(|&v| f64::from(v) <= mu).collect();
        pos.sort_by(f32::total_cmp);
        neg.sort_by(f32::total_cmp);
        let rate = |side: &[f32], positive: bool| -> f64 {
            let mut best = f64::MIN;
            for i in 1..20 {
                let q = 5.0 * i as f64;
                let pct = if positive { percentile_sorted(side, q) } else { percentile_sorted(side, 100.0 - q) };
                let d = (pct - mu).abs();
                if d > 0.0 {
                    best = best.max(-(1.0 - q / 100.0).ln() / d);
                }
            }
            if best > 0.0 {
                best
            } else {
                f64::INFINITY
            }
        };
        let total = (pos.len() + neg.len()).max(1) as f64;
        LaplaceNull {
            mu,
            lambda_pos: rate(&pos, true),
            lambda_neg: rate(&neg, false),
            prob_pos: pos.len() as f64 / total,
        }
    }

    /// Draws `n` values; returns (the draws ≥ 0, the draws < 0).
    pub fn sample(&self, n: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut pos, mut neg) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let positive = rng.random::<f64>() < self.prob_pos;
            let u: f64 = rng.random();
            let v = if positive {
                self.mu - (1.0 - u).ln() / self.lambda_pos
            } else {
                self.mu + (1.0 - u).ln() / self.lambda_neg
            };
            if v.is_finite() {
                if v >= 0.0 {
                    pos.push(v as f32);
                } else {
                    neg.push(v as f32);
                }
            }
        }
        (pos, neg)
    }
}

/// Weighted isotonic (non-decreasing) regression by pool-adjacent-violators of `y` over points already sorted
/// by x, ties in x pooled first. Returns the fitted value of every point.
pub fn isotonic_increasing(x: &[f64], y: &[f64], w: &[f64]) -> Vec<f64> {
    // Blocks: (sum w*y, sum w, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    let mut i = 0;
    while i < x.len() {
        let mut j = i;
        let (mut sy, mut sw) = (0.0, 0.0);
        while j < x.len() && x[j] == x[i] {
            sy += w[j] * y[j];
            sw += w[j];
            j += 1;
        }
        blocks.push((sy, sw, j - i));
        while blocks.len() > 1 {
            let b = blocks[blocks.len() - 1];
            let a = blocks[blocks.len() - 2];
            if a.0 / a.1 > b.0 / b.1 {
                blocks.pop();
                let last = blocks.last_mut().expect("two blocks were present");
                *last = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
            } else {
                break;
            }
        }
        i = j;
    }
    blocks.iter().flat_map(|&(sy, sw, c)| std::iter::repeat_n(sy / sw, c)).collect()
}

/// The FDR threshold of one sign: `values` and `null` are magnitudes (≥ 0). Observed values are labelled 1,
/// null draws 0 (weighted so both sets have the same mass); the isotonic fit gives P(observed | x), the
/// implied fraction of null windows is clamped to `[0.95, 1]`, and the threshold is the smallest observed
/// value whose precision reaches `1 - target_fdr`. `None` when `values` is empty.
pub fn isotonic_threshold(values: &[f32], null: &[f32], target_fdr: f64) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    if null.is_empty() {
        return values.iter().copied().reduce(f32::min);
    }
    let w_null = values.len() as f64 / null.len() as f64;
    let mut points: Vec<(f64, f64, f64, bool)> = values
        .iter()
        .map(|&v| (f64::from(v), 1.0, 1.0, true))
        .chain(null.iter().map(|&v| (f64::from(v), 0.0, w_null, false)))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let ws: Vec<f64> = points.iter().map(|p| p.2).collect();
    let fitted = isotonic_increasing(&xs, &ys, &ws);
    let min_precision = fitted[0];
    let mut frac_neg = -1.0 / (1.0 - 1.0 / min_precision.max(1e-7));
    if !(0.95..=1.0).contains(&frac_neg) {
        frac_neg = frac_neg.clamp(0.95, 1.0);
    }
    let observed: Vec<(f64, f64)> = points.iter().zip(&fitted).filter(|(p, _)| p.3).map(|(p, &f)| (p.0, f)).collect();
    let last = observed.len() - 1;
    observed
        .iter()
        .enumerate()
        .find(|&(i, &(_, f))| {
            let precision = if i == last { 1.0 } else { (1.0 + frac_neg * (1.0 - 1.0 / f.max(1e-7))).clamp(0.0, 1.0) };
            precision >= 1.0 - target_fdr
        })
        .map(|(_, &(x, _))| x as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_matches_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile_sorted(&v, 50.0), 2.5);
        assert!((percentile_sorted(&v, 10.0) - 1.3).abs() < 1e-9);
        assert_eq!(percentile_sorted(&v, 100.0), 4.0);
    }

    #[test]
    fn pava_pools_violators() {
        // y = 1, 3, 2, 4 -> 1, 2.5, 2.5, 4.
        let f = isotonic_increasing(&[0.0, 1.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0], &[1.0; 4]);
        assert_eq!(f, vec![1.0, 2.5, 2.5, 4.0]);
        // Weighted: (3 w1, 1 w3) -> (3 + 3)/4 = 1.5.
        let f = isotonic_increasing(&[0.0, 1.0], &[3.0, 1.0], &[1.0, 3.0]);
        assert_eq!(f, vec![1.5, 1.5]);
        // Tied x are pooled before anything else.
        let f = isotonic_increasing(&[0.0, 0.0, 1.0], &[0.0, 1.0, 1.0], &[1.0; 3]);
        assert_eq!(f, vec![0.5, 0.5, 1.0]);
    }

    #[test]
    fn laplace_fit_recovers_the_rate() {
        let truth = LaplaceNull { mu: 0.0, lambda_pos: 2.0, lambda_neg: 4.0, prob_pos: 0.5 };
        let (p, n) = truth.sample(200_000, 7);
        let all: Vec<f32> = p.into_iter().chain(n).collect();
        let fit = LaplaceNull::fit(&all);
        assert!(fit.mu.abs() < 0.05, "{fit:?}");
        // The most aggressive rate over the percentiles: at or above the true one, not far above.
        assert!((2.0..3.0).contains(&fit.lambda_pos), "{fit:?}");
        assert!((4.0..5.5).contains(&fit.lambda_neg), "{fit:?}");
        assert!((fit.prob_pos - 0.5).abs() < 0.02, "{fit:?}");
    }

    #[test]
    fn threshold_separates_signal_from_null() {
        // Null: uniform on [0, 1); observed: uniform on [0, 0.9) plus 100 values from 5 up.
        let null: Vec<f32> = (0..1000).map(|i| i as f32 / 1000.0).collect();
        let mut obs: Vec<f32> = (0..1000).map(|i| 0.9 * (i as f32 + 0.5) / 1000.0).collect();
        obs.extend((0..100).map(|i| 5.0 + i as f32 / 100.0));
        assert_eq!(isotonic_threshold(&obs, &null, 0.2), Some(5.0));
        assert_eq!(isotonic_threshold(&[], &null, 0.2), None);
    }
}
