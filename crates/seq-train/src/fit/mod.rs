//! Training: the loop ([`fit`], [`resume`]), its configuration, early stopping, history, checkpoints and
//! inference ([`predict`], [`evaluate`]).

pub mod checkpoint;
pub mod config;
pub mod early_stopping;
pub mod history;
mod r#loop;
mod metrics_glue;
mod plan;
pub mod predict;

pub use checkpoint::{load_model, save_model, BEST_CHECKPOINT, LAST_CHECKPOINT};
pub use config::{ClassWeighting, EarlyStopping, FitConfig, Mode, Monitor, StoppingRule};
pub use early_stopping::{EarlyStopper, StopDecision};
pub use history::{EpochRecord, History};
pub use metrics_glue::{metric_names, metrics_for_head};
pub use predict::{apply_head, evaluate, predict, predict_logits, Evaluation};
pub use r#loop::{epoch_order, fit, resume};

/// Index of the largest value (the first one on ties; 0 for an empty slice).
pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}
