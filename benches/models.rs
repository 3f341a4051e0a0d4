//! The model figures of `seqdl-bench` beyond seed000: the deeper CNN (train, infer, saliency on the
//! reference's 200-nt data), DragoNN's 3-layer SequenceDNN on 1,000 nt (train) and seed 002's next-symbol
//! LSTM (train on windows of 50 symbols, greedy decode) — the counterparts of `benches/torch_models.py`.

use std::time::Instant;

use burn::module::{AutodiffModule, Module};
use burn::optim::{AdamConfig, GradientsParams, Optimizer};
use burn::tensor::{Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_models::cnn::{presets, Cnn};
use seq_models::denoiser::{encode_window, NextSymbolConfig, NextSymbolModel};
use seq_models::SequenceModel;
use seq_train::loss::{binary_cross_entropy_with_logits, categorical_cross_entropy};
use seq_train::optim::OptimizerConfig;
use seqdl::backend::{Cpu, Train};
use seqdl_benches::{random_onehot, LEN};

/// Sequences of the SequenceDNN figure.
pub const SDNN_LEN: usize = 1000;
/// Sequences of 1,000 nt trained in the SequenceDNN figure (10 batches of 128).
const SDNN_N: usize = 1280;
const BATCH: usize = 128;
/// Windows trained in the LSTM figure (128 batches of the seed's 32).
const LSTM_WINDOWS: usize = 4096;
const LSTM_BATCH: usize = 32;
/// Symbols generated in the greedy-decode figure (the seed's template is 220 nt).
const DECODE_STEPS: usize = 220;

/// Items per second of `batches` steps of `batch` items after one warm-up step; `step(model, b)` trains on
/// batch `b` and returns the updated model.
fn timed_steps<M>(mut model: M, batches: usize, batch: usize, mut step: impl FnMut(M, usize) -> M) -> (M, f64) {
    model = step(model, 0);
    let t = Instant::now();
    for b in 0..batches {
        model = step(model, b);
    }
    (model, (batches * batch) as f64 / t.elapsed().as_secs_f64())
}

/// Sequences per second of one epoch of Adam (`OptimizerConfig::adam`, lr 1e-3) steps on BCE-with-logits,
/// batch 128, after a warm-up batch: the reference's `train` procedure for any CNN.
pub fn train_cnn(model: Cnn<Train>, x: &[f32], y: &[f32], len: usize) -> (Cnn<Train>, f64) {
    let device = Default::default();
    let n = y.len();
    let xt = Tensor::<Train, 3>::from_data(TensorData::new(x.to_vec(), [n, 4, len]), &device);
    let yt = Tensor::<Train, 2>::from_data(TensorData::new(y.to_vec(), [n, 1]), &device);
    let config = OptimizerConfig::adam();
    let mut optim = config.build::<Train, Cnn<Train>>();
    let lr = config.base_lr();
    timed_steps(model, n / BATCH, BATCH, |model: Cnn<Train>, b| {
        let range = b * BATCH..(b + 1) * BATCH;
        let logits = model.forward_logits(xt.clone().slice([range.clone(), 0..4, 0..len]));
        let loss = binary_cross_entropy_with_logits(logits, yt.clone().slice([range, 0..1]), None);
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        let model = optim.step(lr, model, grads);
        std::hint::black_box(loss.into_scalar());
        model
    })
}

/// The deeper CNN (`presets::deeper`) on the reference's data: `(train, infer, saliency)` sequences per second.
pub fn deeper(x: &[f32], y: &[f32]) -> Result<(f64, f64, f64), String> {
    let device = Default::default();
    let model = presets::deeper(LEN).init::<Train>(&device, 42).map_err(|e| e.to_string())?;
    let (model, train) = train_cnn(model, x, y, LEN);
    let infer = crate::bench_infer(&model.valid(), x, y.len());
    let saliency = crate::bench_saliency(&model.no_grad(), x)?;
    Ok((train, infer, saliency))
}

/// DragoNN's 3-layer SequenceDNN on random 1,000-nt sequences with fair-coin labels: training sequences
/// per second.
pub fn sequence_dnn() -> Result<f64, String> {
    let device = Default::default();
    let x = random_onehot(SDNN_N, SDNN_LEN, 3);
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let y: Vec<f32> = (0..SDNN_N).map(|_| f32::from(rng.random_range(0..2u8))).collect();
    let model = presets::dragonn_three_layers(SDNN_LEN).init::<Train>(&device, 42).map_err(|e| e.to_string())?;
    Ok(train_cnn(model, &x, &y, SDNN_LEN).1)
}

/// Seed 002's next-symbol network: `(train windows per second, greedy-decode symbols per second)`.
/// Training: random one-hot windows `(4096, 50, 6)` and targets, batch 32, categorical cross-entropy, Adam
/// (lr 1e-3, ε 1e-7). Decoding: 220 steps of one window each (encode, forward, arg-max, append).
pub fn lstm() -> Result<(f64, f64), String> {
    let device = Default::default();
    let config = NextSymbolConfig::default();
    let (w, s) = (config.window, 6);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut x = vec![0.0f32; LSTM_WINDOWS * w * s];
    for row in x.chunks_exact_mut(s) {
        row[rng.random_range(0..s)] = 1.0;
    }
    let mut targets = vec![0.0f32; LSTM_WINDOWS * s];
    for row in targets.chunks_exact_mut(s) {
        row[rng.random_range(0..s)] = 1.0;
    }
    let xt = Tensor::<Train, 3>::from_data(TensorData::new(x, [LSTM_WINDOWS, w, s]), &device);
    let yt = Tensor::<Train, 2>::from_data(TensorData::new(targets, [LSTM_WINDOWS, s]), &device);
    let model: NextSymbolModel<Train> = config.init(&device, 42).map_err(|e| e.to_string())?;
    let mut optim = AdamConfig::new().with_epsilon(1e-7).init::<Train, NextSymbolModel<Train>>();
    let (model, train) =
        timed_steps(model, LSTM_WINDOWS / LSTM_BATCH, LSTM_BATCH, |model: NextSymbolModel<Train>, b| {
            let range = b * LSTM_BATCH..(b + 1) * LSTM_BATCH;
            let logits = model.forward(xt.clone().slice([range.clone(), 0..w, 0..s]));
            let loss = categorical_cross_entropy(logits, yt.clone().slice([range, 0..s]), None);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            let model = optim.step(1e-3, model, grads);
            std::hint::black_box(loss.into_scalar());
            model
        });
    let model: NextSymbolModel<Cpu> = model.valid();
    let decode = || {
        let mut symbols = vec![0usize];
        for _ in 0..DECODE_STEPS {
            let window = encode_window(&symbols, w);
            let xw = Tensor::<Cpu, 3>::from_data(TensorData::new(window, [1, w, s]), &device);
            let next = model.forward(xw).argmax(1).into_data().iter::<i64>().next().unwrap_or(0);
            symbols.push(next.clamp(0, s as i64 - 1) as usize);
        }
        std::hint::black_box(symbols);
    };
    decode();
    let t = Instant::now();
    decode();
    Ok((train, DECODE_STEPS as f64 / t.elapsed().as_secs_f64()))
}
