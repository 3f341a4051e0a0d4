//! `seqdl motifs` as a user runs it: simulate TAL1_known4 density localization, train, explain with
//! DeepSHAP, discover motifs; the top positive pattern is the planted E-box and matches TAL1_known4 by
//! TOMTOM, its seqlets sit where the simulation put the motifs, and bad input writes nothing.

mod common;

use common::*;
use std::path::Path;

/// Simulated data, a trained 15-filter DragoNN model and its DeepSHAP folder under `dir`.
fn explained(dir: &Path) -> std::path::PathBuf {
    let sim = dir.join("sim");
    ok(&[
        "simulate",
        "density-localization",
        "--motif",
        "TAL1_known4",
        "--n-pos",
        "1000",
        "--n-neg",
        "1000",
        "--length",
        "500",
        "--seed",
        "3",
        "--out",
        s(&sim),
    ]);
    let h5 = sim.join("dataset.h5");
    let model = dir.join("model");
    ok(&[
        "train",
        "--h5",
        s(&h5),
        "--model",
        "dragonn_fifteen_filters",
        "--epochs",
        "60",
        "--patience",
        "10",
        "--lr",
        "0.01",
        "--seed",
        "1",
        "--out",
        s(&model),
    ]);
    let shap = dir.join("shap");
    ok(&[
        "explain",
        "--model",
        s(&model),
        "--h5",
        s(&h5),
        "--method",
        "deepshap",
        "--references",
        "8",
        "--out",
        s(&shap),
    ]);
    shap
}

#[test]
fn planted_motif_is_found_named_and_placed() {
    let dir = tempfile::tempdir().unwrap();
    let shap = explained(dir.path());
    let out = dir.path().join("motifs");
    let stdout = ok(&["motifs", "--explained", s(&shap), "--database", "encode", "--out", s(&out)]);
    assert!(stdout.contains("pos_pattern_0"), "{stdout}");
    for f in
        ["report.md", "report.html", "patterns.meme", "patterns.json", "tomtom.tsv", "seqlets.bed", "instances.bed"]
    {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(is_png(&out.join("logos/pos_pattern_0.png")) && is_png(&out.join("seqlet_positions.png")));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("src=\"data:image/png;base64,iVBOR"), "figures are inline");
    let summary = json(&out.join("patterns.json"));
    let top = &summary["patterns"][0];
    assert_eq!(top["name"], "pos_pattern_0");
    // the planted TAL1_known4 core CCA[GTC]CTG reads as the E-box CAGCTG or CATCTG (either strand)
    let consensus = top["consensus"].as_str().unwrap();
    assert!(["CAGCTG", "CATCTG", "CAGATG"].iter().any(|k| consensus.contains(k)), "{consensus}");
    // TAL1_known4 is among the top matches with q < 0.01 (the compendium has many E-box motifs)
    let tsv = std::fs::read_to_string(out.join("tomtom.tsv")).unwrap();
    let tal1 = tsv.lines().filter(|l| l.starts_with("pos_pattern_0\t")).take(15).find(|l| l.contains("TAL1_known4"));
    let q: f64 = tal1
        .unwrap_or_else(|| panic!("TAL1_known4 not in the top 15:\n{tsv}"))
        .split('\t')
        .nth(5)
        .unwrap()
        .parse()
        .unwrap();
    assert!(q < 0.01, "TAL1_known4 q = {q}");
    // density localization puts the motifs in the central 150 nt (175–325 of 500): so are the positive pattern's instances
    let bed = std::fs::read_to_string(out.join("instances.bed")).unwrap();
    let starts: Vec<u64> = bed
        .lines()
        .filter(|l| l.contains("\tpos_pattern_0\t"))
        .map(|l| l.split('\t').nth(1).unwrap().parse().unwrap())
        .collect();
    let central = starts.iter().filter(|&&p| (175..325).contains(&p)).count();
    assert!(central as f64 >= 0.9 * starts.len() as f64, "{central} of {} instances central", starts.len());

    // bad input: an option out of range and a folder without hypothetical contributions write nothing
    let bad = dir.path().join("bad");
    let err = fails(&["motifs", "--explained", s(&shap), "--top", "0", "--out", s(&bad)]);
    assert!(err.contains("--top"), "{err}");
    let err = fails(&["motifs", "--explained", s(&shap), "--target-fdr", "1.5", "--out", s(&bad)]);
    assert!(err.contains("--target-fdr"), "{err}");
    let err = fails(&["motifs", "--explained", s(dir.path()), "--out", s(&bad)]);
    assert!(err.contains("no attributions.h5"), "{err}");
    assert!(!bad.exists(), "nothing written on bad input");
}

#[test]
fn attributions_without_hypothetical_contributions_are_refused_by_method() {
    let dir = tempfile::tempdir().unwrap();
    let model = random_seed000(dir.path(), 60, 2);
    let fasta = dir.path().join("x.fa");
    std::fs::write(&fasta, (0..4).map(|i| format!(">s{i}\n{}\n", "ACGTGCATTA".repeat(6))).collect::<String>()).unwrap();
    let ig = dir.path().join("ism");
    ok(&["explain", "--model", s(&model), "--fasta", s(&fasta), "--method", "ism", "--out", s(&ig)]);
    let out = dir.path().join("motifs");
    let err = fails(&["motifs", "--explained", s(&ig), "--out", s(&out)]);
    assert!(err.contains("\"ism\"") && err.contains("deepshap"), "{err}");
    assert!(!out.exists());
    // a motif database that does not exist is named
    let shap = dir.path().join("shap");
    ok(&[
        "explain",
        "--model",
        s(&model),
        "--fasta",
        s(&fasta),
        "--method",
        "deepshap",
        "--references",
        "2",
        "--out",
        s(&shap),
    ]);
    let err = fails(&["motifs", "--explained", s(&shap), "--database", "missing.meme", "--out", s(&out)]);
    assert!(err.contains("missing.meme"), "{err}");
    assert!(!out.exists());
}
