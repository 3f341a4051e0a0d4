//! The in-memory dataset every seqdl crate exchanges: one-hot `x` of shape `(N, 4, L)`, labels `y` of shape
//! `(N, T)`, record names and optional ground-truth annotations; seeded shuffling and splitting.

use crate::error::{IoError, Result};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Strand of a motif instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Strand {
    /// The forward strand (`+`).
    Forward,
    /// The reverse strand (`-`): the instance is the reverse complement of the motif.
    Reverse,
}

impl Strand {
    /// `+` or `-`.
    pub fn symbol(self) -> char {
        match self {
            Strand::Forward => '+',
            Strand::Reverse => '-',
        }
    }

    /// Parses `+` or `-`.
    pub fn from_symbol(s: &str) -> Option<Self> {
        match s {
            "+" => Some(Strand::Forward),
            "-" => Some(Strand::Reverse),
            _ => None,
        }
    }
}

/// A ground-truth feature of one sequence: an embedded motif instance. Positions are 0-based, half-open.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Annotation {
    /// Motif name (as in the motif file).
    pub name: String,
    /// First position (0-based, inclusive).
    pub start: usize,
    /// One past the last position.
    pub end: usize,
    /// Strand of the instance.
    pub strand: Strand,
}

impl Annotation {
    /// Length of the annotated span.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when position `p` lies inside the span.
    pub fn contains(&self, p: usize) -> bool {
        (self.start..self.end).contains(&p)
    }
}

/// A labelled set of equal-length one-hot sequences.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// One-hot values, `(N, 4, L)` row-major, channels A, C, G, T.
    pub x: Vec<f32>,
    /// Labels, `(N, T)` row-major.
    pub y: Vec<f32>,
    /// Sequence length L.
    pub len: usize,
    /// Number of tasks T (label columns).
    pub tasks: usize,
    /// Record names, one per sequence.
    pub names: Vec<String>,
    /// Ground-truth annotations per sequence (empty vectors when there are none).
    pub annotations: Vec<Vec<Annotation>>,
}

/// The train/valid/test parts of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Splits {
    /// Training set.
    pub train: Dataset,
    /// Validation set.
    pub valid: Dataset,
    /// Test set.
    pub test: Dataset,
}

impl Dataset {
    /// Builds a dataset, checking that every part agrees on N, L and T and that no label is NaN.
    pub fn new(x: Vec<f32>, y: Vec<f32>, len: usize, tasks: usize, names: Vec<String>) -> Result<Self> {
        let n = names.len();
        if x.len() != n * 4 * len {
            return Err(IoError::InvalidArgument(format!("x holds {} values, expected N·4·L = {n}·4·{len}", x.len())));
        }
        if y.len() != n * tasks {
            return Err(IoError::InvalidArgument(format!("y holds {} values, expected N·T = {n}·{tasks}", y.len())));
        }
        if let Some(i) = y.iter().position(|v| !v.is_finite()) {
            return Err(IoError::InvalidArgument(format!(
                "label of record {:?} (task {}) is not finite",
                names[i / tasks.max(1)],
                i % tasks.max(1)
            )));
        }
        Ok(Dataset { x, y, len, tasks, names, annotations: vec![Vec::new(); n] })
    }

    /// Attaches per-sequence annotations (one vector per sequence).
    pub fn with_annotations(mut self, annotations: Vec<Vec<Annotation>>) -> Result<Self> {
        if annotations.len() != self.n() {
            return Err(IoError::InvalidArgument(format!(
                "{} annotation lists for {} sequences",
                annotations.len(),
                self.n()
            )));
        }
        if let Some((i, a)) = annotations
            .iter()
            .enumerate()
            .find_map(|(i, v)| v.iter().find(|a| a.end > self.len || a.start >= a.end).map(|a| (i, a)))
        {
            return Err(IoError::InvalidArgument(format!(
                "annotation {}:{}-{} of record {:?} lies outside 0..{}",
                a.name, a.start, a.end, self.names[i], self.len
            )));
        }
        self.annotations = annotations;
        Ok(self)
    }

    /// Number of sequences N.
    pub fn n(&self) -> usize {
        self.names.len()
    }

    /// True when the dataset holds no sequence.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The `(4, L)` one-hot of sequence `i`.
    pub fn seq(&self, i: usize) -> &[f32] {
        &self.x[i * 4 * self.len..(i + 1) * 4 * self.len]
    }

    /// The `T` labels of sequence `i`.
    pub fn label(&self, i: usize) -> &[f32] {
        &self.y[i * self.tasks..(i + 1) * self.tasks]
    }

    /// The sequences at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let stride = 4 * self.len;
        let mut x = Vec::with_capacity(indices.len() * stride);
        let mut y = Vec::with_capacity(indices.len() * self.tasks);
        for &i in indices {
            x.extend_from_slice(self.seq(i));
            y.extend_from_slice(self.label(i));
        }
        Dataset {
            x,
            y,
            len: self.len,
            tasks: self.tasks,
            names: indices.iter().map(|&i| self.names[i].clone()).collect(),
            annotations: indices.iter().map(|&i| self.annotations[i].clone()).collect(),
        }
    }

    /// Every sequence with `margin` positions cut from each end (windows cut with a jitter margin,
    /// brought back to the model's length: the centre crop); annotations are shifted and clipped to the
    /// kept part, those left empty are dropped.
    pub fn trim(&self, margin: usize) -> Result<Dataset> {
        if 2 * margin >= self.len {
            return Err(IoError::InvalidArgument(format!(
                "cannot trim {margin} positions from each end of sequences of length {}",
                self.len
            )));
        }
        let keep = self.len - 2 * margin;
        let mut x = Vec::with_capacity(self.n() * 4 * keep);
        for i in 0..self.n() {
            let seq = self.seq(i);
            for ch in 0..4 {
                x.extend_from_slice(&seq[ch * self.len + margin..ch * self.len + margin + keep]);
            }
        }
        let annotations = self
            .annotations
            .iter()
            .map(|list| {
                list.iter()
                    .filter(|a| a.end > margin && a.start < margin + keep)
                    .map(|a| Annotation {
                        start: a.start.max(margin) - margin,
                        end: a.end.min(margin + keep) - margin,
                        ..a.clone()
                    })
                    .collect()
            })
            .collect();
        Ok(Dataset { x, y: self.y.clone(), len: keep, tasks: self.tasks, names: self.names.clone(), annotations })
    }

    /// Concatenates two datasets with the same L and T.
    pub fn concat(&self, other: &Dataset) -> Result<Dataset> {
        if self.len != other.len || self.tasks != other.tasks {
            return Err(IoError::InvalidArgument(format!(
                "cannot concatenate datasets of shape (L={}, T={}) and (L={}, T={})",
                self.len, self.tasks, other.len, other.tasks
            )));
        }
        let mut out = self.clone();
        out.x.extend_from_slice(&other.x);
        out.y.extend_from_slice(&other.y);
        out.names.extend(other.names.iter().cloned());
        out.annotations.extend(other.annotations.iter().cloned());
        Ok(out)
    }

    /// A permutation of `0..N` drawn from a ChaCha8 stream seeded with `seed`.
    pub fn permutation(n: usize, seed: u64) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        idx.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        idx
    }

    /// The dataset in a seeded random order.
    pub fn shuffled(&self, seed: u64) -> Dataset {
        self.subset(&Self::permutation(self.n(), seed))
    }

    /// Shuffles with `seed`, then cuts off `valid` and `test` fractions (rounded up, as scikit-learn's
    /// `train_test_split` does for the test part); the rest is the training set.
    pub fn split(&self, valid: f64, test: f64, seed: u64) -> Result<Splits> {
        if !(0.0..1.0).contains(&valid) || !(0.0..1.0).contains(&test) || valid + test >= 1.0 {
            return Err(IoError::InvalidArgument(format!(
                "split fractions valid={valid}, test={test} must be in [0,1) and sum below 1"
            )));
        }
        let n = self.n();
        let n_test = (test * n as f64).ceil() as usize;
        let n_valid = (valid * n as f64).ceil() as usize;
        if n_test + n_valid >= n {
            return Err(IoError::InvalidArgument(format!(
                "{n} sequences leave no training set after valid={valid}, test={test}"
            )));
        }
        let perm = Self::permutation(n, seed);
        let (test_idx, rest) = perm.split_at(n_test);
        let (valid_idx, train_idx) = rest.split_at(n_valid);
        Ok(Splits { train: self.subset(train_idx), valid: self.subset(valid_idx), test: self.subset(test_idx) })
    }

    /// Positions of sequences whose label in `task` is above 0.5.
    pub fn positives(&self, task: usize) -> Vec<usize> {
        (0..self.n()).filter(|&i| self.label(i)[task] > 0.5).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy(n: usize) -> Dataset {
        let len = 3;
        let x: Vec<f32> = (0..n * 4 * len).map(|v| v as f32).collect();
        let y: Vec<f32> = (0..n).map(|i| (i % 2) as f32).collect();
        Dataset::new(x, y, len, 1, (0..n).map(|i| format!("s{i}")).collect()).unwrap()
    }

    #[test]
    fn split_partitions_every_record_once_and_is_seeded() {
        let d = toy(100);
        let s = d.split(0.1, 0.2, 7).unwrap();
        assert_eq!((s.train.n(), s.valid.n(), s.test.n()), (70, 10, 20));
        let mut all: Vec<String> = [&s.train, &s.valid, &s.test].iter().flat_map(|p| p.names.clone()).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 100);
        assert_eq!(s, d.split(0.1, 0.2, 7).unwrap());
        assert_ne!(s.train.names, d.split(0.1, 0.2, 8).unwrap().train.names);
        // rows travel with their labels
        let i = s.test.names.iter().position(|_| true).unwrap();
        let orig: usize = s.test.names[i][1..].parse().unwrap();
        assert_eq!(s.test.seq(i), d.seq(orig));
        assert_eq!(s.test.label(i), d.label(orig));
    }

    #[test]
    fn new_refuses_nan_labels_and_shape_mismatch() {
        assert!(Dataset::new(vec![0.0; 8], vec![f32::NAN], 2, 1, vec!["a".into()]).is_err());
        assert!(Dataset::new(vec![0.0; 7], vec![1.0], 2, 1, vec!["a".into()]).is_err());
        assert!(toy(4).split(0.5, 0.5, 1).is_err());
    }
}
