//! The generic burn composition behind [`SeqKernels`](super::SeqKernels)' default methods: what any backend
//! computes, and the reference every fast path is tested against.

use burn::tensor::activation::relu;
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
