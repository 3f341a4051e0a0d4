//! A TSV writer for TOMTOM results, in the column order of MEME's `tomtom.tsv`.

use std::io::Write;
use std::path::PathBuf;

use super::TomtomResult;
use crate::error::{MotifError, Result};

/// Header line of [`write_tsv`].
pub const TSV_HEADER: &str = "query_id\ttarget_id\toptimal_offset\tp_value\te_value\tq_value\toverlap\torientation";

/// Writes one line per (query, target) pair with a q-value at most `max_q` (1.0 writes every pair),
/// queries in the given order and targets best first.
pub fn write_tsv<W: Write>(mut out: W, results: &[TomtomResult], max_q: f64) -> Result<()> {
    let err = |e| MotifError::Write { path: PathBuf::from("<writer>"), source: e };
    writeln!(out, "{TSV_HEADER}").map_err(err)?;
    for r in results {
        for h in r.significant(max_q) {
            writeln!(
                out,
                "{}\t{}\t{}\t{:.6e}\t{:.6e}\t{:.6e}\t{}\t{}",
                r.query,
                h.target,
                h.offset,
                h.p_value,
                h.e_value,
                h.q_value,
                h.overlap,
                h.strand.symbol()
            )
            .map_err(err)?;
        }
    }
    out.flush().map_err(err)
}
