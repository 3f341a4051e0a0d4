//! Seqlets as BED6 records: `chrom start end name score strand`, 0-based half-open. An example maps to a
//! genome place through a [`GenomeOffset`] (its window's chromosome and start); without one, the chromosome
//! is the example's name and positions are within the example.

use crate::error::{PatternError, Result};
use crate::seqlets::Seqlet;
use seq_io::Strand;
use std::io::Write;
use std::path::Path;

/// Where an example's position 0 lies in a genome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GenomeOffset {
    /// Chromosome (or record) name.
    pub chrom: String,
    /// Genome position of the example's first base (0-based).
    pub start: u64,
}

/// One BED6 line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BedRecord {
    /// Chromosome.
    pub chrom: String,
    /// Start (0-based).
    pub start: u64,
    /// End (exclusive).
    pub end: u64,
    /// Name (e.g. `seqlet_12` or `pattern_0`).
    pub name: String,
    /// Score (the seqlet's summed contribution).
    pub score: f32,
    /// Strand.
    pub strand: Strand,
}

/// Offsets for examples that are not genome windows: chromosome = the example's name, start 0.
pub fn offsets_from_names(names: &[String]) -> Vec<GenomeOffset> {
    names.iter().map(|n| GenomeOffset { chrom: n.clone(), start: 0 }).collect()
}

/// Maps seqlets to genome coordinates: seqlet `i` is named `{prefix}{i}`. Fails when a seqlet's example
/// has no offset.
pub fn seqlets_to_bed(seqlets: &[Seqlet], offsets: &[GenomeOffset], prefix: &str) -> Result<Vec<BedRecord>> {
    seqlets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let o = offsets.get(s.example).ok_or_else(|| PatternError::BadSeqlet {
                index: i,
                example: s.example,
                start: s.start,
                end: s.end,
                message: format!("no genome offset for example {} ({} offsets given)", s.example, offsets.len()),
            })?;
            Ok(BedRecord {
                chrom: o.chrom.clone(),
                start: o.start + s.start as u64,
                end: o.start + s.end as u64,
                name: format!("{prefix}{i}"),
                score: s.score,
                strand: s.strand,
            })
        })
        .collect()
}

/// Writes BED6 lines to `out`.
pub fn write_bed_to<W: Write>(mut out: W, records: &[BedRecord]) -> std::io::Result<()> {
    for r in records {
        writeln!(out, "{}\t{}\t{}\t{}\t{}\t{}", r.chrom, r.start, r.end, r.name, r.score, r.strand.symbol())?;
    }
    out.flush()
}

/// Writes BED6 lines to the file at `path` (atomically: the old file or the whole new one).
pub fn write_bed(path: &Path, records: &[BedRecord]) -> Result<()> {
    let io = |source| PatternError::Io { path: path.to_path_buf(), source };
    let mut file = seq_io::atomic::AtomicFile::create(path)?;
    write_bed_to(&mut file, records).map_err(io)?;
    Ok(file.commit()?)
}
