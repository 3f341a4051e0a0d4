//! FIMO motif scanning, as memesuite-lite (`memelite.fimo`) implements it.
//!
//! Each motif becomes a log-odds matrix `log2(p + pseudocount) − log2(background)`; its entries are
//! scaled to integers (`round(value / bin_size)`), and the exact distribution of the integer window
//! score under the background (letters independent) is computed by dynamic programming. A window's
//! score is the real-valued sum of its log-odds; its p-value is the survival of the integer table at
//! `trunc(score / bin_size)`. A window is a hit when its score is above the lowest table score whose
//! p-value is below the threshold (default 1e-4). Both strands are scanned (the minus strand with the
//! reverse-complement matrix; coordinates are always on the given sequence, 0-based half-open).
//!
//! q-values (which memesuite-lite does not compute) are Benjamini–Hochberg over every window tested
//! for that motif on both strands; the windows are counted per score bin, so they are exact with
//! memory bounded by the table size.

mod motif;
mod output;
mod scanner;

pub use motif::FimoMotif;
pub use output::{write_bed, write_tsv, BED_HEADER, TSV_HEADER};
pub use scanner::{Piece, Scanner};

use seq_io::{Pfm, Strand};

use crate::error::{MotifError, Result};

/// Options of [`scan`]; the defaults are memesuite-lite's.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FimoOptions {
    /// Background probabilities of A, C, G, T (default uniform); must be positive and sum to one.
    pub background: [f64; 4],
    /// Added to each probability before the logarithm (memesuite-lite's `eps`, default 1e-4).
    pub pseudocount: f64,
    /// Width of the integer score bins (default 0.1 bit).
    pub bin_size: f64,
    /// Report windows with a p-value below this (default 1e-4).
    pub threshold: f64,
    /// Also scan the minus strand (default true).
    pub both_strands: bool,
}

impl Default for FimoOptions {
    fn default() -> Self {
        FimoOptions { background: [0.25; 4], pseudocount: 1e-4, bin_size: 0.1, threshold: 1e-4, both_strands: true }
    }
}

impl FimoOptions {
    /// Checks the options: a background with a non-positive entry or not summing to one (within 1e-6)
    /// is [`MotifError::InvalidBackground`]; a bad pseudocount, bin size or threshold is
    /// [`MotifError::InvalidOption`].
    pub fn check(&self) -> Result<()> {
        let bg = self.background;
        let bad_bg = |message: String| Err(MotifError::InvalidBackground { background: bg, message });
        if bg.iter().any(|v| !v.is_finite() || *v <= 0.0) {
            return bad_bg("every probability must be positive and finite".into());
        }
        let sum: f64 = bg.iter().sum();
        if (sum - 1.0).abs() > 1e-6 {
            return bad_bg(format!("the probabilities sum to {sum}, not 1"));
        }
        let bad = |option, message: &str| Err(MotifError::InvalidOption { option, message: message.into() });
        if !self.pseudocount.is_finite() || self.pseudocount < 0.0 {
            return bad("pseudocount", "must be finite and non-negative");
        }
        if !self.bin_size.is_finite() || self.bin_size < 1e-4 {
            return bad("bin_size", "must be finite and at least 1e-4");
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return bad("threshold", "must be in (0, 1]");
        }
        Ok(())
    }
}

/// One motif occurrence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FimoHit {
    /// The motif's name.
    pub motif: String,
    /// The sequence's name.
    pub sequence: String,
    /// 0-based start on the given sequence.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// `+`: the motif; `-`: its reverse complement matches the given sequence here.
    pub strand: Strand,
    /// Log-odds score (bits).
    pub score: f64,
    /// p-value of the score.
    pub p_value: f64,
    /// Benjamini–Hochberg q-value over every window tested for this motif (both strands).
    pub q_value: f64,
}

/// Scans `sequences` (name, letters; any case, non-ACGT letters score 0) with every motif, returning
/// the hits ordered by motif, strand (`+` first), sequence and start. Motifs are validated (a bad
/// column is an error naming the motif); bad options are an error. Sequences that arrive in batches
/// (genome windows, a chromosome in chunks) go through a [`Scanner`], which gives the same hits.
pub fn scan<N, S>(motifs: &[Pfm], sequences: &[(N, S)], options: &FimoOptions) -> Result<Vec<FimoHit>>
where
    N: AsRef<str> + Sync,
    S: AsRef<[u8]> + Sync,
{
    let mut scanner = Scanner::new(motifs, options)?;
    let pieces: Vec<Piece<'_>> = sequences.iter().map(|(n, s)| Piece::whole(n.as_ref(), s.as_ref())).collect();
    scanner.add(&pieces);
    Ok(scanner.finish())
}
