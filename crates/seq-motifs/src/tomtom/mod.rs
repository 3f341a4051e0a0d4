//! TOMTOM motif comparison, as memesuite-lite (`memelite.tomtom`) implements it.
//!
//! For each query column, a score against every database column (Euclidean by default: minus the
//! distance of the two probability columns, memesuite-lite's score; Pearson correlation optional),
//! minus that query column's median score over the database, is put on an integer scale
//! ([`TomtomOptions::n_score_bins`] bins over the query's score range); its histogram over the
//! database's columns is the column's null. Each target (and its reverse complement) is aligned at every
//! offset with at least [`TomtomOptions::min_overlap`] overlapping columns; an alignment scores the sum
//! of the aligned bins plus the median bin for each unaligned query column. The best alignment's
//! p-value is that of the maximum over all alignments of a target of that width, by exact dynamic
//! programming over the null (module `null`). The two strands are merged as memesuite-lite merges them
//! (`p = 1 − (1 − min(p₊, p₋))²`; the offset, overlap and strand of the higher-scoring strand, `-` on
//! a tie). E-value = p × database size; q-value = Benjamini–Hochberg over the database, per query.
//!
//! [`Tomtom::new`] prepares a database once; [`Tomtom::query`] / [`Tomtom::query_all`] compare queries
//! (in parallel over queries with rayon).

mod columns;
mod null;
mod output;

pub use output::{write_tsv, TSV_HEADER};

use std::path::Path;

use rayon::prelude::*;
use seq_io::{Pfm, Strand};

use crate::error::{MotifError, Result};
use crate::qvalue::benjamini_hochberg;
use crate::validate::{normalised_columns, validate_motif};
use columns::{query_bins, TargetColumns};
use null::NullTable;

/// Widest query [`Tomtom::query`] accepts: its null table takes about `3 · w² · 200 · 8` bytes
/// (190 MiB at 200 columns).
pub const MAX_QUERY_WIDTH: usize = 200;

/// The per-column similarity score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ColumnScore {
    /// Minus the Euclidean distance between the two probability columns (memesuite-lite's score and
    /// the default; MEME's `-dist ed` up to sign and scale).
    #[default]
    Euclidean,
    /// Pearson correlation of the two columns' four values (MEME's `-dist pearson`); 0 when either
    /// column is constant.
    Pearson,
}

/// Options of [`Tomtom`]; the defaults are memesuite-lite's.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TomtomOptions {
    /// Per-column score (default Euclidean).
    pub score: ColumnScore,
    /// Number of integer score bins per column (`t` in the TOMTOM paper; default 100, at most 10000).
    pub n_score_bins: usize,
    /// Bins of the approximate median (default 1000).
    pub n_median_bins: usize,
    /// Database columns whose values fall in the same of this many bins per letter are merged
    /// (default `Some(100)`, as memesuite-lite); `None` keeps every column.
    pub n_target_bins: Option<usize>,
    /// Also compare with each target's reverse complement (default true).
    pub reverse_complement: bool,
    /// Smallest number of overlapping columns of an alignment (default 1, as memesuite-lite).
    pub min_overlap: usize,
}

impl Default for TomtomOptions {
    fn default() -> Self {
        TomtomOptions {
            score: ColumnScore::Euclidean,
            n_score_bins: 100,
            n_median_bins: 1000,
            n_target_bins: Some(100),
            reverse_complement: true,
            min_overlap: 1,
        }
    }
}

/// One target's comparison with a query.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TomtomHit {
    /// The target's name.
    pub target: String,
    /// The target's index in the database.
    pub target_index: usize,
    /// p-value of the best alignment.
    pub p_value: f64,
    /// E-value: p × number of targets.
    pub e_value: f64,
    /// Benjamini–Hochberg q-value over the database for this query.
    pub q_value: f64,
    /// The best alignment's integer score (sum of column bins).
    pub score: i64,
    /// Target column aligned with the query's first column (negative when the query starts before the
    /// target), in the coordinates of the target as oriented by `strand` (reverse-complemented for `-`).
    pub offset: i64,
    /// Number of overlapping columns.
    pub overlap: usize,
    /// `+`: the target as given; `-`: its reverse complement.
    pub strand: Strand,
}

/// A query's comparison with every target, sorted by p-value (ties by database order).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TomtomResult {
    /// The query's name.
    pub query: String,
    /// Every target, best first.
    pub hits: Vec<TomtomHit>,
}

impl TomtomResult {
    /// The best match (smallest p-value), if the database is not empty.
    pub fn best(&self) -> Option<&TomtomHit> {
        self.hits.first()
    }

    /// The matches with a q-value at most `max_q`, best first.
    pub fn significant(&self, max_q: f64) -> impl Iterator<Item = &TomtomHit> + '_ {
        self.hits.iter().filter(move |h| h.q_value <= max_q)
    }
}

/// A motif database prepared for TOMTOM queries.
#[derive(Debug, Clone)]
pub struct Tomtom {
    options: TomtomOptions,
    names: Vec<String>,
    widths: Vec<usize>,
    /// First column of each target (forward targets, then reverse complements) in the column index.
    starts: Vec<usize>,
    columns: TargetColumns,
}

/// Raw best alignment of one query against one oriented target.
#[derive(Debug, Clone, Copy)]
struct Alignment {
    p: f64,
    score: i64,
    offset: i64,
    overlap: usize,
}

impl Tomtom {
    /// Validates and prepares `database` (see [`crate::validate::validate_motif`]: an empty or bad
    /// motif is an error naming it). An empty database or an option out of range is an error.
    pub fn new(database: &[Pfm], options: TomtomOptions) -> Result<Tomtom> {
        check_options(&options)?;
        if database.is_empty() {
            return Err(MotifError::InvalidOption {
                option: "database",
                message: "the motif database is empty".into(),
            });
        }
        let memory = Path::new("<memory>");
        let mut oriented: Vec<Vec<[f64; 4]>> = Vec::with_capacity(database.len() * 2);
        for pfm in database {
            validate_motif(pfm, memory, 0)?;
            oriented.push(normalised_columns(pfm));
        }
        if options.reverse_complement {
            for k in 0..database.len() {
                let rc = oriented[k].iter().rev().map(|c| [c[3], c[2], c[1], c[0]]).collect();
                oriented.push(rc);
            }
        }
        let mut starts = Vec::with_capacity(oriented.len());
        let mut all = Vec::new();
        for cols in &oriented {
            starts.push(all.len());
            all.extend_from_slice(cols);
        }
        let columns = TargetColumns::build(&all, options.n_target_bins);
        Ok(Tomtom {
            names: database.iter().map(|p| p.name.clone()).collect(),
            widths: database.iter().map(Pfm::len).collect(),
            starts,
            columns,
            options,
        })
    }

    /// Number of targets.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True for an empty database (never, [`Tomtom::new`] refuses one).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The options in use.
    pub fn options(&self) -> &TomtomOptions {
        &self.options
    }

    /// Compares one query (a validated probability matrix; columns are normalised) with every target.
    pub fn query(&self, query: &Pfm) -> Result<TomtomResult> {
        validate_motif(query, Path::new("<memory>"), 0)?;
        if query.len() > MAX_QUERY_WIDTH {
            return Err(MotifError::InvalidMotif {
                source_name: "<memory>".into(),
                line: 0,
                motif: query.name.clone(),
                message: format!(
                    "the query has {} positions; at most {MAX_QUERY_WIDTH} are supported (the null table grows with the cube of the width)",
                    query.len()
                ),
            });
        }
        let cols = normalised_columns(query);
        let opts = &self.options;
        let qb = query_bins(&cols, &self.columns, opts.score, opts.n_score_bins, opts.n_median_bins);
        let null = NullTable::build(&qb.hist, qb.offset, opts.min_overlap);
        let n = self.len();
        let mut sums = Vec::new();
        let align = |k: usize, sums: &mut Vec<i64>| {
            let t = self.widths[k % n];
            self.best_alignment(&qb, &null, self.starts[k], t, sums)
        };
        let mut hits = Vec::with_capacity(n);
        for k in 0..n {
            let fwd = align(k, &mut sums);
            let (p, best, strand) = if opts.reverse_complement {
                let rev = align(k + n, &mut sums);
                let p = fwd.p.min(rev.p);
                let p = p * (2.0 - p);
                if fwd.score <= rev.score {
                    (p, rev, Strand::Reverse)
                } else {
                    (p, fwd, Strand::Forward)
                }
            } else {
                (fwd.p, fwd, Strand::Forward)
            };
            hits.push(TomtomHit {
                target: self.names[k].clone(),
                target_index: k,
                p_value: p,
                e_value: p * n as f64,
                q_value: 1.0,
                score: best.score,
                offset: best.offset,
                overlap: best.overlap,
                strand,
            });
        }
        let p: Vec<f64> = hits.iter().map(|h| h.p_value).collect();
        for (h, q) in hits.iter_mut().zip(benjamini_hochberg(&p)) {
            h.q_value = q;
        }
        hits.sort_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.target_index.cmp(&b.target_index)));
        Ok(TomtomResult { query: query.name.clone(), hits })
    }

    /// The best match of one query (smallest p-value; the database is never empty).
    pub fn best_match(&self, query: &Pfm) -> Result<TomtomHit> {
        let mut r = self.query(query)?;
        Ok(r.hits.swap_remove(0))
    }

    /// Compares every query with every target, in parallel over queries; results in query order.
    pub fn query_all(&self, queries: &[Pfm]) -> Result<Vec<TomtomResult>> {
        queries.par_iter().map(|q| self.query(q)).collect()
    }

    /// The best alignment of the query with the oriented target whose columns start at `start`.
    fn best_alignment(
        &self,
        qb: &columns::QueryBins,
        null: &NullTable,
        start: usize,
        t: usize,
        sums: &mut Vec<i64>,
    ) -> Alignment {
        let nq = qb.nq;
        let offset = qb.offset as i64;
        let n_pos = t + nq - 1;
        sums.clear();
        sums.resize(n_pos, nq as i64 * offset);
        for kt in 0..t {
            let u = self.columns.index[start + kt] as usize;
            let row = &qb.bins[u * nq..(u + 1) * nq];
            // query column i aligned with target column kt sits at position kt + nq − 1 − i.
            for (i, &b) in row.iter().enumerate() {
                sums[kt + nq - 1 - i] += b as i64 - offset;
            }
        }
        let min_overlap = self.options.min_overlap;
        let overlap_at = |k: usize| (k + 1).min(nq) - (k + 1).saturating_sub(t);
        let mut best: Option<Alignment> = None;
        let m = (0..n_pos).filter(|&k| overlap_at(k) >= min_overlap).map(|k| sums[k]).max();
        let Some(m) = m else {
            return Alignment { p: 1.0, score: 0, offset: 0, overlap: 0 };
        };
        for (k, &score) in sums.iter().enumerate() {
            let overlap = overlap_at(k);
            if score != m || overlap < min_overlap {
                continue;
            }
            let off = k as i64 - nq as i64 + 1;
            // memesuite-lite's tie rule: a later position with the same score replaces the earlier one
            // unless the earlier offset is at least the later overlap.
            if let Some(b) = best {
                if b.offset >= overlap as i64 {
                    continue;
                }
            }
            best = Some(Alignment { p: null.p_value(t, score), score, offset: off, overlap });
        }
        best.expect("the maximum is attained at some position")
    }
}

fn check_options(o: &TomtomOptions) -> Result<()> {
    let bad = |option, message: &str| Err(MotifError::InvalidOption { option, message: message.into() });
    if o.n_score_bins == 0 || o.n_score_bins > 10_000 {
        return bad("n_score_bins", "must be in 1..=10000");
    }
    if o.n_median_bins == 0 {
        return bad("n_median_bins", "must be at least 1");
    }
    if matches!(o.n_target_bins, Some(b) if !(2..=65_535).contains(&b)) {
        return bad("n_target_bins", "must be in 2..=65535 (or None)");
    }
    if o.min_overlap == 0 {
        return bad("min_overlap", "must be at least 1");
    }
    Ok(())
}

/// Compares every query with `database` (prepared once): [`Tomtom::new`] then [`Tomtom::query_all`].
pub fn tomtom(queries: &[Pfm], database: &[Pfm], options: &TomtomOptions) -> Result<Vec<TomtomResult>> {
    Tomtom::new(database, options.clone())?.query_all(queries)
}
