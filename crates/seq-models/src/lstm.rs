//! LSTM layers and the LSTM sequence classifier (seed 002's sentiment-style model).
//!
//! [`KerasLstm`] is an LSTM with Keras' parameter layout: one input kernel `(d_input, 4h)` with a bias and
//! one bias-free recurrent kernel `(h, 4h)`, gates in Keras order (input, forget, cell, output), so its
//! parameter count is Keras' `4·(h·(d_input + h) + h)`. (burn's own `nn::Lstm` keeps a bias on both the
//! input and the hidden transform of every gate, `4·(h·(d_input + h) + 2h)` parameters, so it cannot
//! reproduce the tutorials' counts.) Initialisation follows Keras: Glorot-uniform kernel, orthogonal
//! recurrent kernel, zero biases except 1 for the forget gate (`unit_forget_bias`).

use burn::module::{Module, Param};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::relu;
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::cnn::layers::{dropout, init_rng, linear_layer, sample_weights};
use crate::cnn::Init;
use crate::error::{ModelError, Result};
use crate::model::{Head, SequenceModel};
use crate::persist::PersistentModel;
use seq_kernels::SeqKernels;

/// Configuration of a [`KerasLstm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KerasLstmConfig {
    /// Features per time step.
    pub d_input: usize,
    /// Hidden units `h`.
    pub d_hidden: usize,
}

impl KerasLstmConfig {
    /// Number of parameters: `4·(h·(d_input + h) + h)`.
    pub fn num_params(&self) -> usize {
        4 * (self.d_hidden * (self.d_input + self.d_hidden) + self.d_hidden)
    }

    /// Builds the layer with Keras' initialisation (see the module documentation), weights drawn from a
    /// ChaCha8 generator seeded with `seed`.
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> KerasLstm<B> {
        self.init_with_rng(device, &mut init_rng(seed))
    }

    /// [`KerasLstmConfig::init`] drawing from an existing generator (for models with several layers).
    pub fn init_with_rng<B: Backend>(&self, device: &B::Device, rng: &mut ChaCha8Rng) -> KerasLstm<B> {
        let (d, h) = (self.d_input, self.d_hidden);
        let mut kernel = LinearConfig::new(d, 4 * h).init::<B>(device);
        let weights = sample_weights(Init::GlorotUniform, d, 4 * h, d * 4 * h, rng);
        kernel.weight = Param::from_data(TensorData::new(weights, [d, 4 * h]), device);
        let bias: Vec<f32> = (0..4 * h).map(|k| if (h..2 * h).contains(&k) { 1.0 } else { 0.0 }).collect();
        kernel.bias = Some(Param::from_data(TensorData::new(bias, [4 * h]), device));
        let mut recurrent = LinearConfig::new(h, 4 * h).with_bias(false).init::<B>(device);
        recurrent.weight = Param::from_data(TensorData::new(orthogonal_rows(h, 4 * h, rng), [h, 4 * h]), device);
        KerasLstm { kernel, recurrent, d_hidden: h }
    }
}

/// A `rows × cols` matrix (row-major, `rows ≤ cols`) with orthonormal rows: Gram–Schmidt on standard
/// normal draws (Keras' `orthogonal` initialiser for the recurrent kernel).
fn orthogonal_rows(rows: usize, cols: usize, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let mut m: Vec<Vec<f64>> = Vec::with_capacity(rows);
    while m.len() < rows {
        let mut v: Vec<f64> = (0..cols).map(|_| StandardNormal.sample(rng)).collect();
        for u in &m {
            let dot: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
            v.iter_mut().zip(u).for_each(|(a, b)| *a -= dot * b);
        }
        let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        // A draw (numerically) in the span of the previous rows is redrawn.
        if norm > 1e-6 {
            m.push(v.into_iter().map(|a| a / norm).collect());
        }
    }
    m.into_iter().flatten().map(|a| a as f32).collect()
}

/// A unidirectional LSTM with Keras' parameter layout, returning the last hidden state.
#[derive(Module, Debug)]
pub struct KerasLstm<B: Backend> {
    /// Input kernel `(d_input, 4h)` with bias; gates in order input, forget, cell, output.
    pub kernel: Linear<B>,
    /// Recurrent kernel `(h, 4h)`, no bias.
    pub recurrent: Linear<B>,
    /// Hidden units.
    pub d_hidden: usize,
}

impl<B: SeqKernels> KerasLstm<B> {
    /// Runs the sequence `(N, T, d_input)` (batch first) from zero states and returns the hidden state
    /// after the last step, `(N, h)`: all input projections in one matrix product, then the recurrence as
    /// one operation of the backend ([`seq_kernels::lstm_last_hidden`]; flex runs a hand-written kernel).
    pub fn forward(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        seq_kernels::lstm_last_hidden(self.kernel.forward(x), self.recurrent.weight.val())
    }

    /// [`forward`](Self::forward) as burn's step-by-step composition (the reference of the fast path).
    pub fn forward_composed(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        seq_kernels::generic::lstm_last_hidden(self.kernel.forward(x), self.recurrent.weight.val())
    }
}

/// Configuration of an [`LstmClassifier`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LstmClassifierConfig {
    /// Width of the learned base embedding; `None` feeds the one-hot bases to the LSTM directly.
    pub embedding_dim: Option<usize>,
    /// LSTM hidden units.
    pub hidden: usize,
    /// Units of the ReLU dense layers between the LSTM and the output layer (may be empty).
    pub dense: Vec<usize>,
    /// Dropout rate on the LSTM output while training (0 disables it).
    pub dropout: f64,
    /// Number of outputs (tasks or classes).
    pub outputs: usize,
    /// How the logits become predictions.
    pub head: Head,
}

impl Default for LstmClassifierConfig {
    /// Seed 002's sentiment model shape scaled to DNA: embedding 8, LSTM 32, no dense layer, one sigmoid
    /// output, dropout 0.2.
    fn default() -> Self {
        Self { embedding_dim: Some(8), hidden: 32, dense: Vec::new(), dropout: 0.2, outputs: 1, head: Head::Sigmoid }
    }
}

impl LstmClassifierConfig {
    /// Checks that every width is positive and the dropout rate lies in [0, 1).
    pub fn validate(&self) -> Result<()> {
        if self.hidden == 0 || self.outputs == 0 || self.embedding_dim == Some(0) || self.dense.contains(&0) {
            return Err(ModelError::InvalidConfig(format!(
                "LSTM classifier widths must be positive (embedding {:?}, hidden {}, dense {:?}, outputs {})",
                self.embedding_dim, self.hidden, self.dense, self.outputs
            )));
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(ModelError::InvalidConfig(format!(
                "LSTM classifier dropout {} is not in [0, 1)",
                self.dropout
            )));
        }
        Ok(())
    }

    /// Builds the classifier, weights drawn from a ChaCha8 generator seeded with `seed`.
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> Result<LstmClassifier<B>> {
        self.validate()?;
        let mut rng = init_rng(seed);
        let embedding = self.embedding_dim.map(|e| {
            let mut layer = LinearConfig::new(4, e).with_bias(false).init::<B>(device);
            let values = sample_weights(Init::Uniform { limit: 0.05 }, 4, e, 4 * e, &mut rng);
            layer.weight = Param::from_data(TensorData::new(values, [4, e]), device);
            layer
        });
        let lstm_input = self.embedding_dim.unwrap_or(4);
        let lstm = KerasLstmConfig { d_input: lstm_input, d_hidden: self.hidden }.init_with_rng(device, &mut rng);
        let mut dense = Vec::with_capacity(self.dense.len());
        let mut width = self.hidden;
        for &units in &self.dense {
            dense.push(linear_layer(width, units, Init::GlorotUniform, &mut rng, device));
            width = units;
        }
        let output = linear_layer(width, self.outputs, Init::GlorotUniform, &mut rng, device);
        Ok(LstmClassifier { embedding, lstm, dense, output, config: self.clone() })
    }
}

/// One-hot `(N, 4, L)` → optional embedding → [`KerasLstm`] → ReLU dense layers → output logits.
///
/// The embedding is a bias-free linear map of the one-hot vectors (Keras' `Embedding` initialised
/// U(±0.05)), which equals an embedding lookup while keeping the model differentiable with respect to its
/// input (for saliency maps).
#[derive(Module, Debug)]
pub struct LstmClassifier<B: Backend> {
    /// Optional base embedding (4 → e, no bias).
    pub embedding: Option<Linear<B>>,
    /// The recurrent layer.
    pub lstm: KerasLstm<B>,
    /// Hidden dense layers (ReLU).
    pub dense: Vec<Linear<B>>,
    /// Output layer (logits).
    pub output: Linear<B>,
    /// The configuration the model was built from.
    #[module(skip)]
    pub config: LstmClassifierConfig,
}

impl<B: SeqKernels> LstmClassifier<B> {
    /// The configuration the model was built from.
    pub fn config(&self) -> &LstmClassifierConfig {
        &self.config
    }
}

impl<B: SeqKernels> SequenceModel<B> for LstmClassifier<B> {
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        let steps = x.swap_dims(1, 2);
        let steps = match &self.embedding {
            Some(embedding) => embedding.forward(steps),
            None => steps,
        };
        let mut y = dropout(self.config.dropout, self.lstm.forward(steps));
        for layer in &self.dense {
            y = relu(layer.forward(y));
        }
        self.output.forward(y)
    }

    fn head(&self) -> Head {
        self.config.head
    }

    fn outputs(&self) -> usize {
        self.config.outputs
    }

    fn input_length(&self) -> Option<usize> {
        None
    }
}

impl<B: Backend> PersistentModel<B> for LstmClassifier<B> {
    type Config = LstmClassifierConfig;
    const KIND: &'static str = "lstm_classifier";

    fn persistent_config(&self) -> LstmClassifierConfig {
        self.config.clone()
    }

    fn from_config(config: &LstmClassifierConfig, device: &B::Device) -> Result<Self> {
        config.init(device, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::backend::Flex;

    type B = Flex;

    #[test]
    fn keras_lstm_parameter_count_matches_keras_formula() {
        let cfg = KerasLstmConfig { d_input: 6, d_hidden: 32 };
        assert_eq!(cfg.num_params(), 4992);
        assert_eq!(cfg.init::<B>(&Default::default(), 0).num_params(), 4992);
    }

    #[test]
    fn lstm_matches_a_hand_computed_step() {
        // One unit, one input, weights set by hand: check the gate order (i, f, c, o) and the recurrence.
        let device = Default::default();
        let mut lstm = KerasLstmConfig { d_input: 1, d_hidden: 1 }.init::<B>(&device, 0);
        let w = [0.5f32, -0.3, 0.8, 0.2];
        let u = [0.1f32, 0.4, -0.6, 0.7];
        let b = [0.05f32, 1.0, -0.1, 0.3];
        lstm.kernel.weight = Param::from_tensor(Tensor::<B, 1>::from_floats(w, &device).reshape([1, 4]));
        lstm.kernel.bias = Some(Param::from_tensor(Tensor::from_floats(b, &device)));
        lstm.recurrent.weight = Param::from_tensor(Tensor::<B, 1>::from_floats(u, &device).reshape([1, 4]));
        let xs = [1.0f32, -2.0, 0.5];
        let sig = |v: f32| 1.0 / (1.0 + (-v).exp());
        let (mut h, mut c) = (0.0f32, 0.0f32);
        for &x in &xs {
            let z: Vec<f32> = (0..4).map(|k| w[k] * x + u[k] * h + b[k]).collect();
            c = sig(z[1]) * c + sig(z[0]) * z[2].tanh();
            h = sig(z[3]) * c.tanh();
        }
        let input = Tensor::<B, 1>::from_floats(xs, &device).reshape([1, 3, 1]);
        let out: Vec<f32> = lstm.forward(input).into_data().to_vec().unwrap();
        assert!((out[0] - h).abs() < 1e-5, "{} vs {h}", out[0]);
    }

    #[test]
    fn classifier_output_shape() {
        let device = Default::default();
        let cfg = LstmClassifierConfig { dense: vec![8], outputs: 2, head: Head::Softmax, ..Default::default() };
        let model = cfg.init::<B>(&device, 3).unwrap();
        let x = Tensor::<B, 3>::zeros([3, 4, 20], &device);
        assert_eq!(model.forward_logits(x).dims(), [3, 2]);
        // 4·8 embedding + LSTM(8→32) + dense 32·8+8 + output 8·2+2
        assert_eq!(model.num_params(), 32 + 4 * (32 * 40 + 32) + 264 + 18);
        let bad = LstmClassifierConfig { dropout: 1.0, ..Default::default() };
        assert!(matches!(bad.init::<B>(&device, 0), Err(ModelError::InvalidConfig(_))));
    }

    #[test]
    fn recurrent_kernel_has_orthonormal_rows_and_init_is_seeded() {
        let mut rng = init_rng(5);
        let (rows, cols) = (8, 32);
        let m = orthogonal_rows(rows, cols, &mut rng);
        for i in 0..rows {
            for j in 0..rows {
                let dot: f32 = (0..cols).map(|k| m[i * cols + k] * m[j * cols + k]).sum();
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((dot - expected).abs() < 1e-4, "row {i}·row {j} = {dot}");
            }
        }
        let device = Default::default();
        let cfg = KerasLstmConfig { d_input: 4, d_hidden: 6 };
        let a: Vec<f32> = cfg.init::<B>(&device, 9).kernel.weight.val().into_data().to_vec().unwrap();
        let b: Vec<f32> = cfg.init::<B>(&device, 9).kernel.weight.val().into_data().to_vec().unwrap();
        let c: Vec<f32> = cfg.init::<B>(&device, 10).kernel.weight.val().into_data().to_vec().unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
