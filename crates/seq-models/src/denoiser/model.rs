//! The seed's next-symbol network: LSTM(32) → Dense 12 ReLU → Dense 12 ReLU → Dense 6 (softmax).

use burn::module::Module;
use burn::nn::{Linear, Relu};
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;

use super::{DenoiseError, N_SYMBOLS};
use crate::cnn::layers::{init_rng, linear_layer};
use crate::cnn::Init;
use crate::lstm::{KerasLstm, KerasLstmConfig};

/// Shape of a [`NextSymbolModel`]; the default is the seed's (5,622 parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NextSymbolConfig {
    /// Number of previous symbols the model sees (the seed's `length = 50`).
    pub window: usize,
    /// LSTM hidden units (32).
    pub hidden: usize,
    /// Units of each of the two ReLU dense layers (12).
    pub dense: usize,
}

impl Default for NextSymbolConfig {
    fn default() -> Self {
        Self { window: 50, hidden: 32, dense: 12 }
    }
}

impl NextSymbolConfig {
    /// Number of parameters (Keras counting): LSTM + three dense layers.
    pub fn num_params(&self) -> usize {
        let lstm = KerasLstmConfig { d_input: N_SYMBOLS, d_hidden: self.hidden }.num_params();
        lstm + (self.hidden + 1) * self.dense + (self.dense + 1) * self.dense + (self.dense + 1) * N_SYMBOLS
    }

    /// Builds the model with Keras' initialisation, weights drawn from a ChaCha8 generator seeded with
    /// `seed`. Every width must be positive.
    pub fn init<B: Backend>(&self, device: &B::Device, seed: u64) -> Result<NextSymbolModel<B>, DenoiseError> {
        if self.window == 0 || self.hidden == 0 || self.dense == 0 {
            return Err(DenoiseError::Config(format!(
                "next-symbol model widths must be positive (window {}, hidden {}, dense {})",
                self.window, self.hidden, self.dense
            )));
        }
        let mut rng = init_rng(seed);
        let lstm = KerasLstmConfig { d_input: N_SYMBOLS, d_hidden: self.hidden }.init_with_rng(device, &mut rng);
        Ok(NextSymbolModel {
            lstm,
            dense1: linear_layer(self.hidden, self.dense, Init::GlorotUniform, &mut rng, device),
            dense2: linear_layer(self.dense, self.dense, Init::GlorotUniform, &mut rng, device),
            output: linear_layer(self.dense, N_SYMBOLS, Init::GlorotUniform, &mut rng, device),
            activation: Relu::new(),
            window: self.window,
        })
    }
}

/// Seed 002's denoiser network over one-hot windows `(N, window, 6)` of the symbols `<, >, A, C, G, T`.
#[derive(Module, Debug)]
pub struct NextSymbolModel<B: Backend> {
    /// LSTM over the window.
    pub lstm: KerasLstm<B>,
    /// First dense layer (ReLU).
    pub dense1: Linear<B>,
    /// Second dense layer (ReLU).
    pub dense2: Linear<B>,
    /// Output layer: logits of the six symbols.
    pub output: Linear<B>,
    /// Activation of the dense layers.
    pub activation: Relu,
    /// Window length the model was built for.
    pub window: usize,
}

impl<B: seq_kernels::SeqKernels> NextSymbolModel<B> {
    /// Logits `(N, 6)` of the next symbol after each one-hot window `(N, window, 6)`.
    pub fn forward(&self, windows: Tensor<B, 3>) -> Tensor<B, 2> {
        let h = self.lstm.forward(windows);
        let h = self.activation.forward(self.dense1.forward(h));
        let h = self.activation.forward(self.dense2.forward(h));
        self.output.forward(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::backend::Flex;

    #[test]
    fn seed_architecture_has_5622_parameters() {
        let cfg = NextSymbolConfig::default();
        assert_eq!(cfg.num_params(), 5622);
        assert_eq!(cfg.init::<Flex>(&Default::default(), 0).unwrap().num_params(), 5622);
        let zero = NextSymbolConfig { window: 0, ..cfg };
        assert!(matches!(zero.init::<Flex>(&Default::default(), 0), Err(DenoiseError::Config(_))));
    }
}
