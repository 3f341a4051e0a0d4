//! `report.md`: a summary table, then per tutorial its checks, figures (relative image links) and notes.

use super::{check_result, figure_href, format_value, threshold_text, verdict, RunInfo};
use crate::TutorialReport;

/// The Markdown report of `reports`; figure links are relative to the report's folder.
pub fn render_markdown(info: &RunInfo, reports: &[TutorialReport]) -> String {
    let total: f64 = reports.iter().map(|r| r.seconds).sum();
    let all = reports.iter().all(TutorialReport::passed);
    let mut s = String::from("# seqdl: the tutorials reproduced\n\n");
    s += &format!(
        "Run: {} sizes, seed {}, seqdl {}. Overall: **{}** ({} tutorial(s), {total:.1} s).\n\n",
        info.mode(),
        info.seed,
        info.version,
        verdict(all),
        reports.len()
    );
    s += "| tutorial | result | checks passed | time |\n|---|---|---|---|\n";
    for r in reports {
        let passed = r.checks.iter().filter(|c| c.passed()).count();
        s += &format!(
            "| [{}](#{}) | {} | {passed}/{} | {:.1} s |\n",
            cell(&r.title),
            anchor(&r.name),
            verdict(r.passed()),
            r.checks.len(),
            r.seconds
        );
    }
    for r in reports {
        s += &tutorial_section(r);
    }
    s
}

fn tutorial_section(r: &TutorialReport) -> String {
    let passed = r.checks.iter().filter(|c| c.passed()).count();
    let mut s = format!("\n<a id=\"{}\"></a>\n\n## {}\n\n", anchor(&r.name), one_line(&r.title));
    s += &format!("**{}** · {:.1} s · {passed}/{} checks passed\n\n", verdict(r.passed()), r.seconds, r.checks.len());
    if !r.checks.is_empty() {
        s += "| check | seqdl | original | threshold | result |\n|---|---|---|---|---|\n";
        for c in &r.checks {
            let original = if c.original.is_empty() { "—" } else { c.original.as_str() };
            let result = match check_result(c) {
                "FAIL" => "**FAIL**",
                other => other,
            };
            s += &format!(
                "| {} | {} | {} | {} | {result} |\n",
                cell(&c.name),
                format_value(c.value),
                cell(original),
                cell(&threshold_text(c))
            );
        }
        s.push('\n');
    }
    if !r.figures.is_empty() {
        s += "### Figures\n\n";
        for f in &r.figures {
            s += &format!("![{}]({})\n\n*{}*\n\n", alt(&f.caption), link(&figure_href(&f.path)), one_line(&f.caption));
        }
    }
    if !r.notes.is_empty() {
        s += "### Notes\n\n";
        for n in &r.notes {
            s += &format!("- {}\n", one_line(n));
        }
    }
    s
}

/// A table cell: `|` escaped, line breaks as spaces.
pub fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split(['\n', '\r']).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Image alt text: brackets escaped.
fn alt(text: &str) -> String {
    one_line(text).replace('[', "\\[").replace(']', "\\]")
}

/// A link target with spaces and parentheses percent-encoded.
fn link(href: &str) -> String {
    href.replace('%', "%25").replace(' ', "%20").replace('(', "%28").replace(')', "%29")
}

/// The HTML id of a tutorial's section.
pub fn anchor(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Check, Figure, Threshold};
    use std::path::PathBuf;

    fn report() -> TutorialReport {
        let mut r = TutorialReport::new("primer", "2. Genomics primer (seed 001)");
        r.checks.push(Check::new("test accuracy", 0.982, "0.98", Threshold::AtLeast(0.96)));
        r.checks.push(Check::new("peak | motif", 0.5, "", Threshold::AtLeast(0.9)));
        r.checks.push(Check::info("true negatives", 251.0, "251"));
        r.figures.push(Figure {
            caption: "Loss [train] and\nvalidation".into(),
            path: PathBuf::from("primer").join("my curves.png"),
        });
        r.notes.push("split differs\nfrom sklearn".into());
        r.seconds = 12.34;
        r
    }

    #[test]
    fn markdown_has_summary_checks_figures_and_notes() {
        let info = RunInfo { quick: true, seed: 3, version: "0.1.0".into() };
        let md = render_markdown(&info, &[report()]);
        assert!(md.contains("Run: quick sizes, seed 3"), "{md}");
        assert!(md.contains("Overall: **FAIL**"), "{md}");
        assert!(md.contains("| [2. Genomics primer (seed 001)](#primer) | FAIL | 2/3 | 12.3 s |"), "{md}");
        assert!(md.contains("| test accuracy | 0.982 | 0.98 | ≥ 0.96 | PASS |"), "{md}");
        assert!(md.contains("| peak \\| motif | 0.5 | — | ≥ 0.9 | **FAIL** |"), "{md}");
        assert!(md.contains("| true negatives | 251 | 251 | — | info |"), "{md}");
        assert!(md.contains("![Loss \\[train\\] and validation](primer/my%20curves.png)"), "{md}");
        assert!(md.contains("- split differs from sklearn"), "{md}");
        assert!(md.contains("<a id=\"primer\"></a>"), "{md}");
    }

    #[test]
    fn a_passing_run_says_pass() {
        let mut r = report();
        r.checks.remove(1);
        let md = render_markdown(&RunInfo { quick: false, seed: 0, version: "x".into() }, &[r]);
        assert!(md.contains("Overall: **PASS**") && md.contains("Run: full sizes") && !md.contains("FAIL"), "{md}");
    }
}
