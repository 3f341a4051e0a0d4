//! The input side of [`crate::vcf`]: opening (plain, gzip or BGZF, detected from the bytes), reading the
//! header verbatim, and the line source — the whole stream, or the chunks of a tabix region query.

use crate::error::{Result, VariantError};
use crate::region::Region;
use crate::source::SequenceSource;
use crate::vcf_options::VcfOptions;
use noodles_bgzf as bgzf;
use noodles_csi::binning_index::index::reference_sequence::bin::Chunk;
use noodles_csi::BinningIndex;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

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

/// Where data lines come from.
pub(crate) enum Input {
    /// The whole file, line by line (line numbers known).
    Stream { reader: Box<dyn BufRead + Send>, line: u64 },
    /// The chunks of a tabix query (each tagged with its region's index); line numbers unknown.
    Indexed {
        reader: bgzf::io::Reader<BufReader<File>>,
        chunks: VecDeque<(usize, Chunk)>,
        end: Option<bgzf::VirtualPosition>,
        region: usize,
    },
}

impl Input {
    /// Reads the next data line into `buf` (line break kept); `Ok(None)` at the end. Returns the line number.
    pub(crate) fn next_line(&mut self, buf: &mut String) -> std::io::Result<Option<Option<u64>>> {
        match self {
            Input::Stream { reader, line } => {
                buf.clear();
                if reader.read_line(buf)? == 0 {
                    return Ok(None);
                }
                *line += 1;
                Ok(Some(Some(*line)))
            }
            Input::Indexed { reader, chunks, end, region } => loop {
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

pub(crate) fn open_stream(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    Ok(seq_io::fastx::open_text(path)?)
}

pub(crate) fn is_bgzf(path: &Path) -> Result<bool> {
    let mut magic = [0u8; 16];
    let mut f = File::open(path).map_err(|e| VariantError::io(path, e))?;
    let n = f.read(&mut magic).map_err(|e| VariantError::io(path, e))?;
    // gzip with FEXTRA whose first subfield is "BC" (the BGZF block size).
    Ok(n >= 14 && magic[0] == 0x1f && magic[1] == 0x8b && magic[3] & 4 != 0 && magic[12] == b'B' && magic[13] == b'C')
}

pub(crate) fn read_header(path: &Path, reader: &mut dyn BufRead) -> Result<VcfHeader> {
    let mut raw = String::new();
    let mut lines = 0u64;
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(|e| VariantError::io(path, e))?;
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
                message: format!("line {lines} is not a header line (the header must end with the #CHROM line)"),
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
    let parsed: noodles_vcf::Header =
        raw.parse().map_err(|e| VariantError::Header { path: path.into(), message: format!("{e}") })?;
    Ok(VcfHeader { raw, parsed, lines })
}

pub(crate) fn check_regions(regions: &[Region], genome: &dyn SequenceSource) -> Result<()> {
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

pub(crate) fn region_chunks(
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
        let Some(id) =
            candidates.iter().find_map(|c| names.iter().position(|n| AsRef::<[u8]>::as_ref(n) == c.as_bytes()))
        else {
            continue; // no record on this chromosome
        };
        let to_pos = |v: u64| {
            noodles_core::Position::try_from(v as usize)
                .map_err(|e| VariantError::Region { text: region.to_string(), message: e.to_string() })
        };
        let start = to_pos(region.start)?;
        let interval: noodles_core::region::Interval =
            if region.end == u64::MAX { (start..).into() } else { (start..=to_pos(region.end)?).into() };
        let chunks =
            index.query(id, interval).map_err(|e| VariantError::Index { path: tbi.into(), message: e.to_string() })?;
        out.extend(chunks.into_iter().map(|c| (ri, c)));
    }
    Ok(out)
}
