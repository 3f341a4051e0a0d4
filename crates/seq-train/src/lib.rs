//! # seq-train
//!
//! Training loops, optimizers, losses, early stopping, checkpoints, DragoNN's metrics (in a burn-free
//! module over plain slices) and learning-curve figures.
//!
//! **Never depends on** seq-interpret, seq-sim, the application layer, or terminal/UI crates (progress is
//! reported through the [`Progress`] trait).
#![warn(missing_docs)]

pub mod denoise;
pub mod error;
pub mod figures;
pub mod fit;
pub mod kmer;
pub mod loss;
pub mod metrics;
pub mod optim;
pub mod progress;
pub mod ridge;

pub use error::{Result, TrainError};
pub use fit::{
    evaluate, fit, fit_with, predict, predict_rc_averaged, resume, resume_with, Augment, EarlyStopping, FitConfig,
    History, Monitor,
};
pub use loss::{ClassWeights, LossKind};
pub use optim::{LrSchedule, OptimizerConfig};
pub use progress::{NoProgress, Progress};
