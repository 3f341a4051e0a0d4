//! Sequences from standard input (`--fasta -`) and from pipes (`<(gzip -c x.fa)`): the readers look at an
//! input more than once (compression magic, first byte, records), so a stream is read once and served from
//! memory; the predictions equal those of the same file read from disk.

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn model(dir: &Path) -> PathBuf {
    random_seed000(dir, 40, 2)
}

fn fasta(dir: &Path) -> (PathBuf, Vec<u8>) {
    let text: String = (0..6).map(|i| format!(">r{i}\n{}\n", "ACGTAGGCTA".repeat(4).replacen('A', "T", i))).collect();
    let path = dir.join("x.fa");
    std::fs::write(&path, &text).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    (path, gz.finish().unwrap())
}

#[test]
fn standard_input_and_pipes_give_the_file_s_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let (file, gz) = fasta(dir.path());
    let expected = ok(&["predict", "--model", s(&m), "--fasta", s(&file), "--logits"]);
    assert_eq!(expected.lines().count(), 7, "{expected}");

    // gzip-compressed FASTA on standard input
    let mut child = Command::new(env!("CARGO_BIN_EXE_seqdl"))
        .args(["predict", "--model", s(&m), "--fasta", "-", "--logits"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gz).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), expected);

    // a pipe from process substitution (a /dev/fd path that can be read once)
    let script =
        format!("{} predict --model {} --fasta <(cat {}) --logits", env!("CARGO_BIN_EXE_seqdl"), s(&m), s(&file));
    let o = Command::new("bash").args(["-c", &script]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), expected);
}
