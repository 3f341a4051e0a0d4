//! `seqdl encode`: FASTA (+ labels) → one-hot HDF5 with seeded train/valid/test splits.

use super::common::Policy;
use crate::error::Result;
use clap::Args;
use seq_app::pipelines::encode::{encode, EncodeOptions};
use seq_app::DataSource;
use std::path::PathBuf;

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
    let data = DataSource {
        fasta: Some(args.fasta.clone()),
        labels: args.labels.clone(),
        targets: args.targets.clone(),
        neg: args.neg.clone(),
        policy: args.policy.into(),
        length: args.length,
        ..Default::default()
    };
    let opts = EncodeOptions { valid: args.valid, test: args.test, seed: args.seed, out: args.out.clone() };
    let s = encode(&data, &opts)?;
    eprintln!(
        "{}: {} sequences × {} nt, {} task(s) → train {} / valid {} / test {}",
        args.out.display(),
        s.train.n() + s.valid.n() + s.test.n(),
        s.train.len,
        s.train.tasks,
        s.train.n(),
        s.valid.n(),
        s.test.n()
    );
    Ok(())
}
