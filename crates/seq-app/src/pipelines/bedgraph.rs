//! Per-window scores of a genome dataset as bedGraph: the `windows.bed` beside a genome dataset's HDF5 file
//! gives each row of a split its coordinates (row `i` of split `s` = the `i`-th `s` line), so a model's
//! predictions of that split become a genome track.

use std::path::{Path, PathBuf};

use seq_genome::{write_bedgraph, BedGraphEntry};

use crate::error::{AppError, Result};
use crate::pipelines::predict::Predictions;

/// One line of `windows.bed`, as far as a track needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowLine {
    /// Chromosome.
    pub chrom: String,
    /// Start (0-based).
    pub start: u64,
    /// End (exclusive).
    pub end: u64,
    /// Record name (as in the HDF5 `names_{split}`).
    pub name: String,
}

/// The `windows.bed` beside `h5`, when there is one (a genome dataset folder), else an error naming
/// `option`.
pub fn windows_bed_for(h5: Option<&Path>, option: &str) -> Result<PathBuf> {
    let h5 = h5.ok_or_else(|| {
        AppError::option(
            option,
            "needs --h5 of a genome dataset (a dataset.h5 with windows.bed beside it, from `seqdl dataset`)",
        )
    })?;
    let bed = h5.parent().map_or_else(|| PathBuf::from("windows.bed"), |p| p.join("windows.bed"));
    if bed.is_file() {
        Ok(bed)
    } else {
        Err(AppError::option(
            option,
            format!(
                "{} is not a genome dataset: {} is missing (make one with `seqdl dataset`)",
                h5.display(),
                bed.display()
            ),
        ))
    }
}

/// The windows of `split` in `bed`, in file (= dataset row) order.
pub fn read_windows(bed: &Path, split: &str) -> Result<Vec<WindowLine>> {
    let text = std::fs::read_to_string(bed).map_err(|e| seq_genome::GenomeError::io(bed, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |m: &str| AppError::from(seq_genome::GenomeError::parse(bed, i + 1, m));
        if f.len() < 7 {
            return Err(bad("expected 8 columns (chrom, start, end, name, label, strand, split, source)"));
        }
        if f[6] != split {
            continue;
        }
        let start = f[1].parse().map_err(|_| bad("start is not an integer"))?;
        let end = f[2].parse().map_err(|_| bad("end is not an integer"))?;
        out.push(WindowLine { chrom: f[0].to_string(), start, end, name: f[3].to_string() });
    }
    Ok(out)
}

/// Writes column `column` of `predictions` (rows of `split`) as a sorted bedGraph at `out`, each row at its
/// window of `bed`; refuses a row count or a record name that differs from the BED's. Returns the entries.
pub fn write_predictions_bedgraph(
    bed: &Path,
    split: &str,
    predictions: &Predictions,
    column: usize,
    out: &Path,
) -> Result<Vec<BedGraphEntry>> {
    let windows = read_windows(bed, split)?;
    let width = predictions.columns.len().max(1);
    if column >= width {
        return Err(AppError::option("--bedgraph", format!("output {column} does not exist (the model has {width})")));
    }
    if windows.len() != predictions.names.len() {
        return Err(AppError::option(
            "--bedgraph",
            format!(
                "{} lists {} {split} windows but the data has {} sequences",
                bed.display(),
                windows.len(),
                predictions.names.len()
            ),
        ));
    }
    let mut entries = Vec::with_capacity(windows.len());
    for (row, (w, name)) in windows.iter().zip(&predictions.names).enumerate() {
        if &w.name != name {
            return Err(AppError::option(
                "--bedgraph",
                format!("row {row} of split {split} is {name:?} but {} has {:?} there", bed.display(), w.name),
            ));
        }
        let value = f64::from(predictions.values[row * width + column]);
        entries.push(BedGraphEntry { chrom: w.chrom.clone(), start: w.start, end: w.end, value });
    }
    write_bedgraph(out, &entries, Some(&format!("{split} output {column}")))?;
    Ok(entries)
}
