//! A model seqdl does not know — a motif scanner: convolution → ReLU → global **mean and max** pooling →
//! linear — plugged into seqdl's application layer by implementing three traits (`SequenceModel`,
//! `PersistentModel`, `AppModel`). It then trains into a model folder, reloads from it, evaluates and is
//! explained (saliency, ISM) by the same pipelines `seqdl` runs, without any change to seqdl.
//!
//! Run it: `cargo run -p seqdl-example-custom-model`.
#![warn(missing_docs)]

use std::path::Path;

use burn::module::Module;
use burn::nn::conv::{Conv1d, Conv1dConfig};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::relu;
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;
use rand::{Rng, SeedableRng};
use seq_app::backend::{Cpu, Train};
use seq_app::pipelines::explain::{explain, ExplainOptions, Method};
use seq_app::pipelines::train::{train_into, FitRequest};
use seq_app::{AppModel, Context, DataSource, ModelDir};
use seq_io::{Dataset, Splits};
use seq_models::{Head, PersistentModel, SequenceModel};
use seq_train::{FitConfig, OptimizerConfig};
use serde::{Deserialize, Serialize};

/// The scanner's configuration (what the model folder stores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScannerConfig {
    /// Number of filters.
    pub filters: usize,
    /// Filter width.
    pub width: usize,
}

/// Convolution → ReLU → [mean, max] over positions → linear, one logit.
#[derive(Module, Debug)]
pub struct Scanner<B: Backend> {
    conv: Conv1d<B>,
    out: Linear<B>,
    filters: usize,
    width: usize,
}

impl<B: Backend> SequenceModel<B> for Scanner<B> {
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        let h = relu(self.conv.forward(x));
        let [n, f, _] = h.dims();
        let mean = h.clone().mean_dim(2).reshape([n, f]);
        let max = h.max_dim(2).reshape([n, f]);
        self.out.forward(Tensor::cat(vec![mean, max], 1))
    }

    fn head(&self) -> Head {
        Head::Sigmoid
    }

    fn outputs(&self) -> usize {
        1
    }

    fn input_length(&self) -> Option<usize> {
        None
    }
}

impl<B: Backend> PersistentModel<B> for Scanner<B> {
    type Config = ScannerConfig;
    const KIND: &'static str = "example-scanner";

    fn persistent_config(&self) -> ScannerConfig {
        ScannerConfig { filters: self.filters, width: self.width }
    }

    fn from_config(config: &ScannerConfig, device: &B::Device) -> Result<Self, seq_models::ModelError> {
        Ok(Scanner {
            conv: Conv1dConfig::new(4, config.filters, config.width).init(device),
            out: LinearConfig::new(2 * config.filters, 1).init(device),
            filters: config.filters,
            width: config.width,
        })
    }
}

/// No dropout and no incremental ISM: the defaults are right (explain uses the generic batched ISM).
impl<B: seq_app::AppBackend> AppModel<B> for Scanner<B> {}

/// The planted motif of the example data.
pub const MOTIF: &[u8] = b"GATAAG";

/// `n` random 60-nt sequences; the odd ones carry [`MOTIF`] at a random position (label 1).
pub fn planted(n: usize, seed: u64) -> Dataset {
    let (len, mut rng) = (60, rand_chacha::ChaCha8Rng::seed_from_u64(seed));
    let (mut x, mut y, mut names) = (vec![0.0f32; n * 4 * len], Vec::new(), Vec::new());
    for i in 0..n {
        let mut seq: Vec<u8> = (0..len).map(|_| b"ACGT"[rng.random_range(0..4)]).collect();
        let positive = i % 2 == 1;
        if positive {
            let at = rng.random_range(0..=len - MOTIF.len());
            seq[at..at + MOTIF.len()].copy_from_slice(MOTIF);
        }
        for (p, b) in seq.iter().enumerate() {
            let c = b"ACGT".iter().position(|c| c == b).unwrap_or(0);
            x[(i * 4 + c) * len + p] = 1.0;
        }
        y.push(f32::from(u8::from(positive)));
        names.push(format!("seq{i}"));
    }
    Dataset::new(x, y, len, 1, names).expect("sizes are consistent")
}

/// What [`run`] measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Test auROC of the reloaded model.
    pub auroc: f64,
    /// Largest logit difference between the trained and the reloaded model.
    pub reload_max_abs_diff: f32,
    /// Fraction of test positives whose strongest ISM position lies inside the planted motif.
    pub ism_peak_in_motif: f64,
    /// The ISM map of the test set, `(N, 4, L)`.
    pub ism: Vec<f32>,
}

/// Trains the scanner into `dir/model`, then evaluates and explains it through seqdl's pipelines.
pub fn run(dir: &Path) -> seq_app::Result<Outcome> {
    run_seeded(dir, 7)
}

/// [`run`] with another seed of the initial weights and of the training order.
pub fn run_seeded(dir: &Path, seed: u64) -> seq_app::Result<Outcome> {
    let device = Default::default();
    // burn's initialisers draw from the backend's generator: seed it, or every run starts elsewhere.
    Train::seed(&device, seed);
    let splits = Splits { train: planted(800, 1), valid: planted(200, 2), test: planted(200, 3) };
    let h5 = dir.join("planted.h5");
    seq_io::h5::write_splits(&h5, &splits)?;
    let model_dir = ModelDir::new(dir.join("model"));
    let config = ScannerConfig { filters: 8, width: 6 };
    let model: Scanner<Train> = Scanner::from_config(&config, &device)?;
    let req = FitRequest {
        train: &splits.train,
        valid: Some(&splits.valid),
        optimizer: OptimizerConfig::adam().with_lr(1e-2),
        fit: FitConfig { batch_size: 32, seed, ..FitConfig::new(15) },
        resume: false,
        data: "planted GATAAG".into(),
        architecture: "example scanner".into(),
    };
    let trained = train_into::<Cpu, Scanner<Train>>(&model_dir, model, &req, &Context::default(), &device)?;
    let test = DataSource::h5(&h5, Some("test"));
    let eval =
        seq_app::pipelines::evaluate::evaluate::<Cpu, Scanner<Cpu>>(&model_dir, &test, &Default::default(), &device)?;
    let opts = ExplainOptions { method: Method::Ism, logos: 0, out: dir.join("ism"), ..Default::default() };
    let explained = explain::<Cpu, Scanner<Train>>(&model_dir, &test, &opts, &Context::default(), &device)?;
    let (file, len) = (&explained.file, explained.file.len());
    let (mut hits, mut positives) = (0usize, 0usize);
    for i in 0..file.n() {
        if file.input.label(i)[0] != 1.0 {
            continue;
        }
        positives += 1;
        let seq = seq_io::onehot::decode(file.input.seq(i), len);
        let Some(at) = seq.as_bytes().windows(MOTIF.len()).position(|w| w == MOTIF) else { continue };
        let strength: Vec<f32> =
            (0..len).map(|p| (0..4).map(|b| file.values[(i * 4 + b) * len + p].abs()).sum()).collect();
        let peak = (0..len).max_by(|&a, &b| strength[a].total_cmp(&strength[b])).unwrap_or(0);
        hits += usize::from((at..at + MOTIF.len()).contains(&peak));
    }
    Ok(Outcome {
        auroc: eval.metrics.get("auroc").copied().unwrap_or(f64::NAN),
        reload_max_abs_diff: trained.reload_max_abs_diff,
        ism_peak_in_motif: hits as f64 / positives.max(1) as f64,
        ism: explained.file.values.clone(),
    })
}
