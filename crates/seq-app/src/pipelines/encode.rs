//! FASTA (+ labels) → a one-hot HDF5 dataset with seeded train/valid/test splits.

use std::path::PathBuf;

use seq_io::Splits;

use crate::data::DataSource;
use crate::error::{AppError, Result};

/// Options of [`encode`].
#[derive(Debug, Clone, PartialEq)]
pub struct EncodeOptions {
    /// Validation fraction.
    pub valid: f64,
    /// Test fraction.
    pub test: f64,
    /// Seed of the split shuffle.
    pub seed: u64,
    /// Output HDF5 file.
    pub out: PathBuf,
}

/// Encodes `data` (a FASTA source) into `opts.out`; returns the splits written.
pub fn encode(data: &DataSource, opts: &EncodeOptions) -> Result<Splits> {
    for (name, v) in [("--valid", opts.valid), ("--test", opts.test)] {
        if !(0.0..1.0).contains(&v) {
            return Err(AppError::option(name, format!("must lie in [0, 1), got {v}")));
        }
    }
    if opts.valid + opts.test >= 1.0 {
        return Err(AppError::option(
            "--valid/--test",
            format!("{} + {} leaves no training data", opts.valid, opts.test),
        ));
    }
    let dataset = data.load("train")?;
    let splits = dataset.split(opts.valid, opts.test, opts.seed)?;
    seq_io::h5::write_splits(&opts.out, &splits)?;
    Ok(splits)
}
