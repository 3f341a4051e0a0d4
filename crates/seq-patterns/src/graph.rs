//! A weighted undirected graph in compressed sparse rows: both directions of every edge are stored, a
//! self-loop once. Node strength `k_i = Σ_j A_ij` and total weight `2m = Σ_i k_i` follow the adjacency matrix.

/// Symmetric weighted adjacency in CSR form.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Graph {
    /// Builds the graph of undirected `edges` `(u, v, w)` over `n` nodes: each edge is added in both
    /// directions (a self-loop once); parallel edges are summed. Edges naming a node ≥ n, or whose weight
    /// is not finite and positive, are skipped.
    pub fn from_edges(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
        let mut directed = Vec::with_capacity(edges.len() * 2);
        for &(u, v, w) in edges {
            if u < n && v < n && w.is_finite() && w > 0.0 {
                directed.push((u as u32, v as u32, w));
                if u != v {
                    directed.push((v as u32, u as u32, w));
                }
            }
        }
        Graph::from_directed(n, directed)
    }

    /// Builds a graph from directed entries that already hold both directions of every edge; duplicates of
    /// one `(row, column)` are summed.
    pub fn from_directed(n: usize, mut entries: Vec<(u32, u32, f64)>) -> Graph {
        entries.sort_unstable_by_key(|e| (e.0, e.1));
        let mut offsets = vec![0usize; n + 1];
        let mut targets = Vec::with_capacity(entries.len());
        let mut weights: Vec<f64> = Vec::with_capacity(entries.len());
        let mut last: Option<(u32, u32)> = None;
        for (u, v, w) in entries {
            if last == Some((u, v)) {
                *weights.last_mut().expect("an entry was pushed for this pair") += w;
                continue;
            }
            last = Some((u, v));
            offsets[u as usize + 1] += 1;
            targets.push(v);
            weights.push(w);
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Graph { offsets, targets, weights }
    }

    /// Builds a graph from CSR arrays (rows sorted by column, symmetric); the caller guarantees both.
    pub fn from_csr(offsets: Vec<usize>, targets: Vec<u32>, weights: Vec<f64>) -> Graph {
        Graph { offsets, targets, weights }
    }

    /// Number of nodes.
    pub fn n(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of stored (directed) entries.
    pub fn n_entries(&self) -> usize {
        self.targets.len()
    }

    /// Neighbours of `u` with weights (`u` itself for a self-loop).
    pub fn neighbors(&self, u: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.offsets[u]..self.offsets[u + 1];
        self.targets[r.clone()].iter().map(|&v| v as usize).zip(self.weights[r].iter().copied())
    }

    /// Strength `k_u = Σ_v A_uv`.
    pub fn strength(&self, u: usize) -> f64 {
        self.weights[self.offsets[u]..self.offsets[u + 1]].iter().sum()
    }

    /// Total weight `2m = Σ_u k_u`.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// The graph whose nodes are the communities of `membership` (values `0..n_communities`): entry
    /// `(C, D)` is `Σ_{u ∈ C, v ∈ D} A_uv`, so strengths and `2m` are kept.
    pub fn aggregate(&self, membership: &[usize], n_communities: usize) -> Graph {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_communities];
        for (u, &c) in membership.iter().enumerate() {
            members[c].push(u);
        }
        let mut scratch = vec![0.0f64; n_communities];
        let mut touched: Vec<usize> = Vec::new();
        let mut offsets = vec![0usize; n_communities + 1];
        let (mut targets, mut weights) = (Vec::new(), Vec::new());
        for (c, nodes) in members.iter().enumerate() {
            for &u in nodes {
                for (v, w) in self.neighbors(u) {
                    let d = membership[v];
                    if scratch[d] == 0.0 {
                        touched.push(d);
                    }
                    scratch[d] += w;
                }
            }
            touched.sort_unstable();
            for &d in &touched {
                targets.push(d as u32);
                weights.push(scratch[d]);
                scratch[d] = 0.0;
            }
            touched.clear();
            offsets[c + 1] = targets.len();
        }
        Graph { offsets, targets, weights }
    }
}

/// Modularity `Q = Σ_c [ in_c / 2m − γ (K_c / 2m)² ]` of `membership` (`in_c` sums `A_uv` over ordered pairs
/// inside c, a self-loop once; `K_c` sums strengths).
pub fn modularity(graph: &Graph, membership: &[usize], resolution: f64) -> f64 {
    let m2 = graph.total_weight();
    if m2 <= 0.0 {
        return 0.0;
    }
    let n_comm = membership.iter().copied().max().map_or(0, |m| m + 1);
    let (mut inside, mut total) = (vec![0.0; n_comm], vec![0.0; n_comm]);
    for u in 0..graph.n() {
        let c = membership[u];
        for (v, w) in graph.neighbors(u) {
            total[c] += w;
            if membership[v] == c {
                inside[c] += w;
            }
        }
    }
    inside.iter().zip(&total).map(|(i, k)| i / m2 - resolution * (k / m2) * (k / m2)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_modularity_of_a_path() {
        // Path 0-1-2-3, unit weights: 2m = 6, strengths 1, 2, 2, 1.
        let g = Graph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        assert_eq!(g.total_weight(), 6.0);
        // {0,1}, {2,3}: in = 2 each, K = 3 each: 2 (2/6 − 1/4) = 1/6.
        assert!((modularity(&g, &[0, 0, 1, 1], 1.0) - 1.0 / 6.0).abs() < 1e-12);
        // One community: 6/6 − 1 = 0.
        assert!(modularity(&g, &[0; 4], 1.0).abs() < 1e-12);
        let a = g.aggregate(&[0, 0, 1, 1], 2);
        assert_eq!(a.total_weight(), 6.0);
        assert_eq!(a.neighbors(0).collect::<Vec<_>>(), vec![(0, 2.0), (1, 1.0)]);
        assert!((modularity(&a, &[0, 1], 1.0) - 1.0 / 6.0).abs() < 1e-12);
    }
}
