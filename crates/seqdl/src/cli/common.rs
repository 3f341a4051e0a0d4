//! What several commands share: the data options (an HDF5 split, or FASTA + labels), output helpers and
//! progress bars.

use super::encode::Policy;
use clap::Args;
use seq_io::h5::H5ReadOptions;
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::Dataset;
use seqdl::{Error, Result};
use std::path::{Path, PathBuf};

/// The CPU backend compiled in.
pub type Cpu = seqdl::backend::Cpu;
/// Its autodiff wrapper (training and gradients).
pub type Ad = seqdl::backend::Train;

/// Where sequences (and labels) come from: one split of an HDF5 dataset, or a sequence file with labels.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// HDF5 dataset in the tutorial layout (x_train, y_train, …), e.g. from `seqdl encode` or `seqdl simulate`.
    #[arg(long, conflicts_with = "fasta", required_unless_present = "fasta")]
    pub h5: Option<PathBuf>,
    /// Split of --h5 to use (train, valid, test).
    #[arg(long, requires = "h5")]
    pub split: Option<String>,
    /// Sequences: FASTA/FASTQ (optionally compressed) or one sequence per line.
    #[arg(long)]
    pub fasta: Option<PathBuf>,
    /// Labels parallel to --fasta, one row per line.
    #[arg(long, requires = "fasta", conflicts_with_all = ["targets", "neg"])]
    pub labels: Option<PathBuf>,
    /// A TAB-separated target file for --fasta (keras_genomics `.target`, or keyed by record name).
    #[arg(long, requires = "fasta", conflicts_with = "neg")]
    pub targets: Option<PathBuf>,
    /// FASTA of negatives: --fasta then holds the positives (label 1), this file the negatives (label 0).
    #[arg(long, requires = "fasta")]
    pub neg: Option<PathBuf>,
    /// Handling of N and IUPAC letters in --fasta.
    #[arg(long, value_enum, default_value = "zeros")]
    pub policy: Policy,
    /// Centre pad/crop the --fasta sequences to this length (default: all must have the same length).
    #[arg(long)]
    pub length: Option<usize>,
}

impl DataArgs {
    /// A short description of the data for logs and records, e.g. `data.h5 [test]`.
    pub fn describe(&self, default_split: &str) -> String {
        match (&self.h5, &self.fasta) {
            (Some(h5), _) => format!(
                "{} [{}]",
                h5.display(),
                self.split.as_deref().unwrap_or(default_split)
            ),
            (_, Some(fasta)) => {
                let labels = self
                    .labels
                    .as_ref()
                    .or(self.targets.as_ref())
                    .or(self.neg.as_ref());
                match labels {
                    Some(l) => format!("{} + {}", fasta.display(), l.display()),
                    None => fasta.display().to_string(),
                }
            }
            _ => String::from("<no data>"),
        }
    }

    /// [`DataArgs::describe`] with file names only (for figure titles).
    pub fn short(&self, default_split: &str) -> String {
        let name = |p: &PathBuf| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        match (&self.h5, &self.fasta) {
            (Some(h5), _) => format!(
                "{} [{}]",
                name(h5),
                self.split.as_deref().unwrap_or(default_split)
            ),
            (_, Some(fasta)) => name(fasta),
            _ => String::from("<no data>"),
        }
    }

    /// Fails, naming the data, when `ds` has no label column (training and evaluation need labels).
    pub fn require_labels(&self, ds: &Dataset, default_split: &str) -> Result<()> {
        if ds.tasks > 0 {
            return Ok(());
        }
        let hint = if self.is_h5() {
            "the file has no y_<split> labels"
        } else {
            "give --labels, --targets or --neg"
        };
        Err(Error::Usage(format!(
            "{}: no labels ({hint})",
            self.describe(default_split)
        )))
    }

    /// True when the data come from an HDF5 file.
    pub fn is_h5(&self) -> bool {
        self.h5.is_some()
    }

    /// The sequences: split `--split` (else `default_split`) of `--h5`, or the whole `--fasta` file.
    pub fn load(&self, default_split: &str) -> Result<Dataset> {
        if let Some(h5) = &self.h5 {
            let split = self.split.as_deref().unwrap_or(default_split);
            let ds = seq_io::h5::read_dataset(h5, split, &H5ReadOptions::default())?;
            return non_empty(ds, &format!("{} split {split:?}", h5.display()));
        }
        let Some(fasta) = &self.fasta else {
            return Err(Error::Usage(
                "give the data with --h5 FILE or --fasta FILE".into(),
            ));
        };
        let labels = match (&self.labels, &self.targets, &self.neg) {
            (Some(l), _, _) => LabelSource::LineFile(l.clone()),
            (_, Some(t), _) => LabelSource::TargetTsv(t.clone()),
            (_, _, Some(neg)) => LabelSource::PosNegFasta {
                pos: fasta.clone(),
                neg: neg.clone(),
            },
            _ => LabelSource::None,
        };
        let length = self
            .length
            .map_or(LengthPolicy::Exact, LengthPolicy::CenterPadCrop);
        let ds = load_dataset(fasta, &labels, self.policy.into(), length)?;
        non_empty(ds, &fasta.display().to_string())
    }

    /// The train split and, when the file has one with sequences, the valid split of `--h5`.
    pub fn load_h5_train_valid(&self) -> Result<(Dataset, Option<Dataset>)> {
        let Some(h5) = &self.h5 else {
            return Err(Error::Usage("no --h5 file given".into()));
        };
        let split = self.split.as_deref().unwrap_or("train");
        let train = non_empty(
            seq_io::h5::read_dataset(h5, split, &H5ReadOptions::default())?,
            &format!("{} split {split:?}", h5.display()),
        )?;
        let valid = match seq_io::h5::read_dataset(h5, "valid", &H5ReadOptions::default()) {
            Ok(v) if !v.is_empty() && split != "valid" => Some(v),
            Ok(_) => None,
            Err(e) => {
                tracing::info!(
                    "{}: no usable valid split ({e}); training without it",
                    h5.display()
                );
                None
            }
        };
        Ok((train, valid))
    }
}

fn non_empty(ds: Dataset, what: &str) -> Result<Dataset> {
    if ds.is_empty() {
        Err(Error::Usage(format!("{what}: no sequences")))
    } else {
        Ok(ds)
    }
}

/// Creates `dir` (and its parents).
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `text` to `path`, creating its folder.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir(parent)?;
    }
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `value` as pretty JSON.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Usage(format!("{}: cannot serialise: {e}", path.display())))?;
    write_text(path, &json)
}

/// A progress bar on standard error (hidden when it is not a terminal or `show` is false).
pub fn progress(len: u64, message: &str, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg:<24} [{bar:30}] {pos}/{len} {elapsed} (eta {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

/// Parses a half-open window `START:END` (0-based).
pub fn parse_window(text: &str) -> std::result::Result<std::ops::Range<usize>, String> {
    let (a, b) = text
        .split_once(':')
        .ok_or_else(|| format!("window {text:?} is not START:END"))?;
    let start: usize = a
        .trim()
        .parse()
        .map_err(|_| format!("window start {a:?} is not a position"))?;
    let end: usize = b
        .trim()
        .parse()
        .map_err(|_| format!("window end {b:?} is not a position"))?;
    if end <= start {
        return Err(format!("window {text:?} is empty (END must exceed START)"));
    }
    Ok(start..end)
}

/// A file-name-safe version of a record name.
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.chars().take(60).collect()
}

/// The column names of a model's outputs: `task_<t>` (sigmoid or linear heads) or `class_<k>` (softmax).
pub fn output_names(head: seq_models::Head, outputs: usize) -> Vec<String> {
    let prefix = if head == seq_models::Head::Softmax {
        "class"
    } else {
        "task"
    };
    (0..outputs).map(|k| format!("{prefix}_{k}")).collect()
}
