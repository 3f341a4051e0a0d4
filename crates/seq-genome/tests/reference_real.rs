//! The reference reader on the project's BGZF chr20 (data/hg19_chr20): one record, windows equal to a direct
//! decompression of the whole file, aliases, range errors, thread-safe batch access.

mod common;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use seq_genome::{Aliases, Genome, GenomeError, GenomeOptions, Span};

#[test]
fn genome_has_one_record_chr20_of_63025520_bp() {
    let g = common::genome();
    assert_eq!(g.chroms().len(), 1);
    assert_eq!(g.chroms()[0].name, "chr20");
    assert_eq!(g.chroms()[0].len, 63_025_520);
    assert_eq!(common::chr20_direct().len(), 63_025_520);
}

#[test]
fn fetched_windows_equal_direct_decompression() {
    let g = common::genome();
    let direct = common::chr20_direct();
    let len = direct.len() as u64;
    // the first and last bases, BGZF block boundaries (65,280 uncompressed bytes = 1,070 lines of 61),
    // line boundaries, and a long range across many blocks
    let fixed = [
        (0u64, 1u64),
        (0, 1000),
        (len - 1, len),
        (len - 1000, len),
        (65_270, 65_300),
        (64_200, 65_400),
        (59, 61),
        (1_000_000, 1_300_000),
        (30_000_000, 30_001_000),
    ];
    for (s, e) in fixed {
        assert_eq!(g.fetch("chr20", s, e).unwrap(), &direct[s as usize..e as usize], "chr20:{s}-{e}");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let spans: Vec<Span> = (0..3000)
        .map(|_| {
            let s = rng.random_range(0..len - 1000);
            Span { chrom: 0, start: s, end: s + rng.random_range(1..=1000) }
        })
        .collect();
    let many = g.fetch_many(&spans).unwrap();
    let single: Vec<Vec<u8>> = spans.par_iter().map(|s| g.fetch_span(*s).unwrap()).collect();
    for ((s, a), b) in spans.iter().zip(&many).zip(&single) {
        let want = &direct[s.start as usize..s.end as usize];
        assert_eq!(a, want, "fetch_many chr20:{}-{}", s.start, s.end);
        assert_eq!(b, want, "fetch_span chr20:{}-{}", s.start, s.end);
    }
    // the genome holds both upper and N runs: the check is not vacuous
    assert!(direct[..100_000].contains(&b'N') && direct.contains(&b'A'));
}

#[test]
fn fetch_agrees_with_noodles_indexed_reader() {
    let g = common::genome();
    let mut reader =
        noodles_fasta::io::indexed_reader::Builder::default().build_from_path(common::genome_path()).unwrap();
    for (s, e) in [(10_000_000u64, 10_000_200u64), (62_999_000, 63_000_000), (123_456, 124_456)] {
        let region = noodles_core::Region::new(
            "chr20",
            noodles_core::Position::try_from(s as usize + 1).unwrap()
                ..=noodles_core::Position::try_from(e as usize).unwrap(),
        );
        let rec = reader.query(&region).unwrap();
        let theirs: Vec<u8> = rec.sequence().as_ref().iter().map(u8::to_ascii_uppercase).collect();
        assert_eq!(g.fetch("chr20", s, e).unwrap(), theirs);
    }
}

#[test]
fn alias_20_finds_chr20_and_a_missing_name_lists_chr20() {
    let with = Genome::open(
        &common::genome_path(),
        &GenomeOptions { aliases: Aliases::ChrPrefix, ..GenomeOptions::default() },
    )
    .unwrap();
    assert_eq!(with.fetch("20", 5_000_000, 5_000_100).unwrap(), &common::chr20_direct()[5_000_000..5_000_100]);
    let without = common::genome();
    let err = without.fetch("20", 5_000_000, 5_000_100).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, GenomeError::UnknownChromosome { .. }), "{msg}");
    assert!(msg.contains("\"20\"") && msg.contains("chr20") && msg.contains("hg19_chr20.fa.gz"), "{msg}");
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("aliases.tsv");
    std::fs::write(&map, "# alias\tgenome\nchromosome20\tchr20\n").unwrap();
    let mapped = Genome::open(
        &common::genome_path(),
        &GenomeOptions { aliases: Aliases::from_file(&map).unwrap(), ..GenomeOptions::default() },
    )
    .unwrap();
    assert_eq!(mapped.fetch("chromosome20", 0, 10).unwrap(), b"NNNNNNNNNN");
    assert!(mapped.fetch("20", 0, 10).is_err());
}

#[test]
fn out_of_range_is_an_error() {
    let g = common::genome();
    for (s, e) in [(63_025_000u64, 63_025_521u64), (10, 5), (70_000_000, 70_000_100)] {
        let err = g.fetch("chr20", s, e).unwrap_err();
        assert!(matches!(err, GenomeError::OutOfRange { len: 63_025_520, .. }), "{err}");
    }
    assert_eq!(g.fetch("chr20", 100, 100).unwrap(), b"");
}
