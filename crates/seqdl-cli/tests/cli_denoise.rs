//! `seqdl denoise` on simulated reads of one template.

mod common;

use common::*;

#[test]
fn denoise_recovers_the_template_from_simulated_reads() {
    let dir = tempfile::tempdir().unwrap();
    let reads = dir.path().join("reads");
    ok(&["simulate", "reads", "--template-length", "150", "--n", "15", "--seed", "4", "--markers", "--out", s(&reads)]);
    let template = seq_io::fastx::read_records(&reads.join("template.fa")).unwrap().remove(0).seq;
    for method in ["vote", "learned"] {
        let out = dir.path().join(format!("{method}.fa"));
        ok(&[
            "denoise",
            "--reads",
            s(&reads.join("reads.fa")),
            "--template",
            s(&reads.join("template.fa")),
            "--method",
            method,
            "--epochs",
            "5",
            "--train-templates",
            "8",
            "--out",
            s(&out),
        ]);
        let consensus = seq_io::fastx::read_records(&out).unwrap().remove(0).seq;
        let summary = json(&out.with_extension("json"));
        let identity = summary["identity"].as_f64().unwrap();
        let reads_identity = summary["mean_read_identity"].as_f64().unwrap();
        assert!(identity > 0.97 && identity > reads_identity, "{method}: {identity} vs reads {reads_identity}");
        assert!(consensus.len().abs_diff(template.len()) <= 3, "{method}: {} nt", consensus.len());
    }
    let bad = dir.path().join("bad.fa");
    std::fs::write(&bad, ">ok\nACGT\n>broken\nACXGT\n").unwrap();
    let e = fails(&["denoise", "--reads", s(&bad), "--out", s(&dir.path().join("x.fa"))]);
    assert!(e.contains("bad.fa") && e.contains("broken") && e.contains('X'), "{e}");
}
