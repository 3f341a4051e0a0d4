//! The sparse k-nearest-neighbour graph of seqlets, in two passes as TF-MoDISco builds it:
//!
//! * **coarse**: each seqlet becomes a sparse vector of canonical k-mers (a k-mer and its reverse
//!   complement are one feature, so the vector does not depend on strand or offset) weighted by the
//!   seqlet sign × summed contribution over the k-mer (negative weights dropped), L2-normalised. Cosine
//!   similarities come from an inverted index (one accumulator of n values per thread), and each seqlet
//!   keeps its `n_neighbors` best candidates;
//! * **fine**: the continuous Jaccard over offsets and both strands ([`crate::similarity`]) on those
//!   candidate pairs only.
//!
//! Memory is `n × width × 8` for the similarity data, `n × k` for the graph and `n` per thread for the
//! accumulators: linear in the number of seqlets.

use crate::error::{invalid, Result};
use crate::similarity::{best_alignment, SeqletData};
use crate::tracks::{Tracks, WindowBuffers};
use crate::Seqlet;
use rayon::prelude::*;

/// Options of [`knn_graph`].
#[derive(Debug, Clone, PartialEq)]
pub struct KnnConfig {
    /// Neighbours kept per seqlet (500 as TF-MoDISco; fewer when there are fewer other seqlets).
    pub n_neighbors: usize,
    /// Minimum overlap of two windows while sliding, as a fraction of the width (0.7).
    pub min_overlap: f32,
    /// k-mer lengths of the coarse similarity (4, 5, 6).
    pub kmer_sizes: Vec<usize>,
}

impl Default for KnnConfig {
    fn default() -> Self {
        KnnConfig { n_neighbors: 500, min_overlap: 0.7, kmer_sizes: vec![4, 5, 6] }
    }
}

/// A directed k-NN graph in CSR form: row `i` lists its neighbours (never `i`) with the fine (Jaccard) and
/// coarse (k-mer cosine) similarities, best fine similarity first.
#[derive(Debug, Clone, PartialEq)]
pub struct KnnGraph {
    /// Row offsets (`n + 1`).
    pub offsets: Vec<usize>,
    /// Neighbour indices.
    pub neighbors: Vec<u32>,
    /// Fine similarity of each entry.
    pub fine: Vec<f32>,
    /// Coarse similarity of each entry.
    pub coarse: Vec<f32>,
}

impl KnnGraph {
    /// Number of rows (seqlets).
    pub fn n(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of stored edges.
    pub fn n_edges(&self) -> usize {
        self.neighbors.len()
    }

    /// Entries of row `i`: (neighbour, fine, coarse).
    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f32, f32)> + '_ {
        let r = self.offsets[i]..self.offsets[i + 1];
        self.neighbors[r.clone()]
            .iter()
            .map(|&j| j as usize)
            .zip(self.fine[r.clone()].iter().copied())
            .zip(self.coarse[r].iter().copied())
            .map(|((j, f), c)| (j, f, c))
    }

    /// Spearman correlation of the fine and coarse similarities of row `i` over the entries with a non-zero
    /// fine similarity (NaN when undefined).
    pub fn row_correlation(&self, i: usize) -> f64 {
        let (f, c): (Vec<f32>, Vec<f32>) = self.row(i).filter(|e| e.1 != 0.0).map(|e| (e.1, e.2)).unzip();
        spearman(&f, &c)
    }

    /// Keeps rows whose [`KnnGraph::row_correlation`] exceeds `threshold` (TF-MoDISco's first-round filter)
    /// and, in them, only neighbours that are kept. Returns the graph over the kept rows (renumbered) and
    /// the original index of each kept row.
    pub fn filter_by_correlation(&self, threshold: f64) -> (KnnGraph, Vec<usize>) {
        let keep: Vec<bool> = (0..self.n()).into_par_iter().map(|i| self.row_correlation(i) > threshold).collect();
        let mut new_index = vec![u32::MAX; self.n()];
        let mut kept = Vec::new();
        for (i, &k) in keep.iter().enumerate() {
            if k {
                new_index[i] = kept.len() as u32;
                kept.push(i);
            }
        }
        let mut g = KnnGraph { offsets: vec![0], neighbors: Vec::new(), fine: Vec::new(), coarse: Vec::new() };
        for &i in &kept {
            for (j, f, c) in self.row(i) {
                if new_index[j] != u32::MAX {
                    g.neighbors.push(new_index[j]);
                    g.fine.push(f);
                    g.coarse.push(c);
                }
            }
            g.offsets.push(g.neighbors.len());
        }
        (g, kept)
    }
}

fn ranks(v: &[f32]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation (average ranks for ties); NaN when either side is constant or shorter than 2.
pub fn spearman(a: &[f32], b: &[f32]) -> f64 {
    if a.len() < 2 || a.len() != b.len() {
        return f64::NAN;
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// Canonical code of a k-mer code: the smaller of it and its reverse complement's.
fn canonical(code: usize, k: usize) -> usize {
    let mut rc = 0;
    let mut c = code;
    for _ in 0..k {
        rc = (rc << 2) | (3 - (c & 3));
        c >>= 2;
    }
    code.min(rc)
}

/// Sparse coarse vectors: per seqlet a sorted list of (feature, weight), L2-normalised.
pub fn kmer_vectors(tracks: &Tracks<'_>, seqlets: &[Seqlet], kmer_sizes: &[usize]) -> Vec<Vec<(u32, f32)>> {
    let mut base = Vec::with_capacity(kmer_sizes.len());
    let mut offset = 0usize;
    for &k in kmer_sizes {
        base.push(offset);
        offset += 1 << (2 * k);
    }
    seqlets
        .par_iter()
        .map(|s| {
            let w = s.len();
            let (mut o, mut c, mut h) = (vec![0.0; w * 4], vec![0.0; w * 4], vec![0.0; w * 4]);
            tracks.fill_window(
                s.example,
                s.start,
                s.strand,
                &mut WindowBuffers { onehot: Some(&mut o), contrib: &mut c, hypothetical: &mut h },
            );
            let sign = s.sign();
            let bases: Vec<Option<usize>> = (0..w).map(|t| (0..4).find(|&ch| o[t * 4 + ch] == 1.0)).collect();
            let attr: Vec<f32> = (0..w).map(|t| sign * c[t * 4..t * 4 + 4].iter().sum::<f32>()).collect();
            let mut feats: Vec<(u32, f32)> = Vec::new();
            for (ki, &k) in kmer_sizes.iter().enumerate() {
                for t in 0..w.saturating_sub(k - 1) {
                    let mut code = 0usize;
                    let mut ok = true;
                    for b in &bases[t..t + k] {
                        match b {
                            Some(b) => code = (code << 2) | b,
                            None => ok = false,
                        }
                    }
                    let weight: f32 = attr[t..t + k].iter().sum();
                    if ok && weight > 0.0 {
                        feats.push(((base[ki] + canonical(code, k)) as u32, weight));
                    }
                }
            }
            feats.sort_unstable_by_key(|f| f.0);
            let mut merged: Vec<(u32, f32)> = Vec::with_capacity(feats.len());
            for (f, v) in feats {
                match merged.last_mut() {
                    Some(last) if last.0 == f => last.1 += v,
                    _ => merged.push((f, v)),
                }
            }
            let norm = merged.iter().map(|f| f.1 * f.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                merged.iter_mut().for_each(|f| f.1 /= norm);
            }
            merged
        })
        .collect()
}

/// The k-NN graph of `seqlets` (see the module documentation). `data` is their similarity data.
pub fn knn_graph(tracks: &Tracks<'_>, seqlets: &[Seqlet], data: &SeqletData, cfg: &KnnConfig) -> Result<KnnGraph> {
    if !(cfg.min_overlap > 0.0 && cfg.min_overlap <= 1.0) {
        return Err(invalid("min_overlap", format!("{} is not in (0, 1]", cfg.min_overlap)));
    }
    if cfg.kmer_sizes.is_empty() || cfg.kmer_sizes.iter().any(|&k| k == 0 || k > 12) {
        return Err(invalid("kmer_sizes", format!("{:?}: need one or more sizes in 1..=12", cfg.kmer_sizes)));
    }
    if data.n != seqlets.len() {
        return Err(invalid("data", format!("{} rows of similarity data for {} seqlets", data.n, seqlets.len())));
    }
    let n = seqlets.len();
    let vectors = kmer_vectors(tracks, seqlets, &cfg.kmer_sizes);
    // Inverted index in CSR form over features.
    let n_features = vectors.iter().flat_map(|v| v.iter().map(|f| f.0 as usize + 1)).max().unwrap_or(0);
    let mut post_off = vec![0usize; n_features + 1];
    for v in &vectors {
        for f in v {
            post_off[f.0 as usize + 1] += 1;
        }
    }
    for i in 0..n_features {
        post_off[i + 1] += post_off[i];
    }
    let mut fill = post_off.clone();
    let mut post = vec![(0u32, 0.0f32); post_off[n_features]];
    for (row, v) in vectors.iter().enumerate() {
        for &(f, w) in v {
            post[fill[f as usize]] = (row as u32, w);
            fill[f as usize] += 1;
        }
    }
    drop(fill);
    let k = cfg.n_neighbors.min(n.saturating_sub(1));
    let pad = (data.width as f32 * (1.0 - cfg.min_overlap)) as usize;
    let rows: Vec<Vec<(u32, f32, f32)>> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; n], Vec::<u32>::new()),
            |(acc, touched), i| {
                for &(f, w) in &vectors[i] {
                    for &(j, wj) in &post[post_off[f as usize]..post_off[f as usize + 1]] {
                        if acc[j as usize] == 0.0 {
                            touched.push(j);
                        }
                        acc[j as usize] += w * wj;
                    }
                }
                let mut cand: Vec<(u32, f32)> =
                    touched.iter().filter(|&&j| j as usize != i).map(|&j| (j, acc[j as usize])).collect();
                for &j in touched.iter() {
                    acc[j as usize] = 0.0;
                }
                touched.clear();
                if cand.len() > k {
                    cand.select_nth_unstable_by(k, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    cand.truncate(k);
                }
                let y = data.fwd(i);
                let mut row: Vec<(u32, f32, f32)> = cand
                    .into_iter()
                    .map(|(j, coarse)| {
                        let a = best_alignment(data.fwd(j as usize), data.rev(j as usize), y, pad);
                        (j, a.score, coarse)
                    })
                    .collect();
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row
            },
        )
        .collect();
    let mut g =
        KnnGraph { offsets: Vec::with_capacity(n + 1), neighbors: Vec::new(), fine: Vec::new(), coarse: Vec::new() };
    g.offsets.push(0);
    for row in rows {
        for (j, f, c) in row {
            g.neighbors.push(j);
            g.fine.push(f);
            g.coarse.push(c);
        }
        g.offsets.push(g.neighbors.len());
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_kmers_join_strands() {
        // ACG (0b00_01_10 = 6) and its reverse complement CGT (0b01_10_11 = 27).
        assert_eq!(canonical(6, 3), 6);
        assert_eq!(canonical(27, 3), 6);
    }

    #[test]
    fn spearman_of_monotone_and_reversed() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 40.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert!(spearman(&[1.0, 1.0], &[1.0, 2.0]).is_nan());
    }
}
