//! ISM throughput: sequences per second for seed 000's CNN (random init) on 200 nt, all 600 single-base
//! substitutions per sequence plus the reference, batched.

use burn::backend::Flex;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_interpret::{ism, IsmOptions};
use seq_models::cnn::presets;
use seq_models::SequenceModel;

const LEN: usize = 200;
const SEQUENCES: usize = 8;

fn random_onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + rng.random_range(0..4)) * len + p] = 1.0;
        }
    }
    x
}

fn bench_ism(c: &mut Criterion) {
    let device = Default::default();
    let cnn = presets::seed000(LEN).init::<Flex>(&device, 0).expect("seed000 preset is valid");
    let model = |x| cnn.forward_logits(x);
    let x = random_onehot(SEQUENCES, LEN, 1);
    let mut group = c.benchmark_group("ism_seed000_200nt");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SEQUENCES as u64));
    for batch in [150usize, 600] {
        let opts = IsmOptions { batch_size: batch, ..Default::default() };
        group.bench_with_input(BenchmarkId::new("batch", batch), &opts, |b, opts| {
            b.iter(|| ism::<Flex, _>(&model, &x, SEQUENCES, LEN, opts, &device).expect("ISM runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ism);
criterion_main!(benches);
