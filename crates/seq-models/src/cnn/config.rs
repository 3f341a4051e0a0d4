//! The serialisable description of a convolutional network: feature layers (convolution, pooling,
//! dropout), dense blocks, a head, initialisers and an L1 penalty. A TOML or JSON file can hold one.
//!
//! ```toml
//! input_length = 200
//! outputs = 1
//! head = "Sigmoid"
//! [[features]]
//! layer = "conv"
//! filters = 24
//! width = 19
//! padding = "same"
//! activation = "relu"
//! [[features]]
//! layer = "max_pool"
//! width = 25
//! [[dense]]
//! units = 64
//! activation = "relu"
//! ```

use serde::{Deserialize, Serialize};

use crate::model::Head;

/// How a convolution treats the sequence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Padding {
    /// Zero-pad so the output keeps the input length: `(w-1)/2` on the left and the rest on the right,
    /// exactly as Keras/TensorFlow 'same' (the extra position of an even width goes to the right).
    Same,
    /// No padding: the output has `L - w + 1` positions.
    #[default]
    Valid,
}

impl Padding {
    /// Zero columns added `(left, right)` for a kernel of `width`.
    pub fn amounts(self, width: usize) -> (usize, usize) {
        match self {
            Padding::Valid => (0, 0),
            Padding::Same => {
                let total = width.saturating_sub(1);
                (total / 2, total - total / 2)
            }
        }
    }

    /// Output length of a stride-1 convolution of `width` over `length` positions (`None` if none remain).
    pub fn output_length(self, length: usize, width: usize) -> Option<usize> {
        let (left, right) = self.amounts(width);
        let padded = length + left + right;
        (width >= 1 && padded >= width).then(|| padded - width + 1)
    }
}

pub use seq_kernels::Activation;

/// How the weights of a layer are drawn (biases start at zero, as in Keras, except under
/// [`Init::TorchDefault`]).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// Keras' default `glorot_uniform`: U(±√(6 / (fan_in + fan_out))).
    #[default]
    GlorotUniform,
    /// `he_normal` as in Keras 1 (DragoNN): N(0, √(2 / fan_in)).
    HeNormal,
    /// U(±limit).
    Uniform {
        /// Half-width of the interval.
        limit: f64,
    },
    /// PyTorch's default for `nn.Conv1d` and `nn.Linear` (`kaiming_uniform_(a = √5)`): weights **and**
    /// biases U(±1/√fan_in); what a recipe written in PyTorch starts from.
    TorchDefault,
}

/// One layer of the convolutional (feature) part, applied in order to the `(N, C, L)` tensor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "layer", rename_all = "snake_case")]
pub enum FeatureLayer {
    /// 1-D convolution with stride 1 followed by an activation.
    Conv {
        /// Number of filters (output channels).
        filters: usize,
        /// Kernel width in positions.
        width: usize,
        /// Same or valid padding.
        #[serde(default)]
        padding: Padding,
        /// Activation after the convolution.
        #[serde(default)]
        activation: Activation,
    },
    /// Max-pooling over windows of `width` every `stride` positions (default `stride = width`); windows that
    /// would run past the end are dropped, like Keras' 'valid' pooling.
    MaxPool {
        /// Window width.
        width: usize,
        /// Step between windows (`None`: the window width).
        #[serde(default)]
        stride: Option<usize>,
    },
    /// Maximum over all positions of each channel (length becomes 1).
    GlobalMaxPool,
    /// Dropout with the given rate, active only while training (autodiff backends).
    Dropout {
        /// Probability of zeroing an element.
        rate: f64,
    },
}

/// One hidden dense layer: `units` outputs, an activation, then dropout.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DenseBlock {
    /// Number of outputs.
    pub units: usize,
    /// Activation after the affine map.
    #[serde(default)]
    pub activation: Activation,
    /// Dropout rate after the activation (0 for none).
    #[serde(default)]
    pub dropout: f64,
}

/// A configurable 1-D CNN: `features` on the one-hot `(N, 4, L)`, flatten, `dense` blocks, then a final
/// dense layer to `outputs` logits whose activation is `head`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CnnConfig {
    /// Sequence length the network is built for.
    pub input_length: usize,
    /// Convolution, pooling and dropout layers, in order.
    #[serde(default)]
    pub features: Vec<FeatureLayer>,
    /// Hidden dense blocks after flattening.
    #[serde(default)]
    pub dense: Vec<DenseBlock>,
    /// Number of outputs (tasks or classes).
    pub outputs: usize,
    /// How logits become predictions.
    pub head: Head,
    /// Initialiser of the convolution kernels.
    #[serde(default)]
    pub conv_init: Init,
    /// Initialiser of the dense weights (hidden and output).
    #[serde(default)]
    pub dense_init: Init,
    /// L1 penalty on the convolution weights **and** biases (DragoNN); 0 for none.
    #[serde(default)]
    pub l1: f64,
}

impl CnnConfig {
    /// A network with no layers yet: add them with the builder methods.
    pub fn new(input_length: usize, outputs: usize, head: Head) -> Self {
        Self {
            input_length,
            features: Vec::new(),
            dense: Vec::new(),
            outputs,
            head,
            conv_init: Init::GlorotUniform,
            dense_init: Init::GlorotUniform,
            l1: 0.0,
        }
    }

    /// Appends a convolution.
    pub fn conv(mut self, filters: usize, width: usize, padding: Padding, activation: Activation) -> Self {
        self.features.push(FeatureLayer::Conv { filters, width, padding, activation });
        self
    }

    /// Appends a max-pool with stride equal to its width.
    pub fn max_pool(mut self, width: usize) -> Self {
        self.features.push(FeatureLayer::MaxPool { width, stride: None });
        self
    }

    /// Appends a global max-pool.
    pub fn global_max_pool(mut self) -> Self {
        self.features.push(FeatureLayer::GlobalMaxPool);
        self
    }

    /// Appends a dropout layer to the feature part (skipped when `rate` is 0).
    pub fn dropout(mut self, rate: f64) -> Self {
        if rate > 0.0 {
            self.features.push(FeatureLayer::Dropout { rate });
        }
        self
    }

    /// Appends a hidden dense block.
    pub fn dense(mut self, units: usize, activation: Activation, dropout: f64) -> Self {
        self.dense.push(DenseBlock { units, activation, dropout });
        self
    }

    /// Sets the initialisers of convolutions and dense layers.
    pub fn with_init(mut self, conv: Init, dense: Init) -> Self {
        self.conv_init = conv;
        self.dense_init = dense;
        self
    }

    /// Sets the L1 penalty on convolution weights and biases.
    pub fn with_l1(mut self, l1: f64) -> Self {
        self.l1 = l1;
        self
    }

    /// Number of convolution layers.
    pub fn num_convs(&self) -> usize {
        self.features.iter().filter(|l| matches!(l, FeatureLayer::Conv { .. })).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_describes_seed000() {
        let text = r#"
            input_length = 200
            outputs = 1
            head = "Sigmoid"
            [[features]]
            layer = "conv"
            filters = 24
            width = 19
            padding = "same"
            activation = "relu"
            [[features]]
            layer = "max_pool"
            width = 25
            [[dense]]
            units = 64
            activation = "relu"
        "#;
        let config: CnnConfig = toml::from_str(text).unwrap();
        assert_eq!(config, crate::cnn::presets::seed000(200));
        assert_eq!(config.param_count().unwrap(), 14265);
    }

    #[test]
    fn keras_same_padding_puts_the_extra_zero_on_the_right() {
        assert_eq!(Padding::Same.amounts(19), (9, 9));
        assert_eq!(Padding::Same.amounts(4), (1, 2));
        assert_eq!(Padding::Same.output_length(10, 4), Some(10));
        assert_eq!(Padding::Valid.output_length(50, 12), Some(39));
        assert_eq!(Padding::Valid.output_length(5, 12), None);
    }
}
