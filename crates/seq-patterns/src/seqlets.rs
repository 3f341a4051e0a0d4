//! Seqlet calling as TF-MoDISco's `extract_seqlets`: sums of the contribution over sliding windows, a null
//! for those sums, FDR thresholds per sign, then greedy non-overlapping peaks (argmax, suppress around it,
//! repeat) expanded by a flank on both sides. Positive and negative seqlets are both kept; the sign of
//! [`Seqlet::score`] tells which.

use crate::error::{invalid, PatternError, Result};
use crate::null::{isotonic_threshold, percentile_sorted, LaplaceNull};
use crate::tracks::Tracks;
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use seq_io::Strand;

/// A contiguous stretch of high contribution: example, 0-based half-open span, strand (`-` when the
/// seqlet is read as the reverse complement) and score (the summed contribution of its core window; its
/// sign is the seqlet's sign).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Seqlet {
    /// Example (row of the tracks).
    pub example: usize,
    /// First position (inclusive).
    pub start: usize,
    /// One past the last position.
    pub end: usize,
    /// Orientation.
    pub strand: Strand,
    /// Summed contribution of the core window (without flanks).
    pub score: f32,
}

impl Seqlet {
    /// Width.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// +1 for a positive seqlet, −1 for a negative one.
    pub fn sign(&self) -> f32 {
        if self.score < 0.0 {
            -1.0
        } else {
            1.0
        }
    }
}

/// Where the null distribution of windowed sums comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum NullModel {
    /// A two-sided Laplace distribution fitted to the observed windowed sums (TF-MoDISco's default).
    Laplace {
        /// Number of null draws.
        samples: usize,
    },
    /// Windowed sums of null tracks given as per-position summed contributions `(N', L)` row-major (e.g.
    /// attributions of dinucleotide-shuffled sequences): their windowed sums are the null.
    Tracks {
        /// Per-position sums, `n × len` values.
        position_sums: Vec<f32>,
        /// Length of each null track.
        len: usize,
    },
}

/// Options of [`call_seqlets`] (defaults are TF-MoDISco's).
#[derive(Debug, Clone, PartialEq)]
pub struct SeqletConfig {
    /// Core window summed over (21).
    pub window: usize,
    /// Flank added on both sides of the core (10).
    pub flank: usize,
    /// Half-width suppressed around each peak; `None` for `window / 2 + flank`.
    pub suppress: Option<usize>,
    /// Target false discovery rate (0.2).
    pub target_fdr: f64,
    /// Lower bound on the fraction of windows that pass (0.03).
    pub min_passing_windows_frac: f64,
    /// Upper bound on the fraction of windows that pass (0.2).
    pub max_passing_windows_frac: f64,
    /// Cap on the percentile of the weak threshold that assigns a sign (0.8).
    pub weak_threshold_for_counting_sign: f64,
    /// Keep at most this many seqlets per sign, the highest |score| first (20 000).
    pub max_seqlets_per_sign: usize,
    /// Fail with [`PatternError::TooFewSeqlets`] below this many seqlets in total (1).
    pub min_seqlets: usize,
    /// The null of windowed sums.
    pub null: NullModel,
    /// Seed of the null draws and the subsample of windows.
    pub seed: u64,
}

impl Default for SeqletConfig {
    fn default() -> Self {
        SeqletConfig {
            window: 21,
            flank: 10,
            suppress: None,
            target_fdr: 0.2,
            min_passing_windows_frac: 0.03,
            max_passing_windows_frac: 0.2,
            weak_threshold_for_counting_sign: 0.8,
            max_seqlets_per_sign: 20_000,
            min_seqlets: 1,
            null: NullModel::Laplace { samples: 10_000 },
            seed: 1234,
        }
    }
}

/// The seqlets and the thresholds that selected them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SeqletCalls {
    /// Seqlets, by example then start.
    pub seqlets: Vec<Seqlet>,
    /// Threshold of positive windowed sums.
    pub positive_threshold: f32,
    /// Threshold of negative windowed sums (≤ 0).
    pub negative_threshold: f32,
    /// The weak threshold on |core sum| that assigns a seqlet its sign.
    pub threshold: f32,
}

/// Sliding-window sums of each row of `sums` (`rows × len`): `rows × (len - window + 1)`.
pub fn window_sums(sums: &[f32], len: usize, window: usize) -> Vec<f32> {
    let d = len + 1 - window;
    let mut out = Vec::with_capacity(sums.len() / len * d);
    for row in sums.chunks_exact(len) {
        let mut acc: f64 = row[..window].iter().map(|&v| f64::from(v)).sum();
        out.push(acc as f32);
        for p in window..len {
            acc += f64::from(row[p]) - f64::from(row[p - window]);
            out.push(acc as f32);
        }
    }
    out
}

fn check_config(cfg: &SeqletConfig, len: usize) -> Result<()> {
    if cfg.window == 0 || cfg.window + 2 * cfg.flank > len {
        return Err(invalid(
            "window",
            format!("window {} + 2 × flank {} must be ≥ 1 and ≤ the sequence length {len}", cfg.window, cfg.flank),
        ));
    }
    if !(cfg.target_fdr > 0.0 && cfg.target_fdr < 1.0) {
        return Err(invalid("target_fdr", format!("{} is not in (0, 1)", cfg.target_fdr)));
    }
    let (lo, hi) = (cfg.min_passing_windows_frac, cfg.max_passing_windows_frac);
    if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) || lo > hi {
        return Err(invalid("min/max_passing_windows_frac", format!("need 0 ≤ min {lo} ≤ max {hi} ≤ 1")));
    }
    Ok(())
}

/// Calls seqlets on `tracks` (see the module documentation).
pub fn call_seqlets(tracks: &Tracks<'_>, cfg: &SeqletConfig) -> Result<SeqletCalls> {
    let len = tracks.len();
    check_config(cfg, len)?;
    let d = len + 1 - cfg.window;
    let mut smoothed = window_sums(&tracks.all_position_sums(), len, cfg.window);

    // Observed values (subsampled to a million), split by sign, sorted by magnitude.
    const CAP: usize = 1_000_000;
    let values: Vec<f32> = if smoothed.len() > CAP {
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        sample(&mut rng, smoothed.len(), CAP).into_iter().map(|i| smoothed[i]).collect()
    } else {
        smoothed.clone()
    };
    let (null_pos, null_neg) = match &cfg.null {
        NullModel::Laplace { samples } => LaplaceNull::fit(&smoothed).sample(*samples, cfg.seed),
        NullModel::Tracks { position_sums, len: null_len } => {
            if *null_len < cfg.window || position_sums.is_empty() || position_sums.len() % null_len != 0 {
                return Err(invalid(
                    "null",
                    format!(
                        "{} null values do not make rows of length {null_len} ≥ window {}",
                        position_sums.len(),
                        cfg.window
                    ),
                ));
            }
            if let Some(v) = position_sums.iter().find(|v| !v.is_finite()) {
                return Err(invalid("null", format!("null tracks hold a non-finite value {v}")));
            }
            let s = window_sums(position_sums, *null_len, cfg.window);
            (s.iter().copied().filter(|&v| v >= 0.0).collect(), s.iter().copied().filter(|&v| v < 0.0).collect())
        }
    };
    let magnitudes = |v: &[f32], positive: bool| -> Vec<f32> {
        let mut m: Vec<f32> =
            v.iter().copied().filter(|&x| if positive { x >= 0.0 } else { x < 0.0 }).map(f32::abs).collect();
        m.sort_by(f32::total_cmp);
        m
    };
    let (pos, neg) = (magnitudes(&values, true), magnitudes(&values, false));
    let null_pos: Vec<f32> = null_pos.iter().map(|v| v.abs()).collect();
    let null_neg: Vec<f32> = null_neg.iter().map(|v| v.abs()).collect();
    let mut pos_t = isotonic_threshold(&pos, &null_pos, cfg.target_fdr).map(f64::from).unwrap_or(f64::INFINITY);
    let mut neg_t = -isotonic_threshold(&neg, &null_neg, cfg.target_fdr).map(f64::from).unwrap_or(f64::INFINITY);

    // Clamp the fraction of passing windows.
    let mut all_abs: Vec<f32> = values.iter().map(|v| v.abs()).collect();
    all_abs.sort_by(f32::total_cmp);
    let passing =
        values.iter().filter(|&&v| f64::from(v) >= pos_t || f64::from(v) <= neg_t).count() as f64 / values.len() as f64;
    if passing < cfg.min_passing_windows_frac {
        pos_t = percentile_sorted(&all_abs, 100.0 * (1.0 - cfg.min_passing_windows_frac));
        neg_t = -pos_t;
    }
    if passing > cfg.max_passing_windows_frac {
        pos_t = percentile_sorted(&all_abs, 100.0 * (1.0 - cfg.max_passing_windows_frac));
        neg_t = -pos_t;
    }

    // The weak threshold, as a percentile of all |windowed sums|.
    let mut distribution: Vec<f32> = smoothed.iter().map(|v| v.abs()).collect();
    distribution.sort_by(f32::total_cmp);
    let rank = |t: f64| distribution.partition_point(|&v| f64::from(v) < t.abs()) as f64 / distribution.len() as f64;
    let weak = (rank(pos_t).min(rank(neg_t)) - 0.0001).min(cfg.weak_threshold_for_counting_sign).max(0.0);
    let threshold = distribution[((weak * distribution.len() as f64) as usize).min(distribution.len() - 1)];

    // Peaks: |sum| where the window passes, -inf elsewhere and in the flanks.
    for (i, v) in smoothed.iter_mut().enumerate() {
        let p = i % d;
        let pass = f64::from(*v) >= pos_t || f64::from(*v) <= neg_t;
        *v = if pass && p >= cfg.flank && p + cfg.flank < d { v.abs() } else { f32::NEG_INFINITY };
    }
    let suppress = cfg.suppress.unwrap_or(cfg.window / 2 + cfg.flank) as f64;
    let mut found = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for example in 0..tracks.n() {
        let row = &mut smoothed[example * d..(example + 1) * d];
        order.clear();
        order.extend((0..d).filter(|&p| row[p] > f32::NEG_INFINITY));
        order.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
        let sums = tracks.position_sums(example);
        for &p in &order {
            if row[p] == f32::NEG_INFINITY {
                continue;
            }
            let score: f32 = sums[p..p + cfg.window].iter().sum();
            if f64::from(score.abs()) > f64::from(threshold) {
                found.push(Seqlet {
                    example,
                    start: p - cfg.flank,
                    end: p + cfg.window + cfg.flank,
                    strand: Strand::Forward,
                    score,
                });
            }
            let lo = ((p as f64 + 0.5 - suppress).floor().max(0.0)) as usize;
            let hi = ((p as f64 + 0.5 + suppress).ceil() as usize).min(d);
            row[lo..hi].iter_mut().for_each(|v| *v = f32::NEG_INFINITY);
        }
    }
    // Cap per sign, strongest first, then back to genome order.
    let mut kept = Vec::with_capacity(found.len());
    for positive in [true, false] {
        let mut side: Vec<Seqlet> = found.iter().copied().filter(|s| (s.score > 0.0) == positive).collect();
        side.sort_by(|a, b| b.score.abs().total_cmp(&a.score.abs()));
        side.truncate(cfg.max_seqlets_per_sign);
        kept.extend(side);
    }
    kept.sort_by_key(|s| (s.example, s.start));
    let (positive, negative) = (pos_t as f32, neg_t as f32);
    if kept.is_empty() {
        return Err(PatternError::NoSeqlets { threshold, positive, negative });
    }
    if kept.len() < cfg.min_seqlets {
        return Err(PatternError::TooFewSeqlets { found: kept.len(), minimum: cfg.min_seqlets, threshold });
    }
    Ok(SeqletCalls { seqlets: kept, positive_threshold: positive, negative_threshold: negative, threshold })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_sums_slide() {
        assert_eq!(
            window_sums(&[1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0], 4, 2),
            vec![3.0, 5.0, 7.0, 30.0, 50.0, 70.0]
        );
    }
}
