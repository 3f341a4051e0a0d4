//! The tutorials' networks, layer for layer, as [`CnnConfig`]s.
//!
//! | preset | source | layers |
//! |---|---|---|
//! | [`seed000`] | seed 000 (CTCF/IRF1 CNN) | Conv 24×19 same ReLU → MaxPool 25 → Flatten → Dense 64 ReLU → Dense 1 sigmoid |
//! | [`seed000_regularized`] | seed 000, regularised | same + Dropout 0.2 after the pool, 0.5 after Dense 64 |
//! | [`seed000_deep`] | bench/science.md | Conv 64×19 same → MaxPool 4 → Conv 64×7 same → global max → Dense 64 → Dense 1 |
//! | [`deeper`] | bench/torch_recipes.py `Deeper` | Conv 64×19 same → MaxPool 4 → Conv 64×7 same → global max → Dense 1, PyTorch init |
//! | [`primer()`] | seed 001 (primer) | Conv 32×12 valid linear → MaxPool 4 → Dense 16 ReLU → Dense 2 softmax |
//! | [`one_filter`] | seed 002 | Conv 1×17 same ReLU → Flatten → Dense 2 softmax (151 parameters at L = 40) |
//! | [`sequence_dnn`] | DragoNN `SequenceDNN` | valid convs + ReLU + dropout → MaxPool(pool, pool) → Dense tasks sigmoid |
//!
//! Flattening is channel-major (`(N, C, L)` → `(N, C·L)`), which permutes the dense weights relative to
//! Keras' position-major flatten but changes neither the function class nor any parameter count.

use super::config::{Activation, CnnConfig, Init, Padding};
use crate::error::{ModelError, Result};
use crate::model::Head;

/// Sequence length of the primer data set (seed 001).
pub const PRIMER_LENGTH: usize = 50;

/// Seed 000's CNN: Conv1D(24, 19, same, ReLU) → MaxPool1D(25) → Flatten → Dense(64, ReLU) → Dense(1) with a
/// sigmoid head. 14,265 parameters at L = 200.
pub fn seed000(len: usize) -> CnnConfig {
    CnnConfig::new(len, 1, Head::Sigmoid).conv(24, 19, Padding::Same, Activation::Relu).max_pool(25).dense(
        64,
        Activation::Relu,
        0.0,
    )
}

/// Seed 000's regularised CNN: as [`seed000`] with Dropout(0.2) after the pool and Dropout(0.5) after the
/// 64-unit dense layer.
pub fn seed000_regularized(len: usize) -> CnnConfig {
    CnnConfig::new(len, 1, Head::Sigmoid).conv(24, 19, Padding::Same, Activation::Relu).max_pool(25).dropout(0.2).dense(
        64,
        Activation::Relu,
        0.5,
    )
}

/// The deeper CNN of the reference benchmark: Conv(64, 19, same, ReLU) → MaxPool 4 → Dropout 0.2 →
/// Conv(64, 7, same, ReLU) → global max-pool → Dropout 0.2 → Dense(64, ReLU) → Dropout 0.5 → Dense(1) sigmoid.
pub fn seed000_deep(len: usize) -> CnnConfig {
    CnnConfig::new(len, 1, Head::Sigmoid)
        .conv(64, 19, Padding::Same, Activation::Relu)
        .max_pool(4)
        .dropout(0.2)
        .conv(64, 7, Padding::Same, Activation::Relu)
        .global_max_pool()
        .dropout(0.2)
        .dense(64, Activation::Relu, 0.5)
}

/// The reference benchmark's `Deeper` network exactly as written in PyTorch (`bench/torch_recipes.py`):
/// Conv(64, 19, same, ReLU) → MaxPool 4 → Dropout 0.2 → Conv(64, 7, same, ReLU) → global max-pool →
/// Dropout 0.5 → Dense(1) sigmoid, every layer started from PyTorch's default initialiser
/// ([`Init::TorchDefault`]). 33,729 parameters. Unlike [`seed000_deep`] it has no hidden dense layer.
pub fn deeper(len: usize) -> CnnConfig {
    CnnConfig::new(len, 1, Head::Sigmoid)
        .with_init(Init::TorchDefault, Init::TorchDefault)
        .conv(64, 19, Padding::Same, Activation::Relu)
        .max_pool(4)
        .dropout(0.2)
        .conv(64, 7, Padding::Same, Activation::Relu)
        .global_max_pool()
        .dropout(0.5)
}

/// Seed 001's primer CNN on 50-nt sequences: Conv1D(32, 12, valid, linear) → MaxPool1D(4) (the last 3 of the
/// 39 conv outputs are dropped) → Flatten → Dense(16, ReLU) → Dense(2) softmax. 6,226 parameters.
pub fn primer() -> CnnConfig {
    CnnConfig::new(PRIMER_LENGTH, 2, Head::Softmax).conv(32, 12, Padding::Valid, Activation::Linear).max_pool(4).dense(
        16,
        Activation::Relu,
        0.0,
    )
}

/// Seed 002's one-filter CNN: Conv1D(1, 17, same, ReLU) → Flatten → Dense(2) softmax (151 parameters at the
/// tutorial's L = 40).
pub fn one_filter(len: usize) -> CnnConfig {
    CnnConfig::new(len, 2, Head::Softmax).conv(1, 17, Padding::Same, Activation::Relu)
}

/// DragoNN's `SequenceDNN`: for each `(filters[i], widths[i])` a valid convolution with ReLU and
/// `dropout`, then one max-pool of `pool_width` with stride `pool_width`, flatten, and a dense layer to
/// `tasks` sigmoid outputs. Convolutions start He-normal; `l1` penalises their weights and biases.
///
/// Fails when `filters` and `widths` differ in length or are empty.
pub fn sequence_dnn(
    len: usize,
    filters: &[usize],
    widths: &[usize],
    pool_width: usize,
    dropout: f64,
    l1: f64,
    tasks: usize,
) -> Result<CnnConfig> {
    if filters.is_empty() || filters.len() != widths.len() {
        return Err(ModelError::InvalidConfig(format!(
            "sequence_dnn needs one width per filter count, got {} filter counts and {} widths",
            filters.len(),
            widths.len()
        )));
    }
    Ok(sequence_dnn_layers(len, filters, widths, pool_width, dropout, l1, tasks))
}

fn sequence_dnn_layers(
    len: usize,
    filters: &[usize],
    widths: &[usize],
    pool_width: usize,
    dropout: f64,
    l1: f64,
    tasks: usize,
) -> CnnConfig {
    let mut config =
        CnnConfig::new(len, tasks, Head::Sigmoid).with_init(Init::HeNormal, Init::GlorotUniform).with_l1(l1);
    for (&f, &w) in filters.iter().zip(widths) {
        config = config.conv(f, w, Padding::Valid, Activation::Relu).dropout(dropout);
    }
    config.max_pool(pool_width)
}

/// DragoNN primer tutorial, "one filter": `SequenceDNN(num_filters=[1], conv_width=[10], pool_width=35)`.
pub fn dragonn_one_filter(len: usize) -> CnnConfig {
    sequence_dnn_layers(len, &[1], &[10], 35, 0.0, 0.0, 1)
}

/// DragoNN primer tutorial, "15 filters": `SequenceDNN(num_filters=[15], conv_width=[10], pool_width=35)`.
pub fn dragonn_fifteen_filters(len: usize) -> CnnConfig {
    sequence_dnn_layers(len, &[15], &[10], 35, 0.0, 0.0, 1)
}

/// DragoNN primer tutorial, "3 layers": `num_filters=[15, 15, 15], conv_width=[10, 10, 10], pool_width=35`.
pub fn dragonn_three_layers(len: usize) -> CnnConfig {
    sequence_dnn_layers(len, &[15, 15, 15], &[10, 10, 10], 35, 0.0, 0.0, 1)
}

/// DragoNN primer tutorial, "3 layers + dropout": as [`dragonn_three_layers`] with dropout 0.2.
pub fn dragonn_three_layers_dropout(len: usize) -> CnnConfig {
    sequence_dnn_layers(len, &[15, 15, 15], &[10, 10, 10], 35, 0.2, 0.0, 1)
}

/// Names accepted by [`by_name`].
pub const PRESET_NAMES: [&str; 10] = [
    "seed000",
    "seed000_regularized",
    "seed000_deep",
    "deeper",
    "primer",
    "one_filter",
    "dragonn_one_filter",
    "dragonn_fifteen_filters",
    "dragonn_three_layers",
    "dragonn_three_layers_dropout",
];

/// The preset called `name` (one of [`PRESET_NAMES`]) for sequences of `len` (`primer` requires
/// [`PRIMER_LENGTH`]).
pub fn by_name(name: &str, len: usize) -> Result<CnnConfig> {
    let config = match name {
        "seed000" => seed000(len),
        "seed000_regularized" => seed000_regularized(len),
        "seed000_deep" => seed000_deep(len),
        "deeper" => deeper(len),
        "primer" if len == PRIMER_LENGTH => primer(),
        "primer" => {
            return Err(ModelError::LengthMismatch { expected: PRIMER_LENGTH, found: len });
        }
        "one_filter" => one_filter(len),
        "dragonn_one_filter" => dragonn_one_filter(len),
        "dragonn_fifteen_filters" => dragonn_fifteen_filters(len),
        "dragonn_three_layers" => dragonn_three_layers(len),
        "dragonn_three_layers_dropout" => dragonn_three_layers_dropout(len),
        other => {
            return Err(ModelError::InvalidConfig(format!(
                "unknown preset {other:?}; known presets: {}",
                PRESET_NAMES.join(", ")
            )));
        }
    };
    Ok(config)
}
