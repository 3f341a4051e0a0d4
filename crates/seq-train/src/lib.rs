//! # seq-train
//!
//! Training loops, optimizers, losses, early stopping, checkpoints, DragoNN's metrics (in a burn-free
//! module over plain slices) and learning-curve figures.
//!
//! **Never depends on** seq-interpret or seq-sim.
#![warn(missing_docs)]

pub mod denoise;
pub mod error;
pub mod figures;
pub mod fit;
pub mod loss;
pub mod metrics;
pub mod optim;
pub mod ridge;

pub use error::{Result, TrainError};
pub use fit::{evaluate, fit, predict, resume, EarlyStopping, FitConfig, History, Monitor};
pub use loss::{ClassWeights, LossKind};
pub use optim::{LrSchedule, OptimizerConfig};
