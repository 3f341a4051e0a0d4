//! The `seqdl` binary driven as a user would: simulate → files on disk → encode, and errors with context.

use std::path::Path;
use std::process::{Command, Output};

fn seqdl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seqdl")).args(args).output().expect("the seqdl binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn data(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").join(rel).to_string_lossy().into_owned()
}

#[test]
fn simulate_density_localization_writes_sequences_labels_annotations_and_h5() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    let o = seqdl(&[
        "simulate",
        "density-localization",
        "--motif",
        "TAL1_known4",
        "--n-pos",
        "30",
        "--n-neg",
        "20",
        "--length",
        "300",
        "--center",
        "100",
        "--seed",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let records = seq_io::fastx::read_records(&out.join("sequences.fa")).unwrap();
    assert_eq!(records.len(), 50);
    assert!(records.iter().all(|r| r.seq.len() == 300));
    let names: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let ann = seq_io::annotations::read_annotations_tsv(&out.join("annotations.tsv"), &names).unwrap();
    // positives carry 2–4 TAL1_known4 instances inside the central 100 bp; the recorded span holds 10 letters
    for a in ann.iter().take(30) {
        assert!((2..=4).contains(&a.len()), "{a:?}");
        assert!(a.iter().all(|x| x.name == "TAL1_known4" && x.len() == 10 && x.start >= 100 && x.end <= 200), "{a:?}");
    }
    let splits = seq_io::h5::read_splits(&out.join("dataset.h5"), &Default::default()).unwrap();
    assert_eq!(splits.train.n() + splits.valid.n() + splits.test.n(), 50);
    assert_eq!(splits.train.len, 300);

    // the same seed gives the same bytes
    let again = dir.path().join("again");
    let o = seqdl(&[
        "simulate",
        "density-localization",
        "--motif",
        "TAL1_known4",
        "--n-pos",
        "30",
        "--n-neg",
        "20",
        "--length",
        "300",
        "--center",
        "100",
        "--seed",
        "5",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("sequences.fa")).unwrap(), std::fs::read(again.join("sequences.fa")).unwrap());
}

#[test]
fn simulate_reads_writes_template_reads_and_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let o = seqdl(&[
        "simulate",
        "reads",
        "--template-length",
        "120",
        "--n",
        "7",
        "--markers",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let template = seq_io::fastx::read_records(&dir.path().join("template.fa")).unwrap();
    assert_eq!(template[0].seq.len(), 120);
    let reads = seq_io::fastx::read_records(&dir.path().join("reads.fa")).unwrap();
    assert_eq!(reads.len(), 7);
    assert!(reads.iter().all(|r| r.seq.first() == Some(&b'<') && r.seq.last() == Some(&b'>')));
    // every aligned read base that was not substituted equals its template base in most positions
    let tsv = std::fs::read_to_string(dir.path().join("alignment.tsv")).unwrap();
    let (mut same, mut aligned) = (0, 0);
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let read: usize = f[0].trim_start_matches("read_").parse().unwrap();
        let pos: usize = f[1].parse().unwrap();
        if let Ok(t) = f[2].parse::<usize>() {
            aligned += 1;
            same += usize::from(reads[read].seq[pos] == template[0].seq[t]);
        }
    }
    assert!(aligned > 7 * 100 && same as f64 / aligned as f64 > 0.97, "{same}/{aligned}");
}

#[test]
fn encode_turns_primer_text_and_labels_into_an_h5_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = dir.path().join("primer.h5");
    let o = seqdl(&[
        "encode",
        "--fasta",
        &data("primer/sequences.txt"),
        "--labels",
        &data("primer/labels.txt"),
        "--valid",
        "0",
        "--test",
        "0.25",
        "--seed",
        "42",
        "--out",
        h5.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = seq_io::h5::read_splits(&h5, &Default::default()).unwrap();
    assert_eq!((s.train.n(), s.valid.n(), s.test.n()), (1500, 0, 500));
    let positives = s.train.positives(0).len() + s.test.positives(0).len();
    assert_eq!(positives, 987);
}

#[test]
fn errors_name_the_motif_file_and_the_unknown_motif() {
    let dir = tempfile::tempdir().unwrap();
    let o = seqdl(&[
        "simulate",
        "single-motif",
        "--motif",
        "TAL1_knwon4",
        "--n-pos",
        "2",
        "--n-neg",
        "2",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("encode_motifs.txt.gz") && e.contains("TAL1_knwon4") && e.contains("TAL1_known4"), "{e}");
    let o = seqdl(&[
        "simulate",
        "single-motif",
        "--motif",
        "TAL1_known4",
        "--gc",
        "1.5",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("1.5"), "{}", stderr(&o));
    let o = seqdl(&["encode", "--fasta", "/nonexistent.fa", "--out", dir.path().join("x.h5").to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("/nonexistent.fa"), "{}", stderr(&o));
}
