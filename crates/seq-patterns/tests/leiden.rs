//! Leiden on graphs with a known best partition: two cliques joined by an edge, a ring of cliques, a
//! planted partition; modularity increases over the trivial partitions; seeded runs repeat.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_patterns::leiden::leiden_from;
use seq_patterns::{leiden, modularity, Graph, LeidenConfig};

fn clique(nodes: std::ops::Range<usize>, edges: &mut Vec<(usize, usize, f64)>) {
    for a in nodes.clone() {
        for b in a + 1..nodes.end {
            edges.push((a, b, 1.0));
        }
    }
}

/// Communities as sorted lists of nodes, sorted.
fn groups(membership: &[usize]) -> Vec<Vec<usize>> {
    let k = membership.iter().max().map_or(0, |m| m + 1);
    let mut g = vec![Vec::new(); k];
    for (u, &c) in membership.iter().enumerate() {
        g[c].push(u);
    }
    g.sort();
    g
}

#[test]
fn two_cliques_joined_by_an_edge_are_two_communities() {
    let mut edges = Vec::new();
    clique(0..5, &mut edges);
    clique(5..10, &mut edges);
    edges.push((4, 5, 1.0));
    let g = Graph::from_edges(10, &edges);
    let p = leiden(&g, &LeidenConfig::default());
    assert_eq!(p.n_communities, 2);
    assert_eq!(groups(&p.membership), vec![(0..5).collect::<Vec<_>>(), (5..10).collect()]);
    // 21 edges, 2m = 42; each clique: in = 20, K = 21: Q = 2 (20/42 − 1/4).
    assert!((p.quality - 2.0 * (20.0 / 42.0 - 0.25)).abs() < 1e-12, "{}", p.quality);
}

#[test]
fn a_ring_of_cliques_splits_into_its_cliques() {
    let (k, size) = (12, 5);
    let mut edges = Vec::new();
    for c in 0..k {
        clique(c * size..(c + 1) * size, &mut edges);
        edges.push((c * size, ((c + 1) % k) * size + 1, 1.0));
    }
    let g = Graph::from_edges(k * size, &edges);
    let p = leiden(&g, &LeidenConfig { seed: 3, ..LeidenConfig::default() });
    let expected: Vec<Vec<usize>> = (0..k).map(|c| (c * size..(c + 1) * size).collect()).collect();
    assert_eq!(groups(&p.membership), expected);
    // Each clique: 10 internal edges, 2 ring edges; 2m = 2 (120 + 12) = 264.
    let m2 = 264.0;
    let q = k as f64 * (20.0 / m2 - (22.0 / m2) * (22.0 / m2));
    assert!((p.quality - q).abs() < 1e-12);
}

#[test]
fn modularity_increases_and_seeded_runs_repeat() {
    // Planted partition: 6 groups of 30, p_in 0.3, p_out 0.02, random weights.
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let n = 180;
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let p = if a / 30 == b / 30 { 0.3 } else { 0.02 };
            if rng.random::<f64>() < p {
                edges.push((a, b, 0.5 + rng.random::<f64>()));
            }
        }
    }
    let g = Graph::from_edges(n, &edges);
    let cfg = LeidenConfig::default();
    let p = leiden(&g, &cfg);
    let singletons: Vec<usize> = (0..n).collect();
    assert!(p.quality > modularity(&g, &singletons, 1.0));
    assert!(p.quality > modularity(&g, &vec![0; n], 1.0));
    let planted: Vec<usize> = (0..n).map(|u| u / 30).collect();
    assert!(p.quality >= modularity(&g, &planted, 1.0) - 1e-9, "{} < planted", p.quality);
    assert_eq!(p.quality, modularity(&g, &p.membership, 1.0));
    // Starting from the result never loses quality.
    let again = leiden_from(&g, Some(&p.membership), &cfg);
    assert!(again.quality >= p.quality - 1e-12);
    // Same seed, same partition; every community is connected (Leiden's guarantee).
    assert_eq!(leiden(&g, &cfg), p);
    for members in groups(&p.membership) {
        let inside: std::collections::HashSet<usize> = members.iter().copied().collect();
        let mut seen = std::collections::HashSet::from([members[0]]);
        let mut stack = vec![members[0]];
        while let Some(u) = stack.pop() {
            for (v, _) in g.neighbors(u) {
                if inside.contains(&v) && seen.insert(v) {
                    stack.push(v);
                }
            }
        }
        assert_eq!(seen.len(), members.len(), "community {members:?} is not connected");
    }
}

#[test]
fn greedy_refinement_and_empty_graphs() {
    let mut edges = Vec::new();
    clique(0..4, &mut edges);
    clique(4..8, &mut edges);
    edges.push((0, 4, 0.1));
    let g = Graph::from_edges(8, &edges);
    let p = leiden(&g, &LeidenConfig { randomness: 0.0, runs: 1, ..LeidenConfig::default() });
    assert_eq!(groups(&p.membership), vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    let empty = leiden(&Graph::from_edges(0, &[]), &LeidenConfig::default());
    assert_eq!(empty.n_communities, 0);
    // Isolated nodes stay alone.
    let iso = leiden(&Graph::from_edges(3, &[(0, 1, 1.0)]), &LeidenConfig::default());
    assert_eq!(groups(&iso.membership), vec![vec![0, 1], vec![2]]);
}
