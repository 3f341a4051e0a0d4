//! Shape inference and validation of a [`CnnConfig`]: the output shape and parameter count of every layer,
//! or an error naming the first layer that cannot apply.

use super::config::{CnnConfig, FeatureLayer, Init, Padding};
use crate::error::{ModelError, Result};

/// Shape of the activations between layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerShape {
    /// `(channels, length)` per example.
    Sequence {
        /// Channels.
        channels: usize,
        /// Positions.
        length: usize,
    },
    /// A flat vector of `units` per example.
    Flat(usize),
}

/// One row of a model summary: layer name, output shape and number of trainable parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerInfo {
    /// Keras-like name, e.g. `conv1d_1 (Conv1D 24x19 same relu)`.
    pub name: String,
    /// Output shape per example.
    pub shape: LayerShape,
    /// Trainable parameters of the layer.
    pub params: usize,
}

impl CnnConfig {
    /// Checks the configuration and returns every layer with its output shape and parameter count.
    pub fn layers(&self) -> Result<Vec<LayerInfo>> {
        self.check_scalars()?;
        let mut rows = Vec::new();
        let mut shape = (4usize, self.input_length);
        let mut counts = LayerCounts::default();
        for (i, layer) in self.features.iter().enumerate() {
            let (name, next, params) = feature_row(layer, shape, &mut counts)
                .map_err(|why| ModelError::InvalidConfig(format!("feature layer {} ({layer:?}): {why}", i + 1)))?;
            shape = next;
            rows.push(LayerInfo { name, shape: LayerShape::Sequence { channels: next.0, length: next.1 }, params });
        }
        let mut units = shape.0 * shape.1;
        rows.push(LayerInfo { name: "flatten (Flatten)".into(), shape: LayerShape::Flat(units), params: 0 });
        for (i, block) in self.dense.iter().enumerate() {
            let name = format!("dense_{} (Dense {})", i + 1, block.activation.name());
            rows.push(LayerInfo {
                name,
                shape: LayerShape::Flat(block.units),
                params: units * block.units + block.units,
            });
            units = block.units;
            if block.dropout > 0.0 {
                let name = format!("dropout_dense_{} (Dropout {})", i + 1, block.dropout);
                rows.push(LayerInfo { name, shape: LayerShape::Flat(units), params: 0 });
            }
        }
        let name = format!("output (Dense, {:?} head)", self.head);
        rows.push(LayerInfo {
            name,
            shape: LayerShape::Flat(self.outputs),
            params: units * self.outputs + self.outputs,
        });
        Ok(rows)
    }

    /// Checks that the configuration describes a working network.
    pub fn validate(&self) -> Result<()> {
        self.layers().map(|_| ())
    }

    /// Number of trainable parameters the configuration describes.
    pub fn param_count(&self) -> Result<usize> {
        Ok(self.layers()?.iter().map(|r| r.params).sum())
    }

    /// Length of the flattened feature vector that feeds the first dense layer.
    pub fn flattened_units(&self) -> Result<usize> {
        self.layers()?
            .iter()
            .find_map(|r| r.name.starts_with("flatten").then_some(r.shape))
            .and_then(|s| if let LayerShape::Flat(u) = s { Some(u) } else { None })
            .ok_or_else(|| ModelError::InvalidConfig("no flatten layer".into()))
    }

    fn check_scalars(&self) -> Result<()> {
        let bad = |m: String| Err(ModelError::InvalidConfig(m));
        if self.input_length == 0 {
            return bad("input_length must be positive".into());
        }
        if self.outputs == 0 {
            return bad("outputs must be positive".into());
        }
        if !(self.l1.is_finite() && self.l1 >= 0.0) {
            return bad(format!("l1 must be a finite non-negative number, got {}", self.l1));
        }
        for (i, block) in self.dense.iter().enumerate() {
            if block.units == 0 {
                return bad(format!("dense block {} has 0 units", i + 1));
            }
            check_rate(block.dropout)
                .map_err(|why| ModelError::InvalidConfig(format!("dense block {}: {why}", i + 1)))?;
        }
        check_init(self.conv_init)?;
        check_init(self.dense_init)
    }
}

#[derive(Default)]
struct LayerCounts {
    conv: usize,
    pool: usize,
    dropout: usize,
}

/// Name, output `(channels, length)` and parameter count of one feature layer, or why it cannot apply.
fn feature_row(
    layer: &FeatureLayer,
    (channels, length): (usize, usize),
    counts: &mut LayerCounts,
) -> std::result::Result<(String, (usize, usize), usize), String> {
    match *layer {
        FeatureLayer::Conv { filters, width, padding, activation } => {
            if filters == 0 || width == 0 {
                return Err("filters and width must be positive".into());
            }
            let out = padding
                .output_length(length, width)
                .ok_or_else(|| format!("kernel width {width} exceeds the {length} positions left"))?;
            counts.conv += 1;
            let pad = if padding == Padding::Same { "same" } else { "valid" };
            let name = format!("conv1d_{} (Conv1D {filters}x{width} {pad} {})", counts.conv, activation.name());
            Ok((name, (filters, out), filters * channels * width + filters))
        }
        FeatureLayer::MaxPool { width, stride } => {
            let stride = stride.unwrap_or(width);
            if width == 0 || stride == 0 {
                return Err("pool width and stride must be positive".into());
            }
            if width > length {
                return Err(format!("pool width {width} exceeds the {length} positions left"));
            }
            counts.pool += 1;
            let name = format!("max_pool1d_{} (MaxPool1D {width}/{stride})", counts.pool);
            Ok((name, (channels, (length - width) / stride + 1), 0))
        }
        FeatureLayer::GlobalMaxPool => Ok(("global_max_pool1d (GlobalMaxPool1D)".into(), (channels, 1), 0)),
        FeatureLayer::Dropout { rate } => {
            check_rate(rate)?;
            counts.dropout += 1;
            Ok((format!("dropout_{} (Dropout {rate})", counts.dropout), (channels, length), 0))
        }
    }
}

fn check_rate(rate: f64) -> std::result::Result<(), String> {
    if (0.0..1.0).contains(&rate) {
        Ok(())
    } else {
        Err(format!("dropout rate must be in [0, 1), got {rate}"))
    }
}

fn check_init(init: Init) -> Result<()> {
    match init {
        Init::Uniform { limit } if !(limit.is_finite() && limit >= 0.0) => {
            Err(ModelError::InvalidConfig(format!("uniform init limit must be finite and >= 0, got {limit}")))
        }
        _ => Ok(()),
    }
}
