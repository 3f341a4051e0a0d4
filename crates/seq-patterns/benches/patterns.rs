//! Pattern discovery on 20 000 synthetic seqlets of width 20 (AGATAA and CACGTG planted in 10 000
//! sequences of length 100): the whole of `discover_patterns` (k-NN graph, density adaptation, Leiden,
//! aggregation, merging), and the k-NN graph alone.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{synthetic, PlantedMotif};
use criterion::{criterion_main, Criterion};
use seq_io::Strand;
use seq_patterns::{discover_patterns, knn_graph, seqlet_data, KnnConfig, PatternConfig, Seqlet, Tracks};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let motifs = [
        PlantedMotif { consensus: "AGATAA".into(), fraction: 1.0, sign: 1.0 },
        PlantedMotif { consensus: "CACGTG".into(), fraction: 1.0, sign: 1.0 },
    ];
    let data = synthetic(10_000, 100, &motifs, 1.0, 0.1, 20, 5);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).expect("valid synthetic tracks");
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
    let cfg = PatternConfig { flank: 5, trim_window: 20, ..PatternConfig::default() };
    let mut group = c.benchmark_group("patterns_20000x20");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    group.bench_function("knn_graph_k500", |b| {
        b.iter(|| {
            let d = seqlet_data(&tracks, &seqlets).expect("valid seqlets");
            knn_graph(&tracks, &seqlets, &d, &KnnConfig::default()).expect("valid options").n_edges()
        })
    });
    group.bench_function("discover_patterns", |b| {
        b.iter(|| discover_patterns(&tracks, &seqlets, &cfg).expect("valid input").positive.len())
    });
    group.finish();
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
use group::benches;
criterion_main!(benches);
