//! # seqdl
//!
//! Deep learning on DNA sequences, in Rust: the facade over seqdl's layers. It re-exports them, names the
//! backends, and converts every layer's error into one [`Error`]; it draws nothing and runs nothing itself.
//! The `seqdl` program is the `seqdl-cli` crate; the tutorials' reproduction is `seqdl-tutorials`.
//!
//! | module | crate | what it is for |
//! |---|---|---|
//! | [`io`] | seq-io | FASTA/FASTQ, labels, HDF5, motif files, one-hot, `Dataset`, shuffles, atomic writes |
//! | [`sim`] | seq-sim | simulations with ground truth, read errors |
//! | [`kernels`] | seq-kernels | the fused conv/pool kernels and the incremental ISM engine (all `unsafe` code) |
//! | [`models`] | seq-models | burn modules generic over the backend, the one model persistence format |
//! | [`train`] | seq-train | training loops, optimizers, metrics, curves |
//! | [`interpret`] | seq-interpret | saliency, ISM, integrated gradients, filters, logos |
//! | [`plot`] | seq-plot | figure primitives (embedded font, PNG) |
//! | [`app`] | seq-app | the model folder and the pipelines the command line runs (feature `app`) |
//!
//! ## Features
//! - `flex` (default): burn's pure-Rust CPU backend with seqdl's hand-written kernels.
//! - `ndarray`: burn's ndarray CPU backend (generic kernels).
//! - `cuda`: burn's CUDA backend (builds without a CUDA toolkit; needs an NVIDIA GPU and driver at run time).
//! - `app` (default): the application layer ([`app`]): model folders and pipelines.
//! - `hdf5-c`: HDF5 through the system libhdf5 (`hdf5-metno`) instead of the pure-Rust `hdf5-pure`.
//!
//! No feature brings in a command-line, terminal or configuration-file crate (clap, indicatif,
//! tracing-subscriber, toml): those live in `seqdl-cli`.
#![warn(missing_docs)]

pub use seq_interpret as interpret;
pub use seq_io as io;
pub use seq_kernels as kernels;
pub use seq_models as models;
pub use seq_plot as plot;
pub use seq_sim as sim;
pub use seq_train as train;

#[cfg(feature = "app")]
pub use seq_app as app;

/// The backends compiled in: `Cpu`, `Train` (its autodiff wrapper), `Gpu` and `GpuTrain` with `cuda`.
pub mod backend {
    pub use seq_kernels::backend::*;
}

pub mod error;
pub mod prelude;

pub use error::{Error, Result};
