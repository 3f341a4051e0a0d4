//! Running the selected tutorials and writing the report: `report.md`, a self-contained `report.html`
//! (figures inline as data URIs) and `report.json`, plus a short summary on standard output.
//!
//! A tutorial that returns an error (or panics) does not stop the run: it becomes a failed report whose
//! note holds the error text and whose single check ("tutorial ran to completion") fails.

mod html;
mod markdown;

pub use html::render_html;
pub use markdown::render_markdown;
pub use seq_app::html::encode as base64_encode;

use super::{Check, Context, ReproduceOptions, Threshold, Tutorial, TutorialReport, TUTORIALS};
use crate::{Error, Result};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Name of the Markdown report under the output folder.
pub const REPORT_MD: &str = "report.md";
/// Name of the HTML report under the output folder.
pub const REPORT_HTML: &str = "report.html";
/// Name of the JSON report under the output folder.
pub const REPORT_JSON: &str = "report.json";

/// How the run was made, printed at the top of every report.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// `--quick` sizes.
    pub quick: bool,
    /// The run's seed.
    pub seed: u64,
    /// seqdl's version.
    pub version: String,
}

impl RunInfo {
    /// The run information of `opts`.
    pub fn of(opts: &ReproduceOptions) -> Self {
        RunInfo { quick: opts.quick, seed: opts.seed, version: env!("CARGO_PKG_VERSION").to_string() }
    }

    /// "full" or "quick".
    pub fn mode(&self) -> &'static str {
        if self.quick {
            "quick"
        } else {
            "full"
        }
    }
}

/// What `report.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct ReportFile<'a> {
    /// How the run was made.
    pub run: &'a RunInfo,
    /// Whether every check of every tutorial passed.
    pub passed: bool,
    /// Wall-clock seconds of all tutorials together.
    pub seconds: f64,
    /// One report per tutorial, in the run's order.
    pub tutorials: &'a [TutorialReport],
}

/// The tutorials named in `only` (all when empty), in the report's order; an unknown name is an error
/// listing the known ones.
pub fn select(only: &[String]) -> Result<Vec<&'static Tutorial>> {
    if let Some(unknown) = only.iter().find(|name| !TUTORIALS.iter().any(|t| t.name == name.as_str())) {
        let known: Vec<&str> = TUTORIALS.iter().map(|t| t.name).collect();
        return Err(Error::Step(format!(
            "unknown tutorial {unknown:?} for --only; known tutorials: {}",
            known.join(", ")
        )));
    }
    Ok(TUTORIALS.iter().filter(|t| only.is_empty() || only.iter().any(|n| n == t.name)).collect())
}

/// See [`super::run_all`].
pub fn run_all(opts: &ReproduceOptions) -> Result<Vec<TutorialReport>> {
    let selected = select(&opts.only)?;
    create_dir(&opts.out)?;
    let info = RunInfo::of(opts);
    tracing::info!(out = %opts.out.display(), quick = opts.quick, seed = opts.seed, tutorials = selected.len(), "reproducing");
    let mut reports = Vec::with_capacity(selected.len());
    for tutorial in selected {
        reports.push(run_one(tutorial, opts)?);
    }
    write_reports(&opts.out, &info, &reports)?;
    print!("{}", summary(&reports, &opts.out));
    Ok(reports)
}

/// Runs one tutorial in `<out>/<name>/`, timing it; an error or a panic becomes a failed report.
pub fn run_one(tutorial: &Tutorial, opts: &ReproduceOptions) -> Result<TutorialReport> {
    let dir = opts.out.join(tutorial.name);
    create_dir(&dir)?;
    let ctx = Context { dir, quick: opts.quick, seed: opts.seed, data: opts.data.clone() };
    let span = tracing::info_span!("tutorial", name = tutorial.name);
    let _entered = span.enter();
    tracing::info!(title = tutorial.title, "starting");
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (tutorial.run)(&ctx)));
    let seconds = started.elapsed().as_secs_f64();
    let mut report = match outcome {
        Ok(Ok(report)) => report,
        Ok(Err(e)) => failed_report(tutorial, &error_chain(&e)),
        Err(panic) => failed_report(tutorial, &format!("panicked: {}", panic_text(panic.as_ref()))),
    };
    report.name = tutorial.name.to_string();
    if report.title.is_empty() {
        report.title = tutorial.title.to_string();
    }
    report.seconds = seconds;
    let failed = report.checks.iter().filter(|c| !c.passed()).count();
    if report.passed() {
        tracing::info!(seconds, checks = report.checks.len(), "passed");
    } else {
        tracing::warn!(seconds, failed, checks = report.checks.len(), "failed");
    }
    Ok(report)
}

/// The report of a tutorial that could not finish: the error as a note and one failing check.
pub fn failed_report(tutorial: &Tutorial, error: &str) -> TutorialReport {
    tracing::error!(tutorial = tutorial.name, error, "tutorial did not finish");
    let mut report = TutorialReport::new(tutorial.name, tutorial.title);
    report.notes.push(format!("error: {error}"));
    report.checks.push(Check::new("tutorial ran to completion", 0.0, "", Threshold::AtLeast(1.0)));
    report
}

/// Writes `report.md`, `report.html` and `report.json` under `out`.
pub fn write_reports(out: &Path, info: &RunInfo, reports: &[TutorialReport]) -> Result<()> {
    write_file(&out.join(REPORT_MD), render_markdown(info, reports).as_bytes())?;
    write_file(&out.join(REPORT_HTML), render_html(info, reports, out).as_bytes())?;
    let seconds = reports.iter().map(|r| r.seconds).sum();
    let file =
        ReportFile { run: info, passed: reports.iter().all(TutorialReport::passed), seconds, tutorials: reports };
    let json = serde_json::to_string_pretty(&file)
        .map_err(|e| Error::Write { path: out.join(REPORT_JSON), source: std::io::Error::other(e) })?;
    write_file(&out.join(REPORT_JSON), json.as_bytes())?;
    tracing::info!(dir = %out.display(), "wrote report.md, report.html, report.json");
    Ok(())
}

/// The lines printed at the end of a run: one per tutorial (PASS/FAIL, checks, time) and the report path.
pub fn summary(reports: &[TutorialReport], out: &Path) -> String {
    let width = reports.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for r in reports {
        let passed = r.checks.iter().filter(|c| c.passed()).count();
        s += &format!(
            "{:<width$}  {}  {passed}/{} checks  {:>7.1} s\n",
            r.name,
            verdict(r.passed()),
            r.checks.len(),
            r.seconds
        );
    }
    let total: f64 = reports.iter().map(|r| r.seconds).sum();
    let all = reports.iter().all(TutorialReport::passed);
    s += &format!(
        "{}: {} tutorial(s) in {total:.1} s; report: {}\n",
        verdict(all),
        reports.len(),
        out.join(REPORT_MD).display()
    );
    s
}

/// "PASS" or "FAIL".
pub fn verdict(passed: bool) -> &'static str {
    if passed {
        "PASS"
    } else {
        "FAIL"
    }
}

/// A number as the report prints it: integers without decimals, others with 4 significant digits or
/// fixed decimals.
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v.fract() == 0.0 && v.abs() < 1e12 {
        return format!("{v:.0}");
    }
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.1}")
    } else if a >= 1e-3 {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.3e}")
    }
}

/// The result column of a check: PASS, FAIL, or "info" for a number without threshold.
pub fn check_result(check: &Check) -> &'static str {
    match check.threshold {
        None => "info",
        Some(_) => verdict(check.passed()),
    }
}

/// The threshold column of a check ("—" for informational numbers).
pub fn threshold_text(check: &Check) -> String {
    check.threshold.map_or_else(|| "—".to_string(), Threshold::describe)
}

/// A figure's path with `/` separators (as Markdown and HTML want it).
pub fn figure_href(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Writes `value` as pretty-printed JSON to `path` (a tutorial's `<name>.json`).
pub fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Write { path: path.to_path_buf(), source: std::io::Error::other(e) })?;
    write_file(path, text.as_bytes())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(seq_io::atomic::write_atomic(path, bytes)?)
}

/// An error with its causes, `a: b: c`.
fn error_chain(e: &Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text += &format!(": {more}");
        }
        source = s.source();
    }
    text
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_refused_with_the_known_list() {
        let e = select(&["primer".into(), "nope".into()]).map(|_| ()).unwrap_err().to_string();
        assert!(e.contains("\"nope\"") && e.contains("chipseq, primer, pwm, sgrna, dragonn"), "{e}");
        let picked: Vec<&str> = select(&["pwm".into(), "primer".into()]).unwrap().iter().map(|t| t.name).collect();
        assert_eq!(picked, ["primer", "pwm"], "report order, not command-line order");
        assert_eq!(select(&[]).unwrap().len(), TUTORIALS.len());
    }

    #[test]
    fn values_print_compactly() {
        assert_eq!(format_value(251.0), "251");
        assert_eq!(format_value(0.98), "0.98");
        assert_eq!(format_value(0.123456), "0.1235");
        assert_eq!(format_value(1234.567), "1234.6");
        assert_eq!(format_value(0.00001234), "1.234e-5");
        assert_eq!(format_value(f64::NAN), "NaN");
    }

    #[test]
    fn a_failing_tutorial_becomes_a_failed_report_and_the_run_goes_on() {
        fn broken(_: &Context) -> Result<TutorialReport> {
            Err(Error::Step("data file x is missing".into()))
        }
        fn panicking(_: &Context) -> Result<TutorialReport> {
            panic!("index out of bounds")
        }
        fn fine(ctx: &Context) -> Result<TutorialReport> {
            let mut r = TutorialReport::new("fine", "Fine");
            r.checks.push(Check::new("accuracy", 0.99, "0.98", Threshold::AtLeast(0.9)));
            std::fs::write(ctx.out("x.txt"), b"x").map_err(|source| Error::Write { path: ctx.out("x.txt"), source })?;
            Ok(r)
        }
        let dir = std::env::temp_dir().join(format!("seqdl-report-unit-{}", std::process::id()));
        let opts = ReproduceOptions { out: dir.clone(), quick: true, seed: 0, only: vec![], data: dir.clone() };
        let broken = Tutorial { name: "broken", title: "Broken", run: broken };
        let panicking = Tutorial { name: "panicking", title: "Panicking", run: panicking };
        let fine = Tutorial { name: "fine", title: "Fine", run: fine };
        let b = run_one(&broken, &opts).unwrap();
        assert!(!b.passed());
        assert!(b.notes[0].contains("data file x is missing"), "{:?}", b.notes);
        let p = run_one(&panicking, &opts).unwrap();
        assert!(!p.passed() && p.notes[0].contains("index out of bounds"), "{:?}", p.notes);
        let f = run_one(&fine, &opts).unwrap();
        assert!(f.passed() && f.seconds >= 0.0);
        assert!(dir.join("fine").join("x.txt").exists(), "the tutorial writes into <out>/<name>/");
        let text = summary(&[b, f], &dir);
        assert!(text.contains("broken  FAIL  0/1 checks") && text.contains("fine    PASS  1/1 checks"), "{text}");
        assert!(text.contains("FAIL: 2 tutorial(s)"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
