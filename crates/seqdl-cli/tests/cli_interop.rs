//! `seqdl export` and `seqdl import` as a user runs them: a model folder goes out as a PyTorch state dict
//! and comes back with the same logits; wrong architectures and file names are refused by name, writing nothing.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn model(dir: &Path) -> PathBuf {
    random_seed000(dir, 120, 5)
}

#[test]
fn export_then_import_gives_back_the_same_weights_and_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let st = dir.path().join("model.safetensors");
    ok(&["export", "--model", s(&m), "--out", s(&st)]);
    let back = dir.path().join("back");
    ok(&["import", "--weights", s(&st), "--config", "seed000", "--length", "120", "--out", s(&back)]);
    // the two folders give the same logits on the same sequences (the TSV prints them in full)
    let fasta = dir.path().join("x.fa");
    let seqs: String = (0..8).map(|i| format!(">s{i}\n{}\n", "ACGTTGCA".repeat(15).replacen('A', "C", i))).collect();
    std::fs::write(&fasta, seqs).unwrap();
    let (p1, p2) = (dir.path().join("p1.tsv"), dir.path().join("p2.tsv"));
    ok(&["predict", "--model", s(&m), "--fasta", s(&fasta), "--logits", "--out", s(&p1)]);
    ok(&["predict", "--model", s(&back), "--fasta", s(&fasta), "--logits", "--out", s(&p2)]);
    let (a, b) = (std::fs::read_to_string(&p1).unwrap(), std::fs::read_to_string(&p2).unwrap());
    assert!(a.lines().count() == 9 && a == b, "{a}\n{b}");
    // a folder made by import exports again, and imports again to the same logits
    let again = dir.path().join("again.safetensors");
    ok(&["export", "--model", s(&back), "--out", s(&again)]);
    let back2 = dir.path().join("back2");
    ok(&["import", "--weights", s(&again), "--config", "seed000", "--length", "120", "--out", s(&back2)]);
    let p3 = dir.path().join("p3.tsv");
    ok(&["predict", "--model", s(&back2), "--fasta", s(&fasta), "--logits", "--out", s(&p3)]);
    assert_eq!(std::fs::read_to_string(&p3).unwrap(), a);
}

#[test]
fn wrong_architecture_or_file_name_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let st = dir.path().join("model.safetensors");
    ok(&["export", "--model", s(&m), "--out", s(&st)]);
    // another length changes the dense layer's shape: refused, naming the state dict, nothing written
    let out = dir.path().join("bad");
    let e = fails(&["import", "--weights", s(&st), "--config", "seed000", "--length", "200", "--out", s(&out)]);
    assert!(e.contains("model.safetensors"), "{e}");
    assert!(!out.join("model.json").exists());
    // another preset: missing and unexpected tensors
    let e = fails(&["import", "--weights", s(&st), "--config", "seed000_deep", "--length", "120", "--out", s(&out)]);
    assert!(e.contains("model.safetensors"), "{e}");
    // export needs a .safetensors name; import refuses to overwrite a model without --force
    let e = fails(&["export", "--model", s(&m), "--out", s(&dir.path().join("w.bin"))]);
    assert!(e.contains("--out") && e.contains(".safetensors"), "{e}");
    let e = fails(&["import", "--weights", s(&st), "--config", "seed000", "--length", "120", "--out", s(&m)]);
    assert!(e.contains("--force"), "{e}");
    ok(&["import", "--weights", s(&st), "--config", "seed000", "--length", "120", "--force", "--out", s(&m)]);
}
