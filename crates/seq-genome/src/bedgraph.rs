//! bedGraph output of per-window scores (`chrom start end value`, sorted by chromosome name then start,
//! as `sort -k1,1 -k2,2n` would), written atomically.

use std::fmt::Write as _;
use std::path::Path;

use crate::atomic::write_bytes_atomic;
use crate::error::{GenomeError, Result};

/// One scored window.
#[derive(Debug, Clone, PartialEq)]
pub struct BedGraphEntry {
    /// Chromosome name.
    pub chrom: String,
    /// First base (0-based).
    pub start: u64,
    /// One past the last base.
    pub end: u64,
    /// The score.
    pub value: f64,
}

/// The bedGraph text of `entries`, sorted; an optional `track` line first.
pub fn bedgraph_text(entries: &[BedGraphEntry], track: Option<&str>) -> Result<String> {
    if let Some(e) = entries.iter().find(|e| !e.value.is_finite() || e.start >= e.end) {
        return Err(GenomeError::InvalidArgument(format!(
            "bedGraph entry {}:{}-{} = {} (values must be finite, start before end)",
            e.chrom, e.start, e.end, e.value
        )));
    }
    let mut order: Vec<&BedGraphEntry> = entries.iter().collect();
    order.sort_by(|a, b| (a.chrom.as_str(), a.start, a.end).cmp(&(b.chrom.as_str(), b.start, b.end)));
    let mut s = String::new();
    if let Some(t) = track {
        let _ = writeln!(s, "track type=bedGraph name=\"{t}\"");
    }
    for e in order {
        let _ = writeln!(s, "{}\t{}\t{}\t{}", e.chrom, e.start, e.end, e.value);
    }
    Ok(s)
}

/// Writes `entries` as a sorted bedGraph to `path` (atomically).
pub fn write_bedgraph(path: &Path, entries: &[BedGraphEntry], track: Option<&str>) -> Result<()> {
    write_bytes_atomic(path, bedgraph_text(entries, track)?.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_name_then_start() {
        let e = |c: &str, s: u64, v: f64| BedGraphEntry { chrom: c.into(), start: s, end: s + 10, value: v };
        let text = bedgraph_text(&[e("chr2", 5, 1.5), e("chr10", 100, -2.0), e("chr2", 1, 0.25)], None).unwrap();
        assert_eq!(text, "chr10\t100\t110\t-2\nchr2\t1\t11\t0.25\nchr2\t5\t15\t1.5\n");
        assert!(bedgraph_text(&[e("chr1", 0, f64::NAN)], None).is_err());
    }
}
