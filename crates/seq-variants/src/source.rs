//! Where reference bases come from: the [`SequenceSource`] trait and [`InMemoryGenome`], an implementation
//! holding whole sequences in memory (built from `(name, bases)` pairs or read fully from a small FASTA).
//!
//! The trait is all seq-variants knows of a genome, so that it never depends on a particular genome
//! reader: the application implements it for its indexed (BGZF + `.fai` + `.gzi`) reader.

use crate::error::{Result, SourceError, VariantError};
use std::collections::HashMap;
use std::path::Path;

/// A reference genome: named sequences with known lengths, fetched by 0-based half-open intervals.
///
/// Contract: [`SequenceSource::fetch`] returns exactly `end - start` bytes in **upper case** for
/// `start <= end <= chrom_len(chrom)` and an error otherwise (unknown chromosome, interval past the end).
/// [`SequenceSource::chrom_names`] gives the genome's order, which is the order of merged outputs.
pub trait SequenceSource {
    /// The sequence names, in the genome's order.
    fn chrom_names(&self) -> Vec<String>;
    /// The length of a sequence, `None` when the genome has no such sequence.
    fn chrom_len(&self, name: &str) -> Option<u64>;
    /// The bases of `chrom[start..end)` (0-based, half-open), upper case.
    fn fetch(&self, chrom: &str, start: u64, end: u64) -> Result<Vec<u8>, SourceError>;
}

/// A genome held in memory, for tests and small genomes.
#[derive(Debug, Clone, Default)]
pub struct InMemoryGenome {
    names: Vec<String>,
    seqs: HashMap<String, Vec<u8>>,
}

impl InMemoryGenome {
    /// Builds a genome from `(name, bases)` pairs (bases are upper-cased; order kept).
    pub fn new(chroms: Vec<(String, Vec<u8>)>) -> Result<Self> {
        let mut genome = InMemoryGenome::default();
        for (name, mut seq) in chroms {
            if genome.seqs.contains_key(&name) {
                return Err(VariantError::InvalidArgument(format!("genome: sequence {name:?} given twice")));
            }
            seq.make_ascii_uppercase();
            genome.names.push(name.clone());
            genome.seqs.insert(name, seq);
        }
        Ok(genome)
    }

    /// Reads a whole FASTA file (plain or gzip) into memory; each record's first header word is its name.
    pub fn from_fasta(path: &Path) -> Result<Self> {
        let records = seq_io::fastx::read_records(path)?;
        let mut chroms = Vec::with_capacity(records.len());
        for r in records {
            chroms.push((r.id, r.seq));
        }
        InMemoryGenome::new(chroms).map_err(|e| match e {
            VariantError::InvalidArgument(m) => VariantError::Header { path: path.into(), message: m },
            other => other,
        })
    }

    /// The whole sequence of a chromosome.
    pub fn sequence(&self, name: &str) -> Option<&[u8]> {
        self.seqs.get(name).map(Vec::as_slice)
    }
}

impl SequenceSource for InMemoryGenome {
    fn chrom_names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn chrom_len(&self, name: &str) -> Option<u64> {
        self.seqs.get(name).map(|s| s.len() as u64)
    }

    fn fetch(&self, chrom: &str, start: u64, end: u64) -> Result<Vec<u8>, SourceError> {
        let seq = self.seqs.get(chrom).ok_or_else(|| format!("no sequence named {chrom:?}"))?;
        if start > end || end > seq.len() as u64 {
            return Err(format!("interval {start}-{end} is outside {chrom} (length {})", seq.len()).into());
        }
        Ok(seq[start as usize..end as usize].to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_is_half_open_and_upper_case() {
        let g = InMemoryGenome::new(vec![("c".into(), b"acgtN".to_vec())]).expect("valid genome");
        assert_eq!(g.fetch("c", 1, 3).expect("inside"), b"CG");
        assert_eq!(g.fetch("c", 5, 5).expect("empty at end"), b"");
        assert!(g.fetch("c", 4, 6).is_err());
        assert!(g.fetch("d", 0, 1).is_err());
        assert_eq!(g.chrom_len("c"), Some(5));
    }
}
