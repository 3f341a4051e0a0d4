//! The generic burn composition behind [`SeqKernels`](super::SeqKernels)' default methods: what any backend
//! computes, and the reference every fast path is tested against.

use burn::backend::Autodiff;
use burn::tensor::activation::{relu, sigmoid, tanh};
use burn::tensor::backend::Backend;
use burn::tensor::module::{conv1d, max_pool1d, max_pool1d_with_indices};
use burn::tensor::ops::{ConvOptions, PadMode, PaddedConvOptions};
use burn::tensor::{IndexingUpdateOp, Int, Tensor, TensorPrimitive};

use super::{ConvPoolOptions, GradsWanted};

fn conv<B: Backend>(x: Tensor<B, 3>, weight: Tensor<B, 3>, bias: Tensor<B, 1>, o: ConvPoolOptions) -> Tensor<B, 3> {
    // Exactly what burn's `Conv1d` module does with explicit (left, right) padding.
    conv1d(x, weight, Some(bias), PaddedConvOptions::asymmetric([1], [o.pad_left], [o.pad_right], [1], 1))
}

/// `max_pool(act(conv1d(x, weight) + bias))`, as burn's modules compute it.
pub fn conv_pool<B: Backend>(
    x: Tensor<B, 3>,
    weight: Tensor<B, 3>,
    bias: Tensor<B, 1>,
    o: ConvPoolOptions,
) -> Tensor<B, 3> {
    let c = conv(x, weight, bias, o);
    let c = if o.relu { relu(c) } else { c };
    max_pool1d(c, o.pool_width, o.pool_stride, 0, 1, false)
}

/// [`conv_pool`] and the position of each window's maximum (`-1` where ReLU zeroes the output).
pub fn conv_pool_with_argmax<B: Backend>(
    x: Tensor<B, 3>,
    weight: Tensor<B, 3>,
    bias: Tensor<B, 1>,
    o: ConvPoolOptions,
) -> (Tensor<B, 3>, Tensor<B, 3, Int>) {
    let c = conv(x, weight, bias, o);
    let (pooled, index) = max_pool1d_with_indices(c, o.pool_width, o.pool_stride, 0, 1, false);
    if !o.relu {
        return (pooled, index);
    }
    let dead = pooled.clone().lower_equal_elem(0.0);
    (pooled.mask_fill(dead.clone(), 0.0), index.mask_fill(dead, -1))
}

/// Gradients `(x, weight, bias)` of [`conv_pool`] from the output gradient and the argmax of
/// [`conv_pool_with_argmax`]: the gradient is scattered to the maxima, then burn's conv1d backward ops run.
#[allow(clippy::type_complexity)]
pub fn conv_pool_backward<B: Backend>(
    x: Tensor<B, 3>,
    weight: Tensor<B, 3>,
    argmax: Tensor<B, 3, Int>,
    grad: Tensor<B, 3>,
    o: ConvPoolOptions,
    wanted: GradsWanted,
) -> (Option<Tensor<B, 3>>, Option<Tensor<B, 3>>, Option<Tensor<B, 1>>) {
    let [n, _, l] = x.dims();
    let [f, _, k] = weight.dims();
    let device = x.device();
    let dead = argmax.clone().lower_elem(0);
    let grad = grad.mask_fill(dead, 0.0);
    let index = argmax.clamp_min(0);
    let grad_conv =
        Tensor::<B, 3>::zeros([n, f, o.conv_length(l, k)], &device).scatter(2, index, grad, IndexingUpdateOp::Add);
    let bias = wanted.bias.then(|| grad_conv.clone().sum_dim(2).sum_dim(0).reshape([f]));
    // burn's conv1d pads symmetric padding itself and asymmetric padding explicitly beforehand.
    let symmetric = o.pad_left == o.pad_right;
    let (x_in, options) = if symmetric {
        (x, ConvOptions::new([1], [o.pad_left], [1], 1))
    } else {
        (x.pad((o.pad_left, o.pad_right, 0, 0), PadMode::Constant(0.0)), ConvOptions::new([1], [0], [1], 1))
    };
    let prim = |t: Tensor<B, 3>| t.into_primitive().tensor();
    let wrap = |t| Tensor::<B, 3>::from_primitive(TensorPrimitive::Float(t));
    let dw = wanted.weight.then(|| {
        wrap(B::conv1d_weight_backward(
            prim(x_in.clone()),
            prim(weight.clone()),
            prim(grad_conv.clone()),
            options.clone(),
        ))
    });
    let dx = wanted.x.then(|| {
        let dx = wrap(B::conv1d_x_backward(prim(x_in), prim(weight), prim(grad_conv), options));
        if symmetric {
            dx
        } else {
            dx.narrow(2, o.pad_left, l)
        }
    });
    (dx, dw, bias)
}

/// The last hidden state `(N, H)` of a Keras-layout LSTM run from zero states over `projected (N, T, 4H)` (the
/// input projections `x·W + b`, gates in order input, forget, cell, output) with recurrent kernel
/// `recurrent (H, 4H)`: the step-by-step composition of burn operations.
pub fn lstm_last_hidden<B: Backend>(projected: Tensor<B, 3>, recurrent: Tensor<B, 2>) -> Tensor<B, 2> {
    let [n, steps, h4] = projected.dims();
    let h = h4 / 4;
    let device = projected.device();
    let mut hidden = Tensor::<B, 2>::zeros([n, h], &device);
    let mut cell = Tensor::<B, 2>::zeros([n, h], &device);
    for t in 0..steps {
        let z = projected.clone().slice([0..n, t..t + 1, 0..h4]).reshape([n, h4]) + hidden.matmul(recurrent.clone());
        let input_gate = sigmoid(z.clone().slice([0..n, 0..h]));
        let forget_gate = sigmoid(z.clone().slice([0..n, h..2 * h]));
        let candidate = tanh(z.clone().slice([0..n, 2 * h..3 * h]));
        let output_gate = sigmoid(z.slice([0..n, 3 * h..h4]));
        cell = forget_gate * cell + input_gate * candidate;
        hidden = output_gate * tanh(cell.clone());
    }
    hidden
}

/// Gradients `(d projected, d recurrent)` of [`lstm_last_hidden`] for the output gradient `grad (N, H)`: burn's
/// autodiff over the composition.
pub fn lstm_last_hidden_backward<B: Backend>(
    projected: Tensor<B, 3>,
    recurrent: Tensor<B, 2>,
    grad: Tensor<B, 2>,
) -> (Tensor<B, 3>, Tensor<B, 2>) {
    let projected = Tensor::<Autodiff<B>, 3>::from_inner(projected).require_grad();
    let recurrent = Tensor::<Autodiff<B>, 2>::from_inner(recurrent).require_grad();
    let hidden = lstm_last_hidden(projected.clone(), recurrent.clone());
    let grads = (hidden * Tensor::from_inner(grad)).sum().backward();
    let missing = "both inputs require a gradient";
    (projected.grad(&grads).expect(missing), recurrent.grad(&grads).expect(missing))
}
