//! Attribution scored against ground truth: per-sequence auROC of |attribution| at motif positions versus
//! elsewhere, and how often the top-k positions fall inside embedded motifs or a central window.

use std::ops::Range;

use seq_io::Annotation;

use crate::error::{InterpretError, Result};
use crate::model::Attribution;

/// How the four bases' |attribution| at a position are combined into one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reduce {
    /// Largest |value| over the bases.
    #[default]
    Max,
    /// Sum of |value| over the bases.
    Sum,
}

/// Per-position importance `(len)` of sequence `i`: |attribution| reduced over bases.
pub fn position_importance(attr: &Attribution, i: usize, reduce: Reduce) -> Vec<f32> {
    (0..attr.len)
        .map(|p| {
            let abs = (0..4).map(|b| attr.get(i, b, p).abs());
            match reduce {
                Reduce::Max => abs.fold(0.0, f32::max),
                Reduce::Sum => abs.sum(),
            }
        })
        .collect()
}

/// Area under the ROC curve of `scores` separating `labels == true` from `false` (ties count ½;
/// Mann–Whitney). `None` when either class is empty.
pub fn auroc(scores: &[f32], labels: &[bool]) -> Option<f64> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut ranks = vec![0.0f64; scores.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        let mid = (start + end + 1) as f64 / 2.0;
        order[start..end].iter().for_each(|&k| ranks[k] = mid);
        start = end;
    }
    let positives = labels.iter().filter(|&&l| l).count() as f64;
    let negatives = labels.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return None;
    }
    let rank_sum: f64 = ranks.iter().zip(labels).filter(|(_, &l)| l).map(|(r, _)| r).sum();
    Some((rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives))
}

/// Mask of positions `0..len` covered by any annotation.
pub fn motif_mask(annotations: &[Annotation], len: usize) -> Vec<bool> {
    (0..len).map(|p| annotations.iter().any(|a| a.contains(p))).collect()
}

/// Per-sequence auROC of position importance at motif positions versus elsewhere (`None` for sequences
/// without motifs or entirely covered by them). `annotations` has one list per sequence.
pub fn motif_auroc(attr: &Attribution, annotations: &[Vec<Annotation>], reduce: Reduce) -> Result<Vec<Option<f64>>> {
    check_annotations(attr, annotations)?;
    Ok((0..attr.n)
        .map(|i| auroc(&position_importance(attr, i, reduce), &motif_mask(&annotations[i], attr.len)))
        .collect())
}

/// The `k` positions of highest importance of sequence `i` (ties broken by position).
pub fn top_positions(attr: &Attribution, i: usize, k: usize, reduce: Reduce) -> Vec<usize> {
    let scores = position_importance(attr, i, reduce);
    let mut order: Vec<usize> = (0..attr.len).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order.truncate(k);
    order
}

/// For each sequence in `indices` (e.g. the positives), the fraction of its top-`k` positions that lie in
/// one of its annotated motifs.
pub fn top_k_in_motifs(
    attr: &Attribution,
    annotations: &[Vec<Annotation>],
    indices: &[usize],
    k: usize,
    reduce: Reduce,
) -> Result<Vec<f64>> {
    check_annotations(attr, annotations)?;
    check_k(k, attr.len)?;
    Ok(indices
        .iter()
        .map(|&i| {
            let mask = motif_mask(&annotations[i], attr.len);
            fraction_inside(&top_positions(attr, i, k, reduce), |p| mask[p])
        })
        .collect())
}

/// The central `width` positions of a sequence of length `len` (density localization's window).
pub fn central_window(len: usize, width: usize) -> Range<usize> {
    let width = width.min(len);
    let start = (len - width) / 2;
    start..start + width
}

/// For each sequence in `indices`, the fraction of its top-`k` positions inside `window`.
pub fn top_k_in_window(
    attr: &Attribution,
    indices: &[usize],
    window: &Range<usize>,
    k: usize,
    reduce: Reduce,
) -> Result<Vec<f64>> {
    check_k(k, attr.len)?;
    if let Some(&bad) = indices.iter().find(|&&i| i >= attr.n) {
        return Err(InterpretError::InvalidInput(format!("sequence index {bad} but only {} sequences", attr.n)));
    }
    Ok(indices.iter().map(|&i| fraction_inside(&top_positions(attr, i, k, reduce), |p| window.contains(&p))).collect())
}

/// Mean of the `Some` values (`None` when there are none).
pub fn mean_defined(values: &[Option<f64>]) -> Option<f64> {
    let defined: Vec<f64> = values.iter().flatten().copied().collect();
    (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
}

fn fraction_inside(positions: &[usize], inside: impl Fn(usize) -> bool) -> f64 {
    positions.iter().filter(|&&p| inside(p)).count() as f64 / positions.len().max(1) as f64
}

fn check_annotations(attr: &Attribution, annotations: &[Vec<Annotation>]) -> Result<()> {
    if annotations.len() != attr.n {
        return Err(InterpretError::InvalidInput(format!(
            "{} annotation lists for {} sequences",
            annotations.len(),
            attr.n
        )));
    }
    Ok(())
}

fn check_k(k: usize, len: usize) -> Result<()> {
    if k == 0 || k > len {
        return Err(InterpretError::InvalidInput(format!("top-k needs 1 ≤ k ≤ {len}, got {k}")));
    }
    Ok(())
}
