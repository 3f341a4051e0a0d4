//! Multilayer perceptron on the flattened one-hot sequence (seed 000's first model family).

use burn::module::Module;
use burn::nn::Linear;
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

use crate::cnn::layers::{dense_tail, init_rng, linear_layer};
use crate::cnn::{Activation, DenseBlock, Init};
use crate::error::{ModelError, Result};
use crate::model::{Head, SequenceModel};

/// Dense blocks on the flattened `(N, 4·L)` one-hot input, then a dense layer to `outputs` logits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MlpConfig {
    /// Sequence length the network is built for.
    pub input_length: usize,
    /// Hidden dense blocks, in order.
    #[serde(default)]
    pub hidden: Vec<DenseBlock>,
    /// Number of outputs (tasks or classes).
    pub outputs: usize,
    /// How logits become predictions.
    pub head: Head,
    /// Weight initialiser (biases start at zero).
    #[serde(default)]
    pub init: Init,
}

impl MlpConfig {
    /// An MLP with no hidden layer (logistic/softmax regression on the one-hot input).
    pub fn new(input_length: usize, outputs: usize, head: Head) -> Self {
        Self { input_length, hidden: Vec::new(), outputs, head, init: Init::GlorotUniform }
    }

    /// Appends a hidden dense block.
    pub fn hidden(mut self, units: usize, activation: Activation, dropout: f64) -> Self {
        self.hidden.push(DenseBlock { units, activation, dropout });
        self
    }

    /// Checks that every size is positive and every dropout rate lies in `[0, 1)`.
    pub fn validate(&self) -> Result<()> {
        if self.input_length == 0 || self.outputs == 0 {
            return Err(ModelError::InvalidConfig("MLP input_length and outputs must be positive".into()));
        }
        for (i, block) in self.hidden.iter().enumerate() {
            if block.units == 0 || !(0.0..1.0).contains(&block.dropout) {
                return Err(ModelError::InvalidConfig(format!(
                    "MLP hidden block {} needs units > 0 and dropout in [0, 1), got {} units, dropout {}",
                    i + 1,
                    block.units,
                    block.dropout
                )));
            }
        }
        Ok(())
    }

    /// Number of trainable parameters.
    pub fn param_count(&self) -> usize {
        let mut units = 4 * self.input_length;
        let mut total = 0;
        for block in &self.hidden {
            total += units * block.units + block.units;
            units = block.units;
        }
        total + units * self.outputs + self.outputs
    }

    /// Builds the network with weights drawn from a ChaCha8 generator seeded with `seed`.
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> Result<Mlp<B>> {
        self.validate()?;
        let mut rng = init_rng(seed);
        let mut units = 4 * self.input_length;
        let mut hidden = Vec::with_capacity(self.hidden.len());
        for block in &self.hidden {
            hidden.push(linear_layer(units, block.units, self.init, &mut rng, device));
            units = block.units;
        }
        let output = linear_layer(units, self.outputs, self.init, &mut rng, device);
        Ok(Mlp { hidden, output, config: self.clone() })
    }
}

/// A multilayer perceptron described by an [`MlpConfig`].
#[derive(Module, Debug)]
pub struct Mlp<B: Backend> {
    hidden: Vec<Linear<B>>,
    output: Linear<B>,
    #[module(skip)]
    config: MlpConfig,
}

impl<B: Backend> Mlp<B> {
    /// The configuration the network was built from.
    pub fn config(&self) -> &MlpConfig {
        &self.config
    }
}

impl<B: Backend> SequenceModel<B> for Mlp<B> {
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        dense_tail(x, &self.hidden, &self.config.hidden, &self.output)
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
}
