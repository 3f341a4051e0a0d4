//! The Leiden algorithm (Traag, Waltman & van Eck 2019) for modularity: fast local moving of nodes, a
//! refinement that merges nodes only within their community and only into well-connected subsets
//! (randomly, with probability ∝ `exp(gain / θ)`), aggregation of the refined partition with the unrefined
//! one as the aggregate's start, repeated until the partition is stable. Several seeded runs in parallel;
//! the best modularity wins.

use crate::graph::{modularity, Graph};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::VecDeque;

/// Options of [`leiden`].
#[derive(Debug, Clone, PartialEq)]
pub struct LeidenConfig {
    /// Resolution γ of modularity (1).
    pub resolution: f64,
    /// Randomness θ of the refinement (0.01, as leidenalg); 0 merges greedily.
    pub randomness: f64,
    /// Independent runs, seeds `seed, seed + 1, …` (the best modularity is kept).
    pub runs: usize,
    /// Maximum Leiden iterations per run (each iteration starts from the previous partition; stops early
    /// when the partition no longer changes).
    pub max_iterations: usize,
    /// Seed of the first run.
    pub seed: u64,
}

impl Default for LeidenConfig {
    fn default() -> Self {
        LeidenConfig { resolution: 1.0, randomness: 0.01, runs: 8, max_iterations: 10, seed: 1 }
    }
}

/// A partition of the nodes and its modularity.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// Community of each node, `0..n_communities`, numbered by decreasing size (ties by first node).
    pub membership: Vec<usize>,
    /// Number of communities.
    pub n_communities: usize,
    /// Modularity at the configured resolution.
    pub quality: f64,
}

/// Renumbers communities by decreasing size, ties by the smallest node.
fn renumber(membership: &[usize]) -> (Vec<usize>, usize) {
    let n_comm = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; n_comm];
    let mut first = vec![usize::MAX; n_comm];
    for (u, &c) in membership.iter().enumerate() {
        size[c] += 1;
        first[c] = first[c].min(u);
    }
    let mut order: Vec<usize> = (0..n_comm).filter(|&c| size[c] > 0).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut map = vec![0usize; n_comm];
    for (new, &old) in order.iter().enumerate() {
        map[old] = new;
    }
    (membership.iter().map(|&c| map[c]).collect(), order.len())
}

/// Queue-based local moving; returns true when some node moved.
fn move_nodes(g: &Graph, membership: &mut [usize], gamma: f64, rng: &mut ChaCha8Rng) -> bool {
    let n = g.n();
    let m2 = g.total_weight();
    let strength: Vec<f64> = (0..n).map(|u| g.strength(u)).collect();
    let mut total = vec![0.0f64; n];
    for u in 0..n {
        total[membership[u]] += strength[u];
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut queue: VecDeque<usize> = order.into_iter().collect();
    let mut queued = vec![true; n];
    let mut to_comm = vec![0.0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut moved = false;
    while let Some(u) = queue.pop_front() {
        queued[u] = false;
        let c = membership[u];
        let k = strength[u];
        for (v, w) in g.neighbors(u) {
            if v != u {
                let d = membership[v];
                if to_comm[d] == 0.0 {
                    touched.push(d);
                }
                to_comm[d] += w;
            }
        }
        total[c] -= k;
        let stay = to_comm[c] - gamma * k * total[c] / m2;
        let (mut best, mut best_gain) = (c, stay);
        for &d in &touched {
            let gain = to_comm[d] - gamma * k * total[d] / m2;
            if gain > best_gain {
                best = d;
                best_gain = gain;
            }
        }
        total[best] += k;
        for &d in &touched {
            to_comm[d] = 0.0;
        }
        touched.clear();
        if best != c {
            membership[u] = best;
            moved = true;
            for (v, _) in g.neighbors(u) {
                if v != u && !queued[v] && membership[v] != best {
                    queued[v] = true;
                    queue.push_back(v);
                }
            }
        }
    }
    moved
}

/// Refinement of `partition`: singletons merged within each community into well-connected subsets.
fn refine(g: &Graph, partition: &[usize], gamma: f64, theta: f64, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let n = g.n();
    let m2 = g.total_weight();
    let strength: Vec<f64> = (0..n).map(|u| g.strength(u)).collect();
    let n_comm = partition.iter().copied().max().map_or(0, |m| m + 1);
    let mut comm_total = vec![0.0f64; n_comm];
    for u in 0..n {
        comm_total[partition[u]] += strength[u];
    }
    // w(u, S − u) for each node.
    let ext_node: Vec<f64> = (0..n)
        .map(|u| g.neighbors(u).filter(|&(v, _)| v != u && partition[v] == partition[u]).map(|(_, w)| w).sum())
        .collect();
    let mut refined: Vec<usize> = (0..n).collect();
    let mut ref_total = strength.clone();
    let mut ref_ext = ext_node.clone(); // E(C, S − C) of each refined community
    let mut singleton = vec![true; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut to_comm = vec![0.0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut candidates: Vec<(usize, f64)> = Vec::new();
    for u in order {
        let s = partition[u];
        let k = strength[u];
        if !singleton[u] || ext_node[u] < gamma * k * (comm_total[s] - k) / m2 {
            continue;
        }
        for (v, w) in g.neighbors(u) {
            if v != u && partition[v] == s {
                let d = refined[v];
                if to_comm[d] == 0.0 {
                    touched.push(d);
                }
                to_comm[d] += w;
            }
        }
        candidates.clear();
        candidates.push((u, 0.0));
        for &d in &touched {
            if d != refined[u] && ref_ext[d] >= gamma * ref_total[d] * (comm_total[s] - ref_total[d]) / m2 {
                let gain = to_comm[d] - gamma * k * ref_total[d] / m2;
                if gain >= 0.0 {
                    candidates.push((d, gain));
                }
            }
        }
        let chosen = if candidates.len() == 1 {
            refined[u]
        } else if theta <= 0.0 {
            candidates.iter().skip(1).fold(candidates[0], |b, &c| if c.1 > b.1 { c } else { b }).0
        } else {
            let max = candidates.iter().map(|c| c.1).fold(f64::MIN, f64::max);
            let probs: Vec<f64> = candidates.iter().map(|c| ((c.1 - max) / theta).exp()).collect();
            let mut r = rng.random::<f64>() * probs.iter().sum::<f64>();
            let mut pick = candidates[candidates.len() - 1].0;
            for (c, p) in candidates.iter().zip(&probs) {
                if r < *p {
                    pick = c.0;
                    break;
                }
                r -= p;
            }
            pick
        };
        if chosen != refined[u] {
            let own = refined[u];
            ref_total[own] -= k;
            ref_ext[own] = 0.0;
            ref_ext[chosen] += ext_node[u] - 2.0 * to_comm[chosen];
            ref_total[chosen] += k;
            refined[u] = chosen;
            singleton[chosen] = false;
            singleton[u] = false;
        }
        for &d in &touched {
            to_comm[d] = 0.0;
        }
        touched.clear();
    }
    renumber(&refined).0
}

/// One Leiden run from `initial` (each node alone when `None`).
fn run(g: &Graph, initial: Option<&[usize]>, cfg: &LeidenConfig, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut membership: Vec<usize> = match initial {
        Some(m) => m.to_vec(),
        None => (0..g.n()).collect(),
    };
    for _ in 0..cfg.max_iterations.max(1) {
        let before = membership.clone();
        // node_of[u]: the aggregate node holding original node u.
        let mut node_of: Vec<usize> = (0..g.n()).collect();
        // The first level is the input graph itself (not copied); later levels are owned aggregates.
        let mut owned: Option<Graph> = None;
        let mut part = membership.clone();
        loop {
            let level = owned.as_ref().unwrap_or(g);
            move_nodes(level, &mut part, cfg.resolution, &mut rng);
            let (p, n_comm) = renumber(&part);
            part = p;
            if n_comm == level.n() {
                break;
            }
            let mut refined = refine(level, &part, cfg.resolution, cfg.randomness, &mut rng);
            let mut n_ref = refined.iter().copied().max().map_or(0, |m| m + 1);
            if n_ref == level.n() {
                // The refinement merged nothing: aggregate the unrefined partition (as Louvain would), or
                // the next level would be this one again.
                refined = part.clone();
                n_ref = n_comm;
            }
            // The aggregate's start: each refined community in its unrefined community.
            let mut next_part = vec![0usize; n_ref];
            for (u, &r) in refined.iter().enumerate() {
                next_part[r] = part[u];
            }
            owned = Some(level.aggregate(&refined, n_ref));
            for x in node_of.iter_mut() {
                *x = refined[*x];
            }
            part = next_part;
        }
        membership = node_of.iter().map(|&x| part[x]).collect();
        membership = renumber(&membership).0;
        if membership == before {
            break;
        }
    }
    membership
}

/// Leiden community detection on `graph` (see the module documentation).
pub fn leiden(graph: &Graph, cfg: &LeidenConfig) -> Partition {
    leiden_from(graph, None, cfg)
}

/// Leiden starting from `initial` communities.
pub fn leiden_from(graph: &Graph, initial: Option<&[usize]>, cfg: &LeidenConfig) -> Partition {
    if graph.n() == 0 {
        return Partition { membership: Vec::new(), n_communities: 0, quality: 0.0 };
    }
    let results: Vec<(f64, Vec<usize>)> = (0..cfg.runs.max(1) as u64)
        .into_par_iter()
        .map(|r| {
            let m = run(graph, initial, cfg, cfg.seed.wrapping_add(r));
            (modularity(graph, &m, cfg.resolution), m)
        })
        .collect();
    // The best quality; ties to the earliest seed.
    let (quality, membership) =
        results.into_iter().fold((f64::NEG_INFINITY, Vec::new()), |best, r| if r.0 > best.0 { r } else { best });
    let (membership, n_communities) = renumber(&membership);
    Partition { membership, n_communities, quality }
}
