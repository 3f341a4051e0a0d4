//! ISM throughput: sequences per second for seed 000's CNN (random init) on 200 nt, all 600 single-base
//! substitutions per sequence plus the reference: the generic batched ISM (burn forward passes) against the
//! fast incremental ISM (`seq_interpret::cnn_ism`), and the fast path on the deeper and DragoNN presets.

use burn::backend::Flex;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use seq_interpret::ism::fast_ism_engine;
use seq_interpret::{ism, IsmOptions};
use seq_models::cnn::{presets, CnnConfig};
use seq_models::SequenceModel;
use seqdl_benches::random_onehot;

const LEN: usize = 200;
const SEQUENCES: usize = 8;

fn bench_naive(c: &mut Criterion) {
    let device = Default::default();
    let cnn = presets::seed000(LEN).init::<Flex>(&device, 0).expect("seed000 preset is valid");
    let model = |x| cnn.forward_logits(x);
    let x = random_onehot(SEQUENCES, LEN, 1);
    let mut group = c.benchmark_group("ism_seed000_200nt");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SEQUENCES as u64));
    for batch in [150usize, 600] {
        let opts = IsmOptions { batch_size: batch, ..Default::default() };
        group.bench_with_input(BenchmarkId::new("naive_batch", batch), &opts, |b, opts| {
            b.iter(|| ism::<Flex, _>(&model, &x, SEQUENCES, LEN, opts, &device).expect("ISM runs"))
        });
    }
    let opts = IsmOptions::default();
    group.bench_function("fast", |b| {
        b.iter(|| seq_interpret::cnn_ism(&cnn, &x, SEQUENCES, LEN, &opts, &device).expect("fast ISM runs"))
    });
    group.finish();
}

fn bench_fast_presets(c: &mut Criterion) {
    let device = Default::default();
    let x = random_onehot(SEQUENCES, LEN, 2);
    let mut group = c.benchmark_group("fast_ism_presets_200nt");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SEQUENCES as u64));
    let configs: [(&str, CnnConfig); 3] = [
        ("seed000", presets::seed000(LEN)),
        ("seed000_deep", presets::seed000_deep(LEN)),
        ("dragonn_three_layers", presets::dragonn_three_layers(LEN)),
    ];
    for (name, config) in configs {
        let cnn = config.init::<Flex>(&device, 3).expect("preset is valid");
        let fast = fast_ism_engine(&cnn).expect("every preset takes the fast path");
        group.bench_function(name, |b| {
            b.iter(|| fast.substitution_logits(&x, SEQUENCES, LEN, 0..LEN).expect("fast ISM runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_naive, bench_fast_presets);
criterion_main!(benches);
