//! The CNN's feature part on a backend with [`SeqKernels`]: a convolution with ReLU (or linear) activation
//! followed by a max-pool runs as one fused operation, a convolution followed by anything else as the same
//! operation with windows of width 1 (its dense backward), everything else layer by layer.

use burn::tensor::Tensor;

use super::config::{Activation, FeatureLayer};
use super::layers::dropout;
use super::module::Cnn;
use seq_kernels::{conv_pool, ConvPoolOptions, SeqKernels};

impl<B: SeqKernels> Cnn<B> {
    /// Output of the feature part `(N, C, L')`, before flattening.
    pub fn features(&self, x: Tensor<B, 3>) -> Tensor<B, 3> {
        self.features_until(x, usize::MAX)
    }

    /// Activations of convolution `index` (0-based) after its activation function, `(N, filters, L')`: the
    /// feature maps interpretation turns into motifs. `None` when there is no such convolution.
    pub fn conv_activations(&self, x: Tensor<B, 3>, index: usize) -> Option<Tensor<B, 3>> {
        (index < self.convs.len()).then(|| self.features_until(x, index))
    }

    /// Runs the feature layers, stopping right after the activation of convolution `stop_after_conv`.
    fn features_until(&self, mut x: Tensor<B, 3>, stop_after_conv: usize) -> Tensor<B, 3> {
        let mut conv_index = 0;
        // Dropout is the identity at rate 0 and without autodiff (burn applies it only when gradients are
        // tracked): skipping it there lets `conv → dropout → pool` (SequenceDNN) fuse.
        let training = B::ad_enabled(&x.device());
        let mut layers = self
            .config
            .features
            .iter()
            .filter(|layer| !matches!(layer, FeatureLayer::Dropout { rate } if *rate <= 0.0 || !training))
            .peekable();
        while let Some(layer) = layers.next() {
            x = match *layer {
                FeatureLayer::Conv { activation, padding, .. } => {
                    let index = conv_index;
                    conv_index += 1;
                    if index == stop_after_conv {
                        return activation.apply(self.convs[index].forward(x));
                    }
                    let options = self.fusable(index, activation, padding, layers.peek().copied(), &x);
                    match options {
                        Some((options, pooled)) => {
                            if pooled {
                                layers.next();
                            }
                            let conv = &self.convs[index];
                            let bias = conv.bias.as_ref().expect("fusable convolutions have a bias");
                            conv_pool(x, conv.weight.val(), bias.val(), options)
                        }
                        None => activation.apply(self.convs[index].forward(x)),
                    }
                }
                FeatureLayer::MaxPool { width, stride } => {
                    burn::tensor::module::max_pool1d(x, width, stride.unwrap_or(width), 0, 1, false)
                }
                FeatureLayer::GlobalMaxPool => x.max_dim(2),
                FeatureLayer::Dropout { rate } => dropout(rate, x),
            };
        }
        x
    }

    /// The fused operation's options when convolution `index` (with `activation`, `padding`) fits it: fusion
    /// on, ReLU or linear activation, a bias, ≥ 1 output. With a (global) max-pool `next` the pool is fused
    /// (`true`: the caller skips it); otherwise the convolution runs alone, as windows of width 1 (`false`).
    fn fusable(
        &self,
        index: usize,
        activation: Activation,
        padding: super::Padding,
        next: Option<&FeatureLayer>,
        x: &Tensor<B, 3>,
    ) -> Option<(ConvPoolOptions, bool)> {
        let relu = match activation {
            Activation::Relu => true,
            Activation::Linear => false,
            _ => return None,
        };
        let conv = &self.convs[index];
        if !self.fused || conv.bias.is_none() {
            return None;
        }
        let [filters, channels, width] = conv.weight.dims();
        let [_, x_channels, length] = x.dims();
        let conv_length = padding.output_length(length, width)?;
        let (pool_width, pool_stride, pooled) = match next {
            Some(FeatureLayer::MaxPool { width, stride }) => (*width, stride.unwrap_or(*width), true),
            Some(FeatureLayer::GlobalMaxPool) => (conv_length, conv_length, true),
            _ => (1, 1, false),
        };
        let (pad_left, pad_right) = padding.amounts(width);
        let options = ConvPoolOptions { pad_left, pad_right, pool_width, pool_stride, relu };
        (filters > 0 && channels == x_channels && pool_stride > 0 && options.pooled_length(conv_length) > 0)
            .then_some((options, pooled))
    }
}
