//! Variant-effect scores from window logits, per model output.
//!
//! Let `x` be the logits of a window, one strand or — with strand averaging — both (forward and reverse
//! complement), and `p` the head's probability of output `k` (sigmoid of `x_k`, or the softmax of the row):
//! - `logit_diff` = mean over strands of `x_k(alt)` − mean over strands of `x_k(ref)`;
//! - `prob_diff` = `p̄(alt) − p̄(ref)` with `p̄` the mean of `p` over strands;
//! - `log_odds` = `logit(p̄(alt)) − logit(p̄(ref))`, DeepSEA's log fold change of the odds (on one strand
//!   of a sigmoid head it equals `logit_diff`).
//!
//! `log p` and `log(1 − p)` are computed in `f64` from the logits (softplus / log-sum-exp), so the log-odds
//! stay finite where `p` rounds to 0 or 1 in `f32`. The probability scores need a sigmoid or softmax head.

use std::fmt;
use std::str::FromStr;

use seq_models::Head;

use crate::error::{AppError, Result};

/// One kind of score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Score {
    /// Alternative minus reference logit.
    LogitDiff,
    /// Log odds ratio of the (strand-averaged) probabilities.
    LogOdds,
    /// Alternative minus reference (strand-averaged) probability.
    ProbDiff,
}

impl Score {
    /// Every score, in column order.
    pub const ALL: [Score; 3] = [Score::LogitDiff, Score::LogOdds, Score::ProbDiff];

    /// The name in column headers, INFO keys and options.
    pub fn name(self) -> &'static str {
        match self {
            Score::LogitDiff => "logit_diff",
            Score::LogOdds => "log_odds",
            Score::ProbDiff => "prob_diff",
        }
    }

    /// What the score is, for the annotated VCF's header.
    pub fn description(self) -> &'static str {
        match self {
            Score::LogitDiff => "alternative minus reference logit",
            Score::LogOdds => "log odds ratio of alternative versus reference probability",
            Score::ProbDiff => "alternative minus reference probability",
        }
    }

    /// Whether the score is defined for a model with this head.
    pub fn fits(self, head: Head) -> bool {
        self == Score::LogitDiff || matches!(head, Head::Sigmoid | Head::Softmax)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Score {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self> {
        Score::ALL.into_iter().find(|k| k.name() == s.trim()).ok_or_else(|| {
            AppError::option("--scores", format!("{s:?} is not a score (logit_diff, log_odds, prob_diff)"))
        })
    }
}

fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

fn log_sum_exp(v: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = v.clone().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + v.map(|x| (x - max).exp()).sum::<f64>().ln()
}

/// `(log p_k, log(1 − p_k))` for every output of one row of logits.
fn log_probs(row: &[f32], head: Head) -> Vec<(f64, f64)> {
    let x: Vec<f64> = row.iter().map(|&v| f64::from(v)).collect();
    match head {
        Head::Softmax => {
            let all = log_sum_exp(x.iter().copied());
            (0..x.len())
                .map(|k| {
                    let rest = log_sum_exp(x.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, v)| *v));
                    (x[k] - all, rest - all)
                })
                .collect()
        }
        _ => x.iter().map(|&v| (-softplus(-v), -softplus(v))).collect(),
    }
}

/// `(log p̄, log(1 − p̄))` of output `k` averaged over the strand rows.
fn mean_log_probs(rows: &[Vec<(f64, f64)>], k: usize) -> (f64, f64) {
    let ln_s = (rows.len() as f64).ln();
    let lp = log_sum_exp(rows.iter().map(|r| r[k].0)) - ln_s;
    let lq = log_sum_exp(rows.iter().map(|r| r[k].1)) - ln_s;
    (lp, lq)
}

/// The scores of one variant: `ref_rows` / `alt_rows` hold the logits of each strand (one or two rows of
/// `outputs` values). The result is laid out score-major: `scores[s * outputs + k]`.
pub fn variant_scores(scores: &[Score], head: Head, ref_rows: &[&[f32]], alt_rows: &[&[f32]]) -> Vec<f32> {
    let outputs = ref_rows[0].len();
    let mean = |rows: &[&[f32]], k: usize| rows.iter().map(|r| f64::from(r[k])).sum::<f64>() / rows.len() as f64;
    let probs = scores.iter().any(|s| *s != Score::LogitDiff);
    let (lr, la): (Vec<_>, Vec<_>) = if probs {
        (ref_rows.iter().map(|r| log_probs(r, head)).collect(), alt_rows.iter().map(|r| log_probs(r, head)).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let mut out = Vec::with_capacity(scores.len() * outputs);
    for s in scores {
        for k in 0..outputs {
            let v = match s {
                Score::LogitDiff if ref_rows.len() == 1 => f64::from(alt_rows[0][k] - ref_rows[0][k]),
                Score::LogitDiff => mean(alt_rows, k) - mean(ref_rows, k),
                Score::LogOdds => {
                    let (rp, rq) = mean_log_probs(&lr, k);
                    let (ap, aq) = mean_log_probs(&la, k);
                    (ap - aq) - (rp - rq)
                }
                Score::ProbDiff => mean_log_probs(&la, k).0.exp() - mean_log_probs(&lr, k).0.exp(),
            };
            out.push(v as f32);
        }
    }
    out
}

/// Column names: `<score>_<output name>` for each score and output (score-major).
pub fn columns(scores: &[Score], output_names: &[String]) -> Vec<String> {
    scores.iter().flat_map(|s| output_names.iter().map(move |o| format!("{}_{o}", s.name()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_sigmoid_scores() {
        // one strand: logits 0 (p = 0.5) → ln 3 (p = 0.75)
        let r = [0.0f32];
        let a = [3f32.ln()];
        let s = variant_scores(&Score::ALL, Head::Sigmoid, &[&r[..]], &[&a[..]]);
        assert!((s[0] - 3f32.ln()).abs() < 1e-6, "{s:?}");
        assert!((s[1] - 3f32.ln()).abs() < 1e-6, "{s:?}");
        assert!((s[2] - 0.25).abs() < 1e-6, "{s:?}");
        // two strands: ref p = (0.5, 0.5), alt p = (0.75, 0.25) → p̄ equal: all probability scores 0,
        // logit diff = (ln 3 − ln 3) / 2 = 0 as well; alt p = (0.75, 0.5) → p̄ = 0.625, odds 5/3
        let a2 = [3f32.ln(), 0.0];
        let s = variant_scores(&Score::ALL, Head::Sigmoid, &[&r[..], &r[..]], &[&a2[..1], &a2[1..]]);
        assert!((s[0] - 3f32.ln() / 2.0).abs() < 1e-6, "{s:?}");
        assert!((s[1] - (5f32 / 3.0).ln()).abs() < 1e-6, "{s:?}");
        assert!((s[2] - 0.125).abs() < 1e-6, "{s:?}");
    }

    #[test]
    fn softmax_log_odds_and_extremes() {
        // two classes, logits (0, 0) → (0, ln 3): p1 = 0.5 → 0.75
        let s = variant_scores(
            &[Score::LogOdds, Score::ProbDiff],
            Head::Softmax,
            &[&[0.0f32, 0.0][..]],
            &[&[0.0, 3f32.ln()][..]],
        );
        assert!((s[1] - 3f32.ln()).abs() < 1e-6 && (s[0] + 3f32.ln()).abs() < 1e-6, "{s:?}");
        assert!((s[3] - 0.25).abs() < 1e-6 && (s[2] + 0.25).abs() < 1e-6, "{s:?}");
        // saturated sigmoid: p rounds to 1 in f32 but the log odds stay the logit difference
        let s = variant_scores(&[Score::LogOdds], Head::Sigmoid, &[&[40.0f32][..]], &[&[45.0f32][..]]);
        assert!((s[0] - 5.0).abs() < 1e-4, "{s:?}");
        assert_eq!("log_odds".parse::<Score>().expect("valid"), Score::LogOdds);
        assert!("odds".parse::<Score>().is_err());
        assert!(!Score::ProbDiff.fits(Head::Linear) && Score::LogitDiff.fits(Head::Linear));
    }
}
