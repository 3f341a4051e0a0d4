//! `seqdl reproduce`: the report writer through the public API, and the primer tutorial on quick sizes
//! driven through the binary as `cargo xtask reproduce-all --only primer --quick` runs it.

use seqdl::reproduce::report::{base64_encode, render_html, render_markdown, write_reports, RunInfo};
use seqdl::reproduce::{Check, Figure, Threshold, TutorialReport};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seqdl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seqdl"))
        .args(args)
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

/// A report with one passing, one failing and one informational check and a real PNG figure.
fn sample(out: &Path) -> TutorialReport {
    let png = out.join("demo").join("logo.png");
    std::fs::create_dir_all(png.parent().unwrap()).unwrap();
    let heights = [[0.1, 0.2, 1.5, 0.1], [1.2, 0.1, 0.1, 0.3]];
    seqdl::plot::draw_logo(
        &png,
        &heights,
        &seqdl::plot::LogoOptions {
            title: "demo".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut r = TutorialReport::new("demo", "Demo <tutorial> & co");
    r.checks
        .push(Check::new("accuracy", 0.97, "0.98", Threshold::AtLeast(0.96)));
    r.checks
        .push(Check::new("auROC | test", 0.5, "0.9", Threshold::Between(0.8, 1.0)));
    r.checks.push(Check::info("true negatives", 251.0, "251"));
    r.figures.push(Figure {
        caption: "A logo".into(),
        path: PathBuf::from("demo").join("logo.png"),
    });
    r.notes.push("uses <b>raw</b> data".into());
    r.seconds = 1.5;
    r
}

#[test]
fn report_files_link_embed_and_serialise_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let report = sample(out);
    let info = RunInfo {
        quick: true,
        seed: 7,
        version: "test".into(),
    };
    write_reports(out, &info, std::slice::from_ref(&report)).unwrap();

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("Overall: **FAIL**") && md.contains("| auROC \\| test | 0.5 | 0.9 | 0.8 – 1 | **FAIL** |"),
        "{md}"
    );
    // every image link resolves relative to the report's folder
    let links: Vec<&str> = md
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|l| l.ends_with(".png"))
        .collect();
    assert_eq!(links, ["demo/logo.png"]);
    assert!(links.iter().all(|l| is_png(&out.join(l))));

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let png = std::fs::read(out.join("demo").join("logo.png")).unwrap();
    assert!(
        html.contains(&format!("data:image/png;base64,{}", base64_encode(&png))),
        "the PNG is inline"
    );
    assert!(html.contains("Demo &lt;tutorial&gt; &amp; co") && html.contains("uses &lt;b&gt;raw&lt;/b&gt; data"));
    assert!(!html.contains("<b>raw</b>"), "note text is escaped");

    let j = json(&out.join("report.json"));
    assert_eq!(j["passed"], false);
    assert_eq!(j["run"]["seed"], 7);
    assert_eq!(j["tutorials"][0]["checks"].as_array().unwrap().len(), 3);
    assert_eq!(j["tutorials"][0]["figures"][0]["path"], "demo/logo.png");

    // once the failing check is gone the same writers say PASS
    let mut fixed = report;
    fixed.checks.remove(1);
    assert!(render_markdown(&info, std::slice::from_ref(&fixed)).contains("Overall: **PASS**"));
    assert!(render_html(&info, &[fixed], out).contains("Overall: <span class=\"pass\">PASS</span>"));
}

#[test]
fn unknown_tutorial_names_fail_with_the_known_names() {
    let dir = tempfile::tempdir().unwrap();
    let o = seqdl(&[
        "reproduce",
        "--only",
        "primr",
        "--quick",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("\"primr\"") && err.contains("chipseq, primer, pwm, sgrna, dragonn"),
        "{err}"
    );
    assert!(
        !dir.path().join("report.md").exists(),
        "nothing runs after a bad --only"
    );
}

#[test]
fn quick_primer_passes_writes_what_it_claims_and_repeats_with_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = dir.path().join(name);
        let o = seqdl(&[
            "reproduce",
            "--only",
            "primer",
            "--quick",
            "--seed",
            "3",
            "--out",
            out.to_str().unwrap(),
        ]);
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
    let cells: f64 = [
        "true 0 → predicted 0",
        "true 0 → predicted 1",
        "true 1 → predicted 0",
        "true 1 → predicted 1",
    ]
    .iter()
    .map(|c| check(&format!("confusion: {c}")))
    .sum();
    assert_eq!(cells, 500.0);
    let numbers = json(&out.join("primer").join("primer.json"));
    assert_eq!(
        numbers["example"]["motif_start"], 5,
        "sequence 1999 holds the motif at the tutorial's bars 5–16"
    );

    let again = run("b");
    assert_eq!(
        numbers,
        json(&again.join("primer").join("primer.json")),
        "same seed, same numbers"
    );
}
