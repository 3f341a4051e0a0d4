//! The one error type of seq-interpret.

use std::path::PathBuf;

/// Everything that can go wrong while explaining a model.
#[derive(Debug, thiserror::Error)]
pub enum InterpretError {
    /// Arguments that do not fit together (shapes, indices, options).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The model returned something unusable (wrong shape, values that cannot be read back).
    #[error("model output: {0}")]
    Model(String),
    /// A problem at a known line of a text input (e.g. a variant TSV).
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing sequence/motif files failed.
    #[error(transparent)]
    Io(#[from] seq_io::IoError),
    /// Drawing a figure failed.
    #[error(transparent)]
    Plot(#[from] seq_plot::PlotError),
    /// A kernel (the incremental ISM engine) refused its input.
    #[error(transparent)]
    Kernel(#[from] seq_kernels::KernelError),
    /// A seq-models model refused its input.
    #[error(transparent)]
    Models(#[from] seq_models::ModelError),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, InterpretError>;
