//! # seqdl-tutorials
//!
//! The five tutorials, the genome section and the variant-effect section reproduced end to end (`seqdl reproduce`, run by `cargo xtask reproduce-all`).
//!
//! Each tutorial is a function `run(&Context) -> Result<TutorialReport>` that writes its figures (PNG) and
//! numbers (JSON) under `Context::dir`, and returns checks: a number, the original tutorial's number beside it
//! and a threshold that decides PASS/FAIL. [`run_all`] runs the selected tutorials and writes the report.
//! Models are trained, saved and reloaded through the application layer's model folder
//! ([`seq_app::pipelines::train::train_into`]) and explained through its pipelines, exactly as a user's
//! `seqdl train → explain → filters` would; each tutorial checks that the reloaded model gives the trained
//! model's logits.
//!
//! **Never depends on** the command line; nothing below it depends on this crate.
#![warn(missing_docs)]

pub mod backend;
pub mod chipseq;
pub mod ctcf_patterns;
pub mod dragonn;
pub mod error;
pub mod fitting;
pub mod genome;
pub mod primer;
pub mod pwm;
pub mod report;
pub mod sgrna;
pub mod sgrna_splits;
pub mod tomtom_rank;
pub mod variants;

use seq_interpret as interpret;
use seq_io as io;
use seq_models as models;
use seq_plot as plot;
use seq_sim as sim;
use seq_train as train;

pub use error::{Error, Result, TutorialError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a reproduction run does: where it writes, how big it is, which seed it uses.
#[derive(Debug, Clone)]
pub struct ReproduceOptions {
    /// Output folder (`target/reproduce` under `cargo xtask reproduce-all`).
    pub out: PathBuf,
    /// Reduced sizes and epochs (same code paths): what CI runs.
    pub quick: bool,
    /// The seed every random step derives from.
    pub seed: u64,
    /// Run only these tutorials (names from [`TUTORIALS`]); empty runs all.
    pub only: Vec<String>,
    /// The project's data folder (`data/`, with the files listed in `data/README.md`).
    pub data: PathBuf,
}

/// What a tutorial needs while it runs.
#[derive(Debug, Clone)]
pub struct Context {
    /// The tutorial's own output folder (`<out>/<name>`); figures and JSON go here.
    pub dir: PathBuf,
    /// Reduced run (fewer sequences and epochs).
    pub quick: bool,
    /// The run's seed.
    pub seed: u64,
    /// The project's data folder.
    pub data: PathBuf,
}

impl Context {
    /// A file under the data folder, with an error naming it when it is missing.
    pub fn data_file(&self, rel: &str) -> Result<PathBuf> {
        let path = self.data.join(rel);
        if path.exists() {
            Ok(path)
        } else {
            Err(crate::Error::Step(format!("data file {} is missing (see data/README.md)", path.display())))
        }
    }

    /// A path under the tutorial's output folder.
    pub fn out(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// `full` normally, `quick` under `--quick`.
    pub fn size(&self, full: usize, quick: usize) -> usize {
        if self.quick {
            quick
        } else {
            full
        }
    }

    /// The application layer's context for a step of this tutorial: a terminal bar prefixed with the
    /// tutorial's and the step's names.
    pub fn app(&self, step: &str) -> seq_app::Context {
        let name = self.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bar = seq_app::progress::terminal::Bar::new(true).with_prefix(&format!("{name:>10} {step:<20} "));
        seq_app::Context::new(std::sync::Arc::new(bar))
    }

    /// A progress bar for one step of a tutorial (hidden when standard error is not a terminal).
    pub fn progress(&self, len: u64, step: &str) -> indicatif::ProgressBar {
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix:>10} {msg:<32} [{bar:30}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(self.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar.set_message(step.to_string());
        bar
    }
}

/// How a check's number is judged.
#[derive(Debug, Clone, Copy, Serialize)]
pub enum Threshold {
    /// PASS when the value is ≥ this.
    AtLeast(f64),
    /// PASS when the value is ≤ this.
    AtMost(f64),
    /// PASS when the value lies in `[lo, hi]`.
    Between(f64, f64),
}

impl Threshold {
    /// Whether `value` passes (NaN never passes).
    pub fn passes(self, value: f64) -> bool {
        match self {
            Threshold::AtLeast(t) => value >= t,
            Threshold::AtMost(t) => value <= t,
            Threshold::Between(lo, hi) => value >= lo && value <= hi,
        }
    }

    /// Human-readable form for the report, e.g. `≥ 0.96`.
    pub fn describe(self) -> String {
        match self {
            Threshold::AtLeast(t) => format!("≥ {t}"),
            Threshold::AtMost(t) => format!("≤ {t}"),
            Threshold::Between(lo, hi) => format!("{lo} – {hi}"),
        }
    }
}

/// One number of a tutorial: seqdl's value, the original tutorial's, and the threshold it must meet.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What was measured, e.g. "IRF1 seed000 test auROC".
    pub name: String,
    /// seqdl's value.
    pub value: f64,
    /// The original tutorial's number (or the PyTorch reference), as text; empty when there is none.
    pub original: String,
    /// The PASS/FAIL rule; `None` makes the number informational.
    pub threshold: Option<Threshold>,
}

impl Check {
    /// A judged number.
    pub fn new(name: impl Into<String>, value: f64, original: impl Into<String>, threshold: Threshold) -> Self {
        Check { name: name.into(), value, original: original.into(), threshold: Some(threshold) }
    }

    /// An informational number (reported, never fails).
    pub fn info(name: impl Into<String>, value: f64, original: impl Into<String>) -> Self {
        Check { name: name.into(), value, original: original.into(), threshold: None }
    }

    /// Whether the check passes (informational checks always pass).
    pub fn passed(&self) -> bool {
        self.threshold.is_none_or(|t| t.passes(self.value))
    }
}

/// A figure a tutorial wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Caption.
    pub caption: String,
    /// Path of the PNG relative to the output folder (`<tutorial>/<file>.png`).
    pub path: PathBuf,
}

/// Everything one tutorial reports.
#[derive(Debug, Clone, Serialize)]
pub struct TutorialReport {
    /// Short name (`chipseq`, `primer`, ...).
    pub name: String,
    /// Title for the report.
    pub title: String,
    /// Numbers with their thresholds.
    pub checks: Vec<Check>,
    /// Figures, in reading order.
    pub figures: Vec<Figure>,
    /// Free-form notes (what differs from the original, data substitutions).
    pub notes: Vec<String>,
    /// Wall-clock seconds the tutorial took.
    pub seconds: f64,
}

impl TutorialReport {
    /// An empty report for tutorial `name`.
    pub fn new(name: &str, title: &str) -> Self {
        TutorialReport {
            name: name.into(),
            title: title.into(),
            checks: vec![],
            figures: vec![],
            notes: vec![],
            seconds: 0.0,
        }
    }

    /// Adds a figure written at `path` (absolute or under the context's folder).
    pub fn figure(&mut self, ctx: &Context, caption: impl Into<String>, path: &Path) {
        let inside = path.strip_prefix(&ctx.dir).ok().filter(|p| !p.as_os_str().is_empty());
        let rel = match (ctx.dir.file_name(), inside.or(path.file_name().map(Path::new))) {
            (Some(dir), Some(file)) => PathBuf::from(dir).join(file),
            _ => path.to_path_buf(),
        };
        self.figures.push(Figure { caption: caption.into(), path: rel });
    }

    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(Check::passed)
    }
}

/// A tutorial: its name, title and entry point.
pub struct Tutorial {
    /// Name used by `--only`.
    pub name: &'static str,
    /// Title in the report.
    pub title: &'static str,
    /// Runs it.
    pub run: fn(&Context) -> Result<TutorialReport>,
}

/// The five tutorials and the genome and variant sections, in the report's order.
pub const TUTORIALS: [Tutorial; 7] = [
    Tutorial { name: "chipseq", title: "1. ChIP-seq CNN from HDF5 (seed 000)", run: chipseq::run },
    Tutorial { name: "primer", title: "2. Genomics primer (seed 001)", run: primer::run },
    Tutorial { name: "pwm", title: "3. PWM simulation and denoiser (seed 002)", run: pwm::run },
    Tutorial { name: "sgrna", title: "4. sgRNA regression (seed 003)", run: sgrna::run },
    Tutorial { name: "dragonn", title: "5. DragoNN simulations (seed 004)", run: dragonn::run },
    Tutorial { name: "genome", title: "6. CTCF from peaks and the genome", run: genome::run },
    Tutorial { name: "variants", title: "7. Variant effects near CTCF sites", run: variants::run },
];

/// Runs the selected tutorials, writes `report.md`, `report.html` and `report.json` under `opts.out`, and
/// returns the reports (the caller decides the exit code from [`TutorialReport::passed`]).
pub fn run_all(opts: &ReproduceOptions) -> Result<Vec<TutorialReport>> {
    report::run_all(opts)
}
