//! The column stage of TOMTOM: the database's columns (merged when they bin alike), each query
//! column's scores against every database column, the per-column median, and the integer bins of
//! those scores with their null histograms.

use super::ColumnScore;

/// The database's columns (forward targets, then their reverse complements), merged into unique
/// representatives when `n_target_bins` is set: each value is put in one of `n_target_bins` bins
/// spanning its letter's range over the database, and columns whose four bins agree become one
/// column (the first one met) with a count.
#[derive(Debug, Clone)]
pub(crate) struct TargetColumns {
    /// The representative columns.
    pub cols: Vec<[f64; 4]>,
    /// Squared norm of each representative.
    pub norms: Vec<f64>,
    /// How many database columns each representative stands for.
    pub counts: Vec<u64>,
    /// `Σ counts / 2`.
    pub halfway: f64,
    /// For each database column, its representative.
    pub index: Vec<u32>,
}

impl TargetColumns {
    /// Builds the representatives of `all` (every column of the database, both strands).
    pub fn build(all: &[[f64; 4]], n_target_bins: Option<usize>) -> TargetColumns {
        let (cols, counts, index) = match n_target_bins {
            None => (all.to_vec(), vec![1u64; all.len()], (0..all.len() as u32).collect()),
            Some(nb) => merge(all, nb),
        };
        let norms = cols.iter().map(sq_norm).collect();
        let total: u64 = counts.iter().sum();
        TargetColumns { cols, norms, counts, halfway: total as f64 / 2.0, index }
    }

    /// Number of representatives.
    pub fn len(&self) -> usize {
        self.cols.len()
    }
}

fn sq_norm(c: &[f64; 4]) -> f64 {
    c[0] * c[0] + c[1] * c[1] + c[2] * c[2] + c[3] * c[3]
}

/// Merges columns whose per-letter bins agree; representatives are ordered by their bin key, each the
/// first column with that key.
fn merge(all: &[[f64; 4]], nb: usize) -> (Vec<[f64; 4]>, Vec<u64>, Vec<u32>) {
    let mut lo = [f64::INFINITY; 4];
    let mut hi = [f64::NEG_INFINITY; 4];
    for c in all {
        for k in 0..4 {
            lo[k] = lo[k].min(c[k]);
            hi[k] = hi[k].max(c[k]);
        }
    }
    for k in 0..4 {
        if hi[k] == lo[k] {
            hi[k] = lo[k] + 1.0;
        }
    }
    let scale = (nb - 1) as f64;
    let keys: Vec<u64> = all
        .iter()
        .map(|c| {
            let mut key = 0u64;
            let mut base = 1u64;
            for k in 0..4 {
                let bin = ((c[k] - lo[k]) / (hi[k] - lo[k]) * scale).round_ties_even() as u64;
                key += bin * base;
                base *= nb as u64;
            }
            key
        })
        .collect();
    let mut order: Vec<u32> = (0..all.len() as u32).collect();
    order.sort_by_key(|&i| (keys[i as usize], i));
    let mut cols = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut index = vec![0u32; all.len()];
    let mut last_key = None;
    for &i in &order {
        let key = keys[i as usize];
        if last_key != Some(key) {
            cols.push(all[i as usize]);
            counts.push(0);
            last_key = Some(key);
        }
        let u = cols.len() - 1;
        counts[u] += 1;
        index[i as usize] = u as u32;
    }
    (cols, counts, index)
}

/// A query's integer scores against the representatives and the null histogram of each column.
#[derive(Debug, Clone)]
pub(crate) struct QueryBins {
    /// Query width.
    pub nq: usize,
    /// The bin of a column scoring its median: what an unaligned query column contributes.
    pub offset: usize,
    /// `bins[u * nq + i]`: bin (0..=n_bins) of query column `i` against representative `u`.
    pub bins: Vec<u16>,
    /// `hist[i][b]`: the database's weight of bin `b` for query column `i`.
    pub hist: Vec<Vec<f64>>,
}

/// Scores of one query column against every representative, written into `row`.
fn score_row(q: &[f64; 4], targets: &TargetColumns, score: ColumnScore, row: &mut [f64]) {
    match score {
        ColumnScore::Euclidean => {
            let qn = sq_norm(q);
            let (x0, x1, x2, x3) = (2.0 * q[0], 2.0 * q[1], 2.0 * q[2], 2.0 * q[3]);
            for ((g, y), yn) in row.iter_mut().zip(&targets.cols).zip(&targets.norms) {
                let mut z = qn + yn;
                z -= x0 * y[0];
                z -= x1 * y[1];
                z -= x2 * y[2];
                z -= x3 * y[3];
                *g = if z > 0.0 { -z.sqrt() } else { 0.0 };
            }
        }
        ColumnScore::Pearson => {
            let (qc, qv) = centred(q);
            for (g, y) in row.iter_mut().zip(&targets.cols) {
                let (yc, yv) = centred(y);
                let cov: f64 = (0..4).map(|k| qc[k] * yc[k]).sum();
                *g = if qv > 0.0 && yv > 0.0 { cov / (qv * yv).sqrt() } else { 0.0 };
            }
        }
    }
}

fn centred(c: &[f64; 4]) -> ([f64; 4], f64) {
    let mean = (c[0] + c[1] + c[2] + c[3]) / 4.0;
    let d = c.map(|v| v - mean);
    (d, d.iter().map(|v| v * v).sum())
}

/// Work space of [`binned_median`]: one count per median bin and one bin index per value.
pub(crate) struct MedianScratch {
    counts: Vec<u64>,
    z: Vec<u32>,
}

impl MedianScratch {
    /// Space for `n_bins` bins.
    pub fn new(n_bins: usize) -> MedianScratch {
        MedianScratch { counts: vec![0; n_bins.max(1)], z: Vec::new() }
    }
}

/// The median of `x` weighted by `counts`, approximated on `n_bins` equal bins of `[lo, hi]`: the mean
/// of the values in the bin where half the weight is reached (exact when that bin holds one value).
/// The bin indices are computed first, the weights counted per bin, and only the stopping bin's values
/// summed (in order), so no floating-point sum is carried per bin.
fn binned_median(x: &[f64], counts: &[u64], lo: f64, hi: f64, halfway: f64, scratch: &mut MedianScratch) -> f64 {
    let range = hi - lo;
    if range == 0.0 {
        return lo;
    }
    let n_bins = scratch.counts.len();
    let scale = (n_bins - 1) as f64;
    scratch.z.clear();
    scratch.z.extend(x.iter().map(|&v| ((v - lo) / range * scale) as u32));
    scratch.counts.fill(0);
    for (&z, &c) in scratch.z.iter().zip(counts) {
        scratch.counts[z as usize] += c;
    }
    let mut seen = 0u64;
    for (bin, &c) in scratch.counts.iter().enumerate() {
        seen += c;
        if seen as f64 >= halfway {
            let mut sum = 0.0;
            for ((&z, &v), &w) in scratch.z.iter().zip(x).zip(counts) {
                if z as usize == bin {
                    sum += v * w as f64;
                }
            }
            return sum / c as f64;
        }
    }
    lo
}

/// Scores, medians and integer bins of a query (its normalised columns) against the database.
pub(crate) fn query_bins(
    query: &[[f64; 4]],
    targets: &TargetColumns,
    score: ColumnScore,
    n_score_bins: usize,
    n_median_bins: usize,
) -> QueryBins {
    let nq = query.len();
    let nu = targets.len();
    let mut rows = vec![0.0; nq * nu];
    let mut medians = vec![0.0; nq];
    let mut scratch = MedianScratch::new(n_median_bins);
    let (mut z_min, mut z_max) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, q) in query.iter().enumerate() {
        let row = &mut rows[i * nu..(i + 1) * nu];
        score_row(q, targets, score, row);
        let lo = row.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        medians[i] = binned_median(row, &targets.counts, lo, hi, targets.halfway, &mut scratch);
        z_min = z_min.min(lo - medians[i]);
        z_max = z_max.max(hi - medians[i]);
    }
    // Shift so that the lowest score is bin 0, and scale so that the highest is at most n_score_bins.
    let i_min = z_min.floor();
    let bin_scale = (n_score_bins as f64 / (z_max - i_min).max(1.0)).floor();
    let offset = (-i_min * bin_scale) as usize;
    let mut bins = vec![0u16; nu * nq];
    let mut hist = vec![vec![0.0; n_score_bins + 1]; nq];
    let mut counts = vec![0u64; n_score_bins + 1];
    let total = 2.0 * targets.halfway;
    let top = n_score_bins as i64;
    for i in 0..nq {
        let m = medians[i] + i_min;
        let row = &rows[i * nu..(i + 1) * nu];
        counts.fill(0);
        for (u, (&g, &c)) in row.iter().zip(&targets.counts).enumerate() {
            // floor, then clamp to [0, n_bins]: truncation agrees with floor after the clamp (a value
            // in (-1, 0) truncates to 0 where floor gives -1, and both clamp to 0).
            let b = (((g - m) * bin_scale + 0.5) as i64).clamp(0, top) as usize;
            counts[b] += c;
            bins[u * nq + i] = b as u16;
        }
        for (h, &c) in hist[i].iter_mut().zip(&counts) {
            *h = c as f64 / total;
        }
    }
    QueryBins { nq, offset, bins, hist }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_first_columns_and_counts() {
        let all = [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.999, 0.0, 0.0, 0.001], [0.25; 4]];
        let t = TargetColumns::build(&all, Some(100));
        // columns 0 and 2 bin alike (0.999·99 rounds to 99); 4 columns, 3 representatives.
        assert_eq!(t.len(), 3);
        assert_eq!(t.index[0], t.index[2]);
        assert_eq!(t.cols[t.index[2] as usize], all[0]);
        assert_eq!(t.counts.iter().sum::<u64>(), 4);
        assert_eq!(t.counts[t.index[0] as usize], 2);
        assert_eq!(t.halfway, 2.0);
        let exact = TargetColumns::build(&all, None);
        assert_eq!(exact.len(), 4);
    }

    #[test]
    fn binned_median_is_exact_for_separated_values() {
        let mut scratch = MedianScratch::new(1000);
        let x = [0.0, -1.0, -0.3, -0.7, -0.2];
        let m = binned_median(&x, &[1; 5], -1.0, 0.0, 2.5, &mut scratch);
        assert!((m + 0.3).abs() < 1e-12, "{m}");
        // weights move the median: -1.0 counted 5 times.
        let m = binned_median(&x, &[1, 5, 1, 1, 1], -1.0, 0.0, 4.5, &mut scratch);
        assert!((m + 1.0).abs() < 1e-12, "{m}");
    }
}
