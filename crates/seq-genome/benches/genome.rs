//! Throughput of the genome layer on the project's BGZF chr20: cutting 1-kb windows (batched and one by one
//! from rayon threads) and sampling 100,000 GC-matched negatives.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::path::PathBuf;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use seq_genome::{gc_matched, GcMatchOptions, Genome, GenomeOptions, Span, Window, WindowSource};

fn genome() -> Genome {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/hg19_chr20.fa.gz"));
    Genome::open(&path, &GenomeOptions::default()).expect("the project's chr20 genome")
}

fn random_spans(g: &Genome, n: usize, len: u64, seed: u64) -> Vec<Span> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let clen = g.chroms()[0].len;
    (0..n)
        .map(|_| {
            let s = rng.random_range(0..clen - len);
            Span { chrom: 0, start: s, end: s + len }
        })
        .collect()
}

fn windows(c: &mut Criterion) {
    let g = genome();
    let spans = random_spans(&g, 20_000, 1000, 1);
    let mut group = c.benchmark_group("fetch_1kb");
    group.sample_size(10);
    group.throughput(Throughput::Elements(spans.len() as u64));
    group.bench_function("fetch_many_20k_random", |b| b.iter(|| g.fetch_many(&spans).expect("fetch")));
    group.finish();
    // one window per call from rayon threads: each random window decodes its own 64-kB block
    let few = &spans[..4000];
    let mut group = c.benchmark_group("fetch_1kb_single");
    group.sample_size(10);
    group.throughput(Throughput::Elements(few.len() as u64));
    group.bench_function("fetch_span_par_4k_random", |b| {
        b.iter(|| few.par_iter().map(|s| g.fetch_span(*s).expect("fetch").len()).sum::<usize>())
    });
    group.finish();
}

fn negatives(c: &mut Criterion) {
    let g = genome();
    // 10,000 random N-free 200-bp "positives" (the genome's own GC spectrum), 10 negatives each
    let spans = random_spans(&g, 14_000, 200, 2);
    let pos: Vec<Window> = g
        .fetch_many(&spans)
        .expect("fetch")
        .into_iter()
        .zip(&spans)
        .filter(|(s, _)| !s.contains(&b'N'))
        .take(10_000)
        .map(|(seq, s)| Window {
            chrom: 0,
            start: s.start,
            end: s.end,
            strand: None,
            name: String::new(),
            source: WindowSource::Peak,
            seq,
        })
        .collect();
    let opts = GcMatchOptions { ratio: 10.0, bins: 20, ..GcMatchOptions::default() };
    let t = Instant::now();
    let n = gc_matched(&g, &pos, &opts, &[], 3).expect("100k negatives").windows.len();
    eprintln!("gc_matched: {n} negatives in {:.2} s", t.elapsed().as_secs_f64());
    let mut group = c.benchmark_group("gc_matched");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("100k_negatives", |b| {
        b.iter(|| gc_matched(&g, &pos, &opts, &[], 3).expect("negatives").windows.len())
    });
    group.finish();
}

criterion_group!(benches, windows, negatives);
criterion_main!(benches);
