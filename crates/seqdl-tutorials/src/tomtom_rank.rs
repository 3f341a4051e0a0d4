//! Where a first-layer filter's motif stands among a database by TOMTOM (seq-motifs): the rank and q-value
//! of the motif the tutorial expects, and the closest matches — the reported match of a filter, in place of a
//! Pearson correlation without a p-value.

use seq_io::Pfm;

use crate::{Error, Result};

/// A filter's TOMTOM comparison with a database.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TomtomRank {
    /// 1-based rank of the expected motif (by p-value), `None` when the database lacks it.
    pub rank: Option<usize>,
    /// Its q-value over the database.
    pub q_value: Option<f64>,
    /// The three closest motifs, `name description (q = …)`.
    pub closest: Vec<String>,
}

/// TOMTOM (Euclidean, memesuite-lite's defaults) of `query` against `database` (named `source` in errors),
/// with the standing of the motif called `expected`.
pub fn tomtom_rank(query: &Pfm, database: &[Pfm], source: &str, expected: &str) -> Result<TomtomRank> {
    let result = seq_motifs::Tomtom::new(database, seq_motifs::TomtomOptions::default())
        .and_then(|t| t.query(query))
        .map_err(|e| Error::Step(format!("TOMTOM of {} against {source}: {e}", query.name)))?;
    let at = result.hits.iter().position(|h| h.target == expected);
    let closest = result
        .hits
        .iter()
        .take(3)
        .map(|h| format!("{} {} (q = {:.1e})", h.target, database[h.target_index].description, h.q_value))
        .collect();
    Ok(TomtomRank { rank: at.map(|r| r + 1), q_value: at.map(|r| result.hits[r].q_value), closest })
}
