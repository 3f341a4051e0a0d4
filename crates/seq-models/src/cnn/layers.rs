//! Building blocks shared by the models of this crate: seeded Keras-style initialisation of convolution and
//! dense layers, activations and dropout on burn tensors.

use burn::module::{Initializer, Param};
use burn::nn::conv::{Conv1d, Conv1dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig1d};
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use super::config::{Init, Padding};

/// The random generator every initialiser of this crate draws from.
pub(crate) fn init_rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// `count` weights drawn from `init` for a layer with the given fans.
pub(crate) fn sample_weights(
    init: Init,
    fan_in: usize,
    fan_out: usize,
    count: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<f32> {
    match init {
        Init::GlorotUniform => {
            let limit = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
            uniform(limit, count, rng)
        }
        Init::Uniform { limit } => uniform(limit, count, rng),
        Init::TorchDefault => uniform(torch_bound(fan_in), count, rng),
        Init::HeNormal => {
            let std = (2.0 / fan_in.max(1) as f64).sqrt();
            // std is finite and positive for any fan_in >= 1.
            let normal = Normal::new(0.0, std).expect("positive finite standard deviation");
            (0..count).map(|_| normal.sample(rng) as f32).collect()
        }
    }
}

/// PyTorch's bound 1/√fan_in of its default weight and bias initialisers.
fn torch_bound(fan_in: usize) -> f64 {
    1.0 / (fan_in.max(1) as f64).sqrt()
}

/// `count` biases of a layer with `fan_in` inputs: zeros (Keras), or PyTorch's U(±1/√fan_in) under
/// [`Init::TorchDefault`], drawn after the weights so the other initialisers' streams are unchanged.
pub(crate) fn sample_biases(init: Init, fan_in: usize, count: usize, rng: &mut ChaCha8Rng) -> Vec<f32> {
    match init {
        Init::TorchDefault => uniform(torch_bound(fan_in), count, rng),
        _ => vec![0.0; count],
    }
}

fn uniform(limit: f64, count: usize, rng: &mut ChaCha8Rng) -> Vec<f32> {
    if limit == 0.0 {
        return vec![0.0; count];
    }
    (0..count).map(|_| rng.random_range(-limit..limit) as f32).collect()
}

/// A stride-1 convolution `channels_in → filters` of `width`, with Keras padding, weights and biases from
/// `init`.
pub(crate) fn conv_layer<B: Backend>(
    channels_in: usize,
    filters: usize,
    width: usize,
    padding: Padding,
    init: Init,
    rng: &mut ChaCha8Rng,
    device: &B::Device,
) -> Conv1d<B> {
    let (left, right) = padding.amounts(width);
    let mut conv = Conv1dConfig::new(channels_in, filters, width)
        .with_padding(PaddingConfig1d::Explicit(left, right))
        .with_initializer(Initializer::Zeros)
        .init::<B>(device);
    let values = sample_weights(init, channels_in * width, filters * width, filters * channels_in * width, rng);
    conv.weight = Param::from_data(TensorData::new(values, [filters, channels_in, width]), device);
    let biases = sample_biases(init, channels_in * width, filters, rng);
    conv.bias = Some(Param::from_data(TensorData::new(biases, [filters]), device));
    conv
}

/// A dense layer `d_in → d_out` with weights and biases from `init`.
pub(crate) fn linear_layer<B: Backend>(
    d_in: usize,
    d_out: usize,
    init: Init,
    rng: &mut ChaCha8Rng,
    device: &B::Device,
) -> Linear<B> {
    let mut linear = LinearConfig::new(d_in, d_out).with_initializer(Initializer::Zeros).init::<B>(device);
    let values = sample_weights(init, d_in, d_out, d_in * d_out, rng);
    linear.weight = Param::from_data(TensorData::new(values, [d_in, d_out]), device);
    let biases = sample_biases(init, d_in, d_out, rng);
    linear.bias = Some(Param::from_data(TensorData::new(biases, [d_out]), device));
    linear
}

/// Dropout with `rate` while training (see [`super::dropout`]).
pub(crate) fn dropout<B: Backend, const D: usize>(rate: f64, x: Tensor<B, D>) -> Tensor<B, D> {
    super::dropout::dropout(rate, x)
}

/// Flattens `(N, C, L)` features to `(N, C·L)` and runs the dense blocks (activation, then dropout) and the
/// output layer: the shared tail of the CNN and the MLP.
pub(crate) fn dense_tail<B: Backend>(
    features: Tensor<B, 3>,
    hidden: &[burn::nn::Linear<B>],
    blocks: &[super::DenseBlock],
    output: &burn::nn::Linear<B>,
) -> Tensor<B, 2> {
    let [n, c, l] = features.dims();
    let mut h = features.reshape([n, c * l]);
    for (linear, block) in hidden.iter().zip(blocks) {
        h = dropout(block.dropout, block.activation.apply(linear.forward(h)));
    }
    output.forward(h)
}

/// All values of a float tensor as `f32` (converting from the backend's float type).
pub(crate) fn tensor_values<B: Backend, const D: usize>(t: Tensor<B, D>) -> Vec<f32> {
    // Float tensors always convert to f32.
    t.into_data().convert::<f32>().to_vec::<f32>().expect("float tensor converts to f32")
}
