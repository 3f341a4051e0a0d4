//! FASTA/FASTQ/plain-line reading, label sources and dataset loading on the tutorials' real data.

use seq_io::fastx::{read_records, read_sequences, write_fasta, Record};
use seq_io::labels::{read_label_lines, read_target_tsv, write_labels_tsv};
use seq_io::load::{encode_records, load_dataset, LabelSource, LengthPolicy};
use seq_io::onehot::decode;
use seq_io::{Dataset, UnknownPolicy};
use seq_testkit::{data_path, shared_only_data_path, temp_file};
use std::path::Path;

/// Sum of the four channels at each position of sequence `i`.
fn column_sums(ds: &Dataset, i: usize) -> Vec<f32> {
    let x = ds.seq(i);
    let l = ds.len;
    (0..l).map(|p| x[p] + x[l + p] + x[2 * l + p] + x[3 * l + p]).collect()
}

#[test]
fn primer_plain_lines_with_label_file() {
    let ds = load_dataset(
        &data_path("primer/sequences.txt"),
        &LabelSource::LineFile(data_path("primer/labels.txt")),
        UnknownPolicy::Strict,
        LengthPolicy::Exact,
    )
    .unwrap();
    assert_eq!((ds.n(), ds.len, ds.tasks), (2000, 50, 1));
    assert_eq!(ds.names[0], "1");
    assert_eq!(ds.names[1999], "2000");
    assert_eq!(ds.positives(0).len(), 987);
    for i in 0..ds.n() {
        let seq = decode(ds.seq(i), ds.len);
        let has_motif = seq.contains("CGACCGAACTCC");
        assert_eq!(has_motif, ds.label(i)[0] == 1.0, "record {} ({seq}) label {}", ds.names[i], ds.label(i)[0]);
    }
    // The notebook highlights the motif at 5..16 of the last sequence.
    assert_eq!(decode(ds.seq(1999), 50).find("CGACCGAACTCC"), Some(5));
    assert!((0..ds.n()).all(|i| column_sums(&ds, i).iter().all(|&s| s == 1.0)));
}

#[test]
fn primer_labels_are_one_column_of_zeros_and_ones() {
    let rows = read_label_lines(&data_path("primer/labels.txt")).unwrap();
    assert_eq!(rows.len(), 2000);
    assert!(rows.iter().all(|r| r.len() == 1 && (r[0] == 0.0 || r[0] == 1.0)));
    assert_eq!(rows.iter().filter(|r| r[0] == 0.0).count(), 1013);
}

#[test]
fn keras_genomics_ctcf_test_fasta_matched_to_its_target_file() {
    let ds = load_dataset(
        &data_path("keras_genomics_ctcf/test.fa"),
        &LabelSource::TargetTsv(data_path("keras_genomics_ctcf/test.target")),
        UnknownPolicy::Zeros,
        LengthPolicy::Exact,
    )
    .unwrap();
    assert_eq!((ds.n(), ds.len, ds.tasks), (19_544, 101, 2));
    assert_eq!(ds.positives(0).len(), 9_823);
    for i in 0..ds.n() {
        let y = ds.label(i);
        assert_eq!(y[0] + y[1], 1.0, "record {} labels {y:?}", ds.names[i]);
        // Shuffled negatives carry the `_shuf` suffix: order matching must pair them with column 0 = 0.
        assert_eq!(ds.names[i].ends_with("_shuf"), y[0] == 0.0, "record {} labels {y:?}", ds.names[i]);
    }
    assert_eq!(ds.names[0], "chr12:82386381-82386481");
}

#[test]
fn keras_genomics_ctcf_valid_has_1000_records_half_bound() {
    let recs = read_records(&data_path("keras_genomics_ctcf/valid.fa")).unwrap();
    assert_eq!(recs.len(), 1_000);
    assert!(recs.iter().all(|r| r.seq.len() == 101));
    let target = read_target_tsv(&data_path("keras_genomics_ctcf/valid.target")).unwrap();
    assert_eq!(target.iter().filter(|r| r[0] == 1.0).count(), 500);
}

#[test]
fn dragonn_pos_neg_pair_with_one_n_record() {
    let pos = data_path("dragonn/example_pos_sequences.fa");
    let neg = data_path("dragonn/example_neg_sequences.fa");
    let src = LabelSource::PosNegFasta { pos: pos.clone(), neg: neg.clone() };
    let ds = load_dataset(Path::new("ignored"), &src, UnknownPolicy::Zeros, LengthPolicy::Exact).unwrap();
    assert_eq!((ds.n(), ds.len, ds.tasks), (5_000, 1_000, 1));
    assert_eq!(ds.positives(0), (0..2_500).collect::<Vec<_>>());
    assert_eq!((ds.names[0].as_str(), ds.names[2_500].as_str()), ("pos:0", "neg:0"));

    let neg_records = read_records(&neg).unwrap();
    let n_counts: Vec<usize> = neg_records.iter().map(|r| r.seq.iter().filter(|&&b| b == b'N').count()).collect();
    let with_n: Vec<usize> = (0..n_counts.len()).filter(|&i| n_counts[i] > 0).collect();
    assert_eq!(with_n.len(), 1);
    assert_eq!(n_counts[with_n[0]], 383);
    for i in 0..ds.n() {
        let sums = column_sums(&ds, i);
        let zeros = sums.iter().filter(|&&s| s == 0.0).count();
        let expected_zeros = if i >= 2_500 { n_counts[i - 2_500] } else { 0 };
        assert_eq!(zeros, expected_zeros, "record {}", ds.names[i]);
        assert!(sums.iter().all(|&s| s == 0.0 || s == 1.0));
    }
    // Zero columns sit exactly at the N letters.
    let k = with_n[0];
    let sums = column_sums(&ds, 2_500 + k);
    assert!(neg_records[k].seq.iter().zip(&sums).all(|(&b, &s)| (b == b'N') == (s == 0.0)));
    // Strict refuses the N record, naming the negative file and record.
    let err = load_dataset(Path::new("ignored"), &src, UnknownPolicy::Strict, LengthPolicy::Exact).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("example_neg_sequences.fa") && msg.contains(&format!("{:?}", neg_records[k].id)), "{msg}");
}

#[test]
fn gzip_fasta_round_trip_is_identical() {
    let recs = read_records(&data_path("keras_genomics_ctcf/valid.fa")).unwrap();
    let names: Vec<String> = recs.iter().map(|r| r.id.clone()).collect();
    let seqs: Vec<Vec<u8>> = recs.iter().map(|r| r.seq.clone()).collect();
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("valid.fa.gz");
    write_fasta(&gz, &names, &seqs).unwrap();
    let bytes = std::fs::read(&gz).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "not gzip");
    assert!(bytes.len() < 129_305 / 2, "gzip should compress DNA at least 2×, got {} bytes", bytes.len());
    assert_eq!(read_records(&gz).unwrap(), recs);
    assert_eq!(read_sequences(&gz).unwrap(), recs);
    let plain = dir.path().join("valid.fa");
    write_fasta(&plain, &names, &seqs).unwrap();
    assert_eq!(std::fs::read(&plain).unwrap(), std::fs::read(data_path("keras_genomics_ctcf/valid.fa")).unwrap());
}

#[test]
fn fastq_plain_and_gzip_are_read() {
    let text = "@read1 lane=3\nACGTN\n+\nIIIII\n@read2\nggcca\n+read2\n!!!!#\n";
    let (_d, p) = temp_file("reads.fastq", text.as_bytes());
    let expected = vec![
        Record { id: "read1".into(), seq: b"ACGTN".to_vec() },
        Record { id: "read2".into(), seq: b"ggcca".to_vec() },
    ];
    assert_eq!(read_sequences(&p).unwrap(), expected);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
    let (_d2, gz) = temp_file("reads.fq.gz", &enc.finish().unwrap());
    assert_eq!(read_records(&gz).unwrap(), expected);
    let ds = load_dataset(&gz, &LabelSource::None, UnknownPolicy::Uniform, LengthPolicy::Exact).unwrap();
    assert_eq!((ds.n(), ds.len, ds.tasks), (2, 5, 0));
    assert_eq!(decode(ds.seq(1), 5), "GGCCA");
    assert_eq!(column_sums(&ds, 0), vec![1.0; 5]);
    assert_eq!(ds.seq(0)[4], 0.25, "N under Uniform is 0.25 per channel");
}

#[test]
fn centre_pad_and_crop_match_the_exact_encoding() {
    let pos = data_path("dragonn/example_pos_sequences.fa");
    let recs = read_records(&pos).unwrap();
    let few = &recs[..20];
    let (full, l) = encode_records(&pos, few, UnknownPolicy::Zeros, LengthPolicy::Exact).unwrap();
    let (crop, lc) = encode_records(&pos, few, UnknownPolicy::Zeros, LengthPolicy::CenterPadCrop(200)).unwrap();
    assert_eq!((l, lc), (1_000, 200));
    for i in 0..few.len() {
        for ch in 0..4 {
            let src = &full[i * 4 * l + ch * l + 400..i * 4 * l + ch * l + 600];
            assert_eq!(&crop[i * 800 + ch * 200..i * 800 + (ch + 1) * 200], src);
        }
    }
    // A ragged FASTA padded to 8: the 3-mer sits at 2..5 (left pad 2, right pad 3).
    let (_d, p) = temp_file("ragged.fa", b">a\nACGTACGTAC\n>b\nGGT\n>c\nTTTTTTTT\n");
    let ds = load_dataset(&p, &LabelSource::None, UnknownPolicy::Zeros, LengthPolicy::CenterPadCrop(8)).unwrap();
    assert_eq!(decode(ds.seq(0), 8), "CGTACGTA"); // 10 → 8 drops one letter at each end
    assert_eq!(decode(ds.seq(1), 8), "NNGGTNNN");
    assert_eq!(decode(ds.seq(2), 8), "TTTTTTTT");
    assert_eq!(column_sums(&ds, 1), vec![0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn soft_masked_lowercase_encodes_like_uppercase() {
    let recs = read_records(&data_path("keras_genomics_ctcf/valid.fa")).unwrap();
    // Lower-case every other 7-letter block, as a soft-masked genome would.
    let masked: Vec<Record> = recs
        .iter()
        .map(|r| Record {
            id: r.id.clone(),
            seq: r
                .seq
                .iter()
                .enumerate()
                .map(|(i, b)| if (i / 7) % 2 == 0 { b.to_ascii_lowercase() } else { *b })
                .collect(),
        })
        .collect();
    assert!(masked.iter().all(|r| r.seq.iter().any(u8::is_ascii_lowercase)));
    let p = Path::new("valid.fa");
    let upper = encode_records(p, &recs, UnknownPolicy::Strict, LengthPolicy::Exact).unwrap();
    let lower = encode_records(p, &masked, UnknownPolicy::Strict, LengthPolicy::Exact).unwrap();
    assert_eq!(upper, lower);
}

#[test]
fn keyed_label_tsv_is_matched_by_record_name() {
    let (_d, fa) = temp_file("s.fa", b">x\nAAAA\n>y\nCCCC\n>z\nGGGG\n");
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("y.tsv");
    // Written in a different order than the FASTA: loading must reorder by name.
    let names: Vec<String> = ["z", "x", "y"].iter().map(|s| s.to_string()).collect();
    write_labels_tsv(&tsv, &names, &[3.0, 30.0, 1.0, 10.0, 2.0, 20.0], 2).unwrap();
    let ds = load_dataset(&fa, &LabelSource::TargetTsv(tsv), UnknownPolicy::Strict, LengthPolicy::Exact).unwrap();
    assert_eq!(ds.names, ["x", "y", "z"]);
    assert_eq!(ds.y, vec![1.0, 10.0, 2.0, 20.0, 3.0, 30.0]);
}

#[test]
fn parallel_encoding_is_deterministic_and_matches_single_record_encoding() {
    let recs = read_records(&data_path("dragonn/example_neg_sequences.fa")).unwrap();
    let p = Path::new("neg.fa");
    let (a, l) = encode_records(p, &recs, UnknownPolicy::Uniform, LengthPolicy::Exact).unwrap();
    let (b, _) = encode_records(p, &recs, UnknownPolicy::Uniform, LengthPolicy::Exact).unwrap();
    assert_eq!(a, b);
    for i in [0, 1, 777, 2_499] {
        let one = seq_io::onehot::encode(&recs[i].seq, UnknownPolicy::Uniform, &recs[i].id).unwrap();
        assert_eq!(&a[i * 4 * l..(i + 1) * 4 * l], &one[..]);
    }
}

#[test]
fn janggu_soft_masked_sample_if_available() {
    let Some(path) = shared_only_data_path("janggu/sample.fa") else {
        eprintln!("skipping: ../shared/data/janggu not present");
        return;
    };
    let recs = read_records(&path).unwrap();
    assert_eq!(recs.len(), 3_897);
    assert!(recs.iter().all(|r| r.seq.len() == 200));
    let lower: usize = recs.iter().map(|r| r.seq.iter().filter(|b| b.is_ascii_lowercase()).count()).sum();
    let frac = lower as f64 / (3_897.0 * 200.0);
    assert!((0.30..0.45).contains(&frac), "soft-masked fraction {frac}");
    let ds = load_dataset(&path, &LabelSource::None, UnknownPolicy::Strict, LengthPolicy::Exact).unwrap();
    assert_eq!((ds.n(), ds.len), (3_897, 200));
    assert!((0..ds.n()).all(|i| column_sums(&ds, i).iter().all(|&s| s == 1.0)));
}

/// Compresses `src` into `dst` with a command-line tool writing to stdout; false when the tool is missing.
fn compress_with(tool: &str, src: &Path, dst: &Path) -> bool {
    match std::process::Command::new(tool).arg("-c").arg(src).output() {
        Ok(out) if out.status.success() => {
            std::fs::write(dst, out.stdout).unwrap();
            true
        }
        _ => false,
    }
}

#[test]
fn bzip2_xz_zstd_and_gzip_fasta_read_like_the_plain_file() {
    let src = data_path("keras_genomics_ctcf/valid.fa");
    let plain = read_records(&src).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (tool, ext) in [("gzip", "gz"), ("bzip2", "bz2"), ("xz", "xz"), ("zstd", "zst")] {
        let dst = dir.path().join(format!("valid.fa.{ext}"));
        if !compress_with(tool, &src, &dst) {
            eprintln!("skipping {ext}: `{tool}` not available");
            continue;
        }
        assert_ne!(std::fs::read(&dst).unwrap()[..4], std::fs::read(&src).unwrap()[..4], "{ext} did not compress");
        assert_eq!(read_records(&dst).unwrap(), plain, "{ext}");
        assert_eq!(read_sequences(&dst).unwrap(), plain, "{ext}");
    }
}

#[test]
fn gzipped_plain_lines_are_detected_by_content() {
    let src = data_path("primer/sequences.txt");
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("seqs.gz");
    if !compress_with("gzip", &src, &gz) {
        eprintln!("skipping: gzip not available");
        return;
    }
    let recs = read_sequences(&gz).unwrap();
    assert_eq!(recs, read_sequences(&src).unwrap());
    assert_eq!(recs.len(), 2000);
    assert!(recs.iter().all(|r| r.seq.len() == 50));
}
