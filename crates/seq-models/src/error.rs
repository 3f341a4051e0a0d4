//! The one error type of seq-models: invalid model configurations, input that does not fit a model, and
//! failures to save or load a model (each naming the file involved).

use std::path::PathBuf;

/// Everything that can go wrong when building, feeding, saving or loading a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A configuration that cannot describe a working model (e.g. a layer leaves no positions).
    #[error("invalid model configuration: {0}")]
    InvalidConfig(String),

    /// Sequences of one length offered to a model built for another.
    #[error("model expects sequences of length {expected} but the data have length {found}")]
    LengthMismatch {
        /// The length the model was built for.
        expected: usize,
        /// The length of the data offered.
        found: usize,
    },

    /// Input buffers whose sizes or contents do not fit the request (e.g. `x.len() != n * 4 * len`).
    #[error("invalid model input: {0}")]
    InvalidInput(String),

    /// Reading or writing a model file failed.
    #[error("cannot access model file {path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// A model configuration file is not valid JSON for the expected model.
    #[error("invalid model configuration file {path}: {source}")]
    ConfigFile {
        /// The configuration file.
        path: PathBuf,
        /// The parse error (with line and column).
        source: serde_json::Error,
    },

    /// A configuration file describes another kind of model than the one requested.
    #[error("model file {path} holds a {found:?} model, not a {expected:?} model")]
    WrongKind {
        /// The configuration file.
        path: PathBuf,
        /// The kind requested.
        expected: String,
        /// The kind the file holds.
        found: String,
    },

    /// burn's recorder could not write or read the weights file.
    #[error("cannot save or load model weights {path}: {message}")]
    Weights {
        /// The weights file.
        path: PathBuf,
        /// The recorder's message.
        message: String,
    },

    /// A PyTorch state dict (`.safetensors`, `.pt`) that cannot be written, read or applied to the model.
    #[error("state dict {path}: {message}")]
    StateDict {
        /// The state-dict file (`<memory>` for bytes).
        path: PathBuf,
        /// What is wrong (missing, extra or misshapen tensors name the tensor).
        message: String,
    },

    /// A model folder written by an older seqdl layout (no format version).
    #[error("{path} was written by an older seqdl model layout (no `format_version`): retrain the model, or save it again with this seqdl")]
    OldLayout {
        /// The configuration file.
        path: PathBuf,
    },

    /// A model file of a newer or unknown format version.
    #[error("{path} has model format version {found}; this seqdl reads version {supported}")]
    UnsupportedVersion {
        /// The configuration file.
        path: PathBuf,
        /// The version found.
        found: u64,
        /// The version supported.
        supported: u32,
    },

    /// The weights file does not match its checksum or cannot be decoded.
    #[error("corrupt or truncated weights file {path}: {reason}")]
    CorruptWeights {
        /// The weights file.
        path: PathBuf,
        /// What does not match.
        reason: String,
    },

    /// The configuration beside the weights is not the one they were saved with (an edited file).
    #[error(
        "{path}: the configuration differs from the one the weights were saved with (e.g. an edited head, \
         pool width or output count): restore the file or train the model again"
    )]
    EditedConfig {
        /// The configuration file.
        path: PathBuf,
    },

    /// The weights do not have the shapes the configuration gives.
    #[error("the weights in {path} do not fit the model's configuration: {message}")]
    ShapeMismatch {
        /// The weights file.
        path: PathBuf,
        /// The first parameter that differs.
        message: String,
    },

    /// Writing a model file (seq-io's atomic writer).
    #[error(transparent)]
    Data(#[from] seq_io::IoError),

    /// A kernel refused its input.
    #[error(transparent)]
    Kernel(#[from] seq_kernels::KernelError),

    /// The read denoiser refused its reads or configuration.
    #[error(transparent)]
    Denoise(#[from] DenoiseError),
}

/// Result with [`ModelError`].
pub type Result<T> = std::result::Result<T, ModelError>;

/// Errors of the denoisers (bad reads, impossible configurations).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DenoiseError {
    /// No reads were given.
    #[error("no reads given: a denoiser needs at least one read")]
    NoReads,
    /// A read holds a byte outside A, C, G, T (and the end markers).
    #[error("read {read}: position {position}: invalid symbol {symbol:?} (expected A, C, G or T)")]
    InvalidSymbol {
        /// 0-based index of the read.
        read: usize,
        /// 0-based position in the read (markers included).
        position: usize,
        /// The offending character.
        symbol: char,
    },
    /// A configuration value is out of range.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Training examples are unusable (e.g. an empty set).
    #[error("invalid training data: {0}")]
    Data(String),
}
