//! The one error type of seq-patterns.

use std::path::PathBuf;

/// Everything that can go wrong between attribution tracks and patterns.
#[derive(Debug, thiserror::Error)]
pub enum PatternError {
    /// An array whose length does not match the shape it should have.
    #[error("{array}: expected {expected} values for shape {shape}, found {found}")]
    Shape {
        /// Which array (`x`, `hypothetical`, …).
        array: &'static str,
        /// The shape expected, e.g. `(10, 4, 200)`.
        shape: String,
        /// Number of values expected.
        expected: usize,
        /// Number of values found.
        found: usize,
    },
    /// A value that is NaN or infinite.
    #[error("{array}: value {value} at example {example}, channel {channel}, position {position} is not finite")]
    NonFinite {
        /// Which array.
        array: &'static str,
        /// 0-based example index.
        example: usize,
        /// Channel (0 A, 1 C, 2 G, 3 T).
        channel: usize,
        /// 0-based position.
        position: usize,
        /// The value found.
        value: f32,
    },
    /// A one-hot column that is not one-hot (values other than 0/1, or more than one 1).
    #[error("x: example {example}, position {position}: {column:?} is not a one-hot column (A, C, G, T)")]
    NotOneHot {
        /// 0-based example index.
        example: usize,
        /// 0-based position.
        position: usize,
        /// The four values found.
        column: [f32; 4],
    },
    /// No seqlet passed the threshold.
    #[error("no seqlets above threshold {threshold} (positive threshold {positive}, negative threshold {negative}); lower the FDR target or check the attributions")]
    NoSeqlets {
        /// The (weak) threshold on the core window's summed contribution.
        threshold: f32,
        /// Threshold of positive windows.
        positive: f32,
        /// Threshold of negative windows.
        negative: f32,
    },
    /// Fewer seqlets than the configured minimum.
    #[error("{found} seqlets above threshold {threshold}, fewer than the minimum {minimum}")]
    TooFewSeqlets {
        /// Seqlets found.
        found: usize,
        /// The configured minimum.
        minimum: usize,
        /// The threshold used.
        threshold: f32,
    },
    /// A seqlet that does not fit the tracks (example index or span out of range, unequal widths).
    #[error("seqlet {index} ({example}:{start}-{end}): {message}")]
    BadSeqlet {
        /// Index of the seqlet in the input list.
        index: usize,
        /// Its example.
        example: usize,
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
        /// What is wrong.
        message: String,
    },
    /// An option out of range.
    #[error("invalid option {option}: {message}")]
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output file could not be written (seq-io's atomic writer).
    #[error(transparent)]
    Write(#[from] seq_io::IoError),
    /// A motif matrix could not be built from a pattern.
    #[error("pattern {pattern}: {source}")]
    Motif {
        /// The pattern's name.
        pattern: String,
        /// seq-io's error.
        #[source]
        source: seq_io::IoError,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, PatternError>;

/// Shorthand for an [`PatternError::InvalidOption`].
pub(crate) fn invalid(option: &'static str, message: impl Into<String>) -> PatternError {
    PatternError::InvalidOption { option, message: message.into() }
}
