//! Runs that fail leave nothing half-written (partial outputs, failed writes, stale temporary files,
//! interrupted atomic writes), options are never silently clamped, messages name what is wrong, and Ctrl-C
//! during training checkpoints a run that `--resume` finishes. (Bad files and folders: `cli_bad_input.rs`.)

mod common;

use common::*;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A small simulated dataset (`n` positives and `n` negatives of 100 nt) in `dir/sim`; returns `dataset.h5`.
fn simulated(dir: &Path, n: usize) -> PathBuf {
    let out = dir.join("sim");
    let n = n.to_string();
    ok(&["simulate", "single-motif", "--motif", "TAL1_known4", "--n-pos", &n, "--n-neg", &n, "--length", "100"]
        .into_iter()
        .chain(["--out", s(&out)])
        .collect::<Vec<_>>());
    out.join("dataset.h5")
}

/// The names of the atomic writer's temporary files in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

/// The id of a process that has exited (its temporary files are stale).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn failed_runs_leave_no_partial_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), 20);
    let model = random_seed000(dir.path(), 100, 1);
    let out = dir.path().join("explain");
    let err = fails(&["explain", "--model", s(&model), "--h5", s(&h5), "--window", "10:500", "--out", s(&out)]);
    assert!(err.contains("--window") && err.contains("500"), "{err}");
    assert!(!out.exists(), "explain wrote {out:?} before refusing the window");
    let garbage = dir.path().join("template.fa");
    std::fs::write(&garbage, ">t\nACGT!!xx\n").unwrap();
    let reads = dir.path().join("reads");
    ok(&["simulate", "reads", "--template-length", "40", "--n", "5", "--out", s(&reads)]);
    let consensus = dir.path().join("dn").join("consensus.fa");
    let err = fails(&[
        "denoise",
        "--reads",
        s(&reads.join("reads.fa")),
        "--template",
        s(&garbage),
        "--method",
        "vote",
        "--out",
        s(&consensus),
    ]);
    assert!(err.contains(s(&garbage)) && err.contains("--template"), "{err}");
    assert!(!consensus.parent().unwrap().exists());
    let sim = dir.path().join("sim_bad");
    let err = fails(
        &["simulate", "single-motif", "--motif", "TAL1_known4", "--valid", "0.6", "--test", "0.6"]
            .into_iter()
            .chain(["--out", s(&sim)])
            .collect::<Vec<_>>(),
    );
    assert!(err.contains("--valid") && err.contains("--test"), "{err}");
    assert!(!sim.exists());
    // a write that fails (the target is a folder) names it and leaves no temporary file
    let target = dir.path().join("pred.tsv");
    std::fs::create_dir(&target).unwrap();
    let err = fails(&["predict", "--model", s(&model), "--h5", s(&h5), "--out", s(&target)]);
    assert!(err.contains(s(&target)), "{err}");
    assert!(temp_files(dir.path()).is_empty(), "{:?}", temp_files(dir.path()));
}

#[test]
fn an_interrupted_atomic_write_keeps_the_old_file_and_is_cleaned_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), 20);
    let model = random_seed000(dir.path(), 100, 1);
    let out_dir = dir.path().join("out");
    let out = out_dir.join("pred.tsv");
    ok(&["predict", "--model", s(&model), "--h5", s(&h5), "--out", s(&out)]);
    let old = std::fs::read(&out).unwrap();
    // a writer killed mid-write: its temporary file holds half of a new file, the target is untouched
    let stale = out_dir.join(format!(".pred.tsv.tmp-{}-0", dead_pid()));
    std::fs::write(&stale, &old[..old.len() / 2]).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), old);
    // the next run writing in that folder removes it (and a failed run writes nothing)
    let other = out_dir.join("other.tsv");
    ok(&["predict", "--model", s(&model), "--h5", s(&h5), "--split", "train", "--out", s(&other)]);
    assert!(!stale.exists(), "stale temporary file kept: {:?}", temp_files(&out_dir));
    assert_eq!(std::fs::read(&out).unwrap(), old, "the previous file is byte-identical");
    let stale = model.join(format!(".model.mpk.tmp-{}-3", dead_pid()));
    std::fs::write(&stale, b"half").unwrap();
    ok(&["train", "--h5", s(&h5), "--epochs", "1", "--no-progress", "--force", "--out", s(&model)]);
    assert!(temp_files(&model).is_empty(), "{:?}", temp_files(&model));
}

#[test]
fn options_are_refused_rather_than_clamped() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), 20);
    let model = random_seed000(dir.path(), 100, 1);
    let out = dir.path().join("out");
    let explain = |extra: &[&str]| {
        let mut args = vec!["explain", "--model", s(&model), "--h5", s(&h5), "--out", s(&out)];
        args.extend_from_slice(extra);
        fails(&args)
    };
    for (option, extra) in [
        ("--steps", &["--method", "ig", "--steps", "0"][..]),
        ("--shuffles", &["--method", "ig", "--baseline", "shuffle", "--shuffles", "0"][..]),
        ("--max-sequences", &["--max-sequences", "0"][..]),
        ("--batch-size", &["--batch-size", "0"][..]),
    ] {
        let err = explain(extra);
        assert!(err.contains(option), "{option}: {err}");
        assert!(!out.exists(), "{option}: output left");
    }
    let err = fails(&["filters", "--model", s(&model), "--h5", s(&h5), "--min-overlap", "1000", "--out", s(&out)]);
    assert!(err.contains("--min-overlap") && err.contains("1000") && !out.exists(), "{err}");
    let png = dir.path().join("logo.png");
    let err = fails(&["logo", "--motif", "TAL1_known4", "--window", "1:5", "--out", s(&png)]);
    assert!(err.contains("--window") && !png.exists(), "{err}");
    for command in ["predict", "evaluate"] {
        let err = fails(&[command, "--model", s(&model), "--h5", s(&h5), "--batch-size", "0", "--out", s(&out)]);
        assert!(err.contains("--batch-size") && !out.exists(), "{command}: {err}");
    }
    let train = |extra: &[&str]| {
        let mut args = vec!["train", "--h5", s(&h5), "--epochs", "1", "--no-progress", "--out", s(&out)];
        args.extend_from_slice(extra);
        fails(&args)
    };
    for lr in ["0", "-0.1"] {
        let err = train(&["--lr", lr]);
        assert!(err.contains("--lr") && err.contains("learning rate must be positive"), "{lr}: {err}");
        assert!(!err.contains("unexpected argument") && !out.exists(), "{lr}: {err}");
    }
}

#[test]
fn single_class_labels_are_refused_with_balanced_and_warned_about_without() {
    let dir = tempfile::tempdir().unwrap();
    let fasta = dir.path().join("seqs.txt");
    let labels = dir.path().join("labels.txt");
    let seqs: Vec<String> = (0..40).map(|i| ["ACGT", "GGCA", "TTAC", "CAGT"][i % 4].repeat(25)).collect();
    std::fs::write(&fasta, seqs.join("\n") + "\n").unwrap();
    std::fs::write(&labels, "1\n".repeat(40)).unwrap();
    let out = dir.path().join("m");
    let args = ["train", "--fasta", s(&fasta), "--labels", s(&labels), "--epochs", "1", "--out", s(&out)];
    let with = |extra: &'static str| args.iter().copied().chain([extra, "--no-progress"]).collect::<Vec<&str>>();
    let err = fails(&with("--balanced"));
    assert!(err.contains("--balanced") && err.contains("single class") && !out.exists(), "{err}");
    let o = seqdl_output(&with("--seed=0"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("WARN") && stderr.contains("every training label is 1"), "{stderr}");
}

#[test]
fn messages_name_the_record_or_option_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let model = random_seed000(dir.path(), 100, 1);
    let write = |name: &str, text: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let (a, b) = ("ACGT".repeat(25), format!("ACGTN{}", &"ACGT".repeat(24)[1..]));
    let fasta = write("two.fa", format!(">a\n{a}\n>b\n{b}\n").as_bytes());
    let out = dir.path().join("pred.tsv");
    let err = fails(&["predict", "--model", s(&model), "--fasta", s(&fasta), "--policy", "strict", "--out", s(&out)]);
    assert!(err.contains("record \"b\", position 4") && err.contains("strict policy"), "{err}");
    assert!(!err.contains("not A, C, G, T or an IUPAC code") && !out.exists(), "{err}");
    let train = |targets: &Path| {
        let args = ["train", "--fasta", s(&fasta), "--targets", s(targets), "--out", s(&out)];
        fails(&args)
    };
    let err = train(&write("nohead.tsv", b"a\t1\nb\t0\n"));
    assert!(err.contains("nohead.tsv:1") && err.contains("\"a\"") && err.contains("header"), "{err}");
    let err = train(&write("missing.tsv", b"record\tv\na\t1\n"));
    assert!(err.contains("missing.tsv") && err.contains("record \"b\""), "{err}");
    let err = train(&write("twice.tsv", b"record\tv\na\t1\na\t0\n"));
    assert!(err.contains("twice.tsv:3") && err.contains("record \"a\" is labelled twice"), "{err}");
    assert!(!out.exists());
    // a UTF-8 byte-order mark is not content
    let bom = write("bom.fa", format!("\u{feff}>a\n{a}\n").as_bytes());
    ok(&["predict", "--model", s(&model), "--fasta", s(&bom), "--out", s(&out)]);
    assert!(std::fs::read_to_string(&out).unwrap().lines().nth(1).unwrap().starts_with("a\t"));
}

#[test]
fn ctrl_c_during_training_checkpoints_and_resume_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), 300);
    let out = dir.path().join("m");
    let mut child = Command::new(env!("CARGO_BIN_EXE_seqdl"))
        .args(["train", "--h5", s(&h5), "--epochs", "500", "--batch-size", "8", "--no-progress", "--out", s(&out)])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut text = String::new();
    while !text.contains("training seed000") {
        assert!(stderr.read_line(&mut text).unwrap() > 0, "seqdl train ended early: {text}");
    }
    // the first epoch has started once a checkpoint is there; stop within a later one
    let started = std::time::Instant::now();
    while !out.join("last.ckpt").exists() {
        assert!(started.elapsed().as_secs() < 120, "no epoch finished");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    std::io::Read::read_to_string(&mut stderr, &mut text).unwrap();
    assert_eq!(status.code(), Some(130), "{text}");
    assert!(text.contains("interrupted") && text.contains("--resume") && text.contains(s(&out)), "{text}");
    assert!(out.join("last.ckpt").exists() && !out.join("model.mpk").exists(), "{text}");
    let done = json(&out.join("history.json"))["epochs"].as_array().unwrap().len();
    assert!(done < 500, "{done} epochs: the run was not stopped");
    let epochs = (done + 2).to_string();
    let args = ["train", "--h5", s(&h5), "--epochs", &epochs, "--batch-size", "8", "--no-progress", "--resume"];
    ok(&args.into_iter().chain(["--out", s(&out)]).collect::<Vec<_>>());
    assert_eq!(json(&out.join("history.json"))["epochs"].as_array().unwrap().len(), done + 2);
    assert!(out.join("model.mpk").exists());
}
