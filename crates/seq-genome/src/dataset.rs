//! Positives + negatives → `seq_io::Splits` (label 1/0, tutorial HDF5 layout through seq-io's writer), a
//! BED of every window and a JSON summary, all written atomically.
//!
//! Within each split the windows are put in a seeded random order; row `i` of split `s` in the HDF5 file is
//! the `i`-th `s` line of `windows.bed` (the BED lists train, then valid, then test).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use seq_io::onehot::{encode_into_unchecked, first_invalid, reverse_complement};
use seq_io::{Dataset, Splits, Strand, UnknownPolicy};

use crate::atomic::{write_atomic, write_bytes_atomic};
use crate::error::{GenomeError, Result};
use crate::negatives::{GcHistogram, NegativeSet};
use crate::reference::Genome;
use crate::splits::{check_disjoint, SplitName, SplitPlan};
use crate::windows::{DropReport, Window, WindowSource};

/// Options of [`assemble`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssembleOptions {
    /// Reverse-complement the bases of `-` strand windows (default true; `.` and `+` are kept as they are).
    pub respect_strand: bool,
    /// How N and other IUPAC codes are one-hot encoded (default all-zero columns).
    pub unknown: UnknownPolicy,
    /// Seed of the order within each split.
    pub seed: u64,
    /// GC bins of the summary's histogram.
    pub gc_bins: usize,
}

impl Default for AssembleOptions {
    fn default() -> Self {
        AssembleOptions { respect_strand: true, unknown: UnknownPolicy::Zeros, seed: 0, gc_bins: 50 }
    }
}

/// One line of `windows.bed`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WindowRecord {
    /// Chromosome name (the genome's).
    pub chrom: String,
    /// First base (0-based).
    pub start: u64,
    /// One past the last base.
    pub end: u64,
    /// The record name, as in the HDF5 `names_{split}`.
    pub name: String,
    /// 1 for positives, 0 for negatives (the BED score).
    pub label: u8,
    /// Strand (`None` is written `.`).
    pub strand: Option<Strand>,
    /// The split.
    pub split: SplitName,
    /// The peak's name for positives, else `gc-matched`, `shuffled` or `flank`.
    pub source: String,
}

/// Counts of one split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SplitCounts {
    /// Label-1 windows.
    pub positives: usize,
    /// Label-0 windows.
    pub negatives: usize,
}

/// The JSON summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    /// The genome file.
    pub genome: PathBuf,
    /// Window length (cut width, margin included).
    pub window_len: usize,
    /// Counts per split.
    pub train: SplitCounts,
    /// Counts per split.
    pub valid: SplitCounts,
    /// Counts per split.
    pub test: SplitCounts,
    /// Negatives by source label.
    pub negative_sources: std::collections::BTreeMap<String, usize>,
    /// Every dropped window, by reason.
    pub drops: DropReport,
    /// GC histograms of the kept positives and negatives.
    pub gc_histogram: GcHistogram,
}

/// A dataset ready to write.
#[derive(Debug, Clone)]
pub struct GenomeDataset {
    /// The one-hot splits (label 1 = positive).
    pub splits: Splits,
    /// Every window, in dataset order (train, valid, test).
    pub records: Vec<WindowRecord>,
    /// The summary.
    pub summary: Summary,
}

/// Splits positives and negatives with `plan` (straddlers dropped and counted in `drops`), checks that the
/// splits are non-empty and disjoint, and one-hot encodes them.
pub fn assemble(
    genome: &Genome,
    positives: Vec<Window>,
    negatives: NegativeSet,
    plan: &SplitPlan,
    mut drops: DropReport,
    opts: &AssembleOptions,
) -> Result<GenomeDataset> {
    let len = positives
        .first()
        .map(|w| w.seq.len())
        .ok_or_else(|| GenomeError::InvalidArgument("no positive window".into()))?;
    if let Some(w) = positives.iter().chain(&negatives.windows).find(|w| w.seq.len() != len) {
        return Err(GenomeError::InvalidArgument(format!(
            "window {} has {} bases, expected {len}",
            w.name,
            w.seq.len()
        )));
    }
    let mut negative_sources = std::collections::BTreeMap::new();
    let pos = plan.split(positives, &mut drops);
    let neg = plan.split(negatives.windows, &mut drops);
    let mut all = Vec::new();
    for s in SplitName::ALL {
        all.extend(pos[s.index()].iter().chain(&neg[s.index()]).map(|w| (s, w.span())));
    }
    check_disjoint(genome, &all)?;
    let (pos_kept, neg_kept): (Vec<&Window>, Vec<&Window>) =
        (pos.iter().flatten().collect(), neg.iter().flatten().collect());
    for w in &neg_kept {
        *negative_sources.entry(w.source.label().to_string()).or_insert(0usize) += 1;
    }
    let own = |v: Vec<&Window>| v.into_iter().cloned().collect::<Vec<_>>();
    let gc_histogram = GcHistogram::of(&own(pos_kept), &own(neg_kept), opts.gc_bins);
    let mut records = Vec::new();
    let mut parts = Vec::new();
    let mut counts = [SplitCounts::default(); 3];
    for s in SplitName::ALL {
        let items: Vec<(&Window, u8)> =
            pos[s.index()].iter().map(|w| (w, 1)).chain(neg[s.index()].iter().map(|w| (w, 0))).collect();
        counts[s.index()] = SplitCounts { positives: pos[s.index()].len(), negatives: neg[s.index()].len() };
        let order = Dataset::permutation(items.len(), opts.seed.wrapping_add(s.index() as u64));
        let mut x = vec![0f32; items.len() * 4 * len];
        let mut y = Vec::with_capacity(items.len());
        let mut names = Vec::with_capacity(items.len());
        for (row, &k) in order.iter().enumerate() {
            let (w, label) = items[k];
            let rc;
            let seq: &[u8] = if opts.respect_strand && w.strand == Some(Strand::Reverse) {
                rc = reverse_complement(&w.seq);
                &rc
            } else {
                &w.seq
            };
            if let Some((p, ch)) = first_invalid(seq, opts.unknown) {
                let c = &genome.chroms()[w.chrom].name;
                return Err(GenomeError::InvalidArgument(format!(
                    "window {} ({c}:{}-{}) has {ch:?} at position {p}, refused by {:?}",
                    w.name, w.start, w.end, opts.unknown
                )));
            }
            encode_into_unchecked(seq, &mut x[row * 4 * len..(row + 1) * 4 * len], opts.unknown);
            y.push(f32::from(label));
            names.push(w.name.clone());
            let source = if w.source == WindowSource::Peak { w.name.clone() } else { w.source.label().to_string() };
            records.push(WindowRecord {
                chrom: genome.chroms()[w.chrom].name.clone(),
                start: w.start,
                end: w.end,
                name: w.name.clone(),
                label,
                strand: w.strand,
                split: s,
                source,
            });
        }
        parts.push(Dataset::new(x, y, len, 1, names)?);
    }
    let test = parts.pop().expect("three splits");
    let valid = parts.pop().expect("three splits");
    let train = parts.pop().expect("three splits");
    let summary = Summary {
        genome: genome.path().to_path_buf(),
        window_len: len,
        train: counts[0],
        valid: counts[1],
        test: counts[2],
        negative_sources,
        drops,
        gc_histogram,
    };
    Ok(GenomeDataset { splits: Splits { train, valid, test }, records, summary })
}

/// The text of `windows.bed`: chrom, start, end, name, score = label, strand, split, source.
pub fn windows_bed(records: &[WindowRecord]) -> String {
    let mut s = String::with_capacity(records.len() * 64);
    for r in records {
        let strand = r.strand.map_or('.', Strand::symbol);
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}\t{strand}\t{}\t{}",
            r.chrom,
            r.start,
            r.end,
            r.name,
            r.label,
            r.split.label(),
            r.source
        );
    }
    s
}

/// The files [`write_dir`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFiles {
    /// `dataset.h5`: the splits in the tutorial layout.
    pub h5: PathBuf,
    /// `windows.bed`: every window.
    pub bed: PathBuf,
    /// `summary.json`.
    pub summary: PathBuf,
}

/// Writes `dataset.h5`, `windows.bed` and `summary.json` into `dir` (created if needed), each atomically.
pub fn write_dir(dir: &Path, data: &GenomeDataset) -> Result<OutputFiles> {
    std::fs::create_dir_all(dir).map_err(|e| GenomeError::io(dir, e))?;
    let files =
        OutputFiles { h5: dir.join("dataset.h5"), bed: dir.join("windows.bed"), summary: dir.join("summary.json") };
    write_atomic(&files.h5, |tmp| Ok(seq_io::h5::write_splits(tmp, &data.splits)?))?;
    write_bytes_atomic(&files.bed, windows_bed(&data.records).as_bytes())?;
    let json = serde_json::to_vec_pretty(&data.summary)
        .map_err(|e| GenomeError::Json { path: files.summary.clone(), source: e })?;
    write_bytes_atomic(&files.summary, &json)?;
    Ok(files)
}
