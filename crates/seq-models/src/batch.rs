//! The adapter from seq-io's [`Dataset`] (flat `(N, 4, L)` one-hot and `(N, T)` labels) to burn tensors, and
//! batched inference.

use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use seq_io::Dataset;

use crate::cnn::layers::tensor_values;
use crate::error::{ModelError, Result};
use crate::model::SequenceModel;

/// A `(n, 4, len)` tensor from a flat channels-first one-hot buffer of `n · 4 · len` values.
pub fn to_input<B: Backend>(x: &[f32], n: usize, len: usize, device: &B::Device) -> Result<Tensor<B, 3>> {
    if x.len() != n * 4 * len {
        return Err(ModelError::InvalidInput(format!(
            "a one-hot batch of {n} sequences of length {len} needs {} values, got {}",
            n * 4 * len,
            x.len()
        )));
    }
    Ok(Tensor::from_data(TensorData::new(x.to_vec(), [n, 4, len]), device))
}

/// Checks that `model` accepts sequences of `len` (models without a fixed length accept any).
pub fn check_input_length<B: Backend, M: SequenceModel<B>>(model: &M, len: usize) -> Result<()> {
    match model.input_length() {
        Some(expected) if expected != len => Err(ModelError::LengthMismatch { expected, found: len }),
        _ => Ok(()),
    }
}

/// The examples `idx` of `ds` as an input batch `(k, 4, L)` and labels `(k, T)`.
pub fn dataset_batch<B: Backend>(
    ds: &Dataset,
    idx: &[usize],
    device: &B::Device,
) -> Result<(Tensor<B, 3>, Tensor<B, 2>)> {
    if let Some(&bad) = idx.iter().find(|&&i| i >= ds.n()) {
        return Err(ModelError::InvalidInput(format!("example index {bad} out of range for {} examples", ds.n())));
    }
    let width = 4 * ds.len;
    let mut x = Vec::with_capacity(idx.len() * width);
    let mut y = Vec::with_capacity(idx.len() * ds.tasks);
    for &i in idx {
        x.extend_from_slice(&ds.x[i * width..(i + 1) * width]);
        y.extend_from_slice(&ds.y[i * ds.tasks..(i + 1) * ds.tasks]);
    }
    let inputs = Tensor::from_data(TensorData::new(x, [idx.len(), 4, ds.len]), device);
    let labels = Tensor::from_data(TensorData::new(y, [idx.len(), ds.tasks]), device);
    Ok((inputs, labels))
}

/// Logits `(N · outputs)`, example-major, of every sequence of `ds`, computed `batch_size` examples at a time.
///
/// Pass an inference model (a plain backend, or `model.valid()` of an autodiff one) so no graph is recorded
/// and dropout is off. Fails before any forward pass when the lengths differ or `batch_size` is 0.
pub fn predict_logits<B: Backend, M: SequenceModel<B>>(
    model: &M,
    ds: &Dataset,
    batch_size: usize,
    device: &B::Device,
) -> Result<Vec<f32>> {
    check_input_length(model, ds.len)?;
    if batch_size == 0 {
        return Err(ModelError::InvalidInput("batch size must be positive".into()));
    }
    let width = 4 * ds.len;
    let mut out = Vec::with_capacity(ds.n() * model.outputs());
    for start in (0..ds.n()).step_by(batch_size) {
        let end = (start + batch_size).min(ds.n());
        let input = to_input::<B>(&ds.x[start * width..end * width], end - start, ds.len, device)?;
        out.extend(tensor_values(model.forward_logits(input)));
    }
    tracing::debug!(examples = ds.n(), batch_size, "predicted logits");
    Ok(out)
}
