//! # seq-kernels
//!
//! seqdl's compute kernels, and the only crate of the workspace with `unsafe` code: the [`SeqKernels`] backend
//! extension (fused convolution → ReLU → max-pool, forward and backward: a generic burn default for every
//! backend, hand-written CPU kernels for burn's flex backend, an autodiff node), and two engines on plain
//! `f32` layers: incremental ISM ([`ism::FastIsm`]) and DeepLIFT ([`deeplift::DeepLift`]). The CPU kernels
//! ([`cpu`]) are compiled with every backend, since the engines use them. The backend features (`flex`, `ndarray`, `cuda`) are
//! declared here and passed down by every crate above; [`backend`] names the backends they compile in.
//!
//! **Never depends on** another seqdl crate: models, interpretation and the application layer use the
//! kernels, never the reverse.
//!
//! The same trait carries the LSTM recurrence ([`lstm_last_hidden`]: forward and backward through time as
//! one graph node instead of ~15 per time step; hand-written in [`cpu::lstm`] for flex).
//!
//! ## The fused convolution
//!
//! seqdl's own backend operations, through burn's backend-extension mechanism: the fused
//! convolution → (ReLU) → max-pool of the CNNs' first layers, forward and backward.
//!
//! [`SeqKernels`] is a trait on the backend. Its default methods are the generic burn composition (conv1d,
//! relu, max_pool1d and their burn backward ops), so every backend works: ndarray, cuda, or a backend of your
//! own with an empty `impl SeqKernels for MyBackend {}`. burn's flex CPU backend overrides them with
//! hand-written kernels (`flex` feature: register-tiled convolution over both cores, pooling fused into the
//! same pass, and a backward that only visits the pooled maxima), and `Autodiff<B>` records one graph node
//! whose backward calls the inner backend's [`SeqKernels::conv_pool_backward`].
//!
//! Why fusing pays: with max-pooling only one position per window receives a gradient, so the backward of
//! convolution + ReLU + pool touches `1/pool_width` of the convolution outputs (seed 000: 1/25).
#![warn(missing_docs)]

pub mod activation;
pub mod backend;
pub mod error;
pub mod ism;

pub use activation::Activation;
pub use backend::set_threads;
pub use error::{KernelError, Result};

mod autodiff;
pub mod generic;

pub mod cpu;
pub mod deeplift;
#[cfg(feature = "flex")]
mod flex;

use burn::tensor::backend::Backend;
use burn::tensor::ops::{FloatTensor, IntTensor};
use burn::tensor::{Int, Tensor, TensorPrimitive};

/// Shape of a fused convolution → (ReLU) → max-pool: stride-1 convolution with zero padding, then
/// max-pooling windows of `pool_width` every `pool_stride` positions (windows past the end are dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvPoolOptions {
    /// Zero columns added before the sequence.
    pub pad_left: usize,
    /// Zero columns added after the sequence.
    pub pad_right: usize,
    /// Max-pool window width.
    pub pool_width: usize,
    /// Step between pooling windows.
    pub pool_stride: usize,
    /// Whether a ReLU sits between the convolution and the pool (`relu(max(..)) = max(relu(..))`).
    pub relu: bool,
}

impl ConvPoolOptions {
    /// Length of the convolution output for an input of `length` and a kernel of `width` (0 if none).
    pub fn conv_length(&self, length: usize, width: usize) -> usize {
        (length + self.pad_left + self.pad_right + 1).saturating_sub(width)
    }

    /// Number of pooling windows over `conv_length` positions.
    pub fn pooled_length(&self, conv_length: usize) -> usize {
        if conv_length < self.pool_width || self.pool_stride == 0 {
            0
        } else {
            (conv_length - self.pool_width) / self.pool_stride + 1
        }
    }
}

/// Which gradients a backward pass must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradsWanted {
    /// Gradient with respect to the input.
    pub x: bool,
    /// Gradient with respect to the kernel.
    pub weight: bool,
    /// Gradient with respect to the biases.
    pub bias: bool,
}

/// Gradients of a fused convolution → (ReLU) → max-pool; `None` where not requested.
#[derive(Debug)]
pub struct ConvPoolGrads<B: Backend> {
    /// `(N, C, L)`.
    pub x: Option<FloatTensor<B>>,
    /// `(F, C, K)`.
    pub weight: Option<FloatTensor<B>>,
    /// `(F)`.
    pub bias: Option<FloatTensor<B>>,
}

/// seqdl's operations as an extension of a burn backend. Every method has the generic burn composition as
/// its default; backends with faster kernels override them (burn's flex: see the `flex` feature).
///
/// Shapes: `x (N, C, L)`, `weight (F, C, K)`, `bias (F)`, output `(N, F, P)` with
/// `P = options.pooled_length(options.conv_length(L, K))`.
pub trait SeqKernels: Backend {
    /// `max_pool(act(conv1d(x, weight) + bias))` where `act` is ReLU or the identity (`options.relu`).
    fn conv_pool(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvPoolOptions,
    ) -> FloatTensor<Self> {
        generic::conv_pool::<Self>(wrap(x), wrap(weight), wrap(bias), options).into_primitive().tensor()
    }

    /// As [`conv_pool`](Self::conv_pool), also returning for each output the position (0-based, in the
    /// convolution output) of the window's maximum, or `-1` where the output has no gradient (ReLU of a
    /// maximum ≤ 0). Ties go to the first position.
    fn conv_pool_with_argmax(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvPoolOptions,
    ) -> (FloatTensor<Self>, IntTensor<Self>) {
        let (out, argmax) = generic::conv_pool_with_argmax::<Self>(wrap(x), wrap(weight), wrap(bias), options);
        (out.into_primitive().tensor(), argmax.into_primitive())
    }

    /// Gradients of [`conv_pool`](Self::conv_pool) given the output gradient `grad (N, F, P)` and the
    /// `argmax` of [`conv_pool_with_argmax`](Self::conv_pool_with_argmax).
    fn conv_pool_backward(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        argmax: IntTensor<Self>,
        grad: FloatTensor<Self>,
        options: ConvPoolOptions,
        wanted: GradsWanted,
    ) -> ConvPoolGrads<Self> {
        let argmax = Tensor::<Self, 3, Int>::from_primitive(argmax);
        let (x, weight, bias) =
            generic::conv_pool_backward::<Self>(wrap(x), wrap(weight), argmax, wrap(grad), options, wanted);
        ConvPoolGrads {
            x: x.map(|t| t.into_primitive().tensor()),
            weight: weight.map(|t| t.into_primitive().tensor()),
            bias: bias.map(|t| t.into_primitive().tensor()),
        }
    }

    /// The last hidden state `(N, H)` of a Keras-layout LSTM (gates input, forget, cell, output) run from
    /// zero states over `projected (N, T, 4H)` (the input projections `x·W + b`) with the recurrent kernel
    /// `recurrent (H, 4H)`.
    fn lstm_last_hidden(projected: FloatTensor<Self>, recurrent: FloatTensor<Self>) -> FloatTensor<Self> {
        generic::lstm_last_hidden::<Self>(wrap(projected), wrap(recurrent)).into_primitive().tensor()
    }

    /// Gradients `(d projected, d recurrent)` of [`lstm_last_hidden`](Self::lstm_last_hidden) for the
    /// output gradient `grad (N, H)`.
    fn lstm_last_hidden_backward(
        projected: FloatTensor<Self>,
        recurrent: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (dp, dr) = generic::lstm_last_hidden_backward::<Self>(wrap(projected), wrap(recurrent), wrap(grad));
        (dp.into_primitive().tensor(), dr.into_primitive().tensor())
    }
}

/// The last hidden state `(N, H)` of a Keras-layout LSTM over `projected (N, T, 4H)` with recurrent kernel
/// `recurrent (H, 4H)`, through the backend's [`SeqKernels`] operation (differentiable on `Autodiff<B>`).
/// Panics, as burn's own ops do, when the shapes do not fit.
pub fn lstm_last_hidden<B: SeqKernels>(projected: Tensor<B, 3>, recurrent: Tensor<B, 2>) -> Tensor<B, 2> {
    let [_, _, h4] = projected.dims();
    let [h, r4] = recurrent.dims();
    assert!(h4 == 4 * h && r4 == 4 * h, "lstm: projections of width {h4} and a recurrent kernel {h}×{r4}");
    wrap(B::lstm_last_hidden(projected.into_primitive().tensor(), recurrent.into_primitive().tensor()))
}

fn wrap<B: Backend, const D: usize>(t: FloatTensor<B>) -> Tensor<B, D> {
    Tensor::from_primitive(TensorPrimitive::Float(t))
}

/// Fused `max_pool(act(conv1d(x) + bias))` on tensors, through the backend's [`SeqKernels`] operation
/// (differentiable on `Autodiff<B>`). Panics, as burn's own ops do, when the shapes do not fit.
pub fn conv_pool<B: SeqKernels>(
    x: Tensor<B, 3>,
    weight: Tensor<B, 3>,
    bias: Tensor<B, 1>,
    options: ConvPoolOptions,
) -> Tensor<B, 3> {
    let [_, c, l] = x.dims();
    let [_, cw, k] = weight.dims();
    assert_eq!(c, cw, "conv_pool: input has {c} channels, the kernel expects {cw}");
    assert!(
        options.pooled_length(options.conv_length(l, k)) > 0,
        "conv_pool: no pooling window fits {l} positions (kernel {k}, options {options:?})"
    );
    wrap(B::conv_pool(
        x.into_primitive().tensor(),
        weight.into_primitive().tensor(),
        bias.into_primitive().tensor(),
        options,
    ))
}

#[cfg(feature = "ndarray")]
impl SeqKernels for burn::backend::NdArray {}

#[cfg(feature = "cuda")]
impl SeqKernels for burn::backend::Cuda {}
