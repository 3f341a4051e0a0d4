//! What ISM measures and where: the effect scale, the options, the mutated window and DragoNN's centring.

use std::ops::Range;

use crate::error::{InterpretError, Result};

/// Which quantity an effect is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EffectScale {
    /// The pre-activation logit of the target output.
    #[default]
    Logit,
    /// `sigmoid(logit)` of the target output (binary / multi-label heads).
    Sigmoid,
    /// The softmax probability of the target class (multi-class heads).
    Softmax,
}

impl EffectScale {
    /// The score of `target` from one row of logits.
    pub fn score(self, row: &[f32], target: usize) -> f32 {
        match self {
            EffectScale::Logit => row[target],
            EffectScale::Sigmoid => 1.0 / (1.0 + (-row[target]).exp()),
            EffectScale::Softmax => {
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let total: f32 = row.iter().map(|v| (v - max).exp()).sum();
                (row[target] - max).exp() / total
            }
        }
    }
}

/// Options of [`ism()`](crate::ism::ism).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsmOptions {
    /// Output whose change is measured.
    pub target: usize,
    /// Sequences (reference or mutant) per forward pass.
    pub batch_size: usize,
    /// Logit or probability change.
    pub scale: EffectScale,
    /// Subtract each position's mean over the four bases (DragoNN's centring).
    pub centre: bool,
    /// Mutate only these positions (others stay 0); `None` mutates the whole sequence.
    pub window: Option<Range<usize>>,
}

impl Default for IsmOptions {
    fn default() -> Self {
        Self { target: 0, batch_size: 256, scale: EffectScale::Logit, centre: false, window: None }
    }
}

/// The positions ISM mutates: `opts.window`, or the whole sequence; an error when it is empty or leaves
/// `0..len`.
pub fn ism_window(opts: &IsmOptions, len: usize) -> Result<Range<usize>> {
    let window = opts.window.clone().unwrap_or(0..len);
    if window.start >= window.end || window.end > len {
        return Err(InterpretError::InvalidInput(format!("ISM window {window:?} is not inside 0..{len}")));
    }
    Ok(window)
}

/// Subtracts each position's mean over the four bases (inside `window`), as DragoNN centres ISM scores.
pub(crate) fn centre_positions(values: &mut [f32], n: usize, len: usize, window: &Range<usize>) {
    for seq in 0..n {
        for pos in window.clone() {
            let idx = |b: usize| (seq * 4 + b) * len + pos;
            let mean = (0..4).map(|b| values[idx(b)]).sum::<f32>() / 4.0;
            for b in 0..4 {
                values[idx(b)] -= mean;
            }
        }
    }
}
