//! Streaming TSV of scores: `chrom pos id ref alt <score columns…>` (genome chromosome names, 1-based
//! POS), one row per variant, in canonical order ([`crate::order`]); written atomically, then marked done.

use crate::error::{Result, VariantError};
use crate::order::{format_score, SortedBody};
use crate::report::SkipReport;
use crate::resume::{DoneMarker, OutputFormat};
use crate::shard::Shard;
use crate::variant::Variant;
use std::path::{Path, PathBuf};

/// Writes scores as TSV.
pub struct TsvWriter {
    path: PathBuf,
    body: SortedBody,
    columns: Vec<String>,
    shard: Shard,
}

impl TsvWriter {
    /// Starts `path` for `shard` with the given score column names.
    pub fn create(path: &Path, columns: &[String], shard: Shard) -> Result<Self> {
        for c in columns {
            if c.is_empty() || c.contains(['\t', '\n']) {
                return Err(VariantError::InvalidArgument(format!(
                    "score column name {c:?} is empty or holds a tab/line break"
                )));
            }
        }
        let mut header = String::from("chrom\tpos\tid\tref\talt");
        for c in columns {
            header.push('\t');
            header.push_str(c);
        }
        header.push('\n');
        Ok(TsvWriter { path: path.into(), body: SortedBody::create(path, &header)?, columns: columns.to_vec(), shard })
    }

    /// Writes one variant's scores (one per column).
    pub fn write(&mut self, v: &Variant, scores: &[f32]) -> Result<()> {
        if scores.len() != self.columns.len() {
            return Err(VariantError::InvalidArgument(format!(
                "{}: {} scores for {} columns ({})",
                self.path.display(),
                scores.len(),
                self.columns.len(),
                v.at()
            )));
        }
        let mut line = format!("{}\t{}\t{}\t{}\t{}", v.chrom, v.pos, v.id, v.ref_allele, v.alt);
        for &s in scores {
            line.push('\t');
            line.push_str(&format_score(s));
        }
        self.body.push(&v.chrom, v.chrom_rank, v.pos, line)
    }

    /// Commits the file and writes its `.done` marker with the run's counts.
    pub fn finish(self, report: &SkipReport) -> Result<DoneMarker> {
        let (rows, chroms) = self.body.finish()?;
        let marker = DoneMarker {
            format: OutputFormat::Tsv,
            shard: self.shard,
            rows,
            columns: self.columns,
            chroms,
            report: report.clone(),
        };
        marker.write(&self.path)?;
        Ok(marker)
    }
}
