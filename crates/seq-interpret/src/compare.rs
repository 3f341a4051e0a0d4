//! TOMTOM-like comparison of PFMs: the best Pearson correlation over offsets and both strands, and the
//! closest motifs of a [`MotifSet`] for each learned filter.

use seq_io::motif::MotifSet;
use seq_io::{Pfm, Strand};

use crate::filters::FilterPfm;

/// Where a query PFM best matches a target.
#[derive(Debug, Clone, PartialEq)]
pub struct MotifMatch {
    /// Pearson correlation over the overlapping cells (4 × overlap).
    pub score: f64,
    /// Target column aligned with the query's first column (negative: the query starts before the target).
    pub offset: isize,
    /// `Reverse` when the reverse complement of the query matched.
    pub strand: Strand,
    /// Number of overlapping columns.
    pub overlap: usize,
}

/// A named motif of a set with its match.
#[derive(Debug, Clone, PartialEq)]
pub struct MotifHit {
    /// Motif identifier.
    pub name: String,
    /// Motif description (e.g. the TF name).
    pub description: String,
    /// The best alignment.
    pub hit: MotifMatch,
}

/// Best Pearson correlation of `query` against `target` over every offset with at least `min_overlap`
/// overlapping columns (clamped to the shorter width), on both strands of the query. `None` when no
/// alignment has varying cells.
pub fn compare_pfms(query: &Pfm, target: &Pfm, min_overlap: usize) -> Option<MotifMatch> {
    let forward = best_offset(&query.probs, &target.probs, min_overlap, Strand::Forward);
    let reverse = best_offset(&query.reverse_complement().probs, &target.probs, min_overlap, Strand::Reverse);
    match (forward, reverse) {
        (Some(f), Some(r)) => Some(if r.score > f.score { r } else { f }),
        (f, r) => f.or(r),
    }
}

/// The best offset of one strand.
fn best_offset(query: &[[f64; 4]], target: &[[f64; 4]], min_overlap: usize, strand: Strand) -> Option<MotifMatch> {
    let (wq, wt) = (query.len() as isize, target.len() as isize);
    let min = (min_overlap.max(1) as isize).min(wq).min(wt);
    let mut best: Option<MotifMatch> = None;
    for offset in (min - wq)..=(wt - min) {
        let pairs: Vec<(usize, usize)> = (0..wq)
            .filter_map(|i| {
                let j = i + offset;
                (0..wt).contains(&j).then_some((i as usize, j as usize))
            })
            .collect();
        if (pairs.len() as isize) < min {
            continue;
        }
        let Some(score) = pearson_cells(query, target, &pairs) else { continue };
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(MotifMatch { score, offset, strand, overlap: pairs.len() });
        }
    }
    best
}

/// Pearson correlation of the cells of the aligned column pairs (`None` when either side is constant).
fn pearson_cells(query: &[[f64; 4]], target: &[[f64; 4]], pairs: &[(usize, usize)]) -> Option<f64> {
    let a: Vec<f64> = pairs.iter().flat_map(|&(i, _)| query[i]).collect();
    let b: Vec<f64> = pairs.iter().flat_map(|&(_, j)| target[j]).collect();
    pearson(&a, &b)
}

/// Pearson correlation of two equally long samples (`None` when either has zero variance).
pub fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len().min(b.len()) as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        cov += (x - ma) * (y - mb);
        va += (x - ma).powi(2);
        vb += (y - mb).powi(2);
    }
    (va > 1e-12 && vb > 1e-12).then(|| cov / (va * vb).sqrt())
}

/// The motifs of `set` ranked by their best match with `query` (highest correlation first), at most `top`.
pub fn rank_motifs(query: &Pfm, set: &MotifSet, min_overlap: usize, top: usize) -> Vec<MotifHit> {
    let mut hits: Vec<MotifHit> = set
        .iter()
        .filter_map(|m| {
            compare_pfms(query, m, min_overlap).map(|hit| MotifHit {
                name: m.name.clone(),
                description: m.description.clone(),
                hit,
            })
        })
        .collect();
    hits.sort_by(|a, b| b.hit.score.total_cmp(&a.hit.score));
    hits.truncate(top);
    hits
}

/// For each filter with a PFM, its `top` closest motifs of `set` (filters without a PFM get none).
pub fn closest_motifs(
    filters: &[FilterPfm],
    set: &MotifSet,
    min_overlap: usize,
    top: usize,
) -> Vec<(usize, Vec<MotifHit>)> {
    filters
        .iter()
        .map(|f| (f.filter, f.pfm.as_ref().map(|p| rank_motifs(p, set, min_overlap, top)).unwrap_or_default()))
        .collect()
}
