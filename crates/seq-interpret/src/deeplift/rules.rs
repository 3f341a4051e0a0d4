//! The two non-linear rules, on the stacked batch `[x; references]` (the first half of the rows are the
//! inputs, the second half their references, pair `i` in rows `i` and `half + i`).
//!
//! * [`rescale`]: element-wise nonlinearities. The multiplier is `Δout / Δin` for both halves, or each
//!   half's own gradient `f'(in)` where `|Δin| < 1e-6` ([`RESCALE_EPS`]).
//! * [`max_pool`]: DeepExplainer's max-pool rule. With `M = max(y, y_ref)` per window, the change
//!   `M − y_ref` is routed to the input's arg-max and `y − M` to the reference's arg-max (shares landing
//!   on one position add up), and the routed sum is divided by `Δin`. Where `Δin == 0` exactly, the
//!   gradient of the input half (its upstream multiplier at its own arg-max) is used. Both halves get the
//!   same multiplier. Arg-max ties go to the first position, as PyTorch's CPU pooling.

use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use rayon::prelude::*;
use seq_models::cnn::Activation;

/// Below this `|Δin|` the rescale rule falls back to the gradient (tangermeme's `_nonlinear`).
pub use seq_kernels::deeplift::RESCALE_EPS;

/// The derivative `f'(in)` of an activation, from its input and output (as PyTorch's backward computes it).
fn derivative<B: Backend, const D: usize>(
    activation: Activation,
    input: Tensor<B, D>,
    output: Tensor<B, D>,
) -> Tensor<B, D> {
    match activation {
        Activation::Relu => input.greater_elem(0.0).float(),
        Activation::Linear => output.ones_like(),
        Activation::Exp => output,
        Activation::Sigmoid => output.clone() * output.neg().add_scalar(1.0),
        Activation::Tanh => (output.clone() * output).neg().add_scalar(1.0),
    }
}

/// Rows `[half..]` minus rows `[..half]` would be the reference change; this is input minus reference,
/// repeated for both halves.
fn stacked_delta<B: Backend, const D: usize>(t: Tensor<B, D>) -> Tensor<B, D> {
    let half = t.dims()[0] / 2;
    let delta = t.clone().narrow(0, 0, half) - t.narrow(0, half, half);
    Tensor::cat(vec![delta.clone(), delta], 0)
}

/// Multipliers at the input of an element-wise `activation` from those at its output (`grad`).
pub fn rescale<B: Backend, const D: usize>(
    activation: Activation,
    input: Tensor<B, D>,
    output: Tensor<B, D>,
    grad: Tensor<B, D>,
) -> Tensor<B, D> {
    let delta_in = stacked_delta(input.clone());
    let delta_out = stacked_delta(output.clone());
    let gradient = grad.clone() * derivative(activation, input, output);
    let small = delta_in.clone().abs().lower_elem(RESCALE_EPS);
    (grad * delta_out / delta_in).mask_where(small, gradient)
}

/// Arg-max of each window (first position on ties) of a row, `windows` windows of `width` every `stride`.
fn argmax_windows(row: &[f32], width: usize, stride: usize, windows: usize) -> impl Iterator<Item = usize> + '_ {
    (0..windows).map(move |p| {
        let start = p * stride;
        let mut best = start;
        for l in start + 1..start + width {
            if row[l] > row[best] || row[l].is_nan() {
                best = l;
            }
        }
        best
    })
}

/// Forward max-pool `(N, C, L)` → `(N, C, P)` on host values, windows past the end dropped.
pub fn max_pool_forward(input: &[f32], rows: usize, length: usize, width: usize, stride: usize) -> (Vec<f32>, usize) {
    let windows = if length >= width { (length - width) / stride + 1 } else { 0 };
    let mut out = vec![0.0f32; rows * windows];
    out.par_chunks_mut(windows.max(1)).zip(input.par_chunks(length)).for_each(|(o, row)| {
        for (p, best) in argmax_windows(row, width, stride, windows).enumerate() {
            o[p] = row[best];
        }
    });
    (out, windows)
}

/// Multipliers at the input of a max-pool from those at its output, on host values of the stacked batch:
/// `input` `(2·half, C, L)`, `output` and `grad` `(2·half, C, P)`.
pub fn max_pool(
    input: &[f32],
    output: &[f32],
    grad: &[f32],
    dims: [usize; 3],
    width: usize,
    stride: usize,
) -> Vec<f32> {
    let [rows, channels, length] = dims;
    let half_rows = rows / 2 * channels;
    let windows = output.len() / rows.max(1) / channels.max(1);
    let mut result = vec![0.0f32; rows * channels * length];
    let (first, second) = result.split_at_mut(half_rows * length);
    first.par_chunks_mut(length).zip(second.par_chunks_mut(length)).enumerate().for_each(|(r, (mx, mr))| {
        let x = &input[r * length..(r + 1) * length];
        let xr = &input[(half_rows + r) * length..(half_rows + r + 1) * length];
        let (yx, yr) = (
            &output[r * windows..(r + 1) * windows],
            &output[(half_rows + r) * windows..(half_rows + r + 1) * windows],
        );
        let (gx, gr) =
            (&grad[r * windows..(r + 1) * windows], &grad[(half_rows + r) * windows..(half_rows + r + 1) * windows]);
        let mut routed = vec![0.0f32; length];
        let mut gradient = vec![0.0f32; length];
        for (p, (ix, ir)) in
            argmax_windows(x, width, stride, windows).zip(argmax_windows(xr, width, stride, windows)).enumerate()
        {
            let top = yx[p].max(yr[p]);
            routed[ix] += gx[p] * (top - yr[p]);
            routed[ir] += gr[p] * (yx[p] - top);
            gradient[ix] += gx[p];
        }
        for l in 0..length {
            let delta = x[l] - xr[l];
            let m = if delta == 0.0 { gradient[l] } else { routed[l] / delta };
            mx[l] = m;
            mr[l] = m;
        }
    });
    result
}

/// Host values of a float tensor.
pub fn host<B: Backend, const D: usize>(t: Tensor<B, D>) -> Vec<f32> {
    t.into_data().convert::<f32>().to_vec::<f32>().expect("float tensors convert to f32")
}

/// A tensor from host values.
pub fn device_tensor<B: Backend, const D: usize>(
    values: Vec<f32>,
    dims: [usize; D],
    device: &B::Device,
) -> Tensor<B, D> {
    Tensor::from_data(TensorData::new(values, dims), device)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_pool_rule_routes_the_window_change_to_both_arg_maxes() {
        // One pair, one channel, one window of 3: x = [1, 4, 2] (max 4 at 1), ref = [3, 0, 0.5] (max 3 at 0).
        let input = [1.0, 4.0, 2.0, 3.0, 0.0, 0.5];
        let (output, windows) = max_pool_forward(&input, 2, 3, 3, 3);
        assert_eq!((output.clone(), windows), (vec![4.0, 3.0], 1));
        let m = max_pool(&input, &output, &[1.0, 1.0], [2, 1, 3], 3, 3);
        // M = 4: x's arg-max gets 4 − 3 = 1, the ref's arg-max gets 4 − 4 = 0; Δin = [−2, 4, 1.5].
        assert_eq!(m, vec![0.0 / -2.0, 1.0 / 4.0, 0.0, 0.0 / -2.0, 1.0 / 4.0, 0.0]);
        // Σ m·Δin = Δout = 1.
        let total: f32 = (0..3).map(|l| m[l] * (input[l] - input[3 + l])).sum();
        assert!((total - 1.0).abs() < 1e-6);
    }

    #[test]
    fn max_pool_rule_uses_the_input_gradient_where_nothing_changes() {
        // Both all zero: ties pick position 0, Δin = 0 everywhere → the plain gradient of the input half.
        let input = [0.0; 4];
        let (output, _) = max_pool_forward(&input, 2, 2, 2, 2);
        let m = max_pool(&input, &output, &[0.5, 7.0], [2, 1, 2], 2, 2);
        assert_eq!(m, vec![0.5, 0.0, 0.5, 0.0]);
    }
}
