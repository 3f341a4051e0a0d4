//! Where sequences (and labels) come from: one split of an HDF5 dataset, or a sequence file with a label
//! file, a target table or a FASTA of negatives.

use std::path::PathBuf;

use seq_io::h5::H5ReadOptions;
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::{Dataset, UnknownPolicy};

use crate::error::{AppError, Result};

/// A data source, as the commands' data options describe it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataSource {
    /// HDF5 dataset in the tutorial layout (`x_train`, `y_train`, …).
    pub h5: Option<PathBuf>,
    /// Split of `h5` to use (default: the command's).
    pub split: Option<String>,
    /// Sequences: FASTA/FASTQ (optionally compressed) or one sequence per line.
    pub fasta: Option<PathBuf>,
    /// Labels parallel to `fasta`, one row per line.
    pub labels: Option<PathBuf>,
    /// A TAB-separated target file for `fasta`.
    pub targets: Option<PathBuf>,
    /// FASTA of negatives (`fasta` then holds the positives).
    pub neg: Option<PathBuf>,
    /// Handling of N and IUPAC letters in `fasta`.
    pub policy: UnknownPolicy,
    /// Centre pad/crop the `fasta` sequences to this length (default: all must have the same length).
    pub length: Option<usize>,
    /// Accept HDF5 `x` values that are not one-hot (soft inputs); off: such a file is an error naming the
    /// first column that is not one-hot.
    pub allow_soft_inputs: bool,
}

impl DataSource {
    /// One split of an HDF5 file.
    pub fn h5(path: impl Into<PathBuf>, split: Option<&str>) -> Self {
        DataSource { h5: Some(path.into()), split: split.map(str::to_string), ..Default::default() }
    }

    /// A short description of the data for logs and records, e.g. `data.h5 [test]`.
    pub fn describe(&self, default_split: &str) -> String {
        match (&self.h5, &self.fasta) {
            (Some(h5), _) => format!("{} [{}]", h5.display(), self.split.as_deref().unwrap_or(default_split)),
            (_, Some(fasta)) => match self.labels.as_ref().or(self.targets.as_ref()).or(self.neg.as_ref()) {
                Some(l) => format!("{} + {}", fasta.display(), l.display()),
                None => fasta.display().to_string(),
            },
            _ => String::from("<no data>"),
        }
    }

    /// [`DataSource::describe`] with file names only (for figure titles).
    pub fn short(&self, default_split: &str) -> String {
        let name =
            |p: &PathBuf| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        match (&self.h5, &self.fasta) {
            (Some(h5), _) => format!("{} [{}]", name(h5), self.split.as_deref().unwrap_or(default_split)),
            (_, Some(fasta)) => name(fasta),
            _ => String::from("<no data>"),
        }
    }

    /// True when the data come from an HDF5 file.
    pub fn is_h5(&self) -> bool {
        self.h5.is_some()
    }

    /// The split name in outputs: the HDF5 split, or `fasta`.
    pub fn split_name(&self, default_split: &str) -> String {
        if self.is_h5() {
            self.split.clone().unwrap_or_else(|| default_split.to_string())
        } else {
            "fasta".into()
        }
    }

    /// Fails, naming the data, when `ds` has no label column (training and evaluation need labels).
    pub fn require_labels(&self, ds: &Dataset, default_split: &str) -> Result<()> {
        if ds.tasks > 0 {
            return Ok(());
        }
        let hint = if self.is_h5() { "the file has no y_<split> labels" } else { "give --labels, --targets or --neg" };
        Err(AppError::NoLabels { data: self.describe(default_split), hint: hint.into() })
    }

    /// The sequences: split `split` (else `default_split`) of `h5`, or the whole `fasta` file.
    pub fn load(&self, default_split: &str) -> Result<Dataset> {
        if let Some(h5) = &self.h5 {
            let split = self.split.as_deref().unwrap_or(default_split);
            let ds = seq_io::h5::read_dataset(h5, split, &self.h5_options())?;
            return non_empty(ds, format!("{} split {split:?}", h5.display()));
        }
        let Some(fasta) = &self.fasta else {
            return Err(AppError::option("--h5/--fasta", "give the data with --h5 FILE or --fasta FILE"));
        };
        let labels = match (&self.labels, &self.targets, &self.neg) {
            (Some(l), _, _) => LabelSource::LineFile(l.clone()),
            (_, Some(t), _) => LabelSource::TargetTsv(t.clone()),
            (_, _, Some(neg)) => LabelSource::PosNegFasta { pos: fasta.clone(), neg: neg.clone() },
            _ => LabelSource::None,
        };
        let length = self.length.map_or(LengthPolicy::Exact, LengthPolicy::CenterPadCrop);
        let ds = load_dataset(fasta, &labels, self.policy, length)?;
        non_empty(ds, fasta.display().to_string())
    }

    fn h5_options(&self) -> H5ReadOptions {
        H5ReadOptions { allow_soft: self.allow_soft_inputs, ..H5ReadOptions::default() }
    }

    /// The train split and, when the file has one, the valid split of `h5`. A valid split that exists but
    /// cannot be read is an error, not a silent drop.
    pub fn load_h5_train_valid(&self) -> Result<(Dataset, Option<Dataset>)> {
        let Some(h5) = &self.h5 else {
            return Err(AppError::option("--h5", "no HDF5 file given"));
        };
        let split = self.split.as_deref().unwrap_or("train");
        let opts = self.h5_options();
        let train =
            non_empty(seq_io::h5::read_dataset(h5, split, &opts)?, format!("{} split {split:?}", h5.display()))?;
        if split == "valid" || !seq_io::h5::has_split(h5, "valid")? {
            return Ok((train, None));
        }
        let valid = seq_io::h5::read_dataset(h5, "valid", &opts)?;
        if valid.is_empty() {
            tracing::warn!("{}: the valid split holds no sequences: training without validation", h5.display());
        }
        Ok((train, (!valid.is_empty()).then_some(valid)))
    }
}

fn non_empty(ds: Dataset, what: String) -> Result<Dataset> {
    if ds.is_empty() {
        Err(AppError::NoSequences(what))
    } else {
        Ok(ds)
    }
}
