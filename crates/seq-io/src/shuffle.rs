//! Dinucleotide shuffling that keeps the exact dinucleotide counts, the first and the last letter
//! (Altschul & Erickson 1985, in the random-arborescence form used by uShuffle and MEME's `fasta-shuffle-letters`).
//!
//! The sequence is read as an Eulerian path in the multigraph whose vertices are letters and whose edges are
//! the `L − 1` adjacent pairs. A uniformly random Eulerian path with the same start and end is drawn by
//! 1. choosing, for every letter other than the last one, a *last exit edge* so that these edges form a
//!    spanning arborescence directed towards the last letter — drawn uniformly with Wilson's loop-erased
//!    random walk, where each step picks one of the vertex's out-edges uniformly (so parallel edges weigh
//!    by their multiplicity);
//! 2. shuffling every vertex's remaining out-edges uniformly and appending the chosen last edge;
//! 3. walking from the first letter, always leaving through the next unused edge.
//!
//! **Letters other than A, C, G, T** (e.g. `N`, soft-masked lower case) are simply further vertices: every
//! distinct byte is its own letter. So the counts of *all* dinucleotides are kept, including those that
//! contain `N`; a run of `N`s stays a set of `NN` edges that may be scattered by the shuffle. Shuffle maximal
//! ACGT runs yourself (see [`shuffle_acgt_runs`]) to keep `N` blocks in place instead.

use rand::seq::SliceRandom;
use rand::Rng;

/// The seeded stream shuffles are drawn from by default (the same ChaCha8 stream seq-sim uses).
pub type ShuffleRng = rand_chacha::ChaCha8Rng;

/// A ChaCha8 stream from a 64-bit seed.
pub fn rng(seed: u64) -> ShuffleRng {
    use rand::SeedableRng;
    ShuffleRng::seed_from_u64(seed)
}

/// A dinucleotide-preserving shuffle of `seq` (any bytes; see the module notes). Sequences shorter than 3
/// are returned unchanged (they have a single Eulerian path).
pub fn dinucleotide_shuffle<R: Rng + ?Sized>(seq: &[u8], rng: &mut R) -> Vec<u8> {
    if seq.len() < 3 {
        return seq.to_vec();
    }
    let mut edges = out_edges(seq);
    let last = seq[seq.len() - 1];
    let exit = random_arborescence(&edges, last, rng);
    order_edges(&mut edges, &exit, last, rng);
    eulerian_walk(&edges, seq[0], seq.len())
}

/// Shuffles each maximal run of A/C/G/T letters (any case) separately with [`dinucleotide_shuffle`], leaving
/// every other byte (e.g. `N`) at its position. Dinucleotide counts are kept within each run.
pub fn shuffle_acgt_runs<R: Rng + ?Sized>(seq: &[u8], rng: &mut R) -> Vec<u8> {
    let mut out = seq.to_vec();
    let is_base = |b: u8| matches!(b, b'A' | b'C' | b'G' | b'T' | b'a' | b'c' | b'g' | b't');
    let mut i = 0;
    while i < seq.len() {
        if !is_base(seq[i]) {
            i += 1;
            continue;
        }
        let end = (i..seq.len()).find(|&j| !is_base(seq[j])).unwrap_or(seq.len());
        let shuffled = dinucleotide_shuffle(&seq[i..end], rng);
        out[i..end].copy_from_slice(&shuffled);
        i = end;
    }
    out
}

/// Counts of every adjacent pair `(a, b)` as a 256 × 256 table, flattened (`a * 256 + b`).
pub fn dinucleotide_counts(seq: &[u8]) -> Vec<u32> {
    let mut counts = vec![0u32; 256 * 256];
    for w in seq.windows(2) {
        counts[w[0] as usize * 256 + w[1] as usize] += 1;
    }
    counts
}

/// Out-edge lists: `edges[a]` holds the successor of every occurrence of `a` (except the final letter).
fn out_edges(seq: &[u8]) -> Vec<Vec<u8>> {
    let mut edges = vec![Vec::new(); 256];
    for w in seq.windows(2) {
        edges[w[0] as usize].push(w[1]);
    }
    edges
}

/// Wilson's algorithm: for every vertex with out-edges other than `root`, the index (into its edge list) of
/// its last exit edge; the chosen edges form a uniformly random arborescence directed towards `root`.
fn random_arborescence<R: Rng + ?Sized>(edges: &[Vec<u8>], root: u8, rng: &mut R) -> Vec<Option<usize>> {
    let mut in_tree = vec![false; 256];
    let mut next: Vec<Option<usize>> = vec![None; 256];
    in_tree[root as usize] = true;
    for start in 0..256usize {
        if edges[start].is_empty() || in_tree[start] {
            continue;
        }
        // random walk until the tree is hit; later choices overwrite earlier ones (implicit loop erasure)
        let mut v = start;
        while !in_tree[v] {
            let k = rng.random_range(0..edges[v].len());
            next[v] = Some(k);
            v = edges[v][k] as usize;
        }
        let mut v = start;
        while !in_tree[v] {
            in_tree[v] = true;
            // every vertex on the walk got an exit edge above
            let k = next[v].unwrap_or(0);
            v = edges[v][k] as usize;
        }
    }
    next
}

/// Puts each vertex's chosen exit edge last and shuffles the others (all edges of `root` are shuffled).
fn order_edges<R: Rng + ?Sized>(edges: &mut [Vec<u8>], exit: &[Option<usize>], root: u8, rng: &mut R) {
    for (v, list) in edges.iter_mut().enumerate() {
        if list.is_empty() {
            continue;
        }
        match exit[v] {
            Some(k) if v != root as usize => {
                let last = list.len() - 1;
                list.swap(k, last);
                list[..last].shuffle(rng);
            }
            _ => list.shuffle(rng),
        }
    }
}

/// Follows the ordered edge lists from `first`, producing `len` letters.
fn eulerian_walk(edges: &[Vec<u8>], first: u8, len: usize) -> Vec<u8> {
    let mut used = vec![0usize; 256];
    let mut out = Vec::with_capacity(len);
    let mut v = first;
    out.push(v);
    while out.len() < len {
        let list = &edges[v as usize];
        // the arborescence guarantees the walk never strands before all edges are used
        let Some(&w) = list.get(used[v as usize]) else { break };
        used[v as usize] += 1;
        out.push(w);
        v = w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    #[test]
    fn keeps_counts_ends_and_length_on_many_inputs() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for seq in [&b"ACGTTGCAACGGTTAACCGGTA"[..], b"AAAAAAAAAC", b"ACNNNNACGTNA", b"ACacGTgt", b"ATATATATAT"] {
            for _ in 0..50 {
                let s = dinucleotide_shuffle(seq, &mut rng);
                assert_eq!(s.len(), seq.len());
                assert_eq!(s[0], seq[0]);
                assert_eq!(s[s.len() - 1], seq[seq.len() - 1]);
                assert_eq!(dinucleotide_counts(&s), dinucleotide_counts(seq), "{}", String::from_utf8_lossy(&s));
            }
        }
    }

    #[test]
    fn reaches_every_eulerian_path_of_a_small_sequence() {
        // ACAGA has edges AC CA AG GA: Eulerian paths from A to A are ACAGA and AGACA only.
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let seen: HashSet<Vec<u8>> = (0..200).map(|_| dinucleotide_shuffle(b"ACAGA", &mut rng)).collect();
        assert_eq!(seen, HashSet::from([b"ACAGA".to_vec(), b"AGACA".to_vec()]));
    }

    #[test]
    fn acgt_runs_keep_n_in_place() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let seq = b"ACGTACGGTNNNNTTGACCAGN";
        let s = shuffle_acgt_runs(seq, &mut rng);
        for (i, &b) in seq.iter().enumerate() {
            assert_eq!(b == b'N', s[i] == b'N');
        }
        assert_eq!(dinucleotide_counts(&s[..9]), dinucleotide_counts(&seq[..9]));
    }
}
