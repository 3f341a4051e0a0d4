//! A learned decision over the aligned stack: a small MLP that reads a column's vote fractions (A, C, G, T,
//! gap, whether it is an insertion column) and those of its neighbours, and predicts the true base of the
//! column or "delete". Training (in `seq_train::denoise`) uses simulated reads whose template is known;
//! [`column_labels`] turns a template into per-column targets.

use burn::module::Module;
use burn::nn::{Linear, Relu};
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};

use super::consensus::{stack_of_normalized, vote_rounds, ColumnKind, ColumnStack, ConsensusConfig, GAP};
use super::{base_index, normalize_reads, DenoiseError};
use crate::cnn::layers::{init_rng, linear_layer};
use crate::cnn::Init;

/// Features per column: fractions of A, C, G, T, gap and an insertion-column flag.
pub const FEATURES_PER_COLUMN: usize = 6;

/// Number of classes the model predicts: A, C, G, T, delete (= [`GAP`]).
pub const STACK_CLASSES: usize = 5;

/// Shape of a [`StackColumnModel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StackModelConfig {
    /// Neighbouring columns seen on each side.
    pub context: usize,
    /// Hidden ReLU units.
    pub hidden: usize,
}

impl Default for StackModelConfig {
    /// Two columns of context on each side, 32 hidden units.
    fn default() -> Self {
        Self { context: 2, hidden: 32 }
    }
}

impl StackModelConfig {
    /// Input width: [`FEATURES_PER_COLUMN`] × (2·context + 1).
    pub fn n_features(&self) -> usize {
        FEATURES_PER_COLUMN * (2 * self.context + 1)
    }

    /// Builds the model (Glorot-uniform weights from a ChaCha8 generator seeded with `seed`, zero biases).
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> Result<StackColumnModel<B>, DenoiseError> {
        if self.hidden == 0 {
            return Err(DenoiseError::Config("stack model needs at least one hidden unit".into()));
        }
        let mut rng = init_rng(seed);
        Ok(StackColumnModel {
            hidden: linear_layer(self.n_features(), self.hidden, Init::GlorotUniform, &mut rng, device),
            output: linear_layer(self.hidden, STACK_CLASSES, Init::GlorotUniform, &mut rng, device),
            activation: Relu::new(),
            context: self.context,
        })
    }
}

/// MLP from a column's features (with context) to logits over A, C, G, T, delete.
#[derive(Module, Debug)]
pub struct StackColumnModel<B: Backend> {
    /// Hidden layer (ReLU).
    pub hidden: Linear<B>,
    /// Output layer (logits of the five classes).
    pub output: Linear<B>,
    /// Activation of the hidden layer.
    pub activation: Relu,
    /// Context columns on each side (must match the features).
    pub context: usize,
}

impl<B: Backend> StackColumnModel<B> {
    /// Logits `(N, 5)` of feature rows `(N, n_features)`.
    pub fn forward(&self, features: Tensor<B, 2>) -> Tensor<B, 2> {
        self.output.forward(self.activation.forward(self.hidden.forward(features)))
    }

    /// Predicted class (0..4 = A, C, G, T, [`GAP`] = delete) of every column of `stack`.
    pub fn predict_columns(&self, stack: &ColumnStack, device: &B::Device) -> Vec<usize> {
        let n = stack.columns.len();
        if n == 0 {
            return Vec::new();
        }
        let width = FEATURES_PER_COLUMN * (2 * self.context + 1);
        let x = Tensor::<B, 2>::from_data(TensorData::new(column_features(stack, self.context), [n, width]), device);
        self.forward(x).argmax(1).into_data().iter::<i64>().map(|c| (c.clamp(0, GAP as i64)) as usize).collect()
    }
}

/// Feature rows (row-major, one per column) of a stack: for each column at offsets −context..=context,
/// the fractions of A, C, G, T, gap and the insertion flag; zeros beyond the ends.
pub fn column_features(stack: &ColumnStack, context: usize) -> Vec<f32> {
    let n = stack.columns.len();
    let reads = stack.n_reads.max(1) as f32;
    let own: Vec<[f32; FEATURES_PER_COLUMN]> = stack
        .columns
        .iter()
        .map(|c| {
            let mut f = [0.0f32; FEATURES_PER_COLUMN];
            for (k, &count) in c.counts.iter().enumerate() {
                f[k] = count as f32 / reads;
            }
            f[5] = f32::from(u8::from(matches!(c.kind, ColumnKind::Insertion { .. })));
            f
        })
        .collect();
    let mut out = Vec::with_capacity(n * FEATURES_PER_COLUMN * (2 * context + 1));
    for i in 0..n {
        for offset in 0..=2 * context {
            match (i + offset).checked_sub(context).filter(|&j| j < n) {
                Some(j) => out.extend_from_slice(&own[j]),
                None => out.extend_from_slice(&[0.0; FEATURES_PER_COLUMN]),
            }
        }
    }
    out
}

/// DP move of the labelling alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelStep {
    Start,
    Assign,
    Drop,
    Skip,
}

/// The truth-consistent labels of a stack's columns: the template is aligned to the column sequence so
/// that every column either carries the next template base (scoring that base's votes) or is deleted
/// (scoring its gap votes), maximising the total support; a template base no column can carry costs the
/// number of reads. Returns, per column, 0..4 (A, C, G, T) or [`GAP`].
pub fn column_labels(stack: &ColumnStack, template: &[u8]) -> Result<Vec<usize>, DenoiseError> {
    let template: Vec<usize> = template
        .iter()
        .enumerate()
        .map(|(position, &b)| {
            base_index(b).ok_or_else(|| {
                DenoiseError::Data(format!("template position {position}: invalid symbol {:?}", b as char))
            })
        })
        .collect::<Result<_, _>>()?;
    let (m, l) = (stack.columns.len(), template.len());
    let width = l + 1;
    let penalty = stack.n_reads as i64;
    let mut score = vec![i64::MIN / 4; (m + 1) * width];
    let mut step = vec![LabelStep::Start; (m + 1) * width];
    score[0] = 0;
    for j in 0..=m {
        for i in 0..=l {
            if j == 0 && i == 0 {
                continue;
            }
            let mut best = (i64::MIN / 4, LabelStep::Start);
            if j > 0 && i > 0 {
                let s = score[(j - 1) * width + i - 1] + i64::from(stack.columns[j - 1].counts[template[i - 1]]);
                best = (s, LabelStep::Assign);
            }
            if j > 0 {
                let s = score[(j - 1) * width + i] + i64::from(stack.columns[j - 1].counts[GAP]);
                if s > best.0 {
                    best = (s, LabelStep::Drop);
                }
            }
            if i > 0 {
                let s = score[j * width + i - 1] - penalty;
                if s > best.0 {
                    best = (s, LabelStep::Skip);
                }
            }
            score[j * width + i] = best.0;
            step[j * width + i] = best.1;
        }
    }
    let mut labels = vec![GAP; m];
    let (mut j, mut i) = (m, l);
    while j > 0 || i > 0 {
        match step[j * width + i] {
            LabelStep::Assign => {
                labels[j - 1] = template[i - 1];
                j -= 1;
                i -= 1;
            }
            LabelStep::Drop => j -= 1,
            LabelStep::Skip | LabelStep::Start => i -= 1,
        }
    }
    Ok(labels)
}

/// The stack the learned model decides on: reads aligned to the draft left by `rounds − 1` vote rounds
/// (so the learned consensus performs as many alignment rounds as [`super::vote_consensus`]).
pub fn learning_stack<R: AsRef<[u8]>>(reads: &[R], config: &ConsensusConfig) -> Result<ColumnStack, DenoiseError> {
    if config.rounds == 0 {
        return Err(DenoiseError::Config("consensus needs at least one round".into()));
    }
    let reads = normalize_reads(reads)?;
    let draft = vote_rounds(&reads, config.rounds - 1, &config.scoring);
    Ok(stack_of_normalized(&draft, &reads, &config.scoring))
}

/// Consensus of the reads of one template decided column by column by a trained [`StackColumnModel`].
pub fn learned_consensus<B: Backend, R: AsRef<[u8]>>(
    model: &StackColumnModel<B>,
    reads: &[R],
    config: &ConsensusConfig,
    device: &B::Device,
) -> Result<Vec<u8>, DenoiseError> {
    let stack = learning_stack(reads, config)?;
    Ok(model.predict_columns(&stack, device).into_iter().filter(|&c| c != GAP).map(|c| b"ACGT"[c]).collect())
}

#[cfg(test)]
mod tests {
    use super::super::consensus::build_stack;
    use super::super::Scoring;
    use super::*;

    #[test]
    fn labels_follow_the_template() {
        let reads: Vec<&[u8]> = vec![b"ACGT", b"AGT", b"ACCGT", b"ACGA"];
        let stack = build_stack(b"ACGT", &reads, &Scoring::default()).unwrap();
        let labels = column_labels(&stack, b"ACGT").unwrap();
        // Columns: A, insertion(C), C, G, T → the insertion column is deleted.
        assert_eq!(labels, vec![0, GAP, 1, 2, 3]);
        // A template with a G the draft lacks cannot label more columns than exist: the vote's T column
        // still gets T and the missing base is skipped.
        let labels = column_labels(&stack, b"ACGGT").unwrap();
        assert_eq!(labels.iter().filter(|&&l| l != GAP).count(), 4);
    }

    #[test]
    fn features_have_context_and_zero_padding() {
        let stack = build_stack(b"AC", &[b"AC", b"AC"], &Scoring::default()).unwrap();
        let f = column_features(&stack, 1);
        assert_eq!(f.len(), 2 * 18);
        assert_eq!(&f[0..6], &[0.0; 6]); // nothing left of the first column
        assert_eq!(&f[6..12], &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]); // the A column itself
        assert_eq!(&f[12..18], &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0]); // its right neighbour C
    }
}
