//! A discovered pattern: mean contribution (CWM), mean hypothetical contribution, base frequencies and the
//! aligned seqlets, with the span kept by contribution trimming.

use crate::aggregate::Builder;
use crate::error::{PatternError, Result};
use crate::Seqlet;
use seq_io::Pfm;

/// One pattern (motif) of one sign.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Pattern {
    /// Name, `pos_pattern_{i}` or `neg_pattern_{i}` (rank by seqlet count within the sign).
    pub name: String,
    /// +1 for a pattern of positive contributions, −1 for negative.
    pub sign: f32,
    /// Mean contribution per position, A, C, G, T (the CWM).
    pub cwm: Vec<[f32; 4]>,
    /// Mean hypothetical contribution per position.
    pub hypothetical_cwm: Vec<[f32; 4]>,
    /// Base frequencies of the aligned seqlets per position.
    pub ppm: Vec<[f64; 4]>,
    /// Span `[start, end)` kept by trimming: positions whose Σ|CWM| is at least `trim_threshold` × its
    /// maximum, first to last.
    pub trim: (usize, usize),
    /// The aligned seqlets: each spans the whole pattern (`end − start = len`), strand `-` when it reads as
    /// the reverse complement; `score` is its summed contribution over the pattern.
    pub seqlets: Vec<Seqlet>,
}

fn rows4<T: Copy + Default>(v: &[T]) -> Vec<[T; 4]> {
    v.chunks_exact(4).map(|r| [r[0], r[1], r[2], r[3]]).collect()
}

/// The trimmed span of a CWM.
pub fn trim_span(cwm: &[[f32; 4]], threshold: f32) -> (usize, usize) {
    let score: Vec<f32> = cwm.iter().map(|r| r.iter().map(|v| v.abs()).sum()).collect();
    let max = score.iter().copied().fold(0.0f32, f32::max);
    let keep = |v: &f32| *v >= threshold * max && max > 0.0;
    match (score.iter().position(keep), score.iter().rposition(keep)) {
        (Some(a), Some(b)) => (a, b + 1),
        _ => (0, cwm.len()),
    }
}

impl Pattern {
    /// Builds the pattern of a finished builder.
    pub(crate) fn from_builder(name: String, sign: f32, b: &Builder, trim_threshold: f32) -> Pattern {
        let cwm = rows4(&b.mean(1));
        let trim = trim_span(&cwm, trim_threshold);
        Pattern { name, sign, hypothetical_cwm: rows4(&b.mean(2)), ppm: b.ppm(), trim, cwm, seqlets: b.members.clone() }
    }

    /// Pattern length (untrimmed).
    pub fn len(&self) -> usize {
        self.cwm.len()
    }

    /// True for a pattern without positions.
    pub fn is_empty(&self) -> bool {
        self.cwm.is_empty()
    }

    /// Number of seqlets.
    pub fn n_seqlets(&self) -> usize {
        self.seqlets.len()
    }

    /// The trimmed PFM (`nsites` = seqlet count, description `CWM-trimmed <start>-<end> of <len>`).
    pub fn pfm(&self) -> Result<Pfm> {
        let (a, b) = self.trim;
        self.pfm_of(a, b).map(|p| p.with_description(format!("CWM-trimmed {a}-{b} of {}", self.len())))
    }

    /// The untrimmed PFM.
    pub fn pfm_untrimmed(&self) -> Result<Pfm> {
        self.pfm_of(0, self.len())
    }

    fn pfm_of(&self, a: usize, b: usize) -> Result<Pfm> {
        let mut pfm = Pfm::from_probs(self.name.clone(), self.ppm[a..b].to_vec())
            .map_err(|source| PatternError::Motif { pattern: self.name.clone(), source })?;
        pfm.nsites = Some(self.seqlets.len() as f64);
        Ok(pfm)
    }

    /// The trimmed CWM.
    pub fn trimmed_cwm(&self) -> &[[f32; 4]] {
        &self.cwm[self.trim.0..self.trim.1]
    }

    /// The trimmed hypothetical CWM.
    pub fn trimmed_hypothetical_cwm(&self) -> &[[f32; 4]] {
        &self.hypothetical_cwm[self.trim.0..self.trim.1]
    }

    /// Genome-order spans of the seqlets restricted to the trimmed span (the motif instances).
    pub fn trimmed_seqlets(&self) -> Vec<Seqlet> {
        let (a, b) = self.trim;
        let len = self.len();
        self.seqlets
            .iter()
            .map(|s| {
                let start = match s.strand {
                    seq_io::Strand::Forward => s.start + a,
                    seq_io::Strand::Reverse => s.start + (len - b),
                };
                Seqlet { start, end: start + (b - a), ..*s }
            })
            .collect()
    }
}
