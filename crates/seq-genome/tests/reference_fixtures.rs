//! The reference reader on small temp-file fixtures: built indexes, a `.fai` that belongs to another file,
//! a non-BGZF gzip, the whole-load option, and a BGZF copy without its indexes.

mod common;

use std::io::Write;
use std::path::Path;

use seq_genome::{Genome, GenomeError, GenomeOptions};

const FASTA: &str = ">chrA first\nACGTacgtNN\nGGGGCCCCAA\nTT\n>chrB\nttttaaaa\nCC\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn check_toy(g: &Genome) {
    let names: Vec<(&str, u64)> = g.chroms().iter().map(|c| (c.name.as_str(), c.len)).collect();
    assert_eq!(names, vec![("chrA", 22), ("chrB", 10)]);
    assert_eq!(g.fetch("chrA", 0, 22).unwrap(), b"ACGTACGTNNGGGGCCCCAATT");
    assert_eq!(g.fetch("chrA", 8, 12).unwrap(), b"NNGG");
    assert_eq!(g.fetch("chrB", 5, 10).unwrap(), b"AAACC");
}

#[test]
fn plain_fasta_without_fai_gets_one_built_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "toy.fa", FASTA.as_bytes());
    check_toy(&Genome::open(&p, &GenomeOptions::default()).unwrap());
    assert!(!dir.path().join("toy.fa.fai").exists(), "the index is built in memory only");
}

#[test]
fn plain_fasta_with_a_correct_fai_is_used_and_a_wrong_one_is_refused_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "toy.fa", FASTA.as_bytes());
    // samtools faidx of FASTA: name, length, offset, line bases, line width
    write(dir.path(), "toy.fa.fai", b"chrA\t22\t12\t10\t11\nchrB\t10\t43\t8\t9\n");
    check_toy(&Genome::open(&p, &GenomeOptions::default()).unwrap());
    for (what, fai) in [
        ("length", "chrA\t23\t12\t10\t11\nchrB\t10\t43\t8\t9\n"),
        ("name", "chrA\t22\t12\t10\t11\nchrC\t10\t54\t8\t9\n"),
        ("offset", "chrA\t22\t13\t10\t11\nchrB\t10\t43\t8\t9\n"),
        ("line", "chrA\t22\t12\t9\t10\nchrB\t10\t43\t8\t9\n"),
    ] {
        write(dir.path(), "toy.fa.fai", fai.as_bytes());
        let err = Genome::open(&p, &GenomeOptions::default()).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, GenomeError::IndexMismatch { .. }), "{what}: {msg}");
        assert!(msg.contains("toy.fa.fai") && msg.contains("match /") && msg.contains("toy.fa:"), "{what}: {msg}");
    }
}

#[test]
fn plain_gzip_is_refused_with_a_bgzip_hint_unless_loaded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("toy.fa.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), flate2::Compression::default());
    gz.write_all(FASTA.as_bytes()).unwrap();
    gz.finish().unwrap();
    let err = Genome::open(&p, &GenomeOptions::default()).unwrap_err();
    assert!(matches!(err, GenomeError::NotBgzf { .. }));
    assert!(err.to_string().contains("bgzip") && err.to_string().contains("toy.fa.gz"), "{err}");
    let g = Genome::open(&p, &GenomeOptions { load_into_memory: true, ..GenomeOptions::default() }).unwrap();
    check_toy(&g);
    assert!(matches!(g.fetch("chrB", 5, 11).unwrap_err(), GenomeError::OutOfRange { .. }));
}

#[test]
fn bgzf_without_fai_and_gzi_builds_both_and_reads_the_same_bases() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("chr20.fa.gz");
    std::fs::copy(common::genome_path(), &copy).unwrap();
    let g = Genome::open(&copy, &GenomeOptions::default()).unwrap();
    assert_eq!((g.chroms()[0].name.as_str(), g.chroms()[0].len), ("chr20", 63_025_520));
    let direct = common::chr20_direct();
    for s in [0u64, 65_000, 31_000_123, 63_024_000] {
        assert_eq!(g.fetch("chr20", s, s + 1000).unwrap(), &direct[s as usize..s as usize + 1000]);
    }
    // a .fai of another genome next to this copy is refused
    write(dir.path(), "chr20.fa.gz.fai", b"chr20\t63025520\t6\t50\t51\n");
    let err = Genome::open(&copy, &GenomeOptions::default()).unwrap_err();
    assert!(matches!(err, GenomeError::IndexMismatch { .. }), "{err}");
}

#[test]
fn empty_and_headerless_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.fa", b"");
    assert!(matches!(Genome::open(&p, &GenomeOptions::default()).unwrap_err(), GenomeError::EmptyFile { .. }));
    let p = write(dir.path(), "bad.fa", b"ACGT\n");
    let err = Genome::open(&p, &GenomeOptions::default()).unwrap_err();
    assert!(err.to_string().contains("bad.fa"), "{err}");
}
