//! bigWig output of [`genome_predict`](super::genome_predict) and of the merge of its shards: the intervals
//! and values of the bedGraph, written with `bigtools` (default zoom levels, compressed). Values are `f32`
//! in both formats (the bedGraph's decimals round-trip), so a bigWig holds exactly its bedGraph's intervals
//! and values. The file goes through [`seq_io::atomic::write_via_path`]: it is complete or absent.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

use bigtools::bed::bedparser::BedValueError;
use bigtools::beddata::BedParserStreamingIterator;
use bigtools::{BigWigWrite, Value};

use crate::error::{AppError, Result};

/// One bedGraph interval: chromosome, 0-based start, exclusive end, value.
pub type Interval = (String, u64, u64, f32);

/// Whether `path` names a bigWig (`.bw` or `.bigwig`, any case).
pub fn is_bigwig_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("bw") || e.eq_ignore_ascii_case("bigwig"))
}

/// The four columns of a bedGraph data line (`None`: not one).
pub(crate) fn parse_line(line: &str) -> Option<(&str, u64, u64, f32)> {
    let mut f = line.split('\t');
    let chrom = f.next().filter(|c| !c.is_empty())?;
    let start = f.next()?.parse().ok()?;
    let end = f.next()?.parse().ok()?;
    let value = f.next()?.trim_end().parse().ok()?;
    Some((chrom, start, end, value))
}

/// A line that holds no interval (blank, `track`, `browser`, `#`).
fn is_header(line: &str) -> bool {
    line.trim().is_empty() || line.starts_with('#') || line.starts_with("track") || line.starts_with("browser")
}

/// Writes `intervals` (sorted by chromosome name, then start; not overlapping) as the bigWig `out`, with the
/// chromosome lengths `chrom_sizes` (every chromosome of `intervals` must be there); returns the number of
/// intervals. The first error of `intervals` is returned as it is, and nothing is left at `out`.
pub fn write_bigwig<I>(intervals: I, chrom_sizes: &BTreeMap<String, u64>, out: &Path) -> Result<u64>
where
    I: Iterator<Item = Result<Interval>>,
{
    let fail = |reason: String| AppError::BigWig { path: out.to_path_buf(), reason };
    let mut sizes = HashMap::with_capacity(chrom_sizes.len());
    for (name, &len) in chrom_sizes {
        let len = u32::try_from(len)
            .map_err(|_| fail(format!("chromosome {name} has {len} bases, more than a bigWig holds (2^32 - 1)")))?;
        sizes.insert(name.clone(), len);
    }
    let mut intervals = intervals.peekable();
    if intervals.peek().is_none() {
        return Err(fail("no intervals to write (a bigWig needs at least one predicted window)".into()));
    }
    // bigtools sees a failed item as its own error type; the original error waits here.
    let first_error: RefCell<Option<AppError>> = RefCell::new(None);
    let rows = Cell::new(0u64);
    let values = intervals.map(|item| {
        let value = item.and_then(|(chrom, start, end, value)| {
            let coord =
                |x: u64| u32::try_from(x).map_err(|_| fail(format!("{chrom}:{start}-{end} is beyond 2^32 - 1 bases")));
            Ok((chrom.clone(), Value { start: coord(start)?, end: coord(end)?, value }))
        });
        match value {
            Ok(v) => {
                rows.set(rows.get() + 1);
                Ok(v)
            }
            Err(e) => {
                first_error.replace(Some(e));
                Err(BedValueError::InvalidInput("input failed".into()))
            }
        }
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail(format!("cannot start the writer's runtime: {e}")))?;
    seq_io::atomic::write_via_path(out, |tmp| {
        let writer = BigWigWrite::create_file(tmp, sizes)
            .map_err(|e| AppError::from(seq_io::IoError::Io { path: tmp.to_path_buf(), source: e }))?;
        writer
            .write(BedParserStreamingIterator::wrap_iter(values, false), runtime)
            .map_err(|e| first_error.take().unwrap_or_else(|| fail(e.to_string())))
    })?;
    Ok(rows.get())
}

/// Writes the bedGraph `bedgraph` (sorted, as [`genome_predict`](super::genome_predict) writes it) as the
/// bigWig `out`; returns the number of intervals.
pub fn bedgraph_to_bigwig(bedgraph: &Path, chrom_sizes: &BTreeMap<String, u64>, out: &Path) -> Result<u64> {
    let io = |e| AppError::from(seq_genome::GenomeError::io(bedgraph, e));
    let file = std::fs::File::open(bedgraph).map_err(io)?;
    let lines = std::io::BufReader::new(file).lines().enumerate().filter_map(|(i, line)| {
        let line = match line {
            Ok(l) if is_header(&l) => return None,
            Ok(l) => l,
            Err(e) => return Some(Err(io(e))),
        };
        Some(parse_line(&line).map(|(c, s, e, v)| (c.to_string(), s, e, v)).ok_or_else(|| {
            seq_genome::GenomeError::parse(bedgraph, i + 1, "not a bedGraph line (chrom, start, end, value)").into()
        }))
    });
    write_bigwig(lines, chrom_sizes, out)
}
