//! Streaming VCF reading: plain, gzip or BGZF text (detected from the bytes, not the name), parsed with
//! noodles one data line at a time (memory does not grow with the number of variants), optionally limited
//! to regions — through the tabix index (`<vcf>.tbi`) when the file is BGZF and has one, else by
//! filtering the stream — and to one shard.
//!
//! Per record: the chromosome goes through the [`ChromAlias`] and must be a genome sequence (else
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
//! [`Shard`] keeps record `k` when `k mod N == i` (see [`crate::shard`]).

use crate::alias::{alias_hint, ChromAlias};
use crate::error::{Result, VariantError};
use crate::region::Region;
use crate::report::{SkipReason, SkipReport};
use crate::shard::Shard;
use crate::source::SequenceSource;
use crate::variant::{Variant, VariantKind};
use noodles_bgzf as bgzf;
use noodles_csi::binning_index::index::reference_sequence::bin::Chunk;
use noodles_csi::BinningIndex;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `line N` when the line is known, else `record chrom:pos`.
pub fn location(line: Option<u64>, chrom: &str, pos: u64) -> String {
    match line {
        Some(l) => format!("line {l}"),
        None => format!("record {chrom}:{pos}"),
    }
}

/// What to read from a VCF.
#[derive(Debug, Clone, Default)]
pub struct VcfOptions {
    /// VCF chromosome name → genome name.
    pub alias: ChromAlias,
    /// Regions (genome names, disjoint); empty reads the whole file.
    pub regions: Vec<Region>,
    /// Keep only this shard's records (round robin on the record index); `None` keeps all.
    pub shard: Option<Shard>,
}

/// The header of a VCF: its text as read (each line ending in `\n`) and noodles' parse of it.
#[derive(Debug, Clone)]
pub struct VcfHeader {
    /// The header lines, `#CHROM` line included, verbatim.
    pub raw: String,
    /// The parsed header.
    pub parsed: noodles_vcf::Header,
    /// Number of header lines.
    pub lines: u64,
}

enum Input {
    Stream {
        reader: Box<dyn BufRead + Send>,
        line: u64,
    },
    Indexed {
        reader: bgzf::io::Reader<BufReader<File>>,
        chunks: VecDeque<(usize, Chunk)>,
        end: Option<bgzf::VirtualPosition>,
        region: usize,
    },
}

impl Input {
    /// Reads the next data line into `buf` (line break kept); `Ok(None)` at the end. Returns the line number.
    fn next_line(&mut self, buf: &mut String) -> std::io::Result<Option<Option<u64>>> {
        match self {
            Input::Stream { reader, line } => {
                buf.clear();
                if reader.read_line(buf)? == 0 {
                    return Ok(None);
                }
                *line += 1;
                Ok(Some(Some(*line)))
            }
            Input::Indexed {
                reader,
                chunks,
                end,
                region,
            } => loop {
                if let Some(e) = *end {
                    if reader.virtual_position() < e {
                        buf.clear();
                        if reader.read_line(buf)? == 0 {
                            return Ok(None);
                        }
                        return Ok(Some(None));
                    }
                }
                match chunks.pop_front() {
                    None => return Ok(None),
                    Some((r, c)) => {
                        *region = r;
                        reader.seek(c.start())?;
                        *end = Some(c.end());
                    }
                }
            },
        }
    }
}

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

fn open_stream(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    Ok(seq_io::fastx::open_text(path)?)
}

fn is_bgzf(path: &Path) -> Result<bool> {
    let mut magic = [0u8; 16];
    let mut f = File::open(path).map_err(|e| VariantError::io(path, e))?;
    let n = f.read(&mut magic).map_err(|e| VariantError::io(path, e))?;
    // gzip with FEXTRA whose first subfield is "BC" (the BGZF block size).
    Ok(n >= 14
        && magic[0] == 0x1f
        && magic[1] == 0x8b
        && magic[3] & 4 != 0
        && magic[12] == b'B'
        && magic[13] == b'C')
}

fn read_header(path: &Path, reader: &mut dyn BufRead) -> Result<VcfHeader> {
    let mut raw = String::new();
    let mut lines = 0u64;
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| VariantError::io(path, e))?;
        if n == 0 {
            if lines == 0 {
                return Err(VariantError::EmptyVcf { path: path.into() });
            }
            return Err(VariantError::Header {
                path: path.into(),
                message: format!("no #CHROM line after {lines} header lines"),
            });
        }
        lines += 1;
        if !line.starts_with('#') {
            return Err(VariantError::Header {
                path: path.into(),
                message: format!(
                    "line {lines} is not a header line (the header must end with the #CHROM line)"
                ),
            });
        }
        if !line.ends_with('\n') {
            line.push('\n');
        }
        raw.push_str(&line);
        if line.starts_with("#CHROM") {
            break;
        }
    }
    let parsed: noodles_vcf::Header = raw.parse().map_err(|e| VariantError::Header {
        path: path.into(),
        message: format!("{e}"),
    })?;
    Ok(VcfHeader { raw, parsed, lines })
}

fn check_regions(regions: &[Region], genome: &dyn SequenceSource) -> Result<()> {
    for r in regions {
        r.validate(genome)?;
    }
    for (i, a) in regions.iter().enumerate() {
        for b in &regions[i + 1..] {
            if a.chrom == b.chrom && a.start <= b.end && b.start <= a.end {
                return Err(VariantError::Region {
                    text: format!("{a}, {b}"),
                    message: "regions overlap; give disjoint regions".into(),
                });
            }
        }
    }
    Ok(())
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
            let index = noodles_tabix::fs::read(&tbi).map_err(|e| VariantError::Index {
                path: tbi.clone(),
                message: e.to_string(),
            })?;
            let chunks = region_chunks(&tbi, &index, &opts)?;
            (
                header,
                Input::Indexed {
                    reader,
                    chunks,
                    end: None,
                    region: 0,
                },
            )
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
        VariantError::Record {
            path: self.path.clone(),
            at,
            message: message.into(),
        }
    }

    /// Reads lines until at least one variant is pending or the input ends.
    fn fill(&mut self) -> Result<()> {
        while self.pending.is_empty() {
            let line = match self.input.next_line(&mut self.buf) {
                Ok(Some(l)) => l,
                Ok(None) => {
                    self.finished = true;
                    if !self.indexed && self.data_lines == 0 {
                        return Err(VariantError::EmptyVcf {
                            path: self.path.clone(),
                        });
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
        let at_line = || {
            line.map_or_else(
                || "record after a region-query seek".to_string(),
                |l| format!("line {l}"),
            )
        };
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
        let at_line =
            line.map_or_else(|| format!("record on {vcf_chrom}"), |l| format!("line {l}"));
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
            let shown_names: Vec<&str> = self
                .genome_names
                .iter()
                .take(20)
                .map(String::as_str)
                .collect();
            let more = if self.genome_names.len() > 20 {
                format!(", … ({} in all)", self.genome_names.len())
            } else {
                String::new()
            };
            let shown = if chrom == vcf_chrom {
                format!("{chrom:?}")
            } else {
                format!("{chrom:?} (VCF name {vcf_chrom:?})")
            };
            return Err(VariantError::UnknownChrom {
                path: self.path.clone(),
                at,
                chrom: shown,
                genome: format!(
                    "{}{more}{}",
                    shown_names.join(", "),
                    alias_hint(&vcf_chrom, &self.genome_names)
                ),
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
        if let Some(ch) = ref_allele
            .chars()
            .find(|c| !matches!(c, 'A' | 'C' | 'G' | 'T'))
        {
            return Err(VariantError::InvalidRef {
                path: self.path.clone(),
                at,
                allele: raw_ref.to_string(),
                ch,
            });
        }
        if pos + ref_allele.len() as u64 - 1 > len {
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
        if rec
            .info()
            .as_ref()
            .split(';')
            .any(|kv| kv.split('=').next() == Some("SVTYPE"))
        {
            self.report
                .skip(SkipReason::StructuralVariant, alts.len() as u64);
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

/// Classifies one ALT allele: the upper-cased allele when it is scorable, else why not.
pub fn classify_alt(alt: &str, ref_allele: &str) -> std::result::Result<String, SkipReason> {
    if alt == "*" {
        return Err(SkipReason::StarAllele);
    }
    if alt.is_empty() || alt == "." {
        return Err(SkipReason::MissingAlt);
    }
    if alt.starts_with('<') {
        return Err(SkipReason::SymbolicAllele);
    }
    if alt.contains(['[', ']']) || alt.starts_with('.') || alt.ends_with('.') {
        return Err(SkipReason::Breakend);
    }
    let up = alt.to_ascii_uppercase();
    if !up.bytes().all(|b| matches!(b, b'A' | b'C' | b'G' | b'T')) {
        return Err(SkipReason::AltNotAcgt);
    }
    if up == ref_allele {
        return Err(SkipReason::AltEqualsRef);
    }
    Ok(up)
}

fn region_chunks(
    tbi: &Path,
    index: &noodles_tabix::Index,
    opts: &VcfOptions,
) -> Result<VecDeque<(usize, Chunk)>> {
    let names = index
        .header()
        .ok_or_else(|| VariantError::Index {
            path: tbi.into(),
            message: "the index has no header (not a tabix index?)".into(),
        })?
        .reference_sequence_names();
    let mut out = VecDeque::new();
    for (ri, region) in opts.regions.iter().enumerate() {
        let candidates = opts.alias.to_vcf(&region.chrom);
        let Some(id) = candidates.iter().find_map(|c| {
            names
                .iter()
                .position(|n| AsRef::<[u8]>::as_ref(n) == c.as_bytes())
        }) else {
            continue; // no record on this chromosome
        };
        let to_pos = |v: u64| {
            noodles_core::Position::try_from(v as usize).map_err(|e| VariantError::Region {
                text: region.to_string(),
                message: e.to_string(),
            })
        };
        let start = to_pos(region.start)?;
        let interval: noodles_core::region::Interval = if region.end == u64::MAX {
            (start..).into()
        } else {
            (start..=to_pos(region.end)?).into()
        };
        let chunks = index.query(id, interval).map_err(|e| VariantError::Index {
            path: tbi.into(),
            message: e.to_string(),
        })?;
        out.extend(chunks.into_iter().map(|c| (ri, c)));
    }
    Ok(out)
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
