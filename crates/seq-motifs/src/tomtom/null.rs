//! The null distribution of TOMTOM's best-alignment score, by exact dynamic programming.
//!
//! Under the null, each query column's score is drawn from its histogram over the database's columns
//! (independently across columns). An alignment of the query with overlap `[i, j]` scores the sum of
//! the aligned columns' bins plus the median bin (`offset`) for each unaligned query column (the
//! "complete score"). The score of a span's sum is a convolution of the column histograms.
//!
//! A target of width `t` can be placed at `t + nq − 1` offsets, and its best score is the maximum
//! over those alignments, taken as independent: for `t < nq`, every span of length `t` and the prefix
//! and suffix of each length below `t`; for `t ≥ nq`, every prefix and suffix shorter than the query
//! and `t − nq + 1` full overlaps. The survival of a maximum of independent scores is
//! `1 − Π (1 − S_k)`; it is combined pairwise as `S_a + S_b − S_a·S_b`, which keeps the relative
//! precision of tiny tail probabilities (no `1 − cdf` cancellation).

/// The survival functions `P(best ≥ s)` of the best-alignment score, per target width.
#[derive(Debug, Clone)]
pub(crate) struct NullTable {
    nq: usize,
    min_overlap: usize,
    /// `spans[len - 1][s]`: survival of the maximum over every span of length `len`.
    spans: Vec<Vec<f64>>,
    /// `ends[len - 1][s]`: survival of the maximum over the prefixes and suffixes of lengths
    /// `min_overlap..=len` (all ones below `min_overlap` are excluded; survival 0 when none).
    ends: Vec<Vec<f64>>,
    /// Number of score bins.
    n: usize,
}

/// `S_a ∪ S_b` for independent maxima.
#[inline]
fn union(a: f64, b: f64) -> f64 {
    a + b - a * b
}

impl NullTable {
    /// Builds the table from the per-column histograms `hist` (each `n_bins + 1` long) and the median
    /// bin `offset`. Only span lengths `≥ min_overlap` take part.
    pub fn build(hist: &[Vec<f64>], offset: usize, min_overlap: usize) -> NullTable {
        let nq = hist.len();
        let n_bins = hist.first().map_or(0, |h| h.len() - 1);
        let n = nq * n_bins.max(offset) + 2;
        let supports: Vec<(usize, usize)> = hist
            .iter()
            .map(|h| {
                let lo = h.iter().position(|&v| v != 0.0).unwrap_or(0);
                let hi = h.iter().rposition(|&v| v != 0.0).unwrap_or(0);
                (lo, hi)
            })
            .collect();
        let mut spans = vec![vec![0.0; n]; nq];
        let mut prefix = vec![vec![0.0; n]; nq];
        let mut suffix = vec![vec![0.0; n]; nq];
        let mut pdf = vec![0.0; n];
        let mut next = vec![0.0; n];
        let mut surv = vec![0.0; n];
        for i in 0..nq {
            // pdf of the raw sum of columns i..=j, supported on [lo, hi].
            let (mut lo, mut hi) = supports[i];
            pdf[..=n_bins].copy_from_slice(&hist[i]);
            for j in i..nq {
                if j > i {
                    let (flo, fhi) = supports[j];
                    next[lo + flo..=hi + fhi].fill(0.0);
                    for a in lo..=hi {
                        let pa = pdf[a];
                        if pa == 0.0 {
                            continue;
                        }
                        for (out, &fb) in next[a + flo..=a + fhi].iter_mut().zip(&hist[j][flo..=fhi]) {
                            *out += pa * fb;
                        }
                    }
                    lo += flo;
                    hi += fhi;
                    std::mem::swap(&mut pdf, &mut next);
                }
                let len = j - i + 1;
                if len < min_overlap {
                    continue;
                }
                // Survival in the shifted coordinates: unaligned columns add `offset` each.
                let shift = offset * (nq - len);
                let (slo, shi) = (lo + shift, hi + shift);
                let mut acc = 0.0;
                for s in (slo..=shi).rev() {
                    acc += pdf[s - shift];
                    surv[s] = acc.clamp(0.0, 1.0);
                }
                let total = surv[slo];
                let fold = |dst: &mut Vec<f64>| {
                    for v in &mut dst[..slo] {
                        *v = union(*v, total);
                    }
                    for (v, &sv) in dst[slo..=shi].iter_mut().zip(&surv[slo..=shi]) {
                        *v = union(*v, sv);
                    }
                };
                fold(&mut spans[len - 1]);
                if i == 0 && len < nq {
                    fold(&mut prefix[len - 1]);
                }
                if j == nq - 1 && len < nq {
                    fold(&mut suffix[len - 1]);
                }
            }
        }
        let mut ends = vec![vec![0.0; n]; nq];
        for len in 1..nq {
            let (done, rest) = ends.split_at_mut(len - 1);
            let row = &mut rest[0];
            if let Some(prev) = done.last() {
                row.copy_from_slice(prev);
            }
            for s in 0..n {
                row[s] = union(row[s], union(prefix[len - 1][s], suffix[len - 1][s]));
            }
        }
        NullTable { nq, min_overlap, spans, ends, n }
    }

    /// `P(best ≥ score)` for a target of width `t`; 1 for a score ≤ 0 or when no alignment reaches
    /// the minimum overlap.
    pub fn p_value(&self, t: usize, score: i64) -> f64 {
        if score <= 0 || t < self.min_overlap || self.nq < self.min_overlap {
            return 1.0;
        }
        let s = score as usize;
        if s >= self.n {
            return 0.0;
        }
        let nq = self.nq;
        let p = if t < nq {
            let ends = if t >= 2 { self.ends[t - 2][s] } else { 0.0 };
            union(self.spans[t - 1][s], ends)
        } else {
            let ends = if nq >= 2 { self.ends[nq - 2][s] } else { 0.0 };
            let full = self.spans[nq - 1][s];
            let copies = (t - nq + 1) as f64;
            union(ends, -(copies * (-full).ln_1p()).exp_m1())
        };
        p.clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_column_query_against_width_one_targets() {
        // bins 0, 1, 2 with weights 0.5, 0.3, 0.2; median bin 1.
        let hist = vec![vec![0.5, 0.3, 0.2]];
        let t = NullTable::build(&hist, 1, 1);
        assert!((t.p_value(1, 2) - 0.2).abs() < 1e-15);
        assert!((t.p_value(1, 1) - 0.5).abs() < 1e-15);
        // two placements: 1 − 0.8².
        assert!((t.p_value(2, 2) - 0.36).abs() < 1e-15);
        assert_eq!(t.p_value(1, 0), 1.0);
    }

    #[test]
    fn two_column_query_enumerated_by_hand() {
        // column pdfs over bins 0..=1, median bin (offset) 0.
        let hist = vec![vec![0.5, 0.5], vec![0.75, 0.25]];
        let t = NullTable::build(&hist, 0, 1);
        // width-1 target: alignments = column 0 alone, column 1 alone (the others add offset 0).
        // P(max ≥ 1) = 1 − 0.5·0.75.
        assert!((t.p_value(1, 1) - 0.625).abs() < 1e-15);
        // width-2 target: prefix (col 0), suffix (col 1), full overlap (sum): P(sum ≥ 2) = 0.125.
        assert!((t.p_value(2, 2) - 0.125).abs() < 1e-15);
        // P(max ≥ 1) = 1 − P(c0 = 0)·P(c1 = 0)·P(sum = 0) = 1 − 0.5·0.75·0.375.
        assert!((t.p_value(2, 1) - (1.0 - 0.5 * 0.75 * 0.375)).abs() < 1e-15);
        // a minimum overlap of 2 leaves only the full overlaps.
        let t2 = NullTable::build(&hist, 0, 2);
        assert_eq!(t2.p_value(1, 1), 1.0);
        assert!((t2.p_value(2, 1) - 0.625).abs() < 1e-15);
    }
}
