//! Writing a simulation next to its ground truth: FASTA, labels TSV, annotations TSV and an HDF5 file of
//! seeded train/valid/test splits (all through seq-io's writers).

use crate::error::{Result, SimError};
use crate::simulation::Simulation;
use seq_io::{IoError, UnknownPolicy};
use std::path::{Path, PathBuf};

/// How the HDF5 output is split (seq-io's `Dataset::split`: shuffle with `seed`, then cut off the test and
/// validation fractions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitSpec {
    /// Validation fraction.
    pub valid: f64,
    /// Test fraction.
    pub test: f64,
    /// Shuffle seed.
    pub seed: u64,
}

impl Default for SplitSpec {
    fn default() -> Self {
        SplitSpec { valid: 0.1, test: 0.2, seed: 0 }
    }
}

/// The files [`write_simulation`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFiles {
    /// `sequences.fa`.
    pub fasta: PathBuf,
    /// `labels.tsv` (record name + one column per task).
    pub labels: PathBuf,
    /// `annotations.tsv` (record, motif, start, end, strand).
    pub annotations: PathBuf,
    /// `dataset.h5` (train/valid/test splits with names and annotations).
    pub h5: PathBuf,
    /// `tasks.txt` (task names, one per line, in label-column order).
    pub tasks: PathBuf,
}

/// Writes `sim` into `dir` (created when missing): `sequences.fa`, `labels.tsv`, `annotations.tsv`,
/// `tasks.txt` and `dataset.h5` split with `split`.
pub fn write_simulation(dir: &Path, sim: &Simulation, split: SplitSpec) -> Result<OutputFiles> {
    if sim.is_empty() {
        return Err(SimError::InvalidArgument("the simulation holds no sequence to write".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| IoError::io(dir, e))?;
    let files = OutputFiles {
        fasta: dir.join("sequences.fa"),
        labels: dir.join("labels.tsv"),
        annotations: dir.join("annotations.tsv"),
        h5: dir.join("dataset.h5"),
        tasks: dir.join("tasks.txt"),
    };
    seq_io::fastx::write_fasta(&files.fasta, &sim.names, &sim.seqs)?;
    seq_io::labels::write_labels_tsv(&files.labels, &sim.names, &sim.labels, sim.n_tasks())?;
    seq_io::annotations::write_annotations_tsv(&files.annotations, &sim.names, &sim.annotations)?;
    let tasks: String = sim.task_names.iter().map(|t| format!("{t}\n")).collect();
    seq_io::atomic::write_atomic(&files.tasks, tasks.as_bytes())?;
    let splits = sim.to_dataset(UnknownPolicy::Strict)?.split(split.valid, split.test, split.seed)?;
    seq_io::h5::write_splits(&files.h5, &splits)?;
    Ok(files)
}
