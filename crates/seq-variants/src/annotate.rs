//! Annotated VCF: the input's header with one `##INFO=<ID=…,Number=A,Type=Float,…>` line per score
//! (inserted before `#CHROM`), and each record that has at least one scored ALT, copied verbatim with the
//! score fields appended to INFO (`.` for an ALT that was skipped). Records whose ALTs were all skipped
//! are left out (they are counted in the [`SkipReport`]). Variants must be pushed in stream order (the
//! ALTs of a record one after the other, as [`crate::VariantBatches`] yields them). Written atomically in
//! canonical order, then marked done, like the TSV.

use crate::error::{Result, VariantError};
use crate::order::{format_score, SortedBody};
use crate::report::SkipReport;
use crate::resume::{DoneMarker, OutputFormat};
use crate::shard::Shard;
use crate::variant::Variant;
use crate::vcf::VcfHeader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One score written as an INFO field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreInfo {
    /// The INFO key (letters, digits, `_`, `.`; not starting with a digit).
    pub id: String,
    /// Its description in the header.
    pub description: String,
}

struct PendingRecord {
    record_index: u64,
    raw: Arc<str>,
    vcf_chrom: String,
    rank: usize,
    pos: u64,
    values: Vec<Option<Vec<f32>>>,
}

/// Writes the annotated VCF.
pub struct AnnotatedVcfWriter {
    path: PathBuf,
    body: SortedBody,
    infos: Vec<ScoreInfo>,
    shard: Shard,
    pending: Option<PendingRecord>,
}

fn valid_key(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

impl AnnotatedVcfWriter {
    /// Starts `path` from the input's header with the given score fields.
    pub fn create(path: &Path, header: &VcfHeader, infos: &[ScoreInfo], shard: Shard) -> Result<Self> {
        let mut extra = String::new();
        for info in infos {
            if !valid_key(&info.id) {
                return Err(VariantError::InvalidArgument(format!("INFO key {:?} is not a valid VCF key", info.id)));
            }
            if header.parsed.infos().contains_key(info.id.as_str()) {
                return Err(VariantError::InvalidArgument(format!(
                    "the input VCF already declares INFO {:?}",
                    info.id
                )));
            }
            let desc = info.description.replace(['"', '\n'], "'");
            extra.push_str(&format!("##INFO=<ID={},Number=A,Type=Float,Description=\"{desc}\">\n", info.id));
        }
        let at = header.raw.rfind("#CHROM").expect("a VcfHeader always ends with its #CHROM line");
        let text = format!("{}{extra}{}", &header.raw[..at], &header.raw[at..]);
        Ok(AnnotatedVcfWriter {
            path: path.into(),
            body: SortedBody::create(path, &text)?,
            infos: infos.to_vec(),
            shard,
            pending: None,
        })
    }

    /// Records one variant's scores (one per INFO field).
    pub fn write(&mut self, v: &Variant, scores: &[f32]) -> Result<()> {
        if scores.len() != self.infos.len() {
            return Err(VariantError::InvalidArgument(format!(
                "{}: {} scores for {} INFO fields ({})",
                self.path.display(),
                scores.len(),
                self.infos.len(),
                v.at()
            )));
        }
        if self.pending.as_ref().is_some_and(|p| p.record_index != v.record_index) {
            self.flush_record()?;
        }
        let p = self.pending.get_or_insert_with(|| PendingRecord {
            record_index: v.record_index,
            raw: Arc::clone(&v.raw),
            vcf_chrom: v.vcf_chrom.clone(),
            rank: v.chrom_rank,
            pos: v.pos,
            values: vec![None; v.n_alts],
        });
        if let Some(slot) = p.values.get_mut(v.alt_index) {
            *slot = Some(scores.to_vec());
        }
        Ok(())
    }

    fn flush_record(&mut self) -> Result<()> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        let mut cols: Vec<&str> = p.raw.split('\t').collect();
        while cols.len() < 8 {
            cols.push(".");
        }
        let mut fields = Vec::with_capacity(self.infos.len());
        for (j, info) in self.infos.iter().enumerate() {
            let vals: Vec<String> = p
                .values
                .iter()
                .map(|v| match v {
                    Some(s) if s[j].is_finite() => format_score(s[j]),
                    _ => ".".to_string(),
                })
                .collect();
            fields.push(format!("{}={}", info.id, vals.join(",")));
        }
        let added = fields.join(";");
        let info = if cols[7] == "." || cols[7].is_empty() { added } else { format!("{};{added}", cols[7]) };
        cols[7] = &info;
        let line = cols.join("\t");
        self.body.push(&p.vcf_chrom, p.rank, p.pos, line)
    }

    /// Commits the file and writes its `.done` marker with the run's counts.
    pub fn finish(mut self, report: &SkipReport) -> Result<DoneMarker> {
        self.flush_record()?;
        let (rows, chroms) = self.body.finish()?;
        let columns = self.infos.iter().map(|i| i.id.clone()).collect();
        let marker =
            DoneMarker { format: OutputFormat::Vcf, shard: self.shard, rows, columns, chroms, report: report.clone() };
        marker.write(&self.path)?;
        Ok(marker)
    }
}
