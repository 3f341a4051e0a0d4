//! Training: the loop ([`fit`], [`resume`]), its configuration, early stopping, history, checkpoints and
//! inference ([`predict()`], [`evaluate`]).

pub mod augment;
pub mod checkpoint;
pub mod config;
pub mod early_stopping;
pub mod history;
mod r#loop;
mod metrics_glue;
mod plan;
pub mod predict;
mod saving;

pub use augment::{predict_rc_averaged, rc_averaged_logits, reverse_complemented, Augment};
pub use checkpoint::{BEST_CHECKPOINT, LAST_CHECKPOINT};
pub use config::{ClassWeighting, EarlyStopping, FitConfig, Mode, Monitor, StoppingRule};
pub use early_stopping::{EarlyStopper, StopDecision};
pub use history::{EpochRecord, History};
pub use metrics_glue::{metric_names, metrics_for_head};
pub use predict::{apply_head, evaluate, predict, predict_logits, Evaluation};
pub use r#loop::{epoch_order, fit, fit_with, resume, resume_with};

pub use crate::metrics::argmax;
