//! Benjamini–Hochberg q-values.
//!
//! For p-values sorted increasingly, `q_(r) = min over r' ≥ r of p_(r') · m / r'`, capped at 1, where
//! `m` is the number of tests. Tied p-values get the same q-value.

/// Benjamini–Hochberg q-values of `p` (returned in the order of `p`), over `p.len()` tests.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let m = p.len() as f64;
    let mut q = vec![1.0; p.len()];
    let mut running = 1.0_f64;
    for (rank0, &i) in order.iter().enumerate().rev() {
        let value = p[i] * m / (rank0 + 1) as f64;
        running = running.min(value);
        q[i] = running.min(1.0);
    }
    // Ties: every member of a run of equal p-values takes the q of the run's last rank.
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && p[order[end + 1]] == p[order[start]] {
            end += 1;
        }
        let q_run = q[order[end]];
        for &i in &order[start..=end] {
            q[i] = q_run;
        }
        start = end + 1;
    }
    q
}

/// Benjamini–Hochberg q-values for tests grouped by p-value: `p[k]` is a p-value held by `counts[k]`
/// tests. Returns one q-value per group. Memory is that of the groups, not of the tests, so a genome
/// scan can count its windows per score bin and get exact q-values.
pub fn benjamini_hochberg_grouped(p: &[f64], counts: &[u64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&k| counts[k] > 0).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let m: u64 = counts.iter().sum();
    let mut q = vec![1.0; p.len()];
    // rank of the last test of each group, from the smallest p-value up.
    let mut last_rank = vec![0u64; order.len()];
    let mut acc = 0u64;
    for (t, &k) in order.iter().enumerate() {
        acc += counts[k];
        last_rank[t] = acc;
    }
    let mut running = 1.0_f64;
    for t in (0..order.len()).rev() {
        let k = order[t];
        running = running.min(p[k] * m as f64 / last_rank[t] as f64);
        q[k] = running.min(1.0);
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_values() {
        // m = 4: sorted p 0.01, 0.02, 0.03, 0.5 → raw 0.04, 0.04, 0.04, 0.5.
        let q = benjamini_hochberg(&[0.03, 0.5, 0.01, 0.02]);
        let want = [0.04, 0.5, 0.04, 0.04];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{q:?}");
        }
        // ties take the q of the last tied rank: p = 0.1, 0.1, 0.9 → 0.15, 0.15, 0.9.
        let q = benjamini_hochberg(&[0.1, 0.9, 0.1]);
        assert!((q[0] - 0.15).abs() < 1e-12 && (q[2] - 0.15).abs() < 1e-12 && (q[1] - 0.9).abs() < 1e-12);
    }

    #[test]
    fn grouped_equals_expanded() {
        let p = [0.001, 0.2, 0.05, 1.0];
        let counts = [2u64, 5, 1, 10];
        let grouped = benjamini_hochberg_grouped(&p, &counts);
        let expanded: Vec<f64> = p.iter().zip(counts).flat_map(|(&v, c)| std::iter::repeat_n(v, c as usize)).collect();
        let q = benjamini_hochberg(&expanded);
        let mut i = 0;
        for (k, &c) in counts.iter().enumerate() {
            for _ in 0..c {
                assert!((q[i] - grouped[k]).abs() < 1e-12, "group {k}");
                i += 1;
            }
        }
    }
}
