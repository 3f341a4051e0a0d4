//! Bad sequence, label and annotation input: each case must be the right `IoError` variant, and its message
//! must name the file and the record or line, never a panic.

use seq_io::annotations::read_annotations_tsv;
use seq_io::fastx::{read_plain_lines, read_records, read_sequences};
use seq_io::labels::{read_label_lines, read_target_tsv};
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::{IoError, UnknownPolicy};
use seq_testkit::temp_file;
use std::path::Path;

const ALL_POLICIES: [UnknownPolicy; 3] = [UnknownPolicy::Zeros, UnknownPolicy::Uniform, UnknownPolicy::Strict];

fn assert_names(err: &IoError, parts: &[&str]) {
    let msg = err.to_string();
    for p in parts {
        assert!(msg.contains(p), "message {msg:?} should contain {p:?}");
    }
}

fn load(seqs: &Path, labels: LabelSource, policy: UnknownPolicy) -> Result<seq_io::Dataset, IoError> {
    load_dataset(seqs, &labels, policy, LengthPolicy::Exact)
}

#[test]
fn empty_files_are_empty_file_errors() {
    for (name, text) in [("empty.fa", ""), ("blank.fa", "\n \n\n"), ("empty.txt", ""), ("empty.fq", "\n")] {
        let (_d, p) = temp_file(name, text.as_bytes());
        let err = read_sequences(&p).unwrap_err();
        assert!(matches!(err, IoError::EmptyFile { .. }), "{name}: {err:?}");
        assert_names(&err, &[name]);
        let err = load(&p, LabelSource::None, UnknownPolicy::Zeros).unwrap_err();
        assert!(matches!(err, IoError::EmptyFile { .. }), "{name}: {err:?}");
    }
    let (_d, p) = temp_file("empty.fa", b"");
    assert!(matches!(read_records(&p), Err(IoError::EmptyFile { .. })));
    let (_d, labels) = temp_file("labels.txt", b"\n\n");
    let err = read_label_lines(&labels).unwrap_err();
    assert!(matches!(err, IoError::EmptyFile { .. }), "{err:?}");
    assert_names(&err, &["labels.txt"]);
}

#[test]
fn fasta_without_header_names_file_and_line() {
    let (_d, p) = temp_file("noheader.fa", b"\n\nACGTACGT\n>r2\nACGT\n");
    let err = read_sequences(&p).unwrap_err();
    assert!(matches!(err, IoError::Parse { line: 3, .. }), "{err:?}");
    assert_names(&err, &["noheader.fa:3", "header"]);
    let err = read_records(&p).unwrap_err();
    assert!(matches!(err, IoError::Parse { line: 3, .. }), "{err:?}");
    assert_names(&err, &["noheader.fa:3"]);
}

#[test]
fn record_without_sequence_is_named() {
    let (_d, p) = temp_file("gap.fa", b">first\nACGT\n>empty_one desc\n>third\nACGT\n");
    let err = read_records(&p).unwrap_err();
    assert!(matches!(&err, IoError::Record { record, .. } if record == "empty_one"), "{err:?}");
    assert_names(&err, &["gap.fa", "\"empty_one\"", "line 3", "no sequence"]);
    let (_d, q) = temp_file("last.fa", b">a\nAC\n>b\n");
    let err = read_records(&q).unwrap_err();
    assert!(matches!(&err, IoError::Record { record, .. } if record == "b"), "{err:?}");
    let (_d, plain) = temp_file("seqs.txt", b"ACGT\n\nACGT\n");
    let err = read_plain_lines(&plain).unwrap_err();
    assert!(matches!(err, IoError::Record { .. }), "{err:?}");
    assert_names(&err, &["seqs.txt", "line 2"]);
}

#[test]
fn truncated_fastq_names_file_and_line() {
    let (_d, p) = temp_file("cut.fastq", b"@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nII\n");
    let err = read_records(&p).unwrap_err();
    assert!(matches!(err, IoError::Parse { line: 5, .. }), "{err:?}");
    assert_names(&err, &["cut.fastq:5", "r2"]);
}

#[test]
fn label_count_mismatch_names_the_label_file() {
    let (_d, seqs) = temp_file("seqs.txt", b"ACGT\nACGA\nACGG\n");
    let (_d2, labels) = temp_file("two_labels.txt", b"1\n0\n");
    let err = load(&seqs, LabelSource::LineFile(labels), UnknownPolicy::Strict).unwrap_err();
    assert!(matches!(err, IoError::LabelCount { labels: 2, sequences: 3, .. }), "{err:?}");
    assert_names(&err, &["two_labels.txt", "2 labels for 3 sequences"]);
    let (_d3, target) = temp_file("four.target", b"1\t0\n0\t1\n1\t0\n0\t1\n");
    let err = load(&seqs, LabelSource::TargetTsv(target), UnknownPolicy::Strict).unwrap_err();
    assert!(matches!(err, IoError::LabelCount { labels: 4, sequences: 3, .. }), "{err:?}");
    assert_names(&err, &["four.target"]);
}

#[test]
fn non_numeric_and_nan_labels_name_the_line() {
    for (value, text) in
        [("abc", "1\nabc\n0\n"), ("nan", "1\nnan\n0\n"), ("NaN", "1\nNaN\n0\n"), ("inf", "1\ninf\n0\n")]
    {
        let (_d, p) = temp_file("labels.txt", text.as_bytes());
        let err = read_label_lines(&p).unwrap_err();
        assert!(matches!(&err, IoError::InvalidLabel { line: 2, value: v, .. } if v == value), "{err:?}");
        assert_names(&err, &["labels.txt:2", value]);
        let (_d2, seqs) = temp_file("seqs.txt", b"AC\nGT\nTT\n");
        let err = load(&seqs, LabelSource::LineFile(p.clone()), UnknownPolicy::Zeros).unwrap_err();
        assert!(matches!(err, IoError::InvalidLabel { line: 2, .. }), "{err:?}");
    }
    let (_d, t) = temp_file("x.target", b"1\t0\n0\tabc\n");
    let err = read_target_tsv(&t).unwrap_err();
    assert!(matches!(err, IoError::InvalidLabel { line: 2, .. }), "{err:?}");
    assert_names(&err, &["x.target:2", "abc"]);
}

#[test]
fn unknown_characters_are_refused_under_every_policy() {
    for (bad, ch, position) in [(&b">r0\nACGT\n>r1\nACXT\n"[..], 'X', 2), (&b">r0\nACGT\n>r1\nA7GT\n"[..], '7', 1)] {
        let (_d, p) = temp_file("bad.fa", bad);
        for policy in ALL_POLICIES {
            let err = load(&p, LabelSource::None, policy).unwrap_err();
            assert!(
                matches!(&err, IoError::InvalidBase { record, ch: c, position: q, .. } if record == "r1" && *c == ch && *q == position),
                "{policy:?}: {err:?}"
            );
            assert_names(&err, &["bad.fa", "\"r1\"", &format!("position {position}")]);
        }
    }
    // N is an IUPAC code: accepted by the lenient policies, refused by Strict.
    let (_d, p) = temp_file("n.txt", b"ACGT\nACNT\n");
    assert!(load(&p, LabelSource::None, UnknownPolicy::Zeros).is_ok());
    assert!(load(&p, LabelSource::None, UnknownPolicy::Uniform).is_ok());
    let err = load(&p, LabelSource::None, UnknownPolicy::Strict).unwrap_err();
    assert!(matches!(&err, IoError::StrictBase { record, position: 2, ch: 'N', .. } if record == "2"), "{err:?}");
    assert_names(&err, &["n.txt", "strict policy"]);
}

#[test]
fn ragged_lengths_name_the_first_offending_record() {
    let (_d, p) = temp_file("ragged.fa", b">a\nACGTAC\n>b\nACGTAC\n>c\nACGTA\n>d\nAC\n");
    let err = load(&p, LabelSource::None, UnknownPolicy::Zeros).unwrap_err();
    assert!(matches!(&err, IoError::RaggedLength { record, expected: 6, found: 5, .. } if record == "c"), "{err:?}");
    assert_names(&err, &["ragged.fa", "\"c\"", "length 5", "expected 6"]);
    // The same file loads once a length is asked for.
    assert!(load_dataset(&p, &LabelSource::None, UnknownPolicy::Zeros, LengthPolicy::CenterPadCrop(6)).is_ok());
    // A pos/neg pair of different lengths names the negative file.
    let (_d2, pos) = temp_file("pos.fa", b">p\nACGT\n");
    let (_d3, neg) = temp_file("neg.fa", b">n\nACG\n");
    let err = load(Path::new("-"), LabelSource::PosNegFasta { pos, neg }, UnknownPolicy::Zeros).unwrap_err();
    assert!(matches!(&err, IoError::RaggedLength { record, .. } if record == "n"), "{err:?}");
    assert_names(&err, &["neg.fa"]);
}

#[test]
fn annotations_with_unknown_record_or_bad_fields_name_the_line() {
    let names: Vec<String> = vec!["s0".into(), "s1".into()];
    let header = "record\tmotif\tstart\tend\tstrand\n";
    let cases = [
        ("s0\tCTCF\t1\t20\t+\nsX\tCTCF\t1\t20\t+\n", 3, "\"sX\""),
        ("s0\tCTCF\tone\t20\t+\n", 2, "start"),
        ("s1\tCTCF\t30\t20\t-\n", 2, "end 20"),
        ("s1\tCTCF\t3\t20\n", 2, "columns"),
    ];
    for (body, line, part) in cases {
        let (_d, p) = temp_file("truth.tsv", format!("{header}{body}").as_bytes());
        let err = read_annotations_tsv(&p, &names).unwrap_err();
        assert!(matches!(err, IoError::Parse { line: l, .. } if l == line), "{body:?}: {err:?}");
        assert_names(&err, &[&format!("truth.tsv:{line}"), part]);
    }
}

#[test]
fn keyed_label_file_missing_a_record_names_it() {
    let (_d, fa) = temp_file("s.fa", b">x\nAAAA\n>y\nCCCC\n");
    let (_d2, tsv) = temp_file("y.tsv", b"record\ttask_0\nx\t1\nq\t0\n");
    let err = load(&fa, LabelSource::TargetTsv(tsv), UnknownPolicy::Strict).unwrap_err();
    assert!(matches!(&err, IoError::Record { record, .. } if record == "y"), "{err:?}");
    assert_names(&err, &["y.tsv", "\"y\""]);
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = read_sequences(Path::new("/nonexistent/dir/seqs.fa")).unwrap_err();
    assert!(matches!(err, IoError::Io { .. }), "{err:?}");
    assert_names(&err, &["/nonexistent/dir/seqs.fa"]);
}

/// A damaged dataspace (the bit flip the HDF5 fuzz target found in CI) claims more data than the file could
/// hold even compressed: the read is refused with the dataset, its shape and the file named, before
/// `hdf5-pure` would size a petabyte buffer from it and abort the process.
#[test]
fn hdf5_dataspace_claiming_more_than_the_file_can_hold_is_refused() {
    use seq_io::h5::{self, H5ReadOptions};
    let mut bytes = std::fs::read(seq_testkit::data_path("koo_chipseq_h5/IRF1_400_h3k27ac.h5")).unwrap();
    // X_train's and Y_train's dataspaces, (2724, 4, 400) and (2724, 1) as 8-byte lengths, both flipped to
    // 2^54 + 2724 records so that the shapes still agree and the reads are reached.
    for shape in [&[2724u64, 4, 400][..], &[2724, 1]] {
        let dims: Vec<u8> = shape.iter().flat_map(|d| d.to_le_bytes()).collect();
        let at = bytes.windows(dims.len()).position(|w| w == dims.as_slice()).expect("a train dataspace");
        bytes[at + 6] = 0x40;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.h5");
    std::fs::write(&path, &bytes).unwrap();
    let err = h5::read_splits(&path, &H5ReadOptions::default()).expect_err("a damaged dataspace must be refused");
    assert!(matches!(err, IoError::Hdf5 { .. }), "{err:?}");
    assert_names(&err, &[&path.display().to_string(), "_train", "18014398509484708", "damaged"]);
}
