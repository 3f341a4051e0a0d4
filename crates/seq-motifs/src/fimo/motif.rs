//! A motif prepared for FIMO: its log-odds matrix against the background, the integer-scaled scores
//! and the exact distribution of the window score under the background, by dynamic programming.

use std::path::{Path, PathBuf};

use seq_io::Pfm;

use super::FimoOptions;
use crate::error::{MotifError, Result};

/// Largest score table (bins) a motif may need: 2^24 entries (128 MiB of f64 in its buffers).
const MAX_TABLE: f64 = (1u64 << 24) as f64;
/// Largest dynamic programme, in table bins × columns (about a second of work).
const MAX_WORK: f64 = (1u64 << 28) as f64;
use crate::validate::{normalised_columns, validate_motif};

/// One orientation of a motif, ready to score windows and give p-values.
#[derive(Debug, Clone, PartialEq)]
pub struct FimoMotif {
    /// The motif's name.
    pub name: String,
    /// Log-odds (bits) per position: `log2(p + pseudocount) − log2(background)`, A, C, G, T.
    pub log_odds: Vec<[f64; 4]>,
    /// The log-odds with a fifth, zero, entry for letters other than A, C, G, T.
    rows: Vec<[f64; 5]>,
    /// Score bin width (the options' `bin_size`).
    bin_size: f64,
    /// Integer score of table entry 0.
    smallest: i64,
    /// `survival[i] = P(integer score ≥ smallest + i)` under the background.
    survival: Vec<f64>,
    /// Windows scoring above this are reported (`+∞` when no score reaches the threshold).
    score_threshold: f64,
}

impl FimoMotif {
    /// Prepares the forward orientation of `pfm` (columns normalised) with the options' background,
    /// pseudocount, bin size and p-value threshold. Options must have been checked
    /// ([`FimoOptions::check`]).
    pub fn new(pfm: &Pfm, options: &FimoOptions) -> Result<FimoMotif> {
        options.check()?;
        validate_motif(pfm, Path::new("<memory>"), 0)?;
        let bg = options.background;
        let fail = |message: String| MotifError::InvalidMotif {
            source_name: PathBuf::from("<memory>"),
            line: 0,
            motif: pfm.name.clone(),
            message,
        };
        let mut log_odds = Vec::with_capacity(pfm.len());
        let mut range = 0.0;
        for (i, c) in normalised_columns(pfm).iter().enumerate() {
            let mut r = [0.0; 4];
            for k in 0..4 {
                r[k] = (c[k] + options.pseudocount).log2() - bg[k].log2();
                if !r[k].is_finite() {
                    return Err(fail(format!(
                        "position {}: probability 0 has no log-odds; use a positive pseudocount",
                        i + 1
                    )));
                }
            }
            let (lo, hi) = r.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
            range += (hi - lo) / options.bin_size + 2.0;
            log_odds.push(r);
        }
        // The dynamic programme costs (table bins) × (columns) × 4 steps.
        if range > MAX_TABLE || range * pfm.len() as f64 > MAX_WORK {
            return Err(fail(format!(
                "the score table would need {range:.0} bins over {} columns (at most {MAX_TABLE:.0} bins and \
                 {MAX_WORK:.0} bin-columns); use a larger bin_size",
                pfm.len()
            )));
        }
        Ok(Self::from_log_odds(pfm.name.clone(), log_odds, options))
    }

    /// The reverse-complement orientation (positions reversed, A↔T, C↔G), with its own table under the
    /// same background.
    pub fn reverse_complement(&self, options: &FimoOptions) -> FimoMotif {
        let log_odds = self.log_odds.iter().rev().map(|r| [r[3], r[2], r[1], r[0]]).collect();
        Self::from_log_odds(self.name.clone(), log_odds, options)
    }

    fn from_log_odds(name: String, log_odds: Vec<[f64; 4]>, options: &FimoOptions) -> FimoMotif {
        let bin = options.bin_size;
        let ints: Vec<[i64; 4]> = log_odds.iter().map(|r| r.map(|v| (v / bin).round_ties_even() as i64)).collect();
        // Table range: the lowest and highest running sums of the column minima and maxima, plus one
        // bin per column at the top (room for the rounding of the real-valued scores).
        let (mut smallest, mut largest) = (i64::MAX, i64::MIN);
        let (mut lo, mut hi) = (0i64, 0i64);
        for r in &ints {
            lo += r.iter().min().expect("four letters");
            hi += r.iter().max().expect("four letters");
            smallest = smallest.min(lo);
            largest = largest.max(hi);
        }
        largest += ints.len() as i64;
        let size = (largest - smallest + 1) as usize;
        let bg = options.background;
        let mut pdf = vec![0.0; size];
        let mut next = vec![0.0; size];
        for k in 0..4 {
            pdf[(ints[0][k] - smallest) as usize] += bg[k];
        }
        for r in &ints[1..] {
            next.fill(0.0);
            for (j, &p) in pdf.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                for k in 0..4 {
                    next[(j as i64 + r[k]) as usize] += p * bg[k];
                }
            }
            std::mem::swap(&mut pdf, &mut next);
        }
        let mut survival = vec![0.0; size];
        let mut acc = 0.0;
        for i in (0..size).rev() {
            acc += pdf[i];
            survival[i] = acc.min(1.0);
        }
        // The threshold is the lowest table score whose p-value is below the threshold, as
        // memesuite-lite computes it (in single precision).
        let score_threshold = survival
            .iter()
            .position(|&p| p < options.threshold)
            .map_or(f64::INFINITY, |i| (((i as i64 + smallest) as f64 * bin) as f32) as f64);
        let rows = log_odds.iter().map(|r| [r[0], r[1], r[2], r[3], 0.0]).collect();
        FimoMotif { name, log_odds, rows, bin_size: bin, smallest, survival, score_threshold }
    }

    /// Motif width.
    pub fn width(&self) -> usize {
        self.log_odds.len()
    }

    /// Windows scoring strictly above this are hits at the options' threshold.
    pub fn score_threshold(&self) -> f64 {
        self.score_threshold
    }

    /// The largest window score.
    pub fn max_score(&self) -> f64 {
        self.log_odds.iter().map(|r| r.iter().cloned().fold(f64::NEG_INFINITY, f64::max)).sum()
    }

    /// Score of a window (its length is the motif width): the sum of the log-odds of its letters;
    /// a letter other than A, C, G, T (either case) adds 0.
    pub fn score(&self, window: &[u8]) -> f64 {
        let mut s = 0.0;
        for (b, r) in window.iter().zip(&self.log_odds) {
            if let Some(k) = seq_io::pfm::base_index(*b) {
                s += r[k];
            }
        }
        s
    }

    /// Score of the window of letter codes (0–3 for A, C, G, T, 4 for any other letter; see
    /// [`letter_code`]) starting at `start`; the same sum, in the same order, as [`FimoMotif::score`].
    pub(crate) fn score_codes(&self, codes: &[u8], start: usize) -> f64 {
        let mut s = 0.0;
        for (&c, r) in codes[start..start + self.rows.len()].iter().zip(&self.rows) {
            s += r[c as usize];
        }
        s
    }

    /// Table index of a score (its bin, truncated towards zero, as memesuite-lite does), clamped.
    pub(crate) fn table_index(&self, score: f64) -> usize {
        let bin = (score / self.bin_size) as i64 - self.smallest;
        bin.clamp(0, self.survival.len() as i64 - 1) as usize
    }

    /// `P(S ≥ score)` under the background, from the exact distribution of the integer-scaled score.
    pub fn p_value(&self, score: f64) -> f64 {
        self.survival[self.table_index(score)]
    }

    /// The p-value of table entry `index`.
    pub(crate) fn p_of_index(&self, index: usize) -> f64 {
        self.survival[index]
    }

    /// Number of table entries.
    pub(crate) fn table_len(&self) -> usize {
        self.survival.len()
    }
}

/// The code of a letter for [`FimoMotif::score_codes`]: 0–3 for A, C, G, T (either case), 4 otherwise.
pub(crate) fn letter_code(b: u8) -> u8 {
    seq_io::pfm::base_index(b).map_or(4, |k| k as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coded_windows_score_as_letters() {
        let pfm = Pfm::from_probs("m", vec![[0.7, 0.1, 0.1, 0.1], [0.1, 0.1, 0.2, 0.6], [0.25; 4]]).unwrap();
        let m = FimoMotif::new(&pfm, &FimoOptions::default()).unwrap();
        let seq = b"acNTGTAx";
        let codes: Vec<u8> = seq.iter().map(|&b| letter_code(b)).collect();
        assert_eq!(codes, vec![0, 1, 4, 3, 2, 3, 0, 4]);
        for start in 0..=seq.len() - 3 {
            assert_eq!(m.score_codes(&codes, start), m.score(&seq[start..start + 3]));
        }
        // an N adds nothing: "aNx" scores the A alone.
        assert_eq!(m.score(b"aNx"), m.log_odds[0][0]);
    }
}
