//! `merge`: the shard outputs of one run → the output of the unsharded run, byte for byte. The kind is read
//! from the first input's `.done` marker: a bedGraph of [`genome_predict`](super::genome_predict) is merged
//! by [`super::genome_predict::merge_bedgraphs`] (or, when `out` is named `.bw`/`.bigwig`, into a bigWig of
//! the same intervals and values by [`super::genome_predict::merge_bedgraphs_to_bigwig`]), a TSV or annotated
//! VCF of [`variants`](super::variants) by [`seq_variants::merge()`].

use std::path::{Path, PathBuf};

use crate::error::{AppError, Result};
use crate::pipelines::genome_predict::bigwig::is_bigwig_path;
use crate::pipelines::genome_predict::{merge_bedgraphs, merge_bedgraphs_to_bigwig, BedGraphMarker};

/// What was merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// `"bedgraph"`, `"bigwig"`, `"tsv"` or `"vcf"`: the kind of the merged file.
    pub format: String,
    /// Data rows of the merged file (intervals of a bigWig).
    pub rows: u64,
    /// Shards merged.
    pub shards: u64,
}

/// Merges `inputs` (the shard files, any order) into `out` (bedGraph shards into a bigWig when `out` is
/// named `.bw`/`.bigwig`).
pub fn merge(inputs: &[PathBuf], out: &Path) -> Result<Merged> {
    let first = inputs.first().ok_or_else(|| AppError::option("--inputs", "give the shard files to merge"))?;
    if let Some(p) = inputs.iter().find(|p| !p.is_file()) {
        return Err(AppError::option("--inputs", format!("{}: no such file", p.display())));
    }
    if inputs.iter().any(|p| p == out) {
        return Err(AppError::option("--out", format!("{} is also an input", out.display())));
    }
    let shards = inputs.len() as u64;
    if BedGraphMarker::read(first).is_ok_and(|m| m.format == "bedgraph") {
        if is_bigwig_path(out) {
            let m = merge_bedgraphs_to_bigwig(inputs, out)?;
            return Ok(Merged { format: "bigwig".into(), rows: m.rows, shards });
        }
        let m = merge_bedgraphs(inputs, out)?;
        return Ok(Merged { format: m.format, rows: m.rows, shards });
    }
    if is_bigwig_path(out) {
        return Err(AppError::option(
            "--out",
            format!("{}: only bedGraph shards of `seqdl predict-genome` merge into a bigWig", out.display()),
        ));
    }
    let m = seq_variants::merge(inputs, out)?;
    let format = match m.format {
        seq_variants::OutputFormat::Tsv => "tsv",
        seq_variants::OutputFormat::Vcf => "vcf",
    };
    Ok(Merged { format: format.into(), rows: m.rows, shards })
}
