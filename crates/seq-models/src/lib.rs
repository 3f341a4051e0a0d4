//! # seq-models
//!
//! Burn modules for DNA sequence models, generic over the backend (`B: Backend`): the configurable CNN and
//! its tutorial presets, MLP, LSTM classifier, locally-connected regression and the read denoiser, plus the
//! adapter from a [`seq_io::Dataset`] slice to `Tensor<B, 3>`.
//!
//! **Never depends on** seq-train or seq-interpret (training and explanation use models, not the reverse).
#![warn(missing_docs)]

pub mod batch;
pub mod cnn;
pub mod denoiser;
pub mod error;
pub mod interop;
pub mod local;
pub mod lstm;
pub mod mlp;
pub mod model;
pub mod persist;
mod record_shape;

pub use batch::{check_input_length, dataset_batch, predict_logits, to_input};
pub use cnn::{Cnn, CnnConfig};
pub use error::ModelError;
pub use local::{LocalConfig, LocallyConnected};
pub use mlp::{Mlp, MlpConfig};
pub use model::{Head, SequenceModel};
pub use persist::{load, save, PersistentModel};
pub use seq_kernels::SeqKernels;
