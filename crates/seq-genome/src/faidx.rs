//! The `.fai` index of a FASTA file: reading it (noodles-fasta), building it when it is missing, and
//! checking that it describes the FASTA it sits next to.

use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

use crate::error::{GenomeError, Result};

/// One sequence of a genome, as its `.fai` line describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChromInfo {
    /// Sequence name (the first word of the FASTA header).
    pub name: String,
    /// Length in bases.
    pub len: u64,
    /// Byte offset of the first base in the (uncompressed) FASTA.
    pub(crate) offset: u64,
    /// Bases per full line.
    pub(crate) line_bases: u64,
    /// Bytes per full line, newline included.
    pub(crate) line_width: u64,
}

impl ChromInfo {
    /// Byte offset (uncompressed) of base `pos`.
    pub(crate) fn file_offset(&self, pos: u64) -> u64 {
        self.offset + (pos / self.line_bases) * self.line_width + pos % self.line_bases
    }

    fn from_noodles(r: &noodles_fasta::fai::Record) -> Self {
        ChromInfo {
            name: String::from_utf8_lossy(r.name()).into_owned(),
            len: r.length(),
            offset: r.position(),
            line_bases: r.line_base_count().get(),
            line_width: r.line_width().get(),
        }
    }
}

/// Reads a `.fai` file.
pub(crate) fn read_fai(path: &Path) -> Result<Vec<ChromInfo>> {
    let index = noodles_fasta::fai::fs::read(path).map_err(|e| GenomeError::io(path, e))?;
    let chroms: Vec<ChromInfo> = index.as_ref().iter().map(ChromInfo::from_noodles).collect();
    check_table(path, &chroms)?;
    Ok(chroms)
}

/// Builds the index by reading the whole (uncompressed) FASTA stream once.
pub(crate) fn build_fai<R: BufRead>(reader: R, fasta: &Path) -> Result<Vec<ChromInfo>> {
    let mut indexer = noodles_fasta::io::Indexer::new(reader);
    let mut chroms = Vec::new();
    loop {
        match indexer.index_record() {
            Ok(Some(r)) => chroms.push(ChromInfo::from_noodles(&r)),
            Ok(None) => break,
            Err(e) => {
                return Err(GenomeError::Fasta {
                    path: fasta.into(),
                    message: format!("cannot index record {}: {e}", chroms.len() + 1),
                });
            }
        }
    }
    check_table(fasta, &chroms)?;
    Ok(chroms)
}

fn check_table(path: &Path, chroms: &[ChromInfo]) -> Result<()> {
    if chroms.is_empty() {
        return Err(GenomeError::EmptyFile { path: path.into() });
    }
    let mut seen = HashSet::new();
    for (i, c) in chroms.iter().enumerate() {
        if !seen.insert(c.name.as_str()) {
            return Err(GenomeError::parse(path, i + 1, format!("sequence name {:?} appears twice", c.name)));
        }
        if c.line_bases == 0 || c.line_width <= c.line_bases {
            return Err(GenomeError::parse(
                path,
                i + 1,
                format!("{}: line width {} must exceed the bases per line {}", c.name, c.line_width, c.line_bases),
            ));
        }
    }
    Ok(())
}

/// Records checked by [`validate`]: every record of small genomes, the first and last ones of large ones.
const CHECKED: usize = 200;

/// Checks that every (or, for genomes of many sequences, the first and last [`CHECKED`]) record of the index
/// matches the FASTA: its header line names it, its last base is followed by the end of a line, its first
/// full line ends where the index says. `read(offset, len)` returns uncompressed FASTA bytes (fewer at EOF).
pub(crate) fn validate(
    fasta: &Path,
    fai: &Path,
    chroms: &[ChromInfo],
    read: &dyn Fn(u64, usize) -> Result<Vec<u8>>,
) -> Result<()> {
    let mismatch = |m: String| GenomeError::IndexMismatch { fasta: fasta.into(), index: fai.into(), message: m };
    let n = chroms.len();
    let picked = (0..n).filter(|&i| n <= 2 * CHECKED || i < CHECKED || i >= n - CHECKED);
    for i in picked {
        let c = &chroms[i];
        let back = (c.name.len() as u64 + 4096).min(c.offset);
        let head = read(c.offset - back, back as usize)?;
        let line_end = head.len().checked_sub(1).filter(|&k| head[k] == b'\n');
        let Some(k) = line_end else {
            return Err(mismatch(format!(
                "record {:?}: the byte before offset {} is not the end of a header line",
                c.name, c.offset
            )));
        };
        let start = head[..k].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = head[start..k].strip_suffix(b"\r").unwrap_or(&head[start..k]);
        let word = line.strip_prefix(b">").and_then(|l| l.split(|b| b.is_ascii_whitespace()).next());
        if word != Some(c.name.as_bytes()) {
            return Err(mismatch(format!(
                "record {:?}: the header line before offset {} is {:?}",
                c.name,
                c.offset,
                String::from_utf8_lossy(line)
            )));
        }
        if c.len == 0 {
            continue;
        }
        let last = c.file_offset(c.len - 1);
        let tail = read(last, 2)?;
        let base_ok = tail.first().is_some_and(|&b| b.is_ascii_alphabetic() || b == b'*' || b == b'-');
        let end_ok = tail.get(1).is_none_or(|&b| b == b'\n' || b == b'\r');
        if !base_ok || !end_ok {
            return Err(mismatch(format!(
                "record {:?}: length {} does not end at a line end of the FASTA (bytes {:?} at offset {last})",
                c.name,
                c.len,
                String::from_utf8_lossy(&tail)
            )));
        }
        if c.len > c.line_bases {
            let eol = read(c.offset + c.line_bases, 1)?;
            if !matches!(eol.first(), Some(b'\n' | b'\r')) {
                return Err(mismatch(format!(
                    "record {:?}: its first line is not {} bases long",
                    c.name, c.line_bases
                )));
            }
        }
    }
    Ok(())
}
