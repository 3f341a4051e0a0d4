//! Read-only access to the CNN's layers, for code that walks the network layer by layer (DeepLIFT's
//! multiplier pass in seq-interpret, the state-dict export in [`crate::interop`]).

use burn::nn::conv::Conv1d;
use burn::nn::Linear;
use burn::tensor::backend::Backend;

use super::module::Cnn;

impl<B: Backend> Cnn<B> {
    /// The convolutions, in the order of the `Conv` entries of [`CnnConfig::features`](super::CnnConfig).
    /// Each pads explicitly as its [`Padding`](super::Padding) says and has a bias.
    pub fn conv_layers(&self) -> &[Conv1d<B>] {
        &self.convs
    }

    /// The hidden dense layers, one per [`CnnConfig::dense`](super::CnnConfig) block (burn layout: weight
    /// `[d_in, d_out]`).
    pub fn hidden_layers(&self) -> &[Linear<B>] {
        &self.hidden
    }

    /// The final dense layer to the logits (weight `[d_in, outputs]`).
    pub fn output_layer(&self) -> &Linear<B> {
        &self.output
    }
}
