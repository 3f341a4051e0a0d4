//! `seqdl dataset` on the shipped hg19 chr20 data (GM12878 CTCF peaks), its refusals, and
//! `seqdl predict --bedgraph` on the dataset it writes.

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/")).join(rel)
}

const PEAKS: &str = "wgEncodeAwgTfbsBroadGm12878CtcfUniPk.narrowPeak.gz";
const GENOME: &str = "hg19_chr20.fa.gz";

/// `seqdl dataset` arguments on the shipped data, with `extra` appended.
fn args<'a>(peaks: &'a str, genome: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "dataset",
        "--peaks",
        peaks,
        "--genome",
        genome,
        "--width",
        "200",
        "--negatives",
        "gc-matched",
        "--skip-unknown-chroms",
        "--quiet",
        "--out",
        out,
    ];
    a.extend_from_slice(extra);
    a
}

const SPLIT: [&str; 4] = ["--test-region", "chr20:50000000-63025520", "--valid-region", "chr20:42000000-50000000"];

/// `(chrom, start, end, name, label, split)` of every line of windows.bed.
fn windows(bed: &Path) -> Vec<(String, u64, u64, String, u8, String)> {
    std::fs::read_to_string(bed)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 8, "{l}");
            (f[0].into(), f[1].parse().unwrap(), f[2].parse().unwrap(), f[3].into(), f[4].parse().unwrap(), f[6].into())
        })
        .collect()
}

#[test]
fn ctcf_dataset_from_peaks_and_the_genome_then_a_bedgraph_of_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ctcf");
    let (peaks, genome) = (data(PEAKS), data(GENOME));
    let o = seqdl_output(&args(s(&peaks), s(&genome), s(&out), &SPLIT));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    for f in ["dataset.h5", "windows.bed", "summary.json"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(stderr.contains("GC mean") && stderr.contains("train") && stderr.contains("other chromosomes"), "{stderr}");
    let w = windows(&out.join("windows.bed"));
    let summary = json(&out.join("summary.json"));
    // 1,242 chr20 peaks: every window 200 bp, 1:1 negatives, the other 43,740 peaks skipped and counted
    let skipped: u64 =
        summary["drops"]["unknown_chromosome"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(skipped, 44_982 - 1_242);
    for split in ["train", "valid", "test"] {
        let pos = w.iter().filter(|r| r.5 == split && r.4 == 1).count() as u64;
        let neg = w.iter().filter(|r| r.5 == split && r.4 == 0).count() as u64;
        assert_eq!(pos, summary[split]["positives"].as_u64().unwrap(), "{split}");
        assert_eq!(neg, summary[split]["negatives"].as_u64().unwrap(), "{split}");
        assert!(pos > 100, "{split}: {pos} positives");
        assert_eq!(pos, neg, "{split}: negatives are matched inside each split, 1:1");
    }
    assert!(w.iter().all(|r| r.2 - r.1 == 200 && r.0 == "chr20"));
    assert!(w.iter().filter(|r| r.5 == "test").all(|r| r.1 >= 50_000_000));
    assert!(w.iter().filter(|r| r.5 == "valid").all(|r| r.1 >= 42_000_000 && r.2 <= 50_000_000));
    // no window of one split overlaps a window of another
    let mut sorted: Vec<_> = w.iter().collect();
    sorted.sort_by_key(|r| r.1);
    let mut reach: Vec<(u64, &str)> = Vec::new();
    for r in &sorted {
        reach.retain(|(end, _)| *end > r.1);
        assert!(reach.iter().all(|(_, split)| *split == r.5), "{r:?} overlaps a window of another split");
        reach.push((r.2, &r.5));
    }
    let gc = &summary["gc_histogram"];
    let gap = (gc["positive_mean"].as_f64().unwrap() - gc["negative_mean"].as_f64().unwrap()).abs();
    assert!(gap < 0.01, "GC means differ by {gap}");

    // a model, then its test predictions as a bedGraph at the windows' coordinates
    let model = dir.path().join("model");
    let h5 = out.join("dataset.h5");
    ok(&["train", "--h5", s(&h5), "--model", "seed000", "--epochs", "1", "--out", s(&model)]);
    let track = dir.path().join("test.bedGraph");
    ok(&[
        "predict",
        "--model",
        s(&model),
        "--h5",
        s(&h5),
        "--split",
        "test",
        "--bedgraph",
        s(&track),
        "--out",
        s(&dir.path().join("p.tsv")),
    ]);
    let text = std::fs::read_to_string(&track).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("track type=bedGraph"));
    let rows: Vec<(u64, u64, f64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[1].parse().unwrap(), f[2].parse().unwrap(), f[3].parse().unwrap())
        })
        .collect();
    let mut expected: Vec<(u64, u64)> = w.iter().filter(|r| r.5 == "test").map(|r| (r.1, r.2)).collect();
    expected.sort();
    assert_eq!(rows.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(), expected);
    assert!(rows.iter().all(|r| (0.0..=1.0).contains(&r.2)));
    // the TSV's probabilities are the track's values, row for row through windows.bed
    let tsv = std::fs::read_to_string(dir.path().join("p.tsv")).unwrap();
    let first = tsv.lines().nth(1).unwrap().split('\t').collect::<Vec<_>>();
    let at = w.iter().find(|r| r.5 == "test" && r.3 == first[0]).unwrap();
    let row = rows.iter().find(|r| r.0 == at.1 && r.1 == at.2).unwrap();
    assert!((row.2 - first[1].parse::<f64>().unwrap()).abs() < 1e-6);
    // --bedgraph on an HDF5 file without windows.bed beside it is refused, naming the option
    let lone = dir.path().join("lone");
    std::fs::create_dir(&lone).unwrap();
    std::fs::copy(&h5, lone.join("d.h5")).unwrap();
    let e = fails(&[
        "predict",
        "--model",
        s(&model),
        "--h5",
        s(&lone.join("d.h5")),
        "--bedgraph",
        s(&dir.path().join("x.bg")),
    ]);
    assert!(e.contains("--bedgraph") && e.contains("windows.bed"), "{e}");
}

#[test]
fn windows_with_a_margin_train_with_shifts_and_are_centre_cropped_for_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ctcf");
    let (peaks, genome) = (data(PEAKS), data(GENOME));
    let mut extra = SPLIT.to_vec();
    extra.extend(["--margin", "10"]);
    ok(&args(s(&peaks), s(&genome), s(&out), &extra));
    let h5 = out.join("dataset.h5");
    let model = dir.path().join("model");
    ok(&[
        "train",
        "--h5",
        s(&h5),
        "--model",
        "seed000",
        "--epochs",
        "1",
        "--shift",
        "10",
        "--rc-augment",
        "--no-progress",
        "--out",
        s(&model),
    ]);
    // the model reads the 200-bp centre of the 220-bp windows; the training record keeps both settings
    let config = json(&model.join("model.json"));
    assert_eq!(config["config"]["input_length"].as_u64().or(config["input_length"].as_u64()), Some(200), "{config}");
    let record = json(&model.join("training.json"));
    assert_eq!(record["fit"]["augment"]["max_shift"], 10);
    assert_eq!(record["fit"]["augment"]["reverse_complement"], true);
    // evaluate and predict crop the test windows to the model's length by the recorded margin
    let eval = dir.path().join("eval");
    ok(&["evaluate", "--model", s(&model), "--h5", s(&h5), "--split", "test", "--out", s(&eval)]);
    let p = dir.path().join("p.tsv");
    ok(&["predict", "--model", s(&model), "--h5", s(&h5), "--split", "test", "--out", s(&p)]);
    assert!(std::fs::read_to_string(&p).unwrap().lines().count() > 100);
    // a shift that leaves nothing of the window is refused, naming the option
    let e = fails(&["train", "--h5", s(&h5), "--shift", "110", "--out", s(&dir.path().join("m2"))]);
    assert!(e.contains("--shift"), "{e}");
}

#[test]
fn bad_regions_and_genomes_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let (peaks, genome) = (data(PEAKS), data(GENOME));
    let (p, g, o) = (s(&peaks), s(&genome), s(&out));

    let e = fails(&args(
        p,
        g,
        o,
        &["--test-region", "chr20:60000000-70000000", "--valid-region", "chr20:42000000-50000000"],
    ));
    assert!(e.contains("--test-region") && e.contains("70000000") && e.contains("63025520"), "{e}");
    assert!(!out.exists());

    let e = fails(&args(p, g, o, &["--test-region", "chr20:50000000-63025520", "--valid-region", "chr20:42,000,000"]));
    assert!(e.contains("--valid-region") && e.contains("chr20:42,000,000"), "{e}");
    assert!(!out.exists());

    let e = fails(&args(p, g, o, &["--test-region", "chr20:50000000-63025520", "--valid-region", "chrX:1-100"]));
    assert!(e.contains("chrX") && e.contains("--valid-region"), "{e}");
    assert!(!out.exists());

    // an ordinary gzip (not BGZF) genome has no random access and no index: refused, naming the file
    let plain_gz = dir.path().join("tiny.fa.gz");
    let mut gz =
        flate2::write::GzEncoder::new(std::fs::File::create(&plain_gz).unwrap(), flate2::Compression::default());
    gz.write_all(b">chr20\nACGTACGTACGTACGTACGT\n").unwrap();
    gz.finish().unwrap();
    let e = fails(&args(p, s(&plain_gz), o, &SPLIT));
    assert!(e.contains("tiny.fa.gz") && e.contains("BGZF"), "{e}");
    assert!(!out.exists());

    let e = fails(&args(s(&dir.path().join("missing.bed")), g, o, &SPLIT));
    assert!(e.contains("--peaks") && e.contains("missing.bed"), "{e}");
    assert!(!out.exists());

    let e = fails(&args(p, g, o, &["--test-region", "chr20:50000000-63025520"]));
    assert!(e.contains("--valid-region"), "{e}");
    assert!(!out.exists());
}
