//! Fuzzing of seq-genome's readers: BED/narrowPeak records written then read back equal, mutated interval
//! files, genome FASTA (plain and BGZF) with its `.fai`, and the shipped chr20 genome with damaged
//! `.fai`/`.gzi` indexes — each either reads consistently or fails with an error, never a panic.
//! Cases per property: `SEQDL_FUZZ_CASES` (see `seq_testkit::fuzz`).

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use seq_genome::{read_intervals, Genome, GenomeOptions, IntervalFormat, UnknownChromosomes};
use seq_testkit::fuzz::{bit_flipped, config, mutated, noise, truncated};

const CHROMS: [(&str, usize); 2] = [("chr1", 300), ("chr20", 1000)];

/// The sequence of a toy chromosome (deterministic letters, some lower case and N).
fn toy_seq(len: usize, salt: usize) -> Vec<u8> {
    (0..len).map(|i| b"ACGTacgtNA"[(i * 7 + salt * 3 + i / 13) % 10]).collect()
}

fn toy_fasta(width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, (name, len)) in CHROMS.iter().enumerate() {
        out.extend_from_slice(format!(">{name} toy\n").as_bytes());
        for line in toy_seq(*len, k).chunks(width) {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    out
}

fn bgzip(bytes: &[u8]) -> Vec<u8> {
    let mut w = noodles_bgzf::io::Writer::new(Vec::new());
    w.write_all(bytes).expect("bgzip in memory");
    w.finish().expect("bgzip in memory")
}

/// The toy genome (plain FASTA, index built on opening), kept open for the interval properties.
fn genome() -> &'static Genome {
    static G: OnceLock<(tempfile::TempDir, Genome)> = OnceLock::new();
    &G.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("toy.fa");
        std::fs::write(&path, toy_fasta(60)).expect("write toy genome");
        let g = Genome::open(&path, &GenomeOptions::default()).expect("open toy genome");
        (dir, g)
    })
    .1
}

/// Opens a (damaged) genome and fetches every chromosome; a success must return each chromosome's length
/// in upper-case letters.
fn check_genome(path: &Path, opts: &GenomeOptions) -> Result<(), TestCaseError> {
    let Ok(g) = Genome::open(path, opts) else { return Ok(()) };
    for c in g.chroms().to_vec() {
        let end = c.len.min(5000);
        if let Ok(seq) = g.fetch(&c.name, 0, end) {
            prop_assert_eq!(seq.len() as u64, end);
            prop_assert!(!seq.iter().any(u8::is_ascii_lowercase));
        }
        let _ = g.fetch(&c.name, c.len.saturating_sub(3), c.len + 1);
    }
    Ok(())
}

/// An interval record on the toy genome: (chrom, start, end, name, score, strand, summit offset).
type Rec = (usize, u64, u64, String, Option<u32>, Option<bool>, Option<u64>);

fn record() -> impl Strategy<Value = Rec> {
    (0..CHROMS.len()).prop_flat_map(|c| {
        let len = CHROMS[c].1 as u64;
        (0..len).prop_flat_map(move |start| {
            (start + 1..=len).prop_flat_map(move |end| {
                (
                    Just((c, start, end)),
                    "[A-Za-z0-9_]{1,8}",
                    proptest::option::of(0u32..1000),
                    proptest::option::of(any::<bool>()),
                    proptest::option::of(0..end - start),
                )
                    .prop_map(|((c, s, e), n, sc, st, su)| (c, s, e, n, sc, st, su))
            })
        })
    })
}

fn format_records(recs: &[Rec], narrow_peak: bool) -> String {
    let mut out = String::from("track name=fuzz\n# comment\n");
    for (c, s, e, name, score, strand, summit) in recs {
        let score = score.map_or(".".to_string(), |v| v.to_string());
        let strand = strand.map_or(".", |f| if f { "+" } else { "-" });
        out.push_str(&format!("{}\t{s}\t{e}\t{name}\t{score}\t{strand}", CHROMS[*c].0));
        if narrow_peak {
            out.push_str(&format!("\t5.5\t-1\t3.2\t{}", summit.map_or(-1, |v| v as i64)));
        }
        out.push('\n');
    }
    out
}

/// A few real narrowPeak lines moved onto the toy genome (coordinates made small), as mutation seeds.
const PEAKS: &str = "chr20\t106\t927\t.\t1000\t.\t549.759770337046\t-1\t4.67715965460498\t262\n\
chr1\t63\t208\t.\t1000\t.\t537.075541800792\t-1\t4.67715965460498\t41\n\
chr20\t780\t996\t.\t1000\t+\t520.835834855788\t-1\t4.67715965460498\t157\n";

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn intervals_written_then_read_are_equal(recs in proptest::collection::vec(record(), 1..8), np in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(if np { "p.narrowPeak" } else { "p.bed" });
        std::fs::write(&path, format_records(&recs, np)).expect("write intervals");
        let set = read_intervals(&path, IntervalFormat::Auto, genome(), UnknownChromosomes::Error).expect("read");
        prop_assert_eq!(set.intervals.len(), recs.len());
        for (i, (c, s, e, name, score, strand, summit)) in set.intervals.iter().zip(&recs) {
            prop_assert_eq!((i.chrom, i.start, i.end), (*c, *s, *e));
            prop_assert_eq!(&i.name, name);
            prop_assert_eq!(i.score, score.map(f64::from));
            prop_assert_eq!(i.strand.map(|s| s == seq_io::Strand::Forward), *strand);
            prop_assert_eq!(i.summit, if np { summit.map(|o| s + o) } else { None });
        }
    }

    #[test]
    fn mutated_interval_files_read_or_fail(bytes in mutated(PEAKS.as_bytes().to_vec(), 6), np in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(if np { "p.narrowPeak" } else { "p.bed" });
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        for unknown in [UnknownChromosomes::Error, UnknownChromosomes::Skip] {
            if let Ok(set) = read_intervals(&path, IntervalFormat::Auto, genome(), unknown) {
                for i in &set.intervals {
                    prop_assert!(i.start <= i.end && i.end <= genome().chroms()[i.chrom].len, "{i:?}");
                    prop_assert!(i.summit.is_none_or(|s| i.start <= s && s < i.end.max(i.start + 1)), "{i:?}");
                }
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_interval_reader(bytes in noise(200)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.narrowPeak");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        for format in [IntervalFormat::Bed, IntervalFormat::NarrowPeak] {
            let _ = read_intervals(&path, format, genome(), UnknownChromosomes::Skip);
        }
    }

    #[test]
    fn genome_fasta_reads_back_its_sequences(width in 1usize..120, bgzf in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = toy_fasta(width);
        let path = dir.path().join(if bgzf { "g.fa.gz" } else { "g.fa" });
        std::fs::write(&path, if bgzf { bgzip(&text) } else { text }).expect("write genome");
        let g = Genome::open(&path, &GenomeOptions::default()).expect("open genome");
        for (k, (name, len)) in CHROMS.iter().enumerate() {
            let expected = toy_seq(*len, k).to_ascii_uppercase();
            prop_assert_eq!(g.fetch(name, 0, *len as u64).expect("fetch"), expected);
        }
        // the index written beside a plain FASTA is read and checked on the second opening
        let again = Genome::open(&path, &GenomeOptions::default()).expect("reopen genome");
        prop_assert_eq!(again.chroms(), g.chroms());
    }

    #[test]
    fn mutated_genome_fasta_opens_or_fails(bytes in mutated(toy_fasta(60), 6), memory in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("g.fa");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check_genome(&path, &GenomeOptions { load_into_memory: memory, ..GenomeOptions::default() })?;
    }

    #[test]
    fn mutated_fai_beside_a_valid_fasta_opens_or_fails(
        fai in mutated(b"chr1\t300\t11\t60\t61\nchr20\t1000\t328\t60\t61\n".to_vec(), 4)
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("g.fa");
        std::fs::write(&path, toy_fasta(60)).expect("write genome");
        std::fs::write(dir.path().join("g.fa.fai"), &fai).expect("write the fuzz input");
        check_genome(&path, &GenomeOptions::default())?;
    }

    #[test]
    fn damaged_bgzf_genome_opens_or_fails(
        bytes in prop_oneof![truncated(bgzip(&toy_fasta(60))), bit_flipped(bgzip(&toy_fasta(60)), 3)],
        memory in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("g.fa.gz");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check_genome(&path, &GenomeOptions { load_into_memory: memory, ..GenomeOptions::default() })?;
    }
}

proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: (config(400).cases / 4).max(1), ..config(100) })]

    #[test]
    fn shipped_genome_with_damaged_indexes_opens_or_fails(
        gzi in mutated(std::fs::read(data("hg19_chr20.fa.gz.gzi")).expect("shipped .gzi"), 3),
        fai in mutated(std::fs::read(data("hg19_chr20.fa.gz.fai")).expect("shipped .fai"), 2),
        which in 0u8..3,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hg19_chr20.fa.gz");
        std::os::unix::fs::symlink(data("hg19_chr20.fa.gz"), &path).expect("link the shipped genome");
        let original = |ext: &str| std::fs::read(data(&format!("hg19_chr20.fa.gz.{ext}"))).expect("shipped index");
        std::fs::write(dir.path().join("hg19_chr20.fa.gz.gzi"), if which != 1 { gzi } else { original("gzi") })
            .expect("write .gzi");
        std::fs::write(dir.path().join("hg19_chr20.fa.gz.fai"), if which != 0 { fai } else { original("fai") })
            .expect("write .fai");
        check_genome(&path, &GenomeOptions::default())?;
    }
}

fn data(name: &str) -> std::path::PathBuf {
    seq_testkit::data_path(&format!("hg19_chr20/{name}"))
}
