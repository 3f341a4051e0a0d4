//! Gradient-based attribution: saliency (∂ logit / ∂ input), gradient × input and the primer's clipped
//! per-position variant.

use burn::tensor::backend::AutodiffBackend;

use crate::error::{InterpretError, Result};
use crate::model::{batch_tensor, check_batch, check_target, tensor_values, Attribution, LogitModel};

/// Default number of sequences per backward pass.
pub const DEFAULT_BATCH: usize = 64;

/// Gradient of output `target`'s logit with respect to the one-hot input, for `n` sequences `(N, 4, L)`,
/// computed `batch` sequences per backward pass.
pub fn saliency<B, M>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    target: usize,
    batch: usize,
    device: &B::Device,
) -> Result<Attribution>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    check_batch(x, n, len)?;
    let batch = batch.max(1);
    let width = 4 * len;
    let mut values = Vec::with_capacity(x.len());
    for start in (0..n).step_by(batch) {
        let rows = batch.min(n - start);
        let chunk = x[start * width..(start + rows) * width].to_vec();
        values.extend(input_gradient::<B, M>(model, chunk, rows, len, target, device)?);
    }
    Attribution::new(values, n, len)
}

/// Gradient of the summed `target` logit of a batch w.r.t. its input (samples do not interact, so each
/// row is that sample's own gradient).
pub(crate) fn input_gradient<B, M>(
    model: &M,
    x: Vec<f32>,
    n: usize,
    len: usize,
    target: usize,
    device: &B::Device,
) -> Result<Vec<f32>>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    let input = batch_tensor::<B>(x, n, len, device).require_grad();
    let logits = model.logits(input.clone());
    let [rows, outputs] = logits.dims();
    check_target(target, outputs)?;
    if rows != n {
        return Err(InterpretError::Model(format!("model returned {rows} rows for a batch of {n}")));
    }
    let grads = logits.slice([0..n, target..target + 1]).sum().backward();
    let grad = input.grad(&grads).ok_or_else(|| {
        InterpretError::Model("the input received no gradient (is the output connected to it?)".into())
    })?;
    tensor_values(grad)
}

/// Gradient × input: the saliency multiplied element-wise by the one-hot input (for a one-hot input, the
/// gradient of the base present at each position).
pub fn grad_times_input<B, M>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    target: usize,
    batch: usize,
    device: &B::Device,
) -> Result<Attribution>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    let mut attribution = saliency::<B, M>(model, x, n, len, target, batch, device)?;
    for (a, xi) in attribution.values.iter_mut().zip(x) {
        *a *= xi;
    }
    Ok(attribution)
}

/// The primer tutorial's saliency: `max(Σ_bases grad × input, 0)` per position, one `Vec` of length
/// `len` per sequence.
pub fn primer_saliency<B, M>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    target: usize,
    batch: usize,
    device: &B::Device,
) -> Result<Vec<Vec<f32>>>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    let gxi = grad_times_input::<B, M>(model, x, n, len, target, batch, device)?;
    Ok((0..n).map(|i| gxi.position_sums(i).into_iter().map(|v| v.max(0.0)).collect()).collect())
}
