//! `seqdl reproduce`: the primer tutorial on quick sizes driven through the binary as `cargo xtask
//! reproduce-all --only primer --quick` runs it, and the errors of `--only`.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `seqdl` with the project's data folder (what `cargo xtask reproduce-all` passes as `--data`).
fn seqdl(args: &[&str]) -> Output {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Command::new(env!("CARGO_BIN_EXE_seqdl"))
        .args(args)
        .env("SEQDL_DATA", data)
        .output()
        .expect("the seqdl binary runs")
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn is_png(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.len() > 1000 && b.starts_with(&[0x89, b'P', b'N', b'G', 13, 10, 26, 10]))
}

#[test]
fn unknown_tutorial_names_fail_with_the_known_names() {
    let dir = tempfile::tempdir().unwrap();
    let o = seqdl(&["reproduce", "--only", "primr", "--quick", "--out", dir.path().to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("\"primr\"") && err.contains("chipseq, primer, pwm, sgrna, dragonn"), "{err}");
    assert!(!dir.path().join("report.md").exists(), "nothing runs after a bad --only");
}

#[test]
fn quick_primer_passes_writes_what_it_claims_and_repeats_with_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = dir.path().join(name);
        let o = seqdl(&["reproduce", "--only", "primer", "--quick", "--seed", "3", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(stdout.contains("primer  PASS"), "{stdout}");
        out
    };
    let out = run("a");
    for f in ["report.md", "report.html", "report.json", "primer/primer.json"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let j = json(&out.join("report.json"));
    assert_eq!(j["passed"], true);
    let primer = &j["tutorials"][0];
    assert_eq!(primer["name"], "primer");
    let figures = primer["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 4);
    for f in figures {
        let path = out.join(f["path"].as_str().unwrap());
        assert!(is_png(&path), "{} is not a PNG", path.display());
    }
    let check = |name: &str| {
        primer["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no check {name}"))["value"]
            .as_f64()
            .unwrap()
    };
    assert!(check("test accuracy") >= 0.9);
    assert!(check("positive test sequences whose saliency peak lies inside the motif") >= 0.75);
    // the four confusion counts cover the 500 test sequences
    let cells: f64 = ["true 0 → predicted 0", "true 0 → predicted 1", "true 1 → predicted 0", "true 1 → predicted 1"]
        .iter()
        .map(|c| check(&format!("confusion: {c}")))
        .sum();
    assert_eq!(cells, 500.0);
    let numbers = json(&out.join("primer").join("primer.json"));
    assert_eq!(numbers["example"]["motif_start"], 5, "sequence 1999 holds the motif at the tutorial's bars 5–16");

    let again = run("b");
    assert_eq!(numbers, json(&again.join("primer").join("primer.json")), "same seed, same numbers");
}
