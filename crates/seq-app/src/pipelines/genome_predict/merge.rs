//! The merge of the `N` shard bedGraphs of one [`genome_predict`](super::genome_predict) run: a k-way merge
//! of the shard files by (chromosome, start), into a bedGraph (the bytes of the unsharded run) or a bigWig
//! (the same intervals and values).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::fs::File;
use std::io::{BufRead, BufReader, Lines, Write};
use std::path::{Path, PathBuf};

use seq_variants::Shard;

use super::bigwig::{parse_line, write_bigwig};
use super::BedGraphMarker;
use crate::error::{AppError, Result};

fn bad(message: String) -> AppError {
    AppError::option("--inputs", message)
}

/// The markers of `inputs`, checked: every shard `0/N … N-1/N` present once, all of the same run.
fn check_shards(inputs: &[PathBuf]) -> Result<Vec<BedGraphMarker>> {
    let markers: Vec<BedGraphMarker> = inputs.iter().map(|p| BedGraphMarker::read(p)).collect::<Result<_>>()?;
    let m0 = markers.first().ok_or_else(|| bad("no input files".into()))?;
    let mut seen = BTreeMap::new();
    for (p, m) in inputs.iter().zip(&markers) {
        if (m.shard.count, m.length, m.stride, m.output, m.logits, &m.chrom_sizes)
            != (m0.shard.count, m0.length, m0.stride, m0.output, m0.logits, &m0.chrom_sizes)
        {
            return Err(bad(format!("{} is not a shard of the same run as {}", p.display(), inputs[0].display())));
        }
        if let Some(prev) = seen.insert(m.shard.index, p) {
            return Err(bad(format!("{} and {} are both shard {}", prev.display(), p.display(), m.shard)));
        }
    }
    if let Some(missing) = (0..m0.shard.count).find(|i| !seen.contains_key(i)) {
        return Err(bad(format!("shard {missing}/{} is missing", m0.shard.count)));
    }
    Ok(markers)
}

/// The marker of the merged file.
fn merged_marker(markers: &[BedGraphMarker], rows: u64) -> BedGraphMarker {
    BedGraphMarker {
        shard: Shard::WHOLE,
        rows,
        edge: markers.iter().map(|m| m.edge).sum(),
        too_many_n: markers.iter().map(|m| m.too_many_n).sum(),
        ..markers[0].clone()
    }
}

/// (chromosome, start, the line).
type Key = (String, u64, String);

/// The lines of the shard files in (chromosome, start) order; each line checked to be a bedGraph line and
/// each file to be in order.
struct MergedLines<'a> {
    inputs: &'a [PathBuf],
    readers: Vec<Lines<BufReader<File>>>,
    heap: BinaryHeap<Reverse<(Key, usize)>>,
}

impl<'a> MergedLines<'a> {
    fn open(inputs: &'a [PathBuf]) -> Result<Self> {
        let mut readers = Vec::with_capacity(inputs.len());
        for p in inputs {
            let f = File::open(p).map_err(|e| seq_io::IoError::Io { path: p.clone(), source: e })?;
            readers.push(BufReader::new(f).lines());
        }
        let mut merged = MergedLines { inputs, readers, heap: BinaryHeap::new() };
        for i in 0..inputs.len() {
            if let Some(k) = merged.read(i)? {
                merged.heap.push(Reverse((k, i)));
            }
        }
        Ok(merged)
    }

    /// The next line of input `i`.
    fn read(&mut self, i: usize) -> Result<Option<Key>> {
        let Some(line) = self.readers[i].next() else { return Ok(None) };
        let path = &self.inputs[i];
        let line = line.map_err(|e| seq_io::IoError::Io { path: path.clone(), source: e })?;
        let (chrom, start, _, _) =
            parse_line(&line).ok_or_else(|| bad(format!("{}: not a bedGraph line: {line:?}", path.display())))?;
        Ok(Some((chrom.to_string(), start, line)))
    }
}

impl Iterator for MergedLines<'_> {
    type Item = Result<Key>;

    fn next(&mut self) -> Option<Result<Key>> {
        let Reverse((key, i)) = self.heap.pop()?;
        match self.read(i) {
            Ok(Some(k)) if k < key => {
                return Some(Err(bad(format!("{}: lines out of order near {:?}", self.inputs[i].display(), k.2))))
            }
            Ok(Some(k)) => self.heap.push(Reverse((k, i))),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(key))
    }
}

/// Merges the bedGraphs of the `N` shards of one [`genome_predict`](super::genome_predict) run into `out`
/// (the bytes of the unsharded run): every shard `0/N … N-1/N` must be present once and complete, with the
/// same windows.
pub fn merge_bedgraphs(inputs: &[PathBuf], out: &Path) -> Result<BedGraphMarker> {
    let markers = check_shards(inputs)?;
    let mut file = seq_io::atomic::AtomicFile::create(out)?;
    let mut rows = 0u64;
    for line in MergedLines::open(inputs)? {
        let (_, _, text) = line?;
        writeln!(file, "{text}").map_err(|e| seq_io::IoError::Io { path: out.into(), source: e })?;
        rows += 1;
    }
    file.commit()?;
    let marker = merged_marker(&markers, rows);
    marker.write(out)?;
    Ok(marker)
}

/// Merges the shard bedGraphs as [`merge_bedgraphs`] does, into the bigWig `out` instead (the same intervals
/// and values; the chromosome lengths are those the shards' markers took from the genome's index).
pub fn merge_bedgraphs_to_bigwig(inputs: &[PathBuf], out: &Path) -> Result<BedGraphMarker> {
    let markers = check_shards(inputs)?;
    let sizes = &markers[0].chrom_sizes;
    if sizes.is_empty() {
        return Err(bad(format!(
            "{}: its marker lists no chromosome lengths (no regions, or written by an older seqdl: predict again)",
            inputs[0].display()
        )));
    }
    let intervals = MergedLines::open(inputs)?.map(|line| {
        let (_, _, text) = line?;
        let (chrom, start, end, value) =
            parse_line(&text).ok_or_else(|| bad(format!("not a bedGraph line: {text:?}")))?;
        Ok((chrom.to_string(), start, end, value))
    });
    let rows = write_bigwig(intervals, sizes, out)?;
    Ok(merged_marker(&markers, rows))
}
