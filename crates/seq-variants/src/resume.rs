//! Completion markers and resuming. A writer commits its output atomically and **then** writes
//! `<output>.done`, a JSON [`DoneMarker`] (format, shard, rows, columns, chromosome ranks, skip counts).
//! A shard is complete when its marker parses, names the same shard, and its output exists with the
//! marker's number of rows; [`completed_shards`] lists those, so a restarted run skips them.
//! [`shard_output_path`] names shard files: `out.tsv` → `out.shard-2-of-7.tsv`.

use crate::atomic::write_atomic;
use crate::error::{Result, VariantError};
use crate::report::SkipReport;
use crate::shard::Shard;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The kind of an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// Tab-separated scores (one header line).
    Tsv,
    /// The input VCF with score INFO fields (`#` header lines).
    Vcf,
}

impl OutputFormat {
    /// Whether a line belongs to the header.
    pub(crate) fn is_header(self, line: &str, line_no: u64) -> bool {
        match self {
            OutputFormat::Tsv => line_no == 1,
            OutputFormat::Vcf => line.starts_with('#'),
        }
    }
}

/// What `<output>.done` records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DoneMarker {
    /// Output kind.
    pub format: OutputFormat,
    /// The shard the file holds (`0/1` for an unsharded or merged run).
    pub shard: Shard,
    /// Data rows (not header lines).
    pub rows: u64,
    /// Score column / INFO names.
    pub columns: Vec<String>,
    /// Chromosome name as written in the rows → its rank in the genome's order.
    pub chroms: BTreeMap<String, usize>,
    /// Counts of the run.
    pub report: SkipReport,
}

/// `<output>.done`.
pub fn marker_path(output: &Path) -> PathBuf {
    PathBuf::from(format!("{}.done", output.display()))
}

/// The file of one shard: `out.tsv` → `out.shard-2-of-7.tsv` (`out` → `out.shard-2-of-7`).
pub fn shard_output_path(output: &Path, shard: Shard) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tag = format!("shard-{}-of-{}", shard.index, shard.count);
    let new = match name.find('.') {
        Some(i) if i > 0 => format!("{}.{tag}{}", &name[..i], &name[i..]),
        _ => format!("{name}.{tag}"),
    };
    output.with_file_name(new)
}

impl DoneMarker {
    /// Writes the marker of `output` (atomically).
    pub fn write(&self, output: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("a DoneMarker always serialises");
        text.push('\n');
        write_atomic(&marker_path(output), text.as_bytes())
    }

    /// Reads the marker of `output`.
    pub fn read(output: &Path) -> Result<Self> {
        let path = marker_path(output);
        let text = std::fs::read_to_string(&path).map_err(|e| VariantError::io(&path, e))?;
        serde_json::from_str(&text).map_err(|e| VariantError::Output {
            path,
            at: format!("line {}", e.line()),
            message: e.to_string(),
        })
    }
}

/// Counts the data rows of an output file.
pub(crate) fn count_rows(output: &Path, format: OutputFormat) -> Result<u64> {
    let reader = seq_io::fastx::open_text(output)?;
    let mut rows = 0;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| VariantError::io(output, e))?;
        if !format.is_header(&line, i as u64 + 1) {
            rows += 1;
        }
    }
    Ok(rows)
}

/// The marker of `output` when it is complete for `shard` (marker readable, same shard, file present with
/// the marker's row count); `None` otherwise.
pub fn complete_marker(output: &Path, shard: Shard) -> Option<DoneMarker> {
    let marker = DoneMarker::read(output).ok()?;
    if marker.shard != shard || !output.exists() {
        return None;
    }
    match count_rows(output, marker.format) {
        Ok(n) if n == marker.rows => Some(marker),
        _ => None,
    }
}

/// The shard indices of `count` shards of `output` that are already complete.
pub fn completed_shards(output: &Path, count: u64) -> Result<Vec<u64>> {
    let mut done = Vec::new();
    for i in 0..count {
        let shard = Shard::new(i, count)?;
        if complete_marker(&shard_output_path(output, shard), shard).is_some() {
            done.push(i);
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_paths_keep_the_extension() {
        let s = Shard::new(2, 7).expect("valid");
        assert_eq!(shard_output_path(Path::new("/x/out.tsv"), s), PathBuf::from("/x/out.shard-2-of-7.tsv"));
        assert_eq!(shard_output_path(Path::new("out.vcf.gz"), s), PathBuf::from("out.shard-2-of-7.vcf.gz"));
        assert_eq!(shard_output_path(Path::new("out"), s), PathBuf::from("out.shard-2-of-7"));
        assert_eq!(marker_path(Path::new("a/out.tsv")), PathBuf::from("a/out.tsv.done"));
    }
}
