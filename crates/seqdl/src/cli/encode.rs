//! `seqdl encode`: FASTA (+ labels) → one-hot HDF5 with seeded train/valid/test splits.

use clap::{Args, ValueEnum};
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::UnknownPolicy;
use seqdl::{Error, Result};
use std::path::PathBuf;

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

/// Arguments of `seqdl encode`.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Sequences: FASTA/FASTQ (optionally compressed) or one sequence per line. With --neg, the positives.
    #[arg(long)]
    fasta: PathBuf,
    /// A parallel label file, one row of labels per line.
    #[arg(long, conflicts_with_all = ["targets", "neg"])]
    labels: Option<PathBuf>,
    /// A TAB-separated target file, one row per record (keras_genomics `.target`) or keyed by record.
    #[arg(long, conflicts_with = "neg")]
    targets: Option<PathBuf>,
    /// FASTA of negatives: --fasta holds the positives (label 1), this file the negatives (label 0).
    #[arg(long)]
    neg: Option<PathBuf>,
    /// Handling of N and IUPAC letters.
    #[arg(long, value_enum, default_value = "zeros")]
    policy: Policy,
    /// Centre pad/crop every sequence to this length (default: all must have the same length).
    #[arg(long)]
    length: Option<usize>,
    /// Validation fraction.
    #[arg(long, default_value_t = 0.1)]
    valid: f64,
    /// Test fraction.
    #[arg(long, default_value_t = 0.2)]
    test: f64,
    /// Seed of the split shuffle.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output HDF5 file (x_train, y_train, x_valid, …).
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl encode`.
pub fn run(args: EncodeArgs) -> Result<()> {
    let labels = match (&args.labels, &args.targets, &args.neg) {
        (Some(l), _, _) => LabelSource::LineFile(l.clone()),
        (_, Some(t), _) => LabelSource::TargetTsv(t.clone()),
        (_, _, Some(neg)) => LabelSource::PosNegFasta { pos: args.fasta.clone(), neg: neg.clone() },
        _ => LabelSource::None,
    };
    let length = args.length.map_or(LengthPolicy::Exact, LengthPolicy::CenterPadCrop);
    let dataset = load_dataset(&args.fasta, &labels, args.policy.into(), length)?;
    if dataset.is_empty() {
        return Err(Error::Usage(format!("{}: no sequences to encode", args.fasta.display())));
    }
    let splits = dataset.split(args.valid, args.test, args.seed)?;
    seq_io::h5::write_splits(&args.out, &splits)?;
    eprintln!(
        "{}: {} sequences × {} nt, {} task(s) → train {} / valid {} / test {}",
        args.out.display(),
        dataset.n(),
        dataset.len,
        dataset.tasks,
        splits.train.n(),
        splits.valid.n(),
        splits.test.n()
    );
    Ok(())
}
