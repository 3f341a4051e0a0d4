//! The trait through which training and interpretation see a sequence model.

use burn::module::Module;
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;

/// How a model's logits become predictions (and which loss fits them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Head {
    /// Independent sigmoid per output (binary / multi-label; binary cross-entropy on logits).
    Sigmoid,
    /// Softmax over the outputs (classes; categorical cross-entropy).
    Softmax,
    /// Identity (regression; mean squared error).
    Linear,
}

/// A model from a one-hot batch `(N, 4, L)` to pre-activation outputs (logits) `(N, outputs)`.
///
/// Training (seq-train) and attribution (seq-interpret) only need this: the logits, how to turn them into
/// predictions, and an optional regularisation term added to the loss.
pub trait SequenceModel<B: Backend>: Module<B> + Clone + core::fmt::Debug {
    /// Pre-activation outputs `(N, outputs)` of a one-hot batch `(N, 4, L)`.
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2>;

    /// The activation that turns logits into predictions.
    fn head(&self) -> Head;

    /// Number of outputs (tasks or classes).
    fn outputs(&self) -> usize;

    /// The sequence length the model was built for, when it needs one (dense layers after flattening).
    fn input_length(&self) -> Option<usize>;

    /// A penalty added to the training loss (e.g. L1 on weights), `None` when the model has none.
    fn regularization(&self) -> Option<Tensor<B, 1>> {
        None
    }
}
