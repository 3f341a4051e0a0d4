//! Training of the read denoisers of `seq_models::denoiser` (seq-models never depends on seq-train).
//!
//! * [`train_next_symbol`] trains seed 002's next-symbol network on the windows of noisy reads of one
//!   template (categorical cross-entropy, Adam with Keras' defaults: lr 1e-3, β 0.9/0.999, ε 1e-7).
//! * [`train_stack_model`] trains the column model over aligned read stacks of simulated reads whose
//!   template is known (the truth-consistent labels of `column_labels`).
//!
//! Both shuffle the examples every epoch with a ChaCha8 generator seeded from the configuration, and draw
//! the initial weights from a ChaCha8 generator with the same seed, so a run is reproducible on any backend.

use burn::module::AutodiffModule;
use burn::optim::{AdamConfig, GradientsParams, Optimizer};
use burn::tensor::activation::log_softmax;
use burn::tensor::backend::{AutodiffBackend, Backend};
use burn::tensor::{ElementConversion, Tensor, TensorData};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use seq_models::denoiser::stack::{learning_stack, FEATURES_PER_COLUMN, STACK_CLASSES};
use seq_models::denoiser::{
    column_features, column_labels, training_windows, ConsensusConfig, DenoiseError, NextSymbolConfig, NextSymbolModel,
    StackColumnModel, StackModelConfig, N_SYMBOLS,
};

/// Optimisation settings shared by the denoiser trainers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DenoiseTrainConfig {
    /// Passes over the examples.
    pub epochs: usize,
    /// Examples per gradient step (Keras' default 32).
    pub batch_size: usize,
    /// Adam learning rate (Keras' default 1e-3).
    pub learning_rate: f64,
    /// Seed of the weight initialisation and of the shuffling.
    pub seed: u64,
}

impl Default for DenoiseTrainConfig {
    /// The seed's `model.fit(X, y, epochs=100)`: batch 32, Adam lr 1e-3.
    fn default() -> Self {
        Self { epochs: 100, batch_size: 32, learning_rate: 1e-3, seed: 0 }
    }
}

/// Settings of [`train_next_symbol`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NextSymbolTrainConfig {
    /// Network shape (the seed's by default).
    pub model: NextSymbolConfig,
    /// Also train on the left-padded windows of the first `window` positions of each read (the seed does
    /// not, so its greedy decoder starts from a state it never saw).
    pub left_padded: bool,
    /// Optimisation settings.
    pub train: DenoiseTrainConfig,
}

impl Default for NextSymbolTrainConfig {
    /// Exactly the seed: window 50, LSTM 32, dense 12/12, full windows only, 100 epochs.
    fn default() -> Self {
        Self { model: NextSymbolConfig::default(), left_padded: false, train: DenoiseTrainConfig::default() }
    }
}

/// Settings of [`train_stack_model`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StackTrainConfig {
    /// Model shape.
    pub model: StackModelConfig,
    /// Consensus rounds (the stack is built on the draft of `rounds − 1` vote rounds).
    pub consensus: ConsensusConfig,
    /// Optimisation settings.
    pub train: DenoiseTrainConfig,
}

impl Default for StackTrainConfig {
    /// Default model and consensus, 30 epochs of batch 64 at lr 3e-3.
    fn default() -> Self {
        Self {
            model: StackModelConfig::default(),
            consensus: ConsensusConfig::default(),
            train: DenoiseTrainConfig { epochs: 30, batch_size: 64, learning_rate: 3e-3, seed: 0 },
        }
    }
}

/// Reads of one template with the template itself (simulated data for [`train_stack_model`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackExample {
    /// The noisy reads.
    pub reads: Vec<Vec<u8>>,
    /// The true template.
    pub template: Vec<u8>,
}

/// A trained model (on the inner, non-autodiff backend) with its mean training loss per epoch.
#[derive(Debug, Clone)]
pub struct Trained<M> {
    /// The trained model.
    pub model: M,
    /// Mean cross-entropy over each epoch's batches.
    pub losses: Vec<f64>,
}

/// Trains seed 002's next-symbol network on the reads of one template (bare A/C/G/T reads; the `<`/`>`
/// markers are added, or kept when already present).
pub fn train_next_symbol<B: AutodiffBackend + seq_models::SeqKernels>(
    reads: &[Vec<u8>],
    config: &NextSymbolTrainConfig,
    device: &B::Device,
) -> Result<Trained<NextSymbolModel<B::InnerBackend>>, DenoiseError> {
    check_train_config(&config.train)?;
    let window = config.model.window;
    let (x, y) = training_windows(reads, window, config.left_padded)?;
    tracing::info!(windows = y.len(), window, "training the next-symbol denoiser");
    let model = config.model.init::<B>(device, config.train.seed)?;
    let row = window * N_SYMBOLS;
    let logits = |m: &NextSymbolModel<B>, batch: Vec<f32>, n: usize| {
        m.forward(Tensor::from_data(TensorData::new(batch, [n, window, N_SYMBOLS]), device))
    };
    let (model, losses) = fit_classes(model, &x, row, &y, N_SYMBOLS, &config.train, device, logits);
    Ok(Trained { model: model.valid(), losses })
}

/// Trains the stack column model on simulated examples (reads with their known template).
pub fn train_stack_model<B: AutodiffBackend>(
    examples: &[StackExample],
    config: &StackTrainConfig,
    device: &B::Device,
) -> Result<Trained<StackColumnModel<B::InnerBackend>>, DenoiseError> {
    check_train_config(&config.train)?;
    if examples.is_empty() {
        return Err(DenoiseError::Data("no training examples".into()));
    }
    let context = config.model.context;
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for example in examples {
        let stack = learning_stack(&example.reads, &config.consensus)?;
        x.extend(column_features(&stack, context));
        y.extend(column_labels(&stack, &example.template)?);
    }
    tracing::info!(columns = y.len(), examples = examples.len(), "training the stack column model");
    let model = config.model.init::<B>(device, config.train.seed)?;
    let width = FEATURES_PER_COLUMN * (2 * context + 1);
    let logits = |m: &StackColumnModel<B>, batch: Vec<f32>, n: usize| {
        m.forward(Tensor::from_data(TensorData::new(batch, [n, width]), device))
    };
    let (model, losses) = fit_classes(model, &x, width, &y, STACK_CLASSES, &config.train, device, logits);
    Ok(Trained { model: model.valid(), losses })
}

/// Rejects an empty epoch count, a zero batch size or a non-positive learning rate.
fn check_train_config(config: &DenoiseTrainConfig) -> Result<(), DenoiseError> {
    if config.epochs == 0 {
        return Err(DenoiseError::Config("the number of epochs must be at least 1".into()));
    }
    if config.batch_size == 0 {
        return Err(DenoiseError::Config("batch size must be at least 1".into()));
    }
    if !(config.learning_rate.is_finite() && config.learning_rate > 0.0) {
        return Err(DenoiseError::Config(format!("learning rate must be positive, got {}", config.learning_rate)));
    }
    Ok(())
}

/// Mean categorical cross-entropy of `logits` against the class indices `targets`.
fn cross_entropy<B: Backend>(
    logits: Tensor<B, 2>,
    targets: &[usize],
    classes: usize,
    device: &B::Device,
) -> Tensor<B, 1> {
    let n = targets.len();
    let mut one_hot = vec![0.0f32; n * classes];
    for (i, &t) in targets.iter().enumerate() {
        one_hot[i * classes + t] = 1.0;
    }
    let one_hot = Tensor::<B, 2>::from_data(TensorData::new(one_hot, [n, classes]), device);
    (log_softmax(logits, 1) * one_hot).sum_dim(1).mean().neg()
}

/// Mini-batch Adam on class targets: `x` holds one row of `row` floats per target in `y`.
#[allow(clippy::too_many_arguments)]
fn fit_classes<B, M, F>(
    mut model: M,
    x: &[f32],
    row: usize,
    y: &[usize],
    classes: usize,
    config: &DenoiseTrainConfig,
    device: &B::Device,
    logits: F,
) -> (M, Vec<f64>)
where
    B: AutodiffBackend,
    M: AutodiffModule<B>,
    F: Fn(&M, Vec<f32>, usize) -> Tensor<B, 2>,
{
    let mut optimizer = AdamConfig::new().with_epsilon(1e-7).init::<B, M>();
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let mut order: Vec<usize> = (0..y.len()).collect();
    let mut losses = Vec::with_capacity(config.epochs);
    for epoch in 0..config.epochs {
        order.shuffle(&mut rng);
        let (mut total, mut batches) = (0.0f64, 0usize);
        for chunk in order.chunks(config.batch_size) {
            let mut batch = Vec::with_capacity(chunk.len() * row);
            for &i in chunk {
                batch.extend_from_slice(&x[i * row..(i + 1) * row]);
            }
            let targets: Vec<usize> = chunk.iter().map(|&i| y[i]).collect();
            let loss = cross_entropy(logits(&model, batch, chunk.len()), &targets, classes, device);
            total += loss.clone().into_scalar().elem::<f64>();
            batches += 1;
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optimizer.step(config.learning_rate, model, grads);
        }
        let mean = total / batches.max(1) as f64;
        tracing::debug!(epoch, loss = mean, "denoiser epoch");
        losses.push(mean);
    }
    (model, losses)
}
