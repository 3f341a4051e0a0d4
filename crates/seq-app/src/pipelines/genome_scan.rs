//! Motif scanning of genome windows (`seqdl scan --genome`): the regions of a BED/narrowPeak file, or
//! whole chromosomes, read from an indexed reference and scanned region by region with FIMO's method;
//! hits are in genome coordinates.
//!
//! # Regions
//! The BED file is read with seq-genome's reader: a record beyond its chromosome's end, a bad coordinate
//! or (unless `skip_unknown_chroms`) a chromosome the genome lacks is an error naming the file and line;
//! names go through the alias policy of `seqdl dataset` (`chr` prefix, or a mapping file). Empty records
//! are ignored; overlapping or touching regions are merged (so no window is tested twice) and the merged
//! regions are scanned by chromosome name then start, the order of `sort -k1,1 -k2,2n`, in which the hits
//! are written.
//!
//! # Memory
//! Regions are cut into pieces of at most [`PIECE`] window starts (overlapping by the widest motif less
//! one base) and read in batches of about [`BATCH_BASES`] bases; only one batch of sequence is held at a
//! time, beside the hits and the motifs' score tables.

use std::path::PathBuf;

use seq_genome::{Genome, GenomeOptions, IntervalFormat, Span, UnknownChromosomes};
use seq_motifs::fimo::{Piece, Scanner};

use crate::error::{AppError, Result};
use crate::pipelines::dataset::{existing, ChromAliases};

/// Window starts per piece of a region (1 Mb).
pub const PIECE: u64 = 1 << 20;
/// Bases read from the genome per batch (about 4 Mb).
pub const BATCH_BASES: u64 = 4 << 20;

/// Genome windows to scan: a reference and the regions of a BED file or whole chromosomes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GenomeWindows {
    /// The reference (plain FASTA with or without `.fai`, or BGZF with `.fai` + `.gzi`).
    pub genome: PathBuf,
    /// BED3+ or narrowPeak (optionally gzipped) of the regions; exclusive with `chroms`.
    pub regions: Option<PathBuf>,
    /// Whole chromosomes to scan; exclusive with `regions`.
    pub chroms: Vec<String>,
    /// How the regions' (and `chroms`') names find the genome's.
    pub aliases: ChromAliases,
    /// Skip (and count) records on chromosomes the genome lacks instead of failing.
    pub skip_unknown_chroms: bool,
}

/// What a genome scan covered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Regions scanned (after merging).
    pub regions: usize,
    /// Bases scanned.
    pub bases: u64,
}

/// An opened genome and the regions to scan.
#[derive(Debug)]
pub struct OpenedWindows {
    /// The reference.
    pub genome: Genome,
    /// The merged regions in scan order (see the [module docs](self)).
    pub regions: Vec<Span>,
    /// BED records skipped per chromosome the genome lacks (with `skip_unknown_chroms`).
    pub skipped: Vec<(String, usize)>,
}

impl GenomeWindows {
    /// Checks the options and files, opens the genome and reads the regions.
    pub fn open(&self) -> Result<OpenedWindows> {
        existing(&self.genome, "--genome")?;
        match (&self.regions, self.chroms.is_empty()) {
            (Some(_), false) => {
                return Err(AppError::option("--regions/--chrom", "give the windows with one of them, not both"))
            }
            (None, true) => {
                return Err(AppError::option(
                    "--regions/--chrom",
                    "--genome needs the windows to scan: --regions BED or --chrom NAME",
                ))
            }
            (Some(bed), true) => existing(bed, "--regions")?,
            (None, false) => {}
        }
        let options = GenomeOptions { aliases: self.aliases.aliases()?, ..Default::default() };
        let genome = Genome::open(&self.genome, &options)?;
        let mut skipped = Vec::new();
        let mut spans: Vec<Span> = match &self.regions {
            Some(bed) => {
                let unknown =
                    if self.skip_unknown_chroms { UnknownChromosomes::Skip } else { UnknownChromosomes::Error };
                let set = seq_genome::read_intervals(bed, IntervalFormat::Auto, &genome, unknown)?;
                skipped = set.skipped.into_iter().collect();
                set.intervals.iter().map(|i| Span { chrom: i.chrom, start: i.start, end: i.end }).collect()
            }
            None => self
                .chroms
                .iter()
                .map(|name| {
                    let chrom = genome.resolve(name, "--chrom")?;
                    Ok(Span { chrom, start: 0, end: genome.chroms()[chrom].len })
                })
                .collect::<Result<_>>()?,
        };
        let names = genome.chroms();
        spans.retain(|r| r.start < r.end);
        spans.sort_by(|a, b| (names[a.chrom].name.as_str(), a.start).cmp(&(names[b.chrom].name.as_str(), b.start)));
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for r in spans {
            match merged.last_mut() {
                Some(last) if last.chrom == r.chrom && r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Ok(OpenedWindows { genome, regions: merged, skipped })
    }
}

/// Scans the regions of `genome` with `scanner`, batch by batch (see the [module docs](self)); returns
/// the regions and bases covered.
pub fn scan_regions(genome: &Genome, regions: &[Span], scanner: &mut Scanner) -> Result<Coverage> {
    let overlap = scanner.max_width().saturating_sub(1) as u64;
    // (span fetched, window starts in it)
    let mut pieces: Vec<(Span, u64)> = Vec::new();
    for r in regions {
        let mut at = r.start;
        while at < r.end {
            let starts = PIECE.min(r.end - at);
            let end = (at + starts + overlap).min(r.end);
            pieces.push((Span { chrom: r.chrom, start: at, end }, starts));
            at += starts;
        }
    }
    let mut from = 0;
    while from < pieces.len() {
        let mut to = from;
        let mut bases = 0;
        while to < pieces.len() && (to == from || bases + pieces[to].1 <= BATCH_BASES) {
            bases += pieces[to].1;
            to += 1;
        }
        let batch = &pieces[from..to];
        let spans: Vec<Span> = batch.iter().map(|p| p.0).collect();
        let letters = genome.fetch_many(&spans)?;
        let names = genome.chroms();
        let batch: Vec<Piece<'_>> = batch
            .iter()
            .zip(&letters)
            .map(|((span, starts), seq)| Piece {
                sequence: names[span.chrom].name.as_str(),
                offset: span.start as usize,
                letters: seq,
                starts: *starts as usize,
            })
            .collect();
        scanner.add(&batch);
        from = to;
    }
    Ok(Coverage { regions: regions.len(), bases: scanner.bases() })
}
