//! The report writer: Markdown links, a self-contained HTML with the PNGs inlined, and the JSON of the reports.

use seqdl_tutorials::report::{base64_encode, render_html, render_markdown, write_reports, RunInfo};
use seqdl_tutorials::{Check, Figure, Threshold, TutorialReport};
use std::path::{Path, PathBuf};

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
    seq_plot::draw_logo(&png, &heights, &seq_plot::LogoOptions { title: "demo".into(), ..Default::default() }).unwrap();
    let mut r = TutorialReport::new("demo", "Demo <tutorial> & co");
    r.checks.push(Check::new("accuracy", 0.97, "0.98", Threshold::AtLeast(0.96)));
    r.checks.push(Check::new("auROC | test", 0.5, "0.9", Threshold::Between(0.8, 1.0)));
    r.checks.push(Check::info("true negatives", 251.0, "251"));
    r.figures.push(Figure { caption: "A logo".into(), path: PathBuf::from("demo").join("logo.png") });
    r.notes.push("uses <b>raw</b> data".into());
    r.seconds = 1.5;
    r
}

#[test]
fn report_files_link_embed_and_serialise_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let report = sample(out);
    let info = RunInfo { quick: true, seed: 7, version: "test".into() };
    write_reports(out, &info, std::slice::from_ref(&report)).unwrap();

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("Overall: **FAIL**") && md.contains("| auROC \\| test | 0.5 | 0.9 | 0.8 – 1 | **FAIL** |"),
        "{md}"
    );
    // every image link resolves relative to the report's folder
    let links: Vec<&str> =
        md.split("](").skip(1).filter_map(|s| s.split(')').next()).filter(|l| l.ends_with(".png")).collect();
    assert_eq!(links, ["demo/logo.png"]);
    assert!(links.iter().all(|l| is_png(&out.join(l))));

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let png = std::fs::read(out.join("demo").join("logo.png")).unwrap();
    assert!(html.contains(&format!("data:image/png;base64,{}", base64_encode(&png))), "the PNG is inline");
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
