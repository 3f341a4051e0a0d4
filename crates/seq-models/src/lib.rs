//! # seq-models
//!
//! Burn modules for DNA sequence models, generic over the backend (`B: Backend`): the configurable CNN and
//! its tutorial presets, MLP, LSTM classifier, locally-connected regression and the read denoiser, plus the
//! adapter from a [`seq_io::Dataset`] slice to `Tensor<B, 3>`.
//!
//! **Never depends on** seq-train or seq-interpret (training and explanation use models, not the reverse).
#![warn(missing_docs)]
