//! A k-mer baseline: k-mer count features of one-hot sequences and an L2-regularised logistic regression
//! fitted by Newton's method (conjugate-gradient steps on Hessian–vector products, backtracking line
//! search). Deterministic: no random step, sequential sums, the same data give the same bits.
//!
//! **Features.** Every window of `k` consecutive one-hot columns that are all exactly one-hot (no N) counts
//! once. With [`KmerOptions::canonical`] a k-mer and its reverse complement share one feature (both strands
//! collapsed: 512 features for k = 5); without it each of the `4^k` k-mers is its own feature (1,024 for
//! k = 5, as scikit-learn pipelines usually count). Features are standardised with the training means and
//! standard deviations (scikit-learn's `StandardScaler`), without densifying the sparse counts.
//!
//! **Objective.** `mean log-loss + l2/2 · ‖w‖²` (the intercept is not penalised); scikit-learn's
//! `LogisticRegression(C)` on `n` training sequences is `l2 = 1 / (C · n)`.

use crate::error::{Result, TrainError};
use seq_io::Dataset;

/// Options of [`KmerLogistic::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmerOptions {
    /// k-mer length (1 to 8).
    pub k: usize,
    /// Count a k-mer and its reverse complement as one feature.
    pub canonical: bool,
    /// L2 penalty on the mean log-loss scale (see the module docs).
    pub l2: f64,
    /// Newton iterations at most.
    pub max_iter: usize,
    /// Stop when the gradient's largest component is below this.
    pub tolerance: f64,
}

impl Default for KmerOptions {
    fn default() -> Self {
        KmerOptions { k: 5, canonical: false, l2: 1e-2, max_iter: 50, tolerance: 1e-8 }
    }
}

/// The k-mer → feature map.
#[derive(Debug, Clone, PartialEq)]
pub struct KmerIndex {
    k: usize,
    feature_of: Vec<u32>,
    features: usize,
}

impl KmerIndex {
    /// The map for `k` (1–8), strands collapsed or not.
    pub fn new(k: usize, canonical: bool) -> Result<Self> {
        if !(1..=8).contains(&k) {
            return Err(TrainError::InvalidConfig(format!("k-mer length {k} must lie in 1..=8")));
        }
        let total = 1usize << (2 * k);
        let mut feature_of = vec![u32::MAX; total];
        let mut features = 0u32;
        for code in 0..total {
            let rc = if canonical { reverse_complement_code(code, k) } else { code };
            let rep = code.min(rc);
            if feature_of[rep] == u32::MAX {
                feature_of[rep] = features;
                features += 1;
            }
            feature_of[code] = feature_of[rep];
        }
        Ok(KmerIndex { k, feature_of, features: features as usize })
    }

    /// Number of features.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Sparse counts of one `(4, len)` one-hot sequence: `(feature, count)` sorted by feature.
    pub fn counts(&self, x: &[f32], len: usize) -> Vec<(u32, f32)> {
        let base = |p: usize| -> Option<usize> {
            let col = [x[p], x[len + p], x[2 * len + p], x[3 * len + p]];
            let hot = col.iter().position(|&v| v == 1.0)?;
            (col.iter().filter(|&&v| v == 0.0).count() == 3).then_some(hot)
        };
        let mask = (1usize << (2 * self.k)) - 1;
        let mut dense: Vec<(u32, f32)> = Vec::new();
        let (mut code, mut valid) = (0usize, 0usize);
        for p in 0..len {
            match base(p) {
                Some(b) => {
                    code = ((code << 2) | b) & mask;
                    valid += 1;
                }
                None => valid = 0,
            }
            if valid >= self.k {
                dense.push((self.feature_of[code], 1.0));
            }
        }
        dense.sort_unstable_by_key(|&(f, _)| f);
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(dense.len());
        for (f, c) in dense {
            match out.last_mut() {
                Some(last) if last.0 == f => last.1 += c,
                _ => out.push((f, c)),
            }
        }
        out
    }
}

/// The code of the reverse complement of the k-mer `code` (2 bits per base, A=0 C=1 G=2 T=3).
fn reverse_complement_code(code: usize, k: usize) -> usize {
    let mut out = 0;
    for i in 0..k {
        let b = (code >> (2 * i)) & 3;
        out = (out << 2) | (3 - b);
    }
    out
}

/// A fitted k-mer logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct KmerLogistic {
    /// The feature map.
    pub index: KmerIndex,
    /// Training means of the features.
    pub mean: Vec<f64>,
    /// Training standard deviations (1 where a feature is constant).
    pub scale: Vec<f64>,
    /// Weights on the standardised features.
    pub weights: Vec<f64>,
    /// Intercept.
    pub intercept: f64,
    /// Newton iterations run.
    pub iterations: usize,
    /// Largest gradient component at the end.
    pub gradient_norm: f64,
}

/// Standardised sparse design: `x̃ᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ`, kept as raw sparse rows.
struct Design<'a> {
    rows: &'a [Vec<(u32, f32)>],
    mean: &'a [f64],
    scale: &'a [f64],
}

impl Design<'_> {
    /// `X̃ v` for each row.
    fn times(&self, v: &[f64]) -> Vec<f64> {
        let vs: Vec<f64> = v.iter().zip(self.scale).map(|(a, s)| a / s).collect();
        let shift: f64 = vs.iter().zip(self.mean).map(|(a, m)| a * m).sum();
        self.rows.iter().map(|r| r.iter().map(|&(f, c)| f64::from(c) * vs[f as usize]).sum::<f64>() - shift).collect()
    }

    /// `X̃ᵀ u`.
    fn transpose_times(&self, u: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.mean.len()];
        for (r, &ui) in self.rows.iter().zip(u) {
            for &(f, c) in r {
                out[f as usize] += f64::from(c) * ui;
            }
        }
        let total: f64 = u.iter().sum();
        out.iter_mut().enumerate().for_each(|(j, o)| *o = (*o - self.mean[j] * total) / self.scale[j]);
        out
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `log(1 + e^z) − y z`, stably.
fn log_loss(z: f64, y: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p() - y * z
}

impl KmerLogistic {
    /// Fits on `train` (one task, labels 0/1).
    pub fn fit(train: &Dataset, opts: &KmerOptions) -> Result<Self> {
        if train.n() == 0 {
            return Err(TrainError::EmptySplit { split: "train".into() });
        }
        if train.tasks != 1 {
            return Err(TrainError::InvalidConfig(format!(
                "the k-mer baseline takes one task, the data have {}",
                train.tasks
            )));
        }
        if let Some(i) = (0..train.n()).find(|&i| train.y[i] != 0.0 && train.y[i] != 1.0) {
            return Err(TrainError::InvalidLabel {
                split: "train".into(),
                record: train.names.get(i).cloned().unwrap_or_default(),
                task: 0,
                value: train.y[i],
                reason: "is not 0 or 1".into(),
            });
        }
        if !(opts.l2.is_finite() && opts.l2 > 0.0) {
            return Err(TrainError::InvalidConfig(format!("k-mer L2 penalty {} must be positive", opts.l2)));
        }
        let index = KmerIndex::new(opts.k, opts.canonical)?;
        let rows: Vec<Vec<(u32, f32)>> = (0..train.n()).map(|i| index.counts(train.seq(i), train.len)).collect();
        let (d, n) = (index.features(), train.n() as f64);
        let mut mean = vec![0.0; d];
        let mut square = vec![0.0; d];
        for r in &rows {
            for &(f, c) in r {
                mean[f as usize] += f64::from(c) / n;
                square[f as usize] += f64::from(c) * f64::from(c) / n;
            }
        }
        let scale: Vec<f64> = mean
            .iter()
            .zip(&square)
            .map(|(m, s)| {
                let sd = (s - m * m).max(0.0).sqrt();
                if sd > 1e-12 {
                    sd
                } else {
                    1.0
                }
            })
            .collect();
        let y: Vec<f64> = train.y.iter().map(|&v| f64::from(v)).collect();
        let design = Design { rows: &rows, mean: &mean, scale: &scale };
        let objective = |w: &[f64], b: f64| -> f64 {
            let z = design.times(w);
            z.iter().zip(&y).map(|(zi, yi)| log_loss(zi + b, *yi)).sum::<f64>() / n
                + 0.5 * opts.l2 * w.iter().map(|v| v * v).sum::<f64>()
        };
        let (mut w, mut b) = (vec![0.0; d], 0.0);
        let (mut iterations, mut gradient_norm) = (0, f64::INFINITY);
        while iterations < opts.max_iter {
            let z = design.times(&w);
            let p: Vec<f64> = z.iter().map(|zi| sigmoid(zi + b)).collect();
            let residual: Vec<f64> = p.iter().zip(&y).map(|(pi, yi)| (pi - yi) / n).collect();
            let mut gw = design.transpose_times(&residual);
            gw.iter_mut().zip(&w).for_each(|(g, wi)| *g += opts.l2 * wi);
            let gb: f64 = residual.iter().sum();
            gradient_norm = gw.iter().fold(gb.abs(), |m, g| m.max(g.abs()));
            if gradient_norm < opts.tolerance {
                break;
            }
            let curvature: Vec<f64> = p.iter().map(|pi| pi * (1.0 - pi) / n).collect();
            let hessian_times = |sw: &[f64], sb: f64| -> (Vec<f64>, f64) {
                let t = design.times(sw);
                let u: Vec<f64> = t.iter().zip(&curvature).map(|(ti, c)| (ti + sb) * c).collect();
                let mut hw = design.transpose_times(&u);
                hw.iter_mut().zip(sw).for_each(|(h, s)| *h += opts.l2 * s);
                (hw, u.iter().sum::<f64>() + 1e-10 * sb)
            };
            let (step_w, step_b) = conjugate_gradient(&hessian_times, &gw, gb, 250);
            let before = objective(&w, b);
            let slope: f64 = gw.iter().zip(&step_w).map(|(g, s)| g * s).sum::<f64>() + gb * step_b;
            let mut t = 1.0;
            loop {
                let cand: Vec<f64> = w.iter().zip(&step_w).map(|(wi, s)| wi - t * s).collect();
                let cb = b - t * step_b;
                if objective(&cand, cb) <= before - 1e-4 * t * slope || t < 1e-10 {
                    w = cand;
                    b = cb;
                    break;
                }
                t *= 0.5;
            }
            iterations += 1;
        }
        Ok(KmerLogistic { index, mean, scale, weights: w, intercept: b, iterations, gradient_norm })
    }

    /// Decision values (logits) of every sequence of `ds`.
    pub fn decision(&self, ds: &Dataset) -> Vec<f64> {
        let rows: Vec<Vec<(u32, f32)>> = (0..ds.n()).map(|i| self.index.counts(ds.seq(i), ds.len)).collect();
        let design = Design { rows: &rows, mean: &self.mean, scale: &self.scale };
        design.times(&self.weights).into_iter().map(|z| z + self.intercept).collect()
    }

    /// Probabilities of the positive class.
    pub fn predict(&self, ds: &Dataset) -> Vec<f32> {
        self.decision(ds).into_iter().map(|z| sigmoid(z) as f32).collect()
    }
}

/// A Hessian–vector product on (weights, bias): `(v_w, v_b) ↦ (H v)_w, (H v)_b`.
type HessianProduct<'a> = &'a dyn Fn(&[f64], f64) -> (Vec<f64>, f64);

/// Solves `H s = g` by conjugate gradients (`H` given as a product), to a relative residual of 1e-10.
fn conjugate_gradient(h: HessianProduct<'_>, gw: &[f64], gb: f64, max_iter: usize) -> (Vec<f64>, f64) {
    let dot = |aw: &[f64], ab: f64, bw: &[f64], bb: f64| aw.iter().zip(bw).map(|(x, y)| x * y).sum::<f64>() + ab * bb;
    let (mut sw, mut sb) = (vec![0.0; gw.len()], 0.0);
    let (mut rw, mut rb) = (gw.to_vec(), gb);
    let (mut pw, mut pb) = (rw.clone(), rb);
    let mut rr = dot(&rw, rb, &rw, rb);
    let stop = rr * 1e-20;
    for _ in 0..max_iter {
        if rr <= stop {
            break;
        }
        let (hw, hb) = h(&pw, pb);
        let alpha = rr / dot(&pw, pb, &hw, hb);
        sw.iter_mut().zip(&pw).for_each(|(s, p)| *s += alpha * p);
        sb += alpha * pb;
        rw.iter_mut().zip(&hw).for_each(|(r, q)| *r -= alpha * q);
        rb -= alpha * hb;
        let next = dot(&rw, rb, &rw, rb);
        let beta = next / rr;
        pw.iter_mut().zip(&rw).for_each(|(p, r)| *p = r + beta * *p);
        pb = rb + beta * pb;
        rr = next;
    }
    (sw, sb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::roc_auc;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use seq_io::onehot::encode;
    use seq_io::UnknownPolicy;

    fn dataset(seqs: &[Vec<u8>], y: &[f32]) -> Dataset {
        let len = seqs[0].len();
        let x = seqs.iter().flat_map(|s| encode(s, UnknownPolicy::Zeros, "s").expect("valid")).collect();
        Dataset::new(x, y.to_vec(), len, 1, (0..seqs.len()).map(|i| format!("s{i}")).collect()).expect("consistent")
    }

    #[test]
    fn counts_by_hand_with_and_without_strand_collapse() {
        let index = KmerIndex::new(2, false).unwrap();
        assert_eq!(index.features(), 16);
        // ACGNAC: AC, CG (GN, NA skipped), AC → AC ×2 (code 1), CG ×1 (code 6)
        let ds = dataset(&[b"ACGNAC".to_vec()], &[1.0]);
        assert_eq!(index.counts(ds.seq(0), 6), vec![(1, 2.0), (6, 1.0)]);
        let canonical = KmerIndex::new(2, true).unwrap();
        assert_eq!(canonical.features(), 10, "(16 + 4 palindromes) / 2");
        let a = dataset(&[b"AAAC".to_vec()], &[1.0]);
        let b = dataset(&[b"GTTT".to_vec()], &[1.0]);
        assert_eq!(canonical.counts(a.seq(0), 4), canonical.counts(b.seq(0), 4), "reverse complements count alike");
        assert_ne!(index.counts(a.seq(0), 4), index.counts(b.seq(0), 4));
        assert_eq!(KmerIndex::new(5, true).unwrap().features(), 512);
        assert!(KmerIndex::new(9, false).is_err());
    }

    #[test]
    fn planted_motif_is_learned_and_the_fit_is_deterministic() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut make = |n: usize| {
            let mut seqs = Vec::new();
            let mut y = Vec::new();
            for i in 0..n {
                let mut s: Vec<u8> = (0..100).map(|_| b"ACGT"[rng.random_range(0..4)]).collect();
                if i % 2 == 0 {
                    let at = rng.random_range(0..90);
                    s[at..at + 8].copy_from_slice(b"CCGCGAGG");
                }
                seqs.push(s);
                y.push(if i % 2 == 0 { 1.0 } else { 0.0 });
            }
            dataset(&seqs, &y)
        };
        let (train, test) = (make(400), make(200));
        let opts = KmerOptions { k: 4, l2: 1.0 / (0.1 * 400.0), ..Default::default() };
        let model = KmerLogistic::fit(&train, &opts).unwrap();
        assert!(model.gradient_norm < 1e-8, "converged: {} after {}", model.gradient_norm, model.iterations);
        let auc = roc_auc(&test.y, &model.predict(&test)).unwrap();
        assert!(auc > 0.9, "test auROC {auc}");
        assert_eq!(KmerLogistic::fit(&train, &opts).unwrap(), model, "same data, same bits");
        // at the optimum the gradient of mean log-loss + l2/2‖w‖² vanishes: Σ(p − y)/n = 0 for the intercept
        let p = model.predict(&train);
        let mean_residual: f64 = p.iter().zip(&train.y).map(|(a, b)| f64::from(a - b)).sum::<f64>() / 400.0;
        assert!(mean_residual.abs() < 1e-6, "{mean_residual}");
        let canonical = KmerLogistic::fit(&train, &KmerOptions { canonical: true, ..opts }).unwrap();
        assert!(roc_auc(&test.y, &canonical.predict(&test)).unwrap() > 0.9);
    }
}
