//! DeepSHAP throughput in (sequence, reference) pairs per second, 8 sequences × 20 dinucleotide shuffles,
//! 32 pairs per pass, 2 threads, on two networks: seed000 on 200 nt and the PyTorch `Deeper` recipe
//! (`presets::deeper`) on 1,000 nt. `scripts/bench_tangermeme_deepshap.py` counts the same for tangermeme
//! on the PyTorch rebuilds.
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
use seq_models::cnn::{presets, CnnConfig};

const SEQUENCES: usize = 8;
const REFERENCES: usize = 20;

/// One criterion group timing `deep_shap` of `config` on random one-hot sequences of its input length.
fn bench_network(c: &mut Criterion, group_name: &str, config: CnnConfig) {
    let length = config.input_length;
    // Both cores; ignore the error when a global pool already exists.
    let _ = rayon::ThreadPoolBuilder::new().num_threads(2).build_global();
    let model = config.init::<Flex>(&Default::default(), 1).expect("network builds");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut x = vec![0.0f32; SEQUENCES * 4 * length];
    for i in 0..SEQUENCES {
        for p in 0..length {
            x[(i * 4 + rng.random_range(0..4)) * length + p] = 1.0;
        }
    }
    let options = DeepShapOptions {
        references: References::Shuffles { count: REFERENCES, seed: 0 },
        batch_size: 32,
        ..Default::default()
    };
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Elements((SEQUENCES * REFERENCES) as u64));
    group.sample_size(10);
    group.bench_function("pairs", |b| b.iter(|| deep_shap(&model, &x, SEQUENCES, length, &options).expect("runs")));
    group.finish();
}

fn bench(c: &mut Criterion) {
    bench_network(c, "deepshap_seed000_200nt", presets::seed000(200));
    bench_network(c, "deepshap_deeper_1000nt", presets::deeper(1000));
}

criterion_group!(benches, bench);
criterion_main!(benches);
