//! The one error type of seq-motifs. Errors about a motif name it, and the file and line where they are
//! known; errors about options name the option.

use std::path::PathBuf;

/// Errors raised while validating motifs, comparing them or scanning sequences.
#[derive(Debug, thiserror::Error)]
pub enum MotifError {
    /// Reading a motif or sequence file failed (the source names the file and line).
    #[error("{0}")]
    Io(#[source] seq_io::IoError),
    /// A motif matrix that cannot be used: no positions, or a column with a negative, non-finite or
    /// all-zero entry.
    #[error("{source_name}:{line}: motif {motif:?}: {message}")]
    InvalidMotif {
        /// The file the motif came from, or `<memory>`.
        source_name: PathBuf,
        /// 1-based line of the motif in that file, 0 when unknown.
        line: usize,
        /// The motif's name.
        motif: String,
        /// What is wrong (with the 1-based position).
        message: String,
    },
    /// A background distribution that is not a probability vector over A, C, G, T.
    #[error("invalid background {background:?}: {message}")]
    InvalidBackground {
        /// The background given (A, C, G, T).
        background: [f64; 4],
        /// What is wrong.
        message: String,
    },
    /// An option out of range.
    #[error("invalid option {option}: {message}")]
    InvalidOption {
        /// The option's name (as in the options struct).
        option: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Writing output failed.
    #[error("{path}: {source}")]
    Write {
        /// Where the output was going (`<writer>` for a bare writer).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl From<seq_io::IoError> for MotifError {
    fn from(e: seq_io::IoError) -> Self {
        MotifError::Io(e)
    }
}

/// Result alias of seq-motifs.
pub type Result<T, E = MotifError> = std::result::Result<T, E>;
