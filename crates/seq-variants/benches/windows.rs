//! Throughput of the variant pipeline: VCF → variants → reference/alternative windows of 1,000 bp, for both
//! real VCFs, from the BGZF hg19 chr20 genome (through noodles' indexed FASTA reader, one query per
//! variant) and from the same chromosome held in memory (this crate's own cost).
// criterion's macros generate undocumented public functions.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seq_variants::*;

#[path = "../tests/common/mod.rs"]
mod common;

fn windows_from_vcf(c: &mut Criterion) {
    let bgzf = common::BgzfGenome::hg19_chr20();
    let len = bgzf.chrom_len("chr20").expect("chr20");
    let whole = bgzf.fetch("chr20", 0, len).expect("whole chr20");
    let memory = InMemoryGenome::new(vec![("chr20".into(), whole)]).expect("genome");
    let mut group = c.benchmark_group("variant_windows_1000bp");
    let cases: [(&str, &str, ChromAlias, u64, &dyn SequenceSource); 4] = [
        ("giab_222_bgzf", common::GIAB, ChromAlias::None, 222, &bgzf),
        ("kg_194_bgzf", common::KG, ChromAlias::AddChr, 194, &bgzf),
        ("giab_222_in_memory", common::GIAB, ChromAlias::None, 222, &memory),
        ("kg_194_in_memory", common::KG, ChromAlias::AddChr, 194, &memory),
    ];
    for (name, file, alias, n, genome) in cases {
        group.throughput(Throughput::Elements(n));
        group.bench_function(name, |b| {
            b.iter(|| {
                let opts = VcfOptions { alias: alias.clone(), ..Default::default() };
                let reader = VcfReader::open(&common::data(file), genome, opts).expect("opens");
                let batches = VariantBatches::new(reader, genome, WindowOptions::new(1000), 64).expect("batches");
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
