//! The configurable CNN as a burn module: built from a [`CnnConfig`] with a seed, run on `(N, 4, L)`.

use burn::module::{Module, Param};
use burn::nn::conv::Conv1d;
use burn::nn::Linear;
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};

use super::config::{CnnConfig, FeatureLayer};
use super::layers::{conv_layer, dense_tail, init_rng, linear_layer, tensor_values};
use super::shapes::LayerShape;
use crate::error::{ModelError, Result};
use crate::model::{Head, SequenceModel};
use seq_kernels::SeqKernels;

/// A 1-D convolutional network described by a [`CnnConfig`].
#[derive(Module, Debug)]
pub struct Cnn<B: Backend> {
    pub(super) convs: Vec<Conv1d<B>>,
    pub(super) hidden: Vec<Linear<B>>,
    pub(super) output: Linear<B>,
    #[module(skip)]
    pub(super) config: CnnConfig,
    /// Whether a convolution with ReLU or linear activation followed by a max-pool runs as one fused
    /// [`SeqKernels`] operation (on by default; off: burn's generic layer-by-layer composition).
    #[module(skip)]
    pub(super) fused: bool,
}

impl CnnConfig {
    /// Builds the network on `device`, drawing every weight from a ChaCha8 generator seeded with `seed`
    /// (the same seed gives the same weights on any backend). Fails when the configuration is invalid.
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> Result<Cnn<B>> {
        self.validate()?;
        let mut rng = init_rng(seed);
        let mut convs = Vec::with_capacity(self.num_convs());
        let mut channels = 4;
        for layer in &self.features {
            if let FeatureLayer::Conv { filters, width, padding, .. } = *layer {
                convs.push(conv_layer(channels, filters, width, padding, self.conv_init, &mut rng, device));
                channels = filters;
            }
        }
        let mut units = self.flattened_units()?;
        let mut hidden = Vec::with_capacity(self.dense.len());
        for block in &self.dense {
            hidden.push(linear_layer(units, block.units, self.dense_init, &mut rng, device));
            units = block.units;
        }
        let output = linear_layer(units, self.outputs, self.dense_init, &mut rng, device);
        tracing::debug!(params = self.param_count().unwrap_or(0), seed, "initialised CNN");
        Ok(Cnn { convs, hidden, output, config: self.clone(), fused: true })
    }
}

impl<B: Backend> Cnn<B> {
    /// The configuration the network was built from.
    pub fn config(&self) -> &CnnConfig {
        &self.config
    }

    /// Number of convolution layers.
    pub fn num_convs(&self) -> usize {
        self.convs.len()
    }

    /// Turns the fused convolution → activation → max-pool kernels on (the default) or off (burn's generic
    /// composition, layer by layer). Both compute the same function; the switch exists for comparisons.
    pub fn with_fused_kernels(mut self, on: bool) -> Self {
        self.fused = on;
        self
    }

    /// Whether fused kernels are on (see [`with_fused_kernels`](Self::with_fused_kernels)).
    pub fn fused_kernels(&self) -> bool {
        self.fused
    }

    /// Kernel of convolution `index` as `(filters, channels_in, width)` values in row-major order.
    pub fn conv_weights(&self, index: usize) -> Option<(Vec<f32>, [usize; 3])> {
        let conv = self.convs.get(index)?;
        let w = conv.weight.val();
        let dims = w.dims();
        Some((tensor_values(w), dims))
    }

    /// Biases of convolution `index`.
    pub fn conv_bias(&self, index: usize) -> Option<Vec<f32>> {
        let bias = self.convs.get(index)?.bias.as_ref()?;
        Some(tensor_values(bias.val()))
    }

    /// Replaces the kernel `(filters, channels_in, width)` and biases of convolution `index`.
    pub fn set_conv_weights(mut self, index: usize, weights: &[f32], bias: &[f32]) -> Result<Self> {
        let conv = self
            .convs
            .get_mut(index)
            .ok_or_else(|| ModelError::InvalidInput(format!("no convolution {index} in this model")))?;
        let dims = conv.weight.dims();
        if weights.len() != dims.iter().product::<usize>() || bias.len() != dims[0] {
            return Err(ModelError::InvalidInput(format!(
                "convolution {index} needs {} weights {dims:?} and {} biases, got {} and {}",
                dims.iter().product::<usize>(),
                dims[0],
                weights.len(),
                bias.len()
            )));
        }
        let device = conv.weight.device();
        conv.weight = Param::from_data(TensorData::new(weights.to_vec(), dims), &device);
        conv.bias = Some(Param::from_data(TensorData::new(bias.to_vec(), [dims[0]]), &device));
        Ok(self)
    }

    /// Keras-like summary: one row per layer with its output shape (channels-first, batch as `None`) and
    /// parameter count, then the total.
    pub fn summary(&self) -> String {
        let rows = match self.config.layers() {
            Ok(rows) => rows,
            Err(e) => return format!("invalid model: {e}"),
        };
        let mut out = format!("{:<44} {:<22} {:>10}\n{}\n", "Layer (type)", "Output Shape", "Param #", "=".repeat(78));
        for row in &rows {
            let shape = match row.shape {
                LayerShape::Sequence { channels, length } => format!("(None, {channels}, {length})"),
                LayerShape::Flat(units) => format!("(None, {units})"),
            };
            out.push_str(&format!("{:<44} {:<22} {:>10}\n", row.name, shape, row.params));
        }
        out.push_str(&format!("{}\nTotal params: {}\n", "=".repeat(78), self.num_params()));
        out
    }
}

impl<B: SeqKernels> SequenceModel<B> for Cnn<B> {
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        dense_tail(self.features(x), &self.hidden, &self.config.dense, &self.output)
    }

    fn head(&self) -> Head {
        self.config.head
    }

    fn outputs(&self) -> usize {
        self.config.outputs
    }

    fn input_length(&self) -> Option<usize> {
        Some(self.config.input_length)
    }

    fn regularization(&self) -> Option<Tensor<B, 1>> {
        if self.config.l1 <= 0.0 || self.convs.is_empty() {
            return None;
        }
        let total = self
            .convs
            .iter()
            .map(|conv| {
                let w = conv.weight.val().abs().sum();
                match &conv.bias {
                    Some(b) => w + b.val().abs().sum(),
                    None => w,
                }
            })
            .reduce(|a, b| a + b)?;
        Some(total * self.config.l1)
    }
}
