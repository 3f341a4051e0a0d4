//! DeepSHAP throughput in (sequence, reference) pairs per second: seed000 on 200 nt, 8 sequences × 20
//! dinucleotide shuffles, 32 pairs per pass, 2 threads. `scripts/bench_tangermeme_deepshap.py` counts the
//! same for tangermeme on the PyTorch rebuild.
//!
//! ```text
//! cargo bench -p seq-interpret --bench deepshap
//! ```

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use burn::backend::Flex;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_interpret::deeplift::{deep_shap, DeepShapOptions, References};
use seq_models::cnn::presets;

const SEQUENCES: usize = 8;
const REFERENCES: usize = 20;
const LENGTH: usize = 200;

fn bench(c: &mut Criterion) {
    // Both cores; ignore the error when a global pool already exists.
    let _ = rayon::ThreadPoolBuilder::new().num_threads(2).build_global();
    let model = presets::seed000(LENGTH).init::<Flex>(&Default::default(), 1).expect("seed000 builds");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut x = vec![0.0f32; SEQUENCES * 4 * LENGTH];
    for i in 0..SEQUENCES {
        for p in 0..LENGTH {
            x[(i * 4 + rng.random_range(0..4)) * LENGTH + p] = 1.0;
        }
    }
    let options = DeepShapOptions {
        references: References::Shuffles { count: REFERENCES, seed: 0 },
        batch_size: 32,
        ..Default::default()
    };
    let mut group = c.benchmark_group("deepshap_seed000_200nt");
    group.throughput(Throughput::Elements((SEQUENCES * REFERENCES) as u64));
    group.sample_size(10);
    group.bench_function("pairs", |b| b.iter(|| deep_shap(&model, &x, SEQUENCES, LENGTH, &options).expect("runs")));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
