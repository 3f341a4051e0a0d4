//! Density adaptation of a k-NN similarity graph, as TF-MoDISco prepares it for Leiden: similarities become
//! distances `d = max(ln(2 / s − 1), 0)` (s ≤ 0 counts as 1e-7), the two directions of a pair are averaged,
//! each row gets a t-SNE bandwidth β so that its conditional distribution `exp(−d β) / Z` has the target
//! perplexity (Z counts the row's own point, `+1`), and the edge weight is the geometric mean of the two
//! conditionals, `sqrt(p_{j|i} p_{i|j})`, with `1 / Z_i` on the diagonal.
//!
//! [`DensityKernel::Lite`] applies β as tfmodisco-lite 2.x does, `exp(−d / β)`, although β was found for
//! `exp(−d β)`: the weights then stay close to uniform over the k neighbours, and Leiden finds communities
//! of the size of the motif classes. [`DensityKernel::Calibrated`] applies `exp(−d β)`, the t-SNE
//! conditional at the target perplexity, which is much sparser (Leiden then splits classes into many small
//! communities that the merge step has to join).

use crate::graph::Graph;
use crate::knn::KnnGraph;
use rayon::prelude::*;

/// How the per-row bandwidth β turns a distance into a weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DensityKernel {
    /// `exp(−d / β)`, as tfmodisco-lite computes it (the default).
    #[default]
    Lite,
    /// `exp(−d β)`, the conditional of the target perplexity.
    Calibrated,
}

impl DensityKernel {
    fn weight(self, d: f64, beta: f64) -> f64 {
        match self {
            DensityKernel::Lite => (-d / beta).exp(),
            DensityKernel::Calibrated => (-d * beta).exp(),
        }
    }
}

/// Distance of a similarity.
fn distance(s: f32) -> f64 {
    let s = f64::from(s).max(1e-7);
    ((1.0 / (0.5 * s)) - 1.0).ln().max(0.0)
}

/// β of one row so that the entropy of `exp(−d β) / (Σ exp(−d β) + 1)` is `ln(perplexity)` (binary search,
/// 100 steps, tolerance 1e-5, as scikit-learn's t-SNE).
pub fn perplexity_beta(distances: &[f64], perplexity: f64) -> f64 {
    let desired = perplexity.ln();
    let (mut lo, mut hi, mut beta) = (f64::NEG_INFINITY, f64::INFINITY, 1.0f64);
    for _ in 0..100 {
        let mut sum = 1.0;
        let mut sum_dp = 0.0;
        for &d in distances {
            let p = (-d * beta).exp();
            sum += p;
            sum_dp += d * p;
        }
        let entropy = sum.max(1e-8).ln() + beta * sum_dp / sum.max(1e-8);
        let diff = entropy - desired;
        if diff.abs() <= 1e-5 {
            break;
        }
        if diff > 0.0 {
            lo = beta;
            beta = if hi == f64::INFINITY { beta * 2.0 } else { (beta + hi) / 2.0 };
        } else {
            hi = beta;
            beta = if lo == f64::NEG_INFINITY { beta / 2.0 } else { (beta + lo) / 2.0 };
        }
    }
    beta
}

/// The density-adapted symmetric graph of a k-NN graph.
pub fn density_adapted_graph(knn: &KnnGraph, perplexity: f64, kernel: DensityKernel) -> Graph {
    let n = knn.n();
    // Symmetrised distances: every stored entry in both directions, then per row merged by column with the
    // mean of the directions present.
    let mut count = vec![0usize; n + 1];
    for i in 0..n {
        for (j, _, _) in knn.row(i) {
            count[i + 1] += 1;
            count[j + 1] += 1;
        }
    }
    for i in 0..n {
        count[i + 1] += count[i];
    }
    let mut fill = count.clone();
    let mut cols = vec![0u32; count[n]];
    let mut vals = vec![0.0f32; count[n]];
    for i in 0..n {
        for (j, f, _) in knn.row(i) {
            let d = distance(f) as f32;
            cols[fill[i]] = j as u32;
            vals[fill[i]] = d;
            fill[i] += 1;
            cols[fill[j]] = i as u32;
            vals[fill[j]] = d;
            fill[j] += 1;
        }
    }
    drop(fill);
    let rows: Vec<Vec<(u32, f64)>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut e: Vec<(u32, f32)> = cols[count[i]..count[i + 1]]
                .iter()
                .copied()
                .zip(vals[count[i]..count[i + 1]].iter().copied())
                .collect();
            e.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut out: Vec<(u32, f64)> = Vec::with_capacity(e.len());
            let mut k = 0;
            while k < e.len() {
                let mut m = k;
                let mut sum = 0.0f64;
                while m < e.len() && e[m].0 == e[k].0 {
                    sum += f64::from(e[m].1);
                    m += 1;
                }
                out.push((e[k].0, sum / (m - k) as f64));
                k = m;
            }
            out
        })
        .collect();
    drop(cols);
    drop(vals);
    let betas: Vec<f64> =
        rows.par_iter().map(|r| perplexity_beta(&r.iter().map(|e| e.1).collect::<Vec<_>>(), perplexity)).collect();
    let norms: Vec<f64> =
        rows.par_iter().zip(&betas).map(|(r, &b)| r.iter().map(|e| kernel.weight(e.1, b)).sum::<f64>() + 1.0).collect();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0usize);
    let mut targets = Vec::new();
    let mut weights = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let mut diag_done = false;
        for &(j, d) in r {
            let j = j as usize;
            if j > i && !diag_done {
                targets.push(i as u32);
                weights.push(1.0 / norms[i]);
                diag_done = true;
            }
            let p_i = kernel.weight(d, betas[i]) / norms[i];
            let p_j = kernel.weight(d, betas[j]) / norms[j];
            targets.push(j as u32);
            weights.push((p_i * p_j).sqrt());
        }
        if !diag_done {
            targets.push(i as u32);
            weights.push(1.0 / norms[i]);
        }
        offsets.push(targets.len());
    }
    Graph::from_csr(offsets, targets, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_reaches_the_perplexity() {
        let d: Vec<f64> = (0..50).map(|i| i as f64 * 0.1).collect();
        let b = perplexity_beta(&d, 10.0);
        let z: f64 = d.iter().map(|x| (-x * b).exp()).sum::<f64>() + 1.0;
        let h: f64 = d.iter().map(|x| (-x * b).exp() / z).map(|p| -p * p.ln()).sum::<f64>() + (1.0 / z) * z.ln();
        assert!((h - 10f64.ln()).abs() < 1e-4, "{h}");
    }

    #[test]
    fn distances_of_similarities() {
        assert_eq!(distance(1.0), 0.0);
        assert!((distance(0.5) - 3f64.ln()).abs() < 1e-12);
        assert!((distance(-0.3) - (2e7f64 - 1.0).ln()).abs() < 1e-9);
    }
}
