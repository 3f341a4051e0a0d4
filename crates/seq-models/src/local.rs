//! Seed 003's locally-connected regression: one 4-weight neuron per position, ReLU, then a linear regression
//! over the `L` neuron outputs plus a constant.
//!
//! `ŷ = β₀ + Σᵢ βᵢ · relu(wᵢ · xᵢ [+ bᵢ])`, where `xᵢ` is the one-hot column at position `i`. Seed 003's
//! neurons have no bias (the default); its regression has the constant `β₀`.

use burn::module::{Module, Param};
use burn::tensor::activation::relu;
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use serde::{Deserialize, Serialize};

use crate::cnn::layers::{init_rng, sample_weights, tensor_values};
use crate::cnn::Init;
use crate::error::{ModelError, Result};
use crate::model::{Head, SequenceModel};

/// Size and initialisation of a [`LocallyConnected`] model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalConfig {
    /// Sequence length (one neuron per position).
    pub input_length: usize,
    /// Neuron weights and regression coefficients start in U(±weight_limit) (0.1: no dead neurons; with
    /// U(±0.5) a third of the neurons die, see bench/science.md).
    #[serde(default = "default_limit")]
    pub weight_limit: f64,
    /// Starting value of the regression constant β₀ (1 as in the reference run).
    #[serde(default = "default_bias")]
    pub output_bias: f64,
    /// Give each neuron its own bias (seed 003's neurons have none).
    #[serde(default)]
    pub neuron_bias: bool,
    /// Seed 003's backward: the neuron's gradient passes unchanged even where the ReLU clipped the score (its
    /// `if self.score < 0` test never holds after `max(·, 0)`), so no neuron can die. The forward is the ReLU
    /// either way. `true` reaches the reference Spearman (≈0.40 on the Doench 2016 table); the textbook ReLU
    /// gradient (`false`) leaves neurons dead and reaches ≈0.30.
    #[serde(default = "default_straight_through")]
    pub straight_through: bool,
}

fn default_straight_through() -> bool {
    true
}

fn default_limit() -> f64 {
    0.1
}

fn default_bias() -> f64 {
    1.0
}

impl LocalConfig {
    /// Seed 003's model for sequences of `len`: U(±0.1) weights, β₀ = 1, no neuron biases.
    pub fn new(len: usize) -> Self {
        Self {
            input_length: len,
            weight_limit: default_limit(),
            output_bias: default_bias(),
            neuron_bias: false,
            straight_through: default_straight_through(),
        }
    }

    /// Number of trainable parameters: `4L` neuron weights, `L` coefficients, the constant (and `L` biases).
    pub fn param_count(&self) -> usize {
        let l = self.input_length;
        5 * l + 1 + if self.neuron_bias { l } else { 0 }
    }

    /// Builds the model with parameters drawn from a ChaCha8 generator seeded with `seed`.
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> Result<LocallyConnected<B>> {
        let l = self.input_length;
        if l == 0 || !(self.weight_limit.is_finite() && self.weight_limit >= 0.0) || !self.output_bias.is_finite() {
            return Err(ModelError::InvalidConfig(format!("invalid locally-connected configuration {self:?}")));
        }
        let mut rng = init_rng(seed);
        let init = Init::Uniform { limit: self.weight_limit };
        let weights = sample_weights(init, 4, 1, 4 * l, &mut rng);
        let coefficients = sample_weights(init, l, 1, l, &mut rng);
        let neuron_bias = self.neuron_bias.then(|| Param::from_data(TensorData::new(vec![0.0f32; l], [l]), device));
        Ok(LocallyConnected {
            weights: Param::from_data(TensorData::new(weights, [l, 4]), device),
            neuron_bias,
            coefficients: Param::from_data(TensorData::new(coefficients, [l]), device),
            constant: Param::from_data(TensorData::new(vec![self.output_bias as f32], [1]), device),
            config: self.clone(),
        })
    }
}

/// Seed 003's locally-connected regression model (one output, linear head, MSE).
#[derive(Module, Debug)]
pub struct LocallyConnected<B: Backend> {
    /// Neuron weights `(L, 4)` in A, C, G, T order.
    weights: Param<Tensor<B, 2>>,
    /// Optional neuron biases `(L)`.
    neuron_bias: Option<Param<Tensor<B, 1>>>,
    /// Regression coefficients `(L)`.
    coefficients: Param<Tensor<B, 1>>,
    /// Regression constant β₀ `(1)`.
    constant: Param<Tensor<B, 1>>,
    #[module(skip)]
    config: LocalConfig,
}

impl<B: Backend> LocallyConnected<B> {
    /// The configuration the model was built from.
    pub fn config(&self) -> &LocalConfig {
        &self.config
    }

    /// Neuron outputs `relu(wᵢ · xᵢ [+ bᵢ])`, `(N, L)` (with [`LocalConfig::straight_through`], the gradient
    /// of the identity).
    pub fn neuron_outputs(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        let [n, _, l] = x.dims();
        let w = self.weights.val().transpose().unsqueeze::<3>(); // (1, 4, L)
        let mut s = (x * w).sum_dim(1).reshape([n, l]);
        if let Some(b) = &self.neuron_bias {
            s = s + b.val().unsqueeze::<2>();
        }
        if self.config.straight_through {
            // value relu(s), gradient of s: s + stop_gradient(relu(s) − s)
            s.clone() + (relu(s.clone()) - s).detach()
        } else {
            relu(s)
        }
    }

    /// Neuron weights per position, `[A, C, G, T]`.
    pub fn neuron_weights(&self) -> Vec<[f32; 4]> {
        tensor_values(self.weights.val()).chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect()
    }

    /// Regression coefficients β₁..β_L.
    pub fn coefficients(&self) -> Vec<f32> {
        tensor_values(self.coefficients.val())
    }

    /// Regression constant β₀.
    pub fn constant(&self) -> f32 {
        tensor_values(self.constant.val())[0]
    }

    /// Seed 003's base effects: neuron weight × regression coefficient, one `[A, C, G, T]` per position
    /// (the 4 × L matrix the tutorial draws as a heat map).
    pub fn base_effects(&self) -> Vec<[f32; 4]> {
        self.neuron_weights().into_iter().zip(self.coefficients()).map(|(w, beta)| w.map(|v| v * beta)).collect()
    }

    /// Positions whose neuron outputs 0 for every base (all weights, plus bias, ≤ 0): they can never learn.
    pub fn dead_neurons(&self) -> Vec<usize> {
        let biases = match &self.neuron_bias {
            Some(b) => tensor_values(b.val()),
            None => vec![0.0; self.config.input_length],
        };
        self.neuron_weights()
            .iter()
            .zip(biases)
            .enumerate()
            .filter(|(_, (w, b))| w.iter().all(|v| v + b <= 0.0))
            .map(|(i, _)| i)
            .collect()
    }

    /// Replaces all parameters: neuron weights per position, coefficients and constant.
    pub fn with_parameters(mut self, weights: &[[f32; 4]], coefficients: &[f32], constant: f32) -> Result<Self> {
        let l = self.config.input_length;
        if weights.len() != l || coefficients.len() != l {
            return Err(ModelError::InvalidInput(format!(
                "locally-connected model of length {l} needs {l} weight rows and coefficients, got {} and {}",
                weights.len(),
                coefficients.len()
            )));
        }
        let device = self.weights.device();
        let flat: Vec<f32> = weights.iter().flatten().copied().collect();
        self.weights = Param::from_data(TensorData::new(flat, [l, 4]), &device);
        self.coefficients = Param::from_data(TensorData::new(coefficients.to_vec(), [l]), &device);
        self.constant = Param::from_data(TensorData::new(vec![constant], [1]), &device);
        Ok(self)
    }
}

impl<B: Backend> SequenceModel<B> for LocallyConnected<B> {
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        let l = self.config.input_length;
        let h = self.neuron_outputs(x);
        h.matmul(self.coefficients.val().reshape([l, 1])) + self.constant.val().unsqueeze::<2>()
    }

    fn head(&self) -> Head {
        Head::Linear
    }

    fn outputs(&self) -> usize {
        1
    }

    fn input_length(&self) -> Option<usize> {
        Some(self.config.input_length)
    }
}
