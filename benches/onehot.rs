//! One-hot encoding throughput: a 10 Mbp random sequence encoded single-threaded into a preallocated
//! `(4, L)` buffer, reported in bytes (= bases) per second. Goal ≥ 1 Gbp/s; tangermeme ≈ 155 Mbp/s.
//! The 10 Mbp case writes 160 MB of f32 and is bound by memory bandwidth (`fill_output_baseline` shows the
//! ceiling); `onehot_in_cache` shows the encoder's own speed on a 64 kbp sequence.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::onehot::{encode_into_unchecked, first_invalid};
use seq_io::UnknownPolicy;

const LEN: usize = 10_000_000;
const SHORT_LEN: usize = 65_536;

/// A seeded random sequence of A/C/G/T with 1% N and, for realism, 30% soft-masked (lower-case) letters.
fn random_sequence(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..len)
        .map(|_| {
            let b = if rng.random_bool(0.01) { b'N' } else { b"ACGT"[rng.random_range(0..4)] };
            if rng.random_bool(0.3) {
                b.to_ascii_lowercase()
            } else {
                b
            }
        })
        .collect()
}

fn bench_onehot(c: &mut Criterion) {
    let seq = random_sequence(LEN, 42);
    let mut out = vec![0.0f32; 4 * LEN];
    let mut group = c.benchmark_group("onehot");
    group.throughput(Throughput::Bytes(LEN as u64));
    group.sample_size(20);
    for policy in [UnknownPolicy::Zeros, UnknownPolicy::Uniform] {
        group.bench_function(format!("encode_10Mbp_{policy:?}"), |b| {
            b.iter(|| encode_into_unchecked(black_box(&seq), black_box(&mut out), policy));
        });
    }
    // The memory-bandwidth ceiling: writing the same 160 MB output with a plain fill.
    group.bench_function("fill_output_baseline", |b| b.iter(|| black_box(&mut out).fill(black_box(1.0))));
    // Zeros accepts every letter of the sequence, so validation scans all of it.
    group.bench_function("validate_10Mbp_Zeros", |b| b.iter(|| first_invalid(black_box(&seq), UnknownPolicy::Zeros)));
    group.finish();

    // A 64 kbp sequence whose 1 MB output stays in cache: the encoder's compute speed without DRAM.
    let short = random_sequence(SHORT_LEN, 7);
    let mut short_out = vec![0.0f32; 4 * SHORT_LEN];
    let mut group = c.benchmark_group("onehot_in_cache");
    group.throughput(Throughput::Bytes(SHORT_LEN as u64));
    for policy in [UnknownPolicy::Zeros, UnknownPolicy::Uniform] {
        group.bench_function(format!("encode_64kbp_{policy:?}"), |b| {
            b.iter(|| encode_into_unchecked(black_box(&short), black_box(&mut short_out), policy));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_onehot);
criterion_main!(benches);
