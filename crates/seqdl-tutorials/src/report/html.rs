//! `report.html`: the same content as `report.md` in one self-contained page (figures inline as PNG
//! data URIs, a small embedded style sheet).

use super::markdown::anchor;
use super::{check_result, figure_href, format_value, threshold_text, verdict, RunInfo};
use crate::{Figure, TutorialReport};
pub use seq_app::html::{data_uri, escape};
use std::path::Path;

const STYLE: &str = "
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #1f2328; max-width: 1200px;
       margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
h1 { border-bottom: 2px solid #d0d7de; padding-bottom: .3em; }
h2 { margin-top: 2.2em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: .35em .8em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #1a7f37; font-weight: 600; }
.fail { color: #cf222e; font-weight: 700; }
.info { color: #57606a; }
.meta { color: #57606a; }
.figures { display: flex; flex-wrap: wrap; gap: 1.2em; }
figure { margin: 0; flex: 1 1 480px; max-width: 100%; }
figure img { width: 100%; height: auto; border: 1px solid #d0d7de; }
figcaption { font-size: .92em; color: #3d444d; margin-top: .3em; }
.missing { color: #cf222e; }
";

/// The HTML report of `reports`; figures are read from `out` (the report's folder) and embedded.
pub fn render_html(info: &RunInfo, reports: &[TutorialReport], out: &Path) -> String {
    let total: f64 = reports.iter().map(|r| r.seconds).sum();
    let all = reports.iter().all(TutorialReport::passed);
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    s += "<title>seqdl: the tutorials reproduced</title>\n<style>";
    s += STYLE;
    s += "</style>\n</head>\n<body>\n<h1>seqdl: the tutorials reproduced</h1>\n";
    s += &format!(
        "<p class=\"meta\">Run: {} sizes, seed {}, seqdl {}. Overall: {} ({} tutorial(s), {total:.1} s).</p>\n",
        info.mode(),
        info.seed,
        escape(&info.version),
        verdict_span(all),
        reports.len()
    );
    s += "<table>\n<tr><th>tutorial</th><th>result</th><th>checks passed</th><th>time</th></tr>\n";
    for r in reports {
        let passed = r.checks.iter().filter(|c| c.passed()).count();
        s += &format!(
            "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"num\">{passed}/{}</td><td class=\"num\">{:.1} s</td></tr>\n",
            anchor(&r.name),
            escape(&r.title),
            verdict_span(r.passed()),
            r.checks.len(),
            r.seconds
        );
    }
    s += "</table>\n";
    for r in reports {
        s += &tutorial_section(r, out);
    }
    s += "</body>\n</html>\n";
    s
}

fn tutorial_section(r: &TutorialReport, out: &Path) -> String {
    let passed = r.checks.iter().filter(|c| c.passed()).count();
    let mut s = format!("<section id=\"{}\">\n<h2>{}</h2>\n", anchor(&r.name), escape(&r.title));
    s += &format!(
        "<p class=\"meta\">{} · {:.1} s · {passed}/{} checks passed</p>\n",
        verdict_span(r.passed()),
        r.seconds,
        r.checks.len()
    );
    if !r.checks.is_empty() {
        s += "<table>\n<tr><th>check</th><th>seqdl</th><th>original</th><th>threshold</th><th>result</th></tr>\n";
        for c in &r.checks {
            let original = if c.original.is_empty() { "—" } else { c.original.as_str() };
            let result = check_result(c);
            s += &format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"{}\">{result}</td></tr>\n",
                escape(&c.name),
                format_value(c.value),
                escape(original),
                escape(&threshold_text(c)),
                result.to_ascii_lowercase()
            );
        }
        s += "</table>\n";
    }
    if !r.figures.is_empty() {
        s += "<div class=\"figures\">\n";
        for f in &r.figures {
            s += &figure(f, out);
        }
        s += "</div>\n";
    }
    if !r.notes.is_empty() {
        s += "<h3>Notes</h3>\n<ul>\n";
        for n in &r.notes {
            s += &format!("<li>{}</li>\n", escape(n));
        }
        s += "</ul>\n";
    }
    s += "</section>\n";
    s
}

/// One figure: the PNG as a data URI, or a visible note when the file cannot be read.
fn figure(f: &Figure, out: &Path) -> String {
    let href = figure_href(&f.path);
    match std::fs::read(out.join(&f.path)) {
        Ok(bytes) => format!(
            "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
            data_uri(&bytes),
            escape(&f.caption),
            escape(&f.caption)
        ),
        Err(e) => {
            tracing::warn!(figure = %href, error = %e, "figure missing from the HTML report");
            format!(
                "<p class=\"missing\">figure {} is missing ({}): {}</p>\n",
                escape(&href),
                escape(&e.to_string()),
                escape(&f.caption)
            )
        }
    }
}

fn verdict_span(passed: bool) -> String {
    let v = verdict(passed);
    format!("<span class=\"{}\">{v}</span>", v.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Check, Threshold};
    use std::path::PathBuf;

    #[test]
    fn html_embeds_figures_escapes_text_and_marks_results() {
        let dir = std::env::temp_dir().join(format!("seqdl-html-unit-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pwm")).unwrap();
        let png = [0x89u8, b'P', b'N', b'G', 13, 10, 26, 10];
        std::fs::write(dir.join("pwm").join("logo.png"), png).unwrap();
        let mut r = TutorialReport::new("pwm", "3. PWM <simulation> & denoiser");
        r.checks.push(Check::new("validation accuracy", 1.0, "1.0", Threshold::AtLeast(0.95)));
        r.checks.push(Check::new("consensus \"agreement\"", 10.0, "", Threshold::AtLeast(12.0)));
        r.checks.push(Check::info("seed greedy identity", 0.05, "≈ 0"));
        r.figures.push(Figure { caption: "filter <logo>".into(), path: PathBuf::from("pwm").join("logo.png") });
        r.figures.push(Figure { caption: "gone".into(), path: PathBuf::from("pwm").join("gone.png") });
        r.notes.push("a < b && c".into());
        let info = RunInfo { quick: false, seed: 0, version: "0.1.0".into() };
        let html = render_html(&info, &[r], &dir);
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        assert!(html.contains("3. PWM &lt;simulation&gt; &amp; denoiser"), "{html}");
        assert!(html.contains("consensus &quot;agreement&quot;"), "{html}");
        assert!(html.contains("<li>a &lt; b &amp;&amp; c</li>"), "{html}");
        assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""), "{html}");
        assert!(html.contains("alt=\"filter &lt;logo&gt;\""), "{html}");
        assert!(html.contains("figure pwm/gone.png is missing"), "{html}");
        assert!(
            html.contains("<td class=\"pass\">PASS</td>") && html.contains("<td class=\"fail\">FAIL</td>"),
            "{html}"
        );
        assert!(html.contains("<td class=\"info\">info</td>"), "{html}");
        assert!(html.contains("<a href=\"#pwm\">") && html.contains("<section id=\"pwm\">"), "{html}");
        assert!(!html.contains("src=\"pwm/"), "no external image references");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn data_uri_is_base64_png() {
        assert_eq!(data_uri(b"foobar"), "data:image/png;base64,Zm9vYmFy");
    }
}
