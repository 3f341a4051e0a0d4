//! What several commands share: the data options (an HDF5 split, or FASTA + labels) and the N policy.

use clap::{Args, ValueEnum};
use seq_app::DataSource;
use seq_io::UnknownPolicy;
use std::path::PathBuf;

pub use seq_app::output::parse_window;

/// What to do with N and other IUPAC letters.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Policy {
    /// All-zero columns (DragoNN, tangermeme).
    Zeros,
    /// 0.25 in each channel (Selene).
    Uniform,
    /// Refuse anything but A, C, G, T.
    Strict,
}

impl From<Policy> for UnknownPolicy {
    fn from(p: Policy) -> Self {
        match p {
            Policy::Zeros => UnknownPolicy::Zeros,
            Policy::Uniform => UnknownPolicy::Uniform,
            Policy::Strict => UnknownPolicy::Strict,
        }
    }
}

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
    /// Accept --h5 inputs that are not one-hot (soft values such as probabilities); without it such a file
    /// is refused, naming the first sequence and position that is not one-hot.
    #[arg(long)]
    pub allow_soft_inputs: bool,
}

impl DataArgs {
    /// The application layer's data source.
    pub fn source(&self) -> DataSource {
        DataSource {
            h5: self.h5.clone(),
            split: self.split.clone(),
            fasta: self.fasta.clone(),
            labels: self.labels.clone(),
            targets: self.targets.clone(),
            neg: self.neg.clone(),
            policy: self.policy.into(),
            length: self.length,
            allow_soft_inputs: self.allow_soft_inputs,
        }
    }
}

/// A progress receiver for a command: a terminal bar unless `hidden`.
pub fn context(hidden: bool) -> seq_app::Context {
    seq_app::Context::new(std::sync::Arc::new(seq_app::progress::terminal::Bar::new(!hidden)))
}
