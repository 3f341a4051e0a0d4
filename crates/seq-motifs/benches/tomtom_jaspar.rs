//! TOMTOM and FIMO on real data: 100 JASPAR 2016 queries against the whole JASPAR 2016 vertebrate
//! database (518 motifs, both strands), and six motifs scanned over 200 CTCF ChIP-seq windows.

// criterion's macros define undocumented functions.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use seq_motifs::{read_database, scan, FimoOptions, Tomtom, TomtomOptions};

const MEME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");
const FASTA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/keras_genomics_ctcf/test.fa");

fn bench(c: &mut Criterion) {
    let db = read_database(Path::new(MEME)).expect("JASPAR 2016 reads");
    let queries = db[..100].to_vec();
    let mut g = c.benchmark_group("motifs");
    g.sample_size(10);
    g.bench_function("tomtom_100_queries_vs_jaspar2016_prepare_and_query", |b| {
        b.iter(|| {
            let t = Tomtom::new(&db, TomtomOptions::default()).expect("valid database");
            t.query_all(&queries).expect("valid queries")
        })
    });
    let t = Tomtom::new(&db, TomtomOptions::default()).expect("valid database");
    g.bench_function("tomtom_100_queries_vs_jaspar2016_query_only", |b| {
        b.iter(|| t.query_all(&queries).expect("valid"))
    });
    let records = seq_io::fastx::read_records(Path::new(FASTA)).expect("test.fa reads");
    let seqs: Vec<(String, Vec<u8>)> = records.into_iter().take(2000).map(|r| (r.id, r.seq)).collect();
    let ids = ["MA0139.1", "MA0047.2", "MA0065.2", "MA0079.3", "MA0114.3", "MA0144.2"];
    let motifs: Vec<_> = db.iter().filter(|m| ids.contains(&m.name.as_str())).cloned().collect();
    g.bench_function("fimo_6_motifs_2000x101bp", |b| {
        b.iter(|| scan(&motifs, &seqs, &FimoOptions::default()).expect("valid"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
