//! The network as a flat list of steps DeepLIFT knows a rule for, read from a [`Cnn`] and its
//! [`CnnConfig`](seq_models::CnnConfig).

use burn::nn::conv::Conv1d;
use burn::nn::Linear;
use burn::tensor::backend::Backend;
use seq_models::cnn::{Activation, FeatureLayer};
use seq_models::Cnn;

use crate::error::{InterpretError, Result};

/// One layer of the multiplier pass.
pub(crate) enum Step<'a, B: Backend> {
    /// A convolution with `left` zero columns of padding before the sequence (Keras 'same' or none; the
    /// layer pads itself): linear, multipliers go back through its transpose.
    Conv {
        /// The layer.
        conv: &'a Conv1d<B>,
        /// Zero columns added on the left.
        left: usize,
    },
    /// An element-wise nonlinearity: the rescale rule. `Linear` activations are left out of the plan.
    Act(Activation),
    /// Max-pooling (a global max-pool is one window of the whole length; windows may overlap).
    MaxPool {
        /// Window width.
        width: usize,
        /// Step between windows.
        stride: usize,
    },
    /// `(N, C, L)` → `(N, C·L)`, channel-major.
    Flatten,
    /// A dense layer: linear, multipliers go back through the transposed weight.
    Dense(&'a Linear<B>),
}

/// The steps of `model` from the one-hot input to the pre-activation logits. Dropout is the identity at
/// inference and is left out.
pub(crate) fn plan<B: Backend>(model: &Cnn<B>) -> Result<Vec<Step<'_, B>>> {
    let config = model.config();
    let convs = model.conv_layers();
    let mut steps = Vec::new();
    let mut length = config.input_length;
    let mut conv_index = 0;
    for layer in &config.features {
        match *layer {
            FeatureLayer::Conv { width, padding, activation, .. } => {
                let conv = convs.get(conv_index).ok_or_else(|| {
                    InterpretError::Model(format!(
                        "the configuration lists more convolutions than the model has ({conv_index})"
                    ))
                })?;
                conv_index += 1;
                steps.push(Step::Conv { conv, left: padding.amounts(width).0 });
                if activation != Activation::Linear {
                    steps.push(Step::Act(activation));
                }
                length = padding.output_length(length, width).unwrap_or(0);
            }
            FeatureLayer::MaxPool { width, stride } => {
                let stride = stride.unwrap_or(width);
                steps.push(Step::MaxPool { width, stride });
                length = if length >= width { (length - width) / stride + 1 } else { 0 };
            }
            FeatureLayer::GlobalMaxPool => {
                steps.push(Step::MaxPool { width: length, stride: length.max(1) });
                length = 1;
            }
            FeatureLayer::Dropout { .. } => {}
        }
    }
    steps.push(Step::Flatten);
    for (linear, block) in model.hidden_layers().iter().zip(&config.dense) {
        steps.push(Step::Dense(linear));
        if block.activation != Activation::Linear {
            steps.push(Step::Act(block.activation));
        }
    }
    steps.push(Step::Dense(model.output_layer()));
    Ok(steps)
}
