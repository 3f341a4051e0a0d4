//! BED3+, BED6 and narrowPeak readers (plain or gzipped, any order). Every record is checked against the
//! genome; errors name the file and the line.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use seq_io::Strand;

use crate::error::{GenomeError, Result};
use crate::reference::{Genome, Span};

/// The layout of an interval file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum IntervalFormat {
    /// By the file name: `.narrowPeak` (optionally `.gz`) is narrowPeak, anything else BED.
    #[default]
    Auto,
    /// BED3 or more: chrom, start, end, then optional name, score, strand (further columns ignored).
    Bed,
    /// ENCODE narrowPeak: BED6 + signal, p, q, summit (column 10: offset from start, `-1` = none).
    NarrowPeak,
}

/// What to do with a record whose chromosome is not in the genome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownChromosomes {
    /// Stop with an error naming the file, the line and the genome's names.
    #[default]
    Error,
    /// Skip the record and count it per chromosome in [`IntervalSet::skipped`] (e.g. genome-wide peaks on
    /// a one-chromosome genome).
    Skip,
}

/// One record of an interval file.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Index of the chromosome in the genome.
    pub chrom: usize,
    /// First base (0-based).
    pub start: u64,
    /// One past the last base.
    pub end: u64,
    /// Column 4, or `{file stem}_{line}` when absent or `.`.
    pub name: String,
    /// Column 5 when numeric.
    pub score: Option<f64>,
    /// Column 6 (`None` for `.` or absent).
    pub strand: Option<Strand>,
    /// Absolute summit position (narrowPeak column 10 added to the start), when given.
    pub summit: Option<u64>,
    /// 1-based line of the record.
    pub line: usize,
}

impl Interval {
    /// The summit, or the centre `(start + end) / 2` (rounded down) when there is none.
    pub fn centre(&self) -> u64 {
        self.summit.unwrap_or((self.start + self.end) / 2)
    }
}

/// The records of one file and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct IntervalSet {
    /// Records in file order.
    pub intervals: Vec<Interval>,
    /// Records skipped because their chromosome is not in the genome, per chromosome name.
    pub skipped: BTreeMap<String, usize>,
}

impl IntervalSet {
    /// The intervals as genome spans widened by `margin` on each side (clipped at 0), e.g. to exclude peaks
    /// ± a margin or a blacklist from negative sampling.
    pub fn spans(&self, margin: u64) -> Vec<Span> {
        self.intervals
            .iter()
            .map(|i| Span { chrom: i.chrom, start: i.start.saturating_sub(margin), end: i.end + margin })
            .collect()
    }
}

/// Opens a file, decompressing it when it starts with the gzip magic bytes (BGZF included).
pub fn open_text(path: &Path) -> Result<Box<dyn BufRead>> {
    let mut file = File::open(path).map_err(|e| GenomeError::io(path, e))?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic).map_err(|e| GenomeError::io(path, e))?;
    let file = File::open(path).map_err(|e| GenomeError::io(path, e))?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

fn coordinate(path: &Path, line: usize, what: &str, text: &str) -> Result<u64> {
    text.parse::<u64>().map_err(|_| {
        let why = if text.starts_with('-') && text[1..].parse::<u64>().is_ok() {
            "is negative"
        } else {
            "is not a non-negative integer"
        };
        GenomeError::parse(path, line, format!("{what} {text:?} {why}"))
    })
}

/// Reads an interval file against `genome` (see [`IntervalFormat`] for the columns).
pub fn read_intervals(
    path: &Path,
    format: IntervalFormat,
    genome: &Genome,
    unknown: UnknownChromosomes,
) -> Result<IntervalSet> {
    let fname = path.file_name().map(|f| f.to_string_lossy().to_lowercase()).unwrap_or_default();
    let format = match format {
        IntervalFormat::Auto if fname.trim_end_matches(".gz").ends_with(".narrowpeak") => IntervalFormat::NarrowPeak,
        IntervalFormat::Auto => IntervalFormat::Bed,
        f => f,
    };
    let stem = fname.split('.').next().unwrap_or("interval").to_string();
    let mut set = IntervalSet::default();
    let reader = open_text(path)?;
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| GenomeError::io(path, e))?;
        let text = line.trim_end_matches('\r');
        if text.trim().is_empty() || text.starts_with('#') || text.starts_with("track") || text.starts_with("browser") {
            continue;
        }
        let cols: Vec<&str> =
            if text.contains('\t') { text.split('\t').collect() } else { text.split_whitespace().collect() };
        let need = if format == IntervalFormat::NarrowPeak { 10 } else { 3 };
        if cols.len() < need {
            return Err(GenomeError::parse(
                path,
                n,
                format!(
                    "{} columns, a {} record needs at least {need}",
                    cols.len(),
                    if need == 10 { "narrowPeak" } else { "BED" }
                ),
            ));
        }
        let start = coordinate(path, n, "start", cols[1])?;
        let end = coordinate(path, n, "end", cols[2])?;
        if start > end {
            return Err(GenomeError::parse(path, n, format!("start {start} is after end {end}")));
        }
        let chrom = match genome.chrom_id(cols[0]) {
            Some(c) => c,
            None if unknown == UnknownChromosomes::Skip => {
                *set.skipped.entry(cols[0].to_string()).or_default() += 1;
                continue;
            }
            None => return Err(genome.unknown_chromosome(cols[0], &format!("{}:{n}", path.display()))),
        };
        let len = genome.chroms()[chrom].len;
        if end > len {
            return Err(GenomeError::parse(
                path,
                n,
                format!(
                    "end {end} is beyond the length {len} of {} in {} (another genome build?)",
                    cols[0],
                    genome.path().display()
                ),
            ));
        }
        let name = cols
            .get(3)
            .filter(|s| !s.is_empty() && **s != ".")
            .map_or_else(|| format!("{stem}_{n}"), |s| s.to_string());
        let score = match cols.get(4) {
            Some(s) if *s != "." => Some(
                s.parse::<f64>().map_err(|_| GenomeError::parse(path, n, format!("score {s:?} is not a number")))?,
            ),
            _ => None,
        };
        let strand = match cols.get(5) {
            None | Some(&".") => None,
            Some(s) => Some(
                Strand::from_symbol(s)
                    .ok_or_else(|| GenomeError::parse(path, n, format!("strand {s:?} is not +, - or .")))?,
            ),
        };
        let summit = if format == IntervalFormat::NarrowPeak {
            let s = cols[9];
            match s.parse::<i64>() {
                Ok(-1) => None,
                Ok(off) if off >= 0 && (off as u64) < (end - start).max(1) => Some(start + off as u64),
                Ok(off) => {
                    return Err(GenomeError::parse(
                        path,
                        n,
                        format!("summit offset {off} is outside its peak {start}-{end} (length {})", end - start),
                    ))
                }
                Err(_) => {
                    return Err(GenomeError::parse(path, n, format!("summit (column 10) {s:?} is not an integer")))
                }
            }
        } else {
            None
        };
        set.intervals.push(Interval { chrom, start, end, name, score, strand, summit, line: n });
    }
    if set.intervals.is_empty() && set.skipped.is_empty() {
        return Err(GenomeError::EmptyFile { path: path.into() });
    }
    if set.intervals.is_empty() {
        let names: Vec<&str> = set.skipped.keys().map(String::as_str).collect();
        return Err(genome.unknown_chromosome(
            names[0],
            &format!("{}: no record on the genome's chromosomes (the file has {})", path.display(), names.join(", ")),
        ));
    }
    Ok(set)
}
