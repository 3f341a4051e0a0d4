//! Merging similar patterns, as TF-MoDISco's `SimilarPatternsCollapser`: for each ordered pair (i, j) the
//! aligner similarity (best cross-correlation of the mean-centred, unit-norm CWMs over offsets and strands)
//! and the cross-contamination `2 (1 − max(AUROC, 0.5))`, where the AUROC separates the Jaccard similarities
//! within a subsample of i's seqlets from those between i's and j's aligned seqlets. Pairs pass on any of
//! the (contamination, similarity) merge thresholds unless any pair in the merged group meets a dealbreaker;
//! the smaller pattern's seqlets are merged into the larger, which is polished again. Repeats until
//! nothing merges.

use crate::aggregate::{member_data, merge_into, polish, Builder};
use crate::similarity::{jaccard_at, seqlet_data};
use crate::tracks::Tracks;
use crate::Seqlet;
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use seq_io::Strand;

/// Options of the merge step (defaults are TF-MoDISco's, except the subsample size).
#[derive(Debug, Clone, PartialEq)]
pub struct MergeConfig {
    /// (min cross-contamination, min similarity) pairs; any one passing merges.
    pub merge_thresholds: Vec<(f64, f64)>,
    /// (max cross-contamination, max similarity) pairs; any one met forbids the merge.
    pub dealbreaker_thresholds: Vec<(f64, f64)>,
    /// Seqlets per pattern compared for the AUROC (300).
    pub max_subsample: usize,
    /// Seed of the subsamples.
    pub seed: u64,
}

impl Default for MergeConfig {
    fn default() -> Self {
        MergeConfig {
            merge_thresholds: vec![(0.8, 0.8), (0.5, 0.85), (0.2, 0.9)],
            dealbreaker_thresholds: vec![(0.4, 0.75), (0.2, 0.8), (0.1, 0.85), (0.0, 0.9)],
            max_subsample: 300,
            seed: 1234,
        }
    }
}

/// Mean-centred, unit-norm copy.
fn magnitude(v: &[f32]) -> Vec<f32> {
    let mean = v.iter().sum::<f32>() / v.len().max(1) as f32;
    let c: Vec<f32> = v.iter().map(|x| x - mean).collect();
    let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt() + 1e-7;
    c.iter().map(|x| x / norm).collect()
}

fn reverse4(v: &[f32]) -> Vec<f32> {
    v.chunks_exact(4).rev().flat_map(|p| [p[3], p[2], p[1], p[0]]).collect()
}

/// Best cross-correlation of CWM `x` (`wx × 4`) placed on CWM `y` over offsets keeping `min_overlap` of x
/// and both strands: (offset, reverse, similarity).
pub fn cwm_alignment(x: &[f32], y: &[f32], min_overlap: f32) -> (isize, bool, f32) {
    let (wx, wy) = ((x.len() / 4) as isize, (y.len() / 4) as isize);
    let pad = (wx as f32 * (1.0 - min_overlap)).ceil() as isize;
    let ym = magnitude(y);
    let mut best = (0isize, false, f32::NEG_INFINITY);
    for (reverse, xs) in [(false, magnitude(x)), (true, magnitude(&reverse4(x)))] {
        for o in -pad..=(wy + pad - wx) {
            let mut s = 0.0f32;
            for t in 0..wx {
                let u = t + o;
                if (0..wy).contains(&u) {
                    for c in 0..4 {
                        s += xs[(t * 4) as usize + c] * ym[(u * 4) as usize + c];
                    }
                }
            }
            if s > best.2 {
                best = (o, reverse, s);
            }
        }
    }
    best
}

/// AUROC of `pos` over `neg`: P(pos > neg) + ½ P(pos = neg).
pub fn auroc(neg: &mut [f32], pos: &mut [f32]) -> f64 {
    if neg.is_empty() || pos.is_empty() {
        return 0.5;
    }
    neg.sort_by(f32::total_cmp);
    pos.sort_by(f32::total_cmp);
    let mut total = 0.0f64;
    for &p in pos.iter() {
        let below = neg.partition_point(|&v| v < p);
        let equal = neg[below..].partition_point(|&v| v <= p);
        total += below as f64 + 0.5 * equal as f64;
    }
    total / (neg.len() as f64 * pos.len() as f64)
}

fn subsample(b: &Builder, max: usize, seed: u64) -> Vec<Seqlet> {
    if b.members.len() <= max {
        return b.members.clone();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut idx = sample(&mut rng, b.members.len(), max).into_vec();
    idx.sort_unstable();
    idx.into_iter().map(|i| b.members[i]).collect()
}

/// (similarity, AUROC) of the ordered pair (i, j).
fn pair_stats(
    tracks: &Tracks<'_>,
    pi: &Builder,
    pj: &Builder,
    sub_i: &[Vec<f32>],
    within: &[f32],
    sub_j: &[Seqlet],
    min_overlap: f32,
) -> (f64, f64) {
    let (offset, reverse, sim) = cwm_alignment(&pj.mean(1), &pi.mean(1), min_overlap);
    let aligned: Vec<Seqlet> = sub_j
        .iter()
        .filter_map(|s| {
            let s = if reverse {
                Seqlet { strand: if s.strand == Strand::Forward { Strand::Reverse } else { Strand::Forward }, ..*s }
            } else {
                *s
            };
            crate::aggregate::shifted(tracks, &s, -offset, pi.len)
        })
        .collect();
    if aligned.is_empty() {
        return (f64::from(sim), 0.5);
    }
    let dj = member_data(tracks, &aligned, pi.len);
    let mut between: Vec<f32> = sub_i.iter().flat_map(|a| dj.iter().map(move |b| jaccard_at(b, a, 0))).collect();
    let mut within = within.to_vec();
    (f64::from(sim), auroc(&mut between, &mut within))
}

/// Merges similar patterns (see the module documentation); returns the patterns left.
#[allow(clippy::too_many_arguments)]
pub fn merge_patterns(
    tracks: &Tracks<'_>,
    mut patterns: Vec<Builder>,
    cfg: &MergeConfig,
    min_overlap: f32,
    flank: usize,
    window: usize,
    background: &[f64; 4],
) -> Vec<Builder> {
    loop {
        let n = patterns.len();
        if n < 2 {
            return patterns;
        }
        let subs: Vec<Vec<Seqlet>> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| subsample(p, cfg.max_subsample, cfg.seed.wrapping_add(i as u64)))
            .collect();
        let sub_data: Vec<Vec<Vec<f32>>> =
            patterns.par_iter().zip(&subs).map(|(p, s)| member_data(tracks, s, p.len)).collect();
        let within: Vec<Vec<f32>> = sub_data
            .par_iter()
            .map(|d| d.iter().flat_map(|a| d.iter().map(move |b| jaccard_at(b, a, 0))).collect())
            .collect();
        let pairs: Vec<(usize, usize)> =
            (0..n).flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j))).collect();
        let stats: Vec<(f64, f64)> = pairs
            .par_iter()
            .map(|&(i, j)| {
                pair_stats(tracks, &patterns[i], &patterns[j], &sub_data[i], &within[i], &subs[j], min_overlap)
            })
            .collect();
        let mut sim = vec![vec![1.0f64; n]; n];
        let mut contam = vec![vec![1.0f64; n]; n];
        for (&(i, j), &(s, a)) in pairs.iter().zip(&stats) {
            sim[i][j] = s;
            contam[i][j] = 2.0 * (1.0 - a.max(0.5));
        }
        let sym = |i: usize, j: usize| 0.5 * (sim[i][j] + sim[j][i]);
        let mut order: Vec<(usize, usize)> = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect();
        order.sort_by(|a, b| sym(b.0, b.1).total_cmp(&sym(a.0, a.1)));
        let mut group: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let mut merges = Vec::new();
        for (i, j) in order {
            let cc = contam[i][j].min(contam[j][i]);
            let s = sym(i, j);
            if !cfg.merge_thresholds.iter().any(|&(c, t)| cc >= c && s >= t) {
                continue;
            }
            let mut union: Vec<usize> = group[i].iter().chain(&group[j]).copied().collect();
            union.sort_unstable();
            union.dedup();
            let breaks = union.iter().any(|&a| {
                union.iter().any(|&b| {
                    a < b
                        && cfg
                            .dealbreaker_thresholds
                            .iter()
                            .any(|&(c, t)| 0.5 * (contam[a][b] + contam[b][a]) <= c && sym(a, b) <= t)
                })
            });
            if !breaks {
                merges.push((i, j));
                for &m in &union {
                    group[m] = union.clone();
                }
            }
        }
        if merges.is_empty() {
            return patterns;
        }
        // Merge each group into its largest pattern, in order of the pairs.
        let mut current: Vec<Option<Builder>> = patterns.into_iter().map(Some).collect();
        let mut owner: Vec<usize> = (0..n).collect();
        let find = |owner: &Vec<usize>, mut x: usize| {
            while owner[x] != x {
                x = owner[x];
            }
            x
        };
        for (i, j) in merges {
            let (ri, rj) = (find(&owner, i), find(&owner, j));
            if ri == rj {
                continue;
            }
            let (a, b) =
                (current[ri].take().expect("root holds a pattern"), current[rj].take().expect("root holds a pattern"));
            let (parent, child, root, other) =
                if a.members.len() >= b.members.len() { (a, b, ri, rj) } else { (b, a, rj, ri) };
            let merged = match seqlet_data(tracks, &child.members) {
                Ok(data) => {
                    let pad = (child.len as f32 * (1.0 - min_overlap)).ceil() as usize;
                    let idx: Vec<usize> = (0..child.members.len()).collect();
                    let m = merge_into(tracks, parent.clone(), &child.members, &data, &idx, pad);
                    polish(tracks, &m, flank, window, background).unwrap_or(parent)
                }
                Err(_) => parent,
            };
            current[root] = Some(merged);
            owner[other] = root;
        }
        patterns = current.into_iter().flatten().collect();
        patterns.sort_by_key(|b| std::cmp::Reverse(b.members.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auroc_of_separated_and_tied_scores() {
        assert_eq!(auroc(&mut [0.1, 0.2], &mut [0.3, 0.4]), 1.0);
        assert_eq!(auroc(&mut [0.5, 0.5], &mut [0.5]), 0.5);
        assert_eq!(auroc(&mut [0.3, 0.4], &mut [0.1, 0.2]), 0.0);
    }

    #[test]
    fn cwm_alignment_finds_the_reverse_complement() {
        // y: A then G with weights; x: the reverse complement (C then T).
        let y = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0];
        let x = [0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        let (o, r, s) = cwm_alignment(&x, &y, 1.0);
        assert_eq!((o, r), (0, true));
        assert!((s - 1.0).abs() < 1e-5);
    }
}
