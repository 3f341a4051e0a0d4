//! Writers for FIMO hits: BED-like records and a TSV table with a header.

use std::io::Write;
use std::path::PathBuf;

use super::FimoHit;
use crate::error::{MotifError, Result};

/// Columns of [`write_bed`] (BED6 then p and q): written as a `#` comment line.
pub const BED_HEADER: &str = "#chrom\tstart\tend\tname\tscore\tstrand\tp_value\tq_value";
/// Header line of [`write_tsv`].
pub const TSV_HEADER: &str = "motif\tsequence\tstart\tend\tstrand\tscore\tp_value\tq_value";

fn write_err(e: std::io::Error) -> MotifError {
    MotifError::Write { path: PathBuf::from("<writer>"), source: e }
}

/// Writes hits as BED6+2 (`sequence start end motif score strand p q`, 0-based half-open), after
/// a `#` header line.
pub fn write_bed<W: Write>(mut out: W, hits: &[FimoHit]) -> Result<()> {
    writeln!(out, "{BED_HEADER}").map_err(write_err)?;
    for h in hits {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{:.4}\t{}\t{:.4e}\t{:.4e}",
            h.sequence,
            h.start,
            h.end,
            h.motif,
            h.score,
            h.strand.symbol(),
            h.p_value,
            h.q_value
        )
        .map_err(write_err)?;
    }
    out.flush().map_err(write_err)
}

/// Writes hits as a tab-separated table with the header [`TSV_HEADER`].
pub fn write_tsv<W: Write>(mut out: W, hits: &[FimoHit]) -> Result<()> {
    writeln!(out, "{TSV_HEADER}").map_err(write_err)?;
    for h in hits {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{:.6}\t{:.6e}\t{:.6e}",
            h.motif,
            h.sequence,
            h.start,
            h.end,
            h.strand.symbol(),
            h.score,
            h.p_value,
            h.q_value
        )
        .map_err(write_err)?;
    }
    out.flush().map_err(write_err)
}
