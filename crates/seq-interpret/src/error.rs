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
    /// A layer DeepLIFT/DeepSHAP has no rule for.
    #[error(
        "DeepLIFT/DeepSHAP has no rule for layer {layer}; they cover {covered}; saliency, gradient × input, \
         integrated gradients and ISM work on any model",
        covered = COVERED_LAYERS
    )]
    UnsupportedLayer {
        /// The layer (kind and position).
        layer: String,
    },
    /// References whose length differs from the inputs'.
    #[error("references have length {found} but the inputs have length {expected}")]
    ReferenceLength {
        /// Length of the inputs.
        expected: usize,
        /// Length of the references.
        found: usize,
    },
    /// A reference set with no reference in it.
    #[error("no references: DeepLIFT/DeepSHAP needs at least one reference per input")]
    NoReferences,
    /// A NaN or infinity in an input or reference.
    #[error("{what} {sequence} has a non-finite value at base channel {base}, position {position}")]
    NonFinite {
        /// `"input"` or `"reference"`.
        what: &'static str,
        /// 0-based sequence (or reference set) index.
        sequence: usize,
        /// Channel (0 = A … 3 = T).
        base: usize,
        /// 0-based position.
        position: usize,
    },
    /// An output index the model does not have.
    #[error("output {target} requested but the model has {outputs} output(s) (0..{outputs})")]
    OutputIndex {
        /// The requested output.
        target: usize,
        /// Number of outputs of the model.
        outputs: usize,
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

/// Layer kinds DeepLIFT/DeepSHAP have a rule for (every layer a [`seq_models::CnnConfig`] describes).
pub const COVERED_LAYERS: &str =
    "conv1d (same or valid padding), dense, relu, sigmoid, tanh, exp, linear, max-pool, global max-pool, dropout, flatten";
