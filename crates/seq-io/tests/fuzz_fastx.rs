//! Fuzzing of the sequence readers (FASTA, FASTQ, plain lines; plain and gzip): generated files read back
//! exactly, and mutated valid files either parse into well-formed records or fail with an error that names
//! the file — never a panic. Cases per property: `SEQDL_FUZZ_CASES` (see `seq_testkit::fuzz`).

use std::io::Write;
use std::path::Path;

use proptest::prelude::*;
use seq_io::fastx::{read_plain_lines, read_records, read_sequences, write_fasta, Record};
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::UnknownPolicy;
use seq_testkit::fuzz::{bit_flipped, config, mutated, noise, truncated};

const FASTA: &[u8] = b">r1 first record\nACGTNacgtn\nGGCC\n>r2\r\nTTTT\r\n\n>r3\nA\n";
const FASTQ: &[u8] = b"@q1 desc\nACGT\n+\nIIII\n@q2\nGGCCA\n+q2\n!!#$%\n";
const PLAIN: &[u8] = b"ACGTACGT\nGGCCGGCC\nTTAATTAA\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}

/// Identifiers: one word without white space (what a reader keeps of a header).
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.:|-]{1,12}"
}

/// Sequence letters as files hold them (IUPAC, either case, gaps).
fn letters() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(b"ACGTNacgtnRYKMSWBDHV-".as_slice()), 1..80)
}

fn records() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    proptest::collection::vec((name(), letters()), 1..8)
}

/// Checks what every successful read promises: at least one record, none without sequence or identifier,
/// no line break inside a sequence. An error must name the file.
fn check_records(path: &Path, result: seq_io::Result<Vec<Record>>) -> Result<(), TestCaseError> {
    match result {
        Ok(recs) => {
            prop_assert!(!recs.is_empty());
            for r in &recs {
                prop_assert!(!r.seq.is_empty(), "record {:?} without sequence", r.id);
                prop_assert!(!r.id.is_empty());
                prop_assert!(!r.seq.contains(&b'\n'), "line break kept in {:?}", r.id);
            }
        }
        Err(e) => {
            let msg = e.to_string();
            let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
            prop_assert!(msg.contains(file), "error does not name the file: {msg}");
        }
    }
    Ok(())
}

/// A gzipped FASTA or FASTQ file, truncated or with a few bits flipped.
fn corrupted_gzip() -> impl Strategy<Value = (bool, Vec<u8>)> {
    any::<bool>().prop_flat_map(|fastq| {
        let gz = gzip(if fastq { FASTQ } else { FASTA });
        prop_oneof![truncated(gz.clone()), bit_flipped(gz, 3)].prop_map(move |b| (fastq, b))
    })
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write the fuzz input");
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn fasta_written_then_read_gives_the_same_records(recs in records(), gz in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(if gz { "out.fa.gz" } else { "out.fa" });
        let (names, seqs): (Vec<String>, Vec<Vec<u8>>) = recs.iter().cloned().unzip();
        write_fasta(&path, &names, &seqs).expect("write FASTA");
        let back = read_records(&path).expect("read the written FASTA");
        let expected: Vec<Record> = recs.iter().map(|(id, seq)| Record { id: id.clone(), seq: seq.clone() }).collect();
        prop_assert_eq!(&back, &expected);
        prop_assert_eq!(read_sequences(&path).expect("read_sequences"), expected);
    }

    #[test]
    fn generated_fastq_and_multiline_fasta_parse_exactly(recs in records(), width in 1usize..20, crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut fq = String::new();
        let mut fa = String::new();
        for (id, seq) in &recs {
            let s = String::from_utf8(seq.clone()).expect("ASCII letters");
            fq.push_str(&format!("@{id} some description{nl}{s}{nl}+{nl}{}{nl}", "I".repeat(seq.len())));
            fa.push_str(&format!(">{id}{nl}"));
            for chunk in seq.chunks(width) {
                fa.push_str(std::str::from_utf8(chunk).expect("ASCII"));
                fa.push_str(nl);
            }
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let expected: Vec<Record> = recs.iter().map(|(id, seq)| Record { id: id.clone(), seq: seq.clone() }).collect();
        for (name, text) in [("in.fq", fq), ("in.fa", fa)] {
            let path = dir.path().join(name);
            write(&path, text.as_bytes());
            prop_assert_eq!(&read_records(&path).expect("read"), &expected);
        }
    }

    #[test]
    fn plain_lines_written_then_read_give_the_same_sequences(seqs in proptest::collection::vec(letters(), 1..10)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("seqs.txt");
        let mut text = Vec::new();
        for s in &seqs {
            text.extend_from_slice(s);
            text.push(b'\n');
        }
        write(&path, &text);
        let back = read_sequences(&path).expect("read plain lines");
        prop_assert_eq!(back.iter().map(|r| r.seq.clone()).collect::<Vec<_>>(), seqs.clone());
        prop_assert_eq!(back.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
            (1..=seqs.len()).map(|i| i.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn mutated_fasta_and_fastq_parse_or_fail_naming_the_file(
        fastq in any::<bool>(), bytes in mutated(FASTA.to_vec(), 6), qbytes in mutated(FASTQ.to_vec(), 6)
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(if fastq { "in.fq" } else { "in.fa" });
        write(&path, if fastq { &qbytes } else { &bytes });
        check_records(&path, read_records(&path))?;
        check_records(&path, read_sequences(&path))?;
    }

    #[test]
    fn corrupted_gzip_fasta_parses_or_fails_naming_the_file((fastq, bytes) in corrupted_gzip()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(if fastq { "in.fq.gz" } else { "in.fa.gz" });
        write(&path, &bytes);
        check_records(&path, read_records(&path))?;
        check_records(&path, read_sequences(&path))?;
    }

    #[test]
    fn mutated_plain_lines_parse_or_fail_naming_the_file(bytes in mutated(PLAIN.to_vec(), 6), gz in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("seqs.txt");
        write(&path, &if gz { gzip(&bytes) } else { bytes.clone() });
        check_records(&path, read_plain_lines(&path))?;
        check_records(&path, read_sequences(&path))?;
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_sequence_readers(bytes in noise(200)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.fa");
        write(&path, &bytes);
        check_records(&path, read_records(&path))?;
        check_records(&path, read_sequences(&path))?;
    }

    #[test]
    fn mutated_fasta_with_labels_loads_or_fails(
        bytes in mutated(b">a\nACGT\n>b\nGGNN\n>c\nTTAA\n".to_vec(), 4),
        labels in mutated(b"1 0\n0 1\n1 1\n".to_vec(), 4),
        crop in 0usize..6,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (seqs, ys) = (dir.path().join("in.fa"), dir.path().join("labels.txt"));
        write(&seqs, &bytes);
        write(&ys, &labels);
        let length = if crop == 0 { LengthPolicy::Exact } else { LengthPolicy::CenterPadCrop(crop) };
        if let Ok(ds) = load_dataset(&seqs, &LabelSource::LineFile(ys), UnknownPolicy::Zeros, length) {
            prop_assert_eq!(ds.x.len(), ds.n() * 4 * ds.len);
            prop_assert_eq!(ds.y.len(), ds.n() * ds.tasks);
            prop_assert!(ds.y.iter().all(|v| v.is_finite()));
            prop_assert!(ds.x.iter().all(|v| *v == 0.0 || *v == 1.0));
        }
    }
}
