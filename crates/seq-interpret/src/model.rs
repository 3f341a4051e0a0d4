//! The model entry point ([`LogitModel`]), the [`Attribution`] container and tensor ↔ vector helpers.

use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};

use crate::error::{InterpretError, Result};

/// Anything that maps a one-hot batch `(N, 4, L)` to pre-activation outputs (logits) `(N, outputs)`.
///
/// Every closure `Fn(Tensor<B, 3>) -> Tensor<B, 2>` implements it, so a burn module is explained with
/// `|x| model.forward_logits(x)` and a test can pass a hand-written function.
pub trait LogitModel<B: Backend> {
    /// Logits `(N, outputs)` of the batch `x` `(N, 4, L)`.
    fn logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2>;
}

impl<B: Backend, F> LogitModel<B> for F
where
    F: Fn(Tensor<B, 3>) -> Tensor<B, 2>,
{
    fn logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        self(x)
    }
}

/// Per-base scores of `n` sequences of length `len`, channels-first `(N, 4, L)` (A, C, G, T).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Values, `n * 4 * len`, index `(i * 4 + base) * len + position`.
    pub values: Vec<f32>,
    /// Number of sequences.
    pub n: usize,
    /// Sequence length.
    pub len: usize,
}

impl Attribution {
    /// Wraps `values`, checking that they hold `n * 4 * len` numbers.
    pub fn new(values: Vec<f32>, n: usize, len: usize) -> Result<Self> {
        check_batch(&values, n, len)?;
        Ok(Self { values, n, len })
    }

    /// The `(4, L)` block of sequence `i`.
    pub fn sequence(&self, i: usize) -> &[f32] {
        let width = 4 * self.len;
        &self.values[i * width..(i + 1) * width]
    }

    /// Value of sequence `i`, base channel `base`, position `pos`.
    pub fn get(&self, i: usize, base: usize, pos: usize) -> f32 {
        self.values[(i * 4 + base) * self.len + pos]
    }

    /// Sum over the four bases at each position of sequence `i` (length `len`).
    pub fn position_sums(&self, i: usize) -> Vec<f32> {
        let s = self.sequence(i);
        (0..self.len).map(|p| (0..4).map(|b| s[b * self.len + p]).sum()).collect()
    }

    /// Total over all bases and positions of sequence `i`.
    pub fn total(&self, i: usize) -> f32 {
        self.sequence(i).iter().sum()
    }

    /// Columns `[A, C, G, T]` of sequence `i` over `start..end`, as logo heights.
    pub fn columns(&self, i: usize, start: usize, end: usize) -> Vec<[f32; 4]> {
        (start..end.min(self.len)).map(|p| std::array::from_fn(|b| self.get(i, b, p))).collect()
    }
}

/// Checks that `x` holds `n` one-hot-shaped sequences `(4, len)`.
pub(crate) fn check_batch(x: &[f32], n: usize, len: usize) -> Result<()> {
    if len == 0 || n == 0 {
        return Err(InterpretError::InvalidInput(format!(
            "need at least one sequence of length > 0 (n = {n}, len = {len})"
        )));
    }
    if x.len() != n * 4 * len {
        return Err(InterpretError::InvalidInput(format!(
            "expected {n} sequences × 4 × {len} = {} values, got {}",
            n * 4 * len,
            x.len()
        )));
    }
    Ok(())
}

/// Builds a `(n, 4, len)` tensor from channels-first values.
pub(crate) fn batch_tensor<B: Backend>(x: Vec<f32>, n: usize, len: usize, device: &B::Device) -> Tensor<B, 3> {
    Tensor::from_data(TensorData::new(x, [n, 4, len]), device)
}

/// Reads a float tensor back as `f32` values (row-major).
pub(crate) fn tensor_values<B: Backend, const D: usize>(t: Tensor<B, D>) -> Result<Vec<f32>> {
    t.into_data()
        .convert::<f32>()
        .to_vec::<f32>()
        .map_err(|e| InterpretError::Model(format!("cannot read tensor values: {e:?}")))
}

/// Runs `model` on `n` sequences and returns the logits row-major with the number of outputs.
pub(crate) fn eval_logits<B: Backend, M: LogitModel<B>>(
    model: &M,
    x: Vec<f32>,
    n: usize,
    len: usize,
    device: &B::Device,
) -> Result<(Vec<f32>, usize)> {
    let logits = model.logits(batch_tensor::<B>(x, n, len, device));
    let [rows, outputs] = logits.dims();
    if rows != n {
        return Err(InterpretError::Model(format!("model returned {rows} rows for a batch of {n}")));
    }
    Ok((tensor_values(logits)?, outputs))
}

/// Fails unless `target < outputs`.
pub(crate) fn check_target(target: usize, outputs: usize) -> Result<()> {
    if target >= outputs {
        return Err(InterpretError::InvalidInput(format!(
            "output {target} requested but the model has {outputs} outputs"
        )));
    }
    Ok(())
}
