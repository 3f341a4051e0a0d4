//! # seq-train
//!
//! Training loops, optimizers, losses, early stopping, checkpoints, DragoNN's metrics (in a burn-free
//! module over plain slices) and learning-curve figures.
//!
//! **Never depends on** seq-interpret or seq-sim.
#![warn(missing_docs)]
