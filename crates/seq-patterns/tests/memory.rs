//! The similarity step over 20 000 seqlets keeps its data structures linear: similarity data of
//! `n × width × 8` values per strand, a k-NN graph of exactly `n × k` edges, a density-adapted graph of at
//! most `2 n k + n` entries.

mod common;

use common::{synthetic, PlantedMotif};
use seq_io::Strand;
use seq_patterns::density::density_adapted_graph;
use seq_patterns::{knn_graph, seqlet_data, KnnConfig, Seqlet, Tracks};

#[test]
fn similarity_of_20000_seqlets_is_linear_in_memory() {
    let motifs = [
        PlantedMotif { consensus: "AGATAA".into(), fraction: 1.0, sign: 1.0 },
        PlantedMotif { consensus: "CACGTG".into(), fraction: 1.0, sign: 1.0 },
    ];
    let data = synthetic(10_000, 100, &motifs, 1.0, 0.1, 20, 5);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    // One seqlet of width 20 around each planted instance.
    let seqlets: Vec<Seqlet> = data
        .instances
        .iter()
        .map(|i| Seqlet {
            example: i.example,
            start: i.start - 7,
            end: i.start + 13,
            strand: Strand::Forward,
            score: 6.0,
        })
        .collect();
    let n = seqlets.len();
    assert_eq!(n, 20_000);
    let sim = seqlet_data(&tracks, &seqlets).unwrap();
    assert_eq!(sim.fwd.len(), n * 20 * 8);
    assert_eq!(sim.rev.len(), n * 20 * 8);
    let k = 50;
    let knn = knn_graph(&tracks, &seqlets, &sim, &KnnConfig { n_neighbors: k, ..KnnConfig::default() }).unwrap();
    assert_eq!(knn.n(), n);
    assert_eq!(knn.n_edges(), n * k);
    assert_eq!(knn.fine.len(), n * k);
    assert_eq!(knn.coarse.len(), n * k);
    // Neighbours carry the same motif: the fine similarity ranks the other motif below.
    let same = (0..n)
        .filter(|&i| knn.row(i).take(10).all(|(j, _, _)| data.instances[j].motif == data.instances[i].motif))
        .count();
    assert!(same as f64 >= 0.95 * n as f64, "{same} of {n} rows have only same-motif top-10 neighbours");
    assert!((0..n).all(|i| knn.row(i).all(|(j, f, _)| j != i && f <= 1.0 + 1e-6)));
    let g = density_adapted_graph(&knn, 10.0, seq_patterns::density::DensityKernel::Lite);
    assert_eq!(g.n(), n);
    assert!(g.n_entries() <= 2 * n * k + n, "{} entries", g.n_entries());
}
