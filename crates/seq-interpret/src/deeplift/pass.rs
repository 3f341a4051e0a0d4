//! The layer-by-layer multiplier pass: forward the stacked batch `[x; references]` storing what each rule
//! needs, then carry multipliers back from the chosen logit to the input.

use burn::tensor::backend::Backend;
use burn::tensor::module::conv_transpose1d;
use burn::tensor::ops::ConvTransposeOptions;
use burn::tensor::Tensor;
use seq_models::Cnn;

use super::plan::{plan, Step};
use super::rules::{device_tensor, host, max_pool, max_pool_forward, rescale};
use crate::error::{InterpretError, Result};

/// An activation between layers: a sequence `(N, C, L)` before flattening, a vector `(N, D)` after.
#[derive(Clone)]
enum Value<B: Backend> {
    Seq(Tensor<B, 3>),
    Flat(Tensor<B, 2>),
}

/// What the backward step of a layer needs from the forward pass.
enum Saved<B: Backend> {
    None,
    Conv { length: usize },
    Act { input: Value<B>, output: Value<B> },
    Pool { input: Vec<f32>, output: Vec<f32>, dims: [usize; 3] },
    Flatten { dims: [usize; 3] },
}

/// Multipliers of one batch of (input, reference) pairs.
pub struct PairMultipliers<B: Backend> {
    /// DeepLIFT multipliers of the inputs `(N, 4, L)`: `∂_DeepLIFT logit / ∂x`.
    pub multipliers: Tensor<B, 3>,
    /// Logits of the inputs `(N, outputs)`.
    pub logits: Tensor<B, 2>,
    /// Logits of the references `(N, outputs)`.
    pub reference_logits: Tensor<B, 2>,
}

/// A [`Cnn`] prepared for DeepLIFT: its layers as the rescale / max-pool rules see them.
pub struct DeepLiftNet<'a, B: Backend> {
    steps: Vec<Step<'a, B>>,
    input_length: usize,
    outputs: usize,
}

impl<'a, B: Backend> DeepLiftNet<'a, B> {
    /// Reads the layers of `model` (dropout is the identity; every layer a [`seq_models::CnnConfig`] can
    /// describe has a rule).
    pub fn new(model: &'a Cnn<B>) -> Result<Self> {
        Ok(Self { steps: plan(model)?, input_length: model.config().input_length, outputs: model.config().outputs })
    }

    /// Sequence length the model takes.
    pub fn input_length(&self) -> usize {
        self.input_length
    }

    /// Number of logits.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// DeepLIFT (rescale rule, DeepExplainer max-pool rule) multipliers of `x` `(N, 4, L)` against
    /// `references` `(N, 4, L)` (pair `i` is `x[i]` with `references[i]`) for logit `target`.
    pub fn multipliers(&self, x: Tensor<B, 3>, references: Tensor<B, 3>, target: usize) -> Result<PairMultipliers<B>> {
        if target >= self.outputs {
            return Err(InterpretError::OutputIndex { target, outputs: self.outputs });
        }
        let [n, channels, length] = x.dims();
        if references.dims() != [n, channels, length] {
            return Err(InterpretError::InvalidInput(format!(
                "inputs {:?} and references {:?} differ in shape",
                [n, channels, length],
                references.dims()
            )));
        }
        if length != self.input_length || channels != 4 {
            return Err(InterpretError::InvalidInput(format!(
                "the model takes (N, 4, {}) one-hot input, got (N, {channels}, {length})",
                self.input_length
            )));
        }
        let device = x.device();
        let (logits, saved) = self.forward(Tensor::cat(vec![x, references], 0))?;
        let [rows, outputs] = logits.dims();
        let mut grad = Value::Flat(
            Tensor::<B, 2>::zeros([rows, outputs], &device)
                .slice_assign([0..rows, target..target + 1], Tensor::ones([rows, 1], &device)),
        );
        for (step, saved) in self.steps.iter().zip(saved).rev() {
            grad = backward(step, saved, grad, &device)?;
        }
        let Value::Seq(m) = grad else {
            return Err(InterpretError::Model("the multiplier pass did not end on the input sequence".into()));
        };
        Ok(PairMultipliers {
            multipliers: m.narrow(0, 0, n),
            logits: logits.clone().narrow(0, 0, n),
            reference_logits: logits.narrow(0, n, n),
        })
    }

    /// Logits of a batch `(N, 4, L)` through the same layers as the multiplier pass.
    pub fn logits(&self, x: Tensor<B, 3>) -> Result<Tensor<B, 2>> {
        Ok(self.forward(x)?.0)
    }

    fn forward(&self, x: Tensor<B, 3>) -> Result<(Tensor<B, 2>, Vec<Saved<B>>)> {
        let device = x.device();
        let mut value = Value::Seq(x);
        let mut saved = Vec::with_capacity(self.steps.len());
        for step in &self.steps {
            let (next, keep) = match (step, value) {
                (Step::Conv { conv, .. }, Value::Seq(t)) => {
                    let length = t.dims()[2];
                    (Value::Seq(conv.forward(t)), Saved::Conv { length })
                }
                (Step::Act(a), input) => {
                    let output = match &input {
                        Value::Seq(t) => Value::Seq(a.apply(t.clone())),
                        Value::Flat(t) => Value::Flat(a.apply(t.clone())),
                    };
                    (output.clone(), Saved::Act { input, output })
                }
                (Step::MaxPool { width, stride }, Value::Seq(t)) => {
                    let dims = t.dims();
                    let input = host(t);
                    let (output, windows) = max_pool_forward(&input, dims[0] * dims[1], dims[2], *width, *stride);
                    let out = device_tensor::<B, 3>(output.clone(), [dims[0], dims[1], windows], &device);
                    (Value::Seq(out), Saved::Pool { input, output, dims })
                }
                (Step::Flatten, Value::Seq(t)) => {
                    let dims = t.dims();
                    (Value::Flat(t.reshape([dims[0], dims[1] * dims[2]])), Saved::Flatten { dims })
                }
                (Step::Dense(linear), Value::Flat(t)) => (Value::Flat(linear.forward(t)), Saved::None),
                _ => return Err(InterpretError::Model("layer order does not fit the tensor ranks".into())),
            };
            value = next;
            saved.push(keep);
        }
        match value {
            Value::Flat(t) => Ok((t, saved)),
            Value::Seq(_) => Err(InterpretError::Model("the network does not end on a dense layer".into())),
        }
    }
}

/// One layer back: multipliers at its output → multipliers at its input.
fn backward<B: Backend>(step: &Step<'_, B>, saved: Saved<B>, grad: Value<B>, device: &B::Device) -> Result<Value<B>> {
    Ok(match (step, saved, grad) {
        (Step::Dense(linear), _, Value::Flat(g)) => Value::Flat(g.matmul(linear.weight.val().transpose())),
        (Step::Act(a), Saved::Act { input: Value::Seq(i), output: Value::Seq(o) }, Value::Seq(g)) => {
            Value::Seq(rescale(*a, i, o, g))
        }
        (Step::Act(a), Saved::Act { input: Value::Flat(i), output: Value::Flat(o) }, Value::Flat(g)) => {
            Value::Flat(rescale(*a, i, o, g))
        }
        (Step::Flatten, Saved::Flatten { dims }, Value::Flat(g)) => Value::Seq(g.reshape(dims)),
        (Step::MaxPool { width, stride }, Saved::Pool { input, output, dims }, Value::Seq(g)) => {
            let m = max_pool(&input, &output, &host(g), dims, *width, *stride);
            Value::Seq(device_tensor(m, dims, device))
        }
        (Step::Conv { conv, left }, Saved::Conv { length }, Value::Seq(g)) => {
            // The transpose of "pad (left, right), then a valid convolution": a full transposed convolution
            // over the padded length, then the padding cut off.
            let options = ConvTransposeOptions::new([1], [0], [0], [1], 1);
            let padded = conv_transpose1d(g, conv.weight.val(), None, options);
            Value::Seq(padded.narrow(2, *left, length))
        }
        _ => return Err(InterpretError::Model("multipliers do not fit the layer".into())),
    })
}
