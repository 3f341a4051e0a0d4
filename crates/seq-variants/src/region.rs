//! Genomic regions in the usual `chrom:start-end` text form (1-based, both ends included, commas allowed:
//! `chr20:10,000,000-10,050,000`), `chrom:start` (to the chromosome's end) or a bare `chrom`.
//!
//! Region names are **genome** names; the VCF reader translates them through the chromosome alias. A record
//! belongs to a region when its POS lies inside it (not merely when its REF overlaps it), so disjoint
//! regions never yield the same record twice — which is what sharding by region relies on.

use crate::error::{Result, VariantError};
use crate::source::SequenceSource;
use std::fmt;
use std::str::FromStr;

/// A 1-based, closed interval on one chromosome.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Region {
    /// The chromosome (genome name).
    pub chrom: String,
    /// First position (1-based).
    pub start: u64,
    /// Last position (1-based, included); `u64::MAX` means "to the end".
    pub end: u64,
}

impl Region {
    /// A whole chromosome.
    pub fn whole(chrom: impl Into<String>) -> Self {
        Region { chrom: chrom.into(), start: 1, end: u64::MAX }
    }

    /// Whether a 1-based position on `chrom` lies in the region.
    pub fn contains(&self, chrom: &str, pos: u64) -> bool {
        chrom == self.chrom && pos >= self.start && pos <= self.end
    }

    /// Checks the region against a genome: the chromosome exists and the start lies on it.
    pub fn validate(&self, genome: &dyn SequenceSource) -> Result<()> {
        let err = |message: String| VariantError::Region { text: self.to_string(), message };
        let Some(len) = genome.chrom_len(&self.chrom) else {
            return Err(err(format!(
                "chromosome not in the genome, whose sequences are: {}",
                genome.chrom_names().join(", ")
            )));
        };
        if self.start > len {
            return Err(err(format!("starts after the end of {} (length {len})", self.chrom)));
        }
        Ok(())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.start, self.end) {
            (1, u64::MAX) => write!(f, "{}", self.chrom),
            (s, u64::MAX) => write!(f, "{}:{s}", self.chrom),
            (s, e) => write!(f, "{}:{s}-{e}", self.chrom),
        }
    }
}

fn parse_position(text: &str, whole: &str) -> Result<u64> {
    let digits: String = text.chars().filter(|&c| c != ',').collect();
    match digits.parse::<u64>() {
        Ok(0) => Err(VariantError::Region {
            text: whole.into(),
            message: "positions are 1-based: 0 is not a position".into(),
        }),
        Ok(v) => Ok(v),
        Err(_) => Err(VariantError::Region { text: whole.into(), message: format!("{text:?} is not a position") }),
    }
}

impl FromStr for Region {
    type Err = VariantError;

    fn from_str(text: &str) -> Result<Self> {
        let text = text.trim();
        let (chrom, range) = match text.rsplit_once(':') {
            Some((c, r)) => (c, Some(r)),
            None => (text, None),
        };
        if chrom.is_empty() {
            return Err(VariantError::Region { text: text.into(), message: "no chromosome name".into() });
        }
        let (start, end) = match range {
            None => (1, u64::MAX),
            Some(r) => match r.split_once('-') {
                Some((s, e)) => (parse_position(s, text)?, parse_position(e, text)?),
                None => (parse_position(r, text)?, u64::MAX),
            },
        };
        if end < start {
            return Err(VariantError::Region {
                text: text.into(),
                message: format!("end {end} is before start {start}"),
            });
        }
        Ok(Region { chrom: chrom.to_string(), start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        let r: Region = "chr20:10,000,000-10,050,000".parse().expect("valid region");
        assert_eq!(r, Region { chrom: "chr20".into(), start: 10_000_000, end: 10_050_000 });
        assert!(r.contains("chr20", 10_000_000) && r.contains("chr20", 10_050_000));
        assert!(!r.contains("chr20", 10_050_001) && !r.contains("20", 10_000_000));
        assert_eq!("chr20".parse::<Region>().expect("whole"), Region::whole("chr20"));
        assert_eq!("chr20:5".parse::<Region>().expect("open").end, u64::MAX);
        assert_eq!(r.to_string(), "chr20:10000000-10050000");
        for bad in ["chr20:0-5", "chr20:9-5", "chr20:x-5", ":1-2", "chr20:1-"] {
            assert!(bad.parse::<Region>().is_err(), "{bad} must be refused");
        }
    }
}
