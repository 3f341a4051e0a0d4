//! The element-wise nonlinearities seqdl's layers use (shared by the models' configuration and the kernels).

use burn::tensor::activation;
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Element-wise nonlinearity after a convolution or dense layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `max(0, x)`.
    #[default]
    Relu,
    /// Identity (Keras' default `activation=None`).
    Linear,
    /// `exp(x)` (exponential activations make first-layer filters more interpretable).
    Exp,
    /// Logistic sigmoid.
    Sigmoid,
    /// Hyperbolic tangent.
    Tanh,
}

impl Activation {
    /// Lower-case name as Keras prints it.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Linear => "linear",
            Activation::Exp => "exponential",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }
}

impl Activation {
    /// Applies the activation element-wise.
    pub fn apply<B: Backend, const D: usize>(self, x: Tensor<B, D>) -> Tensor<B, D> {
        match self {
            Activation::Relu => activation::relu(x),
            Activation::Linear => x,
            Activation::Exp => x.exp(),
            Activation::Sigmoid => activation::sigmoid(x),
            Activation::Tanh => x.tanh(),
        }
    }
}
