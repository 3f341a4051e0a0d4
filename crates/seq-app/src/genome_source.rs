//! [`GenomeSource`]: seq-genome's indexed reference ([`Genome`]) as seq-variants' [`SequenceSource`], with a
//! read-ahead cache so that scoring a sorted VCF decodes each BGZF block about once instead of once per
//! variant.
//!
//! A request `chrom[start..end)` is served from a cached chunk when one holds it; otherwise a chunk of
//! [`GenomeSource::read_ahead`] bases starting at `start` rounded down to half a chunk is read in one
//! [`Genome::fetch_span`] and kept (the last [`SLOTS`] chunks, least recently used dropped). Variant
//! windows of a position-sorted VCF then move through the chromosome one chunk at a time. Requests longer
//! than a chunk go to the genome directly.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use seq_genome::{Genome, GenomeOptions, Span};
use seq_variants::{SequenceSource, SourceError};

use crate::error::Result;

/// Cached chunks kept (one per thread of a parallel reader is plenty; the batch iterator is sequential).
pub const SLOTS: usize = 4;
/// Default read-ahead: 1 Mb (about 16 BGZF blocks of 64 kB).
pub const DEFAULT_READ_AHEAD: u64 = 1 << 20;

struct Chunk {
    chrom: usize,
    start: u64,
    bases: Arc<Vec<u8>>,
}

/// A reference genome for variant scoring (see the [module docs](self)).
pub struct GenomeSource {
    genome: Genome,
    ids: HashMap<String, usize>,
    read_ahead: u64,
    cache: Mutex<Vec<Chunk>>,
}

impl std::fmt::Debug for GenomeSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenomeSource").field("genome", &self.genome).field("read_ahead", &self.read_ahead).finish()
    }
}

impl GenomeSource {
    /// Opens a reference FASTA (plain with `.fai`, or BGZF with `.fai` + `.gzi`) with exact chromosome
    /// names (the VCF's names go through seq-variants' alias).
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self::new(Genome::open(path, &GenomeOptions::default())?))
    }

    /// Wraps an opened genome with the default read-ahead.
    pub fn new(genome: Genome) -> Self {
        Self::with_read_ahead(genome, DEFAULT_READ_AHEAD)
    }

    /// Wraps an opened genome with a read-ahead of `bases` (0 turns the cache off: every request goes to
    /// the genome).
    pub fn with_read_ahead(genome: Genome, bases: u64) -> Self {
        let ids = genome.chroms().iter().enumerate().map(|(i, c)| (c.name.clone(), i)).collect();
        GenomeSource { genome, ids, read_ahead: bases, cache: Mutex::new(Vec::new()) }
    }

    /// The genome read.
    pub fn genome(&self) -> &Genome {
        &self.genome
    }

    /// Bases read ahead per cache miss.
    pub fn read_ahead(&self) -> u64 {
        self.read_ahead
    }

    fn cached(&self, chrom: usize, start: u64, end: u64) -> std::result::Result<Vec<u8>, SourceError> {
        let len = self.genome.chroms()[chrom].len;
        let mut slots = self.cache.lock().map_err(|_| "genome read-ahead cache poisoned by a panic")?;
        if let Some(i) =
            slots.iter().position(|c| c.chrom == chrom && c.start <= start && end <= c.start + c.bases.len() as u64)
        {
            let chunk = slots.remove(i);
            let from = (start - chunk.start) as usize;
            let out = chunk.bases[from..from + (end - start) as usize].to_vec();
            slots.push(chunk); // most recently used last
            return Ok(out);
        }
        let half = (self.read_ahead / 2).max(1);
        let c0 = start - start % half;
        let c1 = (c0 + self.read_ahead).max(end).min(len);
        let bases = Arc::new(self.genome.fetch_span(Span { chrom, start: c0, end: c1 })?);
        let from = (start - c0) as usize;
        let out = bases[from..from + (end - start) as usize].to_vec();
        if slots.len() >= SLOTS {
            slots.remove(0);
        }
        slots.push(Chunk { chrom, start: c0, bases });
        Ok(out)
    }
}

impl SequenceSource for GenomeSource {
    fn chrom_names(&self) -> Vec<String> {
        self.genome.chroms().iter().map(|c| c.name.clone()).collect()
    }

    fn chrom_len(&self, name: &str) -> Option<u64> {
        self.ids.get(name).map(|&i| self.genome.chroms()[i].len)
    }

    fn fetch(&self, chrom: &str, start: u64, end: u64) -> std::result::Result<Vec<u8>, SourceError> {
        let &id = self.ids.get(chrom).ok_or_else(|| format!("no sequence named {chrom:?}"))?;
        let len = self.genome.chroms()[id].len;
        if start > end || end > len {
            return Err(format!("interval {start}-{end} is outside {chrom} (length {len})").into());
        }
        if start == end {
            return Ok(Vec::new());
        }
        if end - start > self.read_ahead {
            return Ok(self.genome.fetch_span(Span { chrom: id, start, end })?);
        }
        self.cached(id, start, end)
    }
}
