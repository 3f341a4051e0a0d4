//! Throughput of the variant pipeline: VCF → variants → reference/alternative windows of 1,000 bp from the
//! BGZF hg19 chr20 genome (through noodles' indexed FASTA reader), for both real VCFs.
// criterion's macros generate undocumented public functions.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seq_variants::*;

#[path = "../tests/common/mod.rs"]
mod common;

fn windows_from_vcf(c: &mut Criterion) {
    let genome = common::BgzfGenome::hg19_chr20();
    let mut group = c.benchmark_group("variant_windows_1000bp");
    for (name, file, alias, n) in [
        ("giab_222", common::GIAB, ChromAlias::None, 222u64),
        ("kg_194", common::KG, ChromAlias::AddChr, 194),
    ] {
        group.throughput(Throughput::Elements(n));
        group.bench_function(name, |b| {
            b.iter(|| {
                let reader = VcfReader::open(
                    &common::data(file),
                    &genome,
                    VcfOptions {
                        alias: alias.clone(),
                        ..Default::default()
                    },
                )
                .expect("opens");
                let batches = VariantBatches::new(reader, &genome, WindowOptions::new(1000), 64)
                    .expect("batches");
                let mut count = 0usize;
                for batch in batches {
                    count += batch.expect("batch").len();
                }
                assert_eq!(count as u64, n);
                count
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = windows_from_vcf
}
criterion_main!(benches);
