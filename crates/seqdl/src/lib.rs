//! # seqdl
//!
//! Deep learning on DNA sequences, in Rust: the facade over seqdl's layers and the `seqdl` command line.
//!
//! | module | crate | what it is for |
//! |---|---|---|
//! | [`io`] | seq-io | FASTA/FASTQ, labels, HDF5, motif files, one-hot, `Dataset` |
//! | [`sim`] | seq-sim | simulations with ground truth, read errors |
//! | [`models`] | seq-models | burn modules generic over the backend |
//! | [`train`] | seq-train | training loops, optimizers, metrics, curves |
//! | [`interpret`] | seq-interpret | saliency, ISM, integrated gradients, filters, logos |
//! | [`plot`] | seq-plot | figure primitives (embedded font, PNG) |
//!
//! ## Features
//! - `flex` (default): burn's pure-Rust CPU backend, the fastest CPU backend measured here.
//! - `ndarray`: burn's ndarray CPU backend.
//! - `cuda`: burn's CUDA backend (builds without a CUDA toolkit; needs a driver at run time).
//! - `hdf5-c`: HDF5 through the system libhdf5 (`hdf5-metno`) instead of the pure-Rust `hdf5-pure`.
#![warn(missing_docs)]

pub use seq_interpret as interpret;
pub use seq_io as io;
pub use seq_models as models;
pub use seq_plot as plot;
pub use seq_sim as sim;
pub use seq_train as train;

pub mod backend;
pub mod error;
pub mod explain;
pub mod model_dir;
pub mod reproduce;

pub use error::{Error, Result};
