//! Streaming VCF reading: plain, gzip or BGZF text (detected from the bytes, not the name), parsed with
//! noodles one data line at a time (memory does not grow with the number of variants), optionally limited
//! to regions — through the tabix index (`<vcf>.tbi`) when the file is BGZF and has one, else by
//! filtering the stream — and to one shard.
//!
//! Per record: the chromosome goes through the [`ChromAlias`](crate::alias::ChromAlias) and must be a genome sequence (else
//! [`VariantError::UnknownChrom`], listing the genome's names); REF must lie on the chromosome
//! ([`VariantError::BeyondChrom`]); REF is upper-cased when written in lower case (counted in
//! [`SkipReport::ref_uppercased`]) and any other letter than A, C, G, T — **N included** — is an error
//! ([`VariantError::InvalidRef`]): an N cannot be checked against the genome, and a REF with N signals a
//! broken file rather than a variant to score. Each ALT becomes one [`Variant`] (multi-allelic records are
//! split); `*`, symbolic (`<DEL>` …), breakend and `.` alleles, records with `SVTYPE`, ALTs with other
//! letters than A/C/G/T and ALT = REF are skipped and counted by [`SkipReason`]. A VCF without any data
//! line is [`VariantError::EmptyVcf`]. Errors name the file and the line (or `record chrom:pos` for
//! records found through the index, whose line number is unknown).
//!
//! Record order and indices: records are numbered 0, 1, … in the order read, counting only records inside
//! the regions (all records without regions); [`Variant::record_index`] carries that number and a
//! [`Shard`](crate::shard::Shard) keeps record `k` when `k mod N == i` (see [`crate::shard`]).

use crate::alias::alias_hint;
use crate::error::{Result, VariantError};
use crate::report::{SkipReason, SkipReport};
use crate::source::SequenceSource;
pub use crate::variant::classify_alt;
use crate::variant::{Variant, VariantKind};
pub use crate::vcf_input::VcfHeader;
use crate::vcf_input::{check_regions, is_bgzf, open_stream, read_header, region_chunks, Input};
pub use crate::vcf_options::VcfOptions;
use noodles_bgzf as bgzf;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::variant::location;

/// A stream of [`Variant`]s from a VCF; read its [`SkipReport`] with [`VcfReader::report`].
pub struct VcfReader {
    path: PathBuf,
    header: VcfHeader,
    input: Input,
    opts: VcfOptions,
    indexed: bool,
    chrom_lens: HashMap<String, u64>,
    chrom_ranks: HashMap<String, usize>,
    genome_names: Vec<String>,
    record_index: u64,
    data_lines: u64,
    pending: VecDeque<Variant>,
    report: SkipReport,
    buf: String,
    record: noodles_vcf::Record,
    finished: bool,
}

impl VcfReader {
    /// Opens a VCF against a genome (whose names and lengths are read once) and reads its header.
    pub fn open(path: &Path, genome: &dyn SequenceSource, opts: VcfOptions) -> Result<Self> {
        check_regions(&opts.regions, genome)?;
        let genome_names = genome.chrom_names();
        let mut chrom_lens = HashMap::new();
        let mut chrom_ranks = HashMap::new();
        for (i, n) in genome_names.iter().enumerate() {
            chrom_ranks.insert(n.clone(), i);
            chrom_lens.insert(n.clone(), genome.chrom_len(n).unwrap_or(0));
        }
        let tbi = PathBuf::from(format!("{}.tbi", path.display()));
        let use_index = !opts.regions.is_empty() && tbi.exists() && is_bgzf(path)?;
        let (header, input) = if use_index {
            let file = File::open(path).map_err(|e| VariantError::io(path, e))?;
            let mut reader = bgzf::io::Reader::new(BufReader::new(file));
            let header = read_header(path, &mut reader)?;
            let index = noodles_tabix::fs::read(&tbi)
                .map_err(|e| VariantError::Index { path: tbi.clone(), message: e.to_string() })?;
            let chunks = region_chunks(&tbi, &index, &opts)?;
            (header, Input::Indexed { reader, chunks, end: None, region: 0 })
        } else {
            let mut reader = open_stream(path)?;
            let header = read_header(path, &mut reader)?;
            let line = header.lines;
            (header, Input::Stream { reader, line })
        };
        Ok(VcfReader {
            path: path.into(),
            header,
            input,
            opts,
            indexed: use_index,
            chrom_lens,
            chrom_ranks,
            genome_names,
            record_index: 0,
            data_lines: 0,
            pending: VecDeque::new(),
            report: SkipReport::default(),
            buf: String::new(),
            record: noodles_vcf::Record::default(),
            finished: false,
        })
    }

    /// The VCF's header.
    pub fn header(&self) -> &VcfHeader {
        &self.header
    }

    /// The VCF file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the regions are read through the tabix index.
    pub fn is_indexed(&self) -> bool {
        self.indexed
    }

    /// Counts so far (complete once the stream has ended).
    pub fn report(&self) -> &SkipReport {
        &self.report
    }

    /// Mutable counts (the window builder adds its own skips here).
    pub fn report_mut(&mut self) -> &mut SkipReport {
        &mut self.report
    }

    fn record_error(&self, at: String, message: impl Into<String>) -> VariantError {
        VariantError::Record { path: self.path.clone(), at, message: message.into() }
    }

    /// Reads lines until at least one variant is pending or the input ends.
    fn fill(&mut self) -> Result<()> {
        while self.pending.is_empty() {
            let line = match self.input.next_line(&mut self.buf) {
                Ok(Some(l)) => l,
                Ok(None) => {
                    self.finished = true;
                    if !self.indexed && self.data_lines == 0 {
                        return Err(VariantError::EmptyVcf { path: self.path.clone() });
                    }
                    return Ok(());
                }
                Err(e) => return Err(VariantError::io(&self.path, e)),
            };
            if self.buf.trim_end_matches(['\n', '\r']).is_empty() {
                continue;
            }
            self.data_lines += 1;
            self.parse_line(line)?;
        }
        Ok(())
    }

    fn parse_line(&mut self, line: Option<u64>) -> Result<()> {
        let at_line = || line.map_or_else(|| "record after a region-query seek".to_string(), |l| format!("line {l}"));
        if self.buf.starts_with('#') {
            return Err(self.record_error(at_line(), "header line after the data lines began"));
        }
        if !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
        let mut record = std::mem::take(&mut self.record);
        let parsed = noodles_vcf::io::Reader::new(self.buf.as_bytes()).read_record(&mut record);
        let result = match parsed {
            Ok(_) => self.split_record(&record, line),
            Err(e) => Err(self.record_error(at_line(), format!("malformed record: {e}"))),
        };
        self.record = record;
        result
    }

    fn split_record(&mut self, rec: &noodles_vcf::Record, line: Option<u64>) -> Result<()> {
        let vcf_chrom = rec.reference_sequence_name().to_string();
        let at_line = line.map_or_else(|| format!("record on {vcf_chrom}"), |l| format!("line {l}"));
        let pos = match rec.variant_start() {
            Some(Ok(p)) => usize::from(p) as u64,
            Some(Err(e)) => return Err(self.record_error(at_line, format!("malformed POS: {e}"))),
            None => return Err(self.record_error(at_line, "POS is missing")),
        };
        let at = location(line, &vcf_chrom, pos);
        let chrom = self.opts.alias.to_genome(&vcf_chrom).into_owned();
        // Through the index, only the region whose chunks are being read (chunks of neighbouring regions
        // may share records); streaming, any region.
        let active = match &self.input {
            Input::Indexed { region, .. } => &self.opts.regions[*region..=*region],
            Input::Stream { .. } => &self.opts.regions[..],
        };
        if !active.is_empty() && !active.iter().any(|r| r.contains(&chrom, pos)) {
            return Ok(());
        }
        let record_index = self.record_index;
        self.record_index += 1;
        if let Some(shard) = self.opts.shard {
            if !shard.owns(record_index) {
                return Ok(());
            }
        }
        self.report.records += 1;
        let Some(&len) = self.chrom_lens.get(&chrom) else {
            let shown_names: Vec<&str> = self.genome_names.iter().take(20).map(String::as_str).collect();
            let more = if self.genome_names.len() > 20 {
                format!(", … ({} in all)", self.genome_names.len())
            } else {
                String::new()
            };
            let shown =
                if chrom == vcf_chrom { format!("{chrom:?}") } else { format!("{chrom:?} (VCF name {vcf_chrom:?})") };
            return Err(VariantError::UnknownChrom {
                path: self.path.clone(),
                at,
                chrom: shown,
                genome: format!("{}{more}{}", shown_names.join(", "), alias_hint(&vcf_chrom, &self.genome_names)),
            });
        };
        let raw_ref = rec.reference_bases();
        if raw_ref.is_empty() || raw_ref == "." {
            return Err(self.record_error(at, "REF is empty"));
        }
        let ref_allele = raw_ref.to_ascii_uppercase();
        if ref_allele != raw_ref {
            self.report.ref_uppercased += 1;
        }
        if let Some(ch) = ref_allele.chars().find(|c| !matches!(c, 'A' | 'C' | 'G' | 'T')) {
            return Err(VariantError::InvalidRef { path: self.path.clone(), at, allele: raw_ref.to_string(), ch });
        }
        // the last REF base, without overflow for a POS near u64::MAX (REF is not empty here)
        if pos.saturating_add(ref_allele.len() as u64 - 1) > len {
            return Err(VariantError::BeyondChrom {
                path: self.path.clone(),
                at,
                chrom,
                pos,
                ref_len: ref_allele.len(),
                len,
            });
        }
        let alts_text = rec.alternate_bases().as_ref().to_string();
        if alts_text.is_empty() || alts_text == "." {
            self.report.alleles += 1;
            self.report.skip(SkipReason::MissingAlt, 1);
            return Ok(());
        }
        let alts: Vec<&str> = alts_text.split(',').collect();
        self.report.alleles += alts.len() as u64;
        if rec.info().as_ref().split(';').any(|kv| kv.split('=').next() == Some("SVTYPE")) {
            self.report.skip(SkipReason::StructuralVariant, alts.len() as u64);
            return Ok(());
        }
        let id = match rec.ids().as_ref() {
            "" => ".".to_string(),
            s => s.to_string(),
        };
        let raw: Arc<str> = Arc::from(self.buf.trim_end_matches(['\n', '\r']));
        let chrom_rank = self.chrom_ranks[&chrom];
        for (alt_index, alt) in alts.iter().enumerate() {
            match classify_alt(alt, &ref_allele) {
                Err(reason) => self.report.skip(reason, 1),
                Ok(alt) => {
                    self.report.variants += 1;
                    self.pending.push_back(Variant {
                        chrom: chrom.clone(),
                        vcf_chrom: vcf_chrom.clone(),
                        chrom_rank,
                        pos,
                        id: id.clone(),
                        kind: VariantKind::of(&ref_allele, &alt),
                        ref_allele: ref_allele.clone(),
                        alt,
                        record_index,
                        alt_index,
                        n_alts: alts.len(),
                        line,
                        raw: Arc::clone(&raw),
                    });
                }
            }
        }
        Ok(())
    }
}

impl Iterator for VcfReader {
    type Item = Result<Variant>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(v) = self.pending.pop_front() {
            return Some(Ok(v));
        }
        if self.finished {
            return None;
        }
        if let Err(e) = self.fill() {
            self.finished = true;
            return Some(Err(e));
        }
        self.pending.pop_front().map(Ok)
    }
}
