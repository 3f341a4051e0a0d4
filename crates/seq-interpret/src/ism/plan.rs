//! Reading a [`Cnn`]'s weights into seq-kernels' plain-`f32` layers, layer by layer as its
//! [`CnnConfig`](seq_models::CnnConfig) describes them.

use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;

use seq_kernels::ism::{Conv, Dense, Global, Pool, Stage};
use seq_models::cnn::{Activation, FeatureLayer};
use seq_models::Cnn;

use super::incremental::Unsupported;

/// One parameter: dotted path, shape, and its values (or why they could not be read).
type Found = (String, Vec<usize>, Result<Vec<f32>, String>);

/// Collects every float parameter of a module with its dotted path (`hidden.0.weight`, `output.bias`, …).
#[derive(Default)]
struct Params {
    path: Vec<String>,
    found: Vec<Found>,
}

impl<B: Backend> ModuleVisitor<B> for Params {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<B, D>>) {
        let tensor = param.val();
        let dims = tensor.dims().to_vec();
        let values = tensor.into_data().convert::<f32>().to_vec::<f32>().map_err(|e| format!("{e:?}"));
        self.found.push((self.path.join("."), dims, values));
    }
}

impl Params {
    fn take(&mut self, name: &str) -> Result<(Vec<usize>, Vec<f32>), Unsupported> {
        let index = self
            .found
            .iter()
            .position(|(path, _, _)| path == name)
            .ok_or_else(|| Unsupported(format!("parameter {name} not found in the model")))?;
        let (_, dims, values) = self.found.swap_remove(index);
        let values = values.map_err(|e| Unsupported(format!("parameter {name} cannot be read as f32: {e}")))?;
        Ok((dims, values))
    }
}

/// The feature stages and dense layers (hidden blocks, then the output layer with a linear activation).
pub(crate) fn build<B: Backend>(cnn: &Cnn<B>) -> Result<(Vec<Stage>, Vec<Dense>), Unsupported> {
    let config = cnn.config();
    let mut stages = Vec::new();
    let (mut channels, mut len) = (4usize, config.input_length);
    let mut conv_index = 0;
    for layer in &config.features {
        match *layer {
            FeatureLayer::Conv { filters, width, padding, activation } => {
                let (weights, dims) = cnn
                    .conv_weights(conv_index)
                    .ok_or_else(|| Unsupported(format!("convolution {conv_index} has no weights")))?;
                if dims != [filters, channels, width] {
                    return Err(Unsupported(format!(
                        "convolution {conv_index} has weights {dims:?}, expected {:?}",
                        [filters, channels, width]
                    )));
                }
                let bias = cnn.conv_bias(conv_index).unwrap_or_else(|| vec![0.0; filters]);
                let len_out = padding
                    .output_length(len, width)
                    .ok_or_else(|| Unsupported(format!("convolution {conv_index} leaves no positions")))?;
                let mut wt = vec![0.0f32; weights.len()];
                for f in 0..filters {
                    for c in 0..channels {
                        for k in 0..width {
                            wt[(k * channels + c) * filters + f] = weights[(f * channels + c) * width + k];
                        }
                    }
                }
                let pad_left = padding.amounts(width).0;
                stages.push(Stage::Conv(Conv {
                    channels,
                    filters,
                    width,
                    pad_left,
                    len_in: len,
                    len_out,
                    activation,
                    wt,
                    bias,
                }));
                conv_index += 1;
                channels = filters;
                len = len_out;
            }
            FeatureLayer::MaxPool { width, stride } => {
                let stride = stride.unwrap_or(width);
                if width == 0 || stride == 0 || width > len {
                    return Err(Unsupported(format!("max-pool {width}/{stride} on {len} positions")));
                }
                let len_out = (len - width) / stride + 1;
                stages.push(Stage::Pool(Pool { channels, width, stride, len_in: len, len_out }));
                len = len_out;
            }
            FeatureLayer::GlobalMaxPool => {
                stages.push(Stage::Global(Global { channels, len_in: len }));
                len = 1;
            }
            FeatureLayer::Dropout { .. } => {}
        }
    }
    let mut params = Params::default();
    cnn.visit(&mut params);
    let mut dense = Vec::new();
    let mut d_in = channels * len;
    let blocks = config.dense.iter().enumerate().map(|(i, b)| (format!("hidden.{i}"), b.units, b.activation));
    let output = std::iter::once(("output".to_string(), config.outputs, Activation::Linear));
    for (name, units, activation) in blocks.chain(output) {
        let (dims, w) = params.take(&format!("{name}.weight"))?;
        if dims != [d_in, units] {
            return Err(Unsupported(format!("{name}.weight has shape {dims:?}, expected {:?}", [d_in, units])));
        }
        let bias_name = format!("{name}.bias");
        let has_bias = params.found.iter().any(|(path, _, _)| *path == bias_name);
        let bias = match params.take(&bias_name) {
            Ok((_, b)) if b.len() == units => b,
            Ok((dims, _)) => return Err(Unsupported(format!("{name}.bias has shape {dims:?}, expected [{units}]"))),
            Err(e) if has_bias => return Err(e),
            Err(_) => vec![0.0; units],
        };
        dense.push(Dense { d_in, d_out: units, w, bias, activation });
        d_in = units;
    }
    Ok((stages, dense))
}
