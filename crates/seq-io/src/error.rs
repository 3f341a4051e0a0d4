//! The one error type of seq-io. Every variant that concerns user data names the file and, where there is
//! one, the record or line, so that a user can find the offending input.

use std::path::PathBuf;

/// Errors raised while reading, validating or writing sequence data.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The operating system refused to open, read or write a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file holds no records at all.
    #[error("{path}: the file is empty (no records)")]
    EmptyFile {
        /// The file concerned.
        path: PathBuf,
    },
    /// A syntax or content error at a known place in a text file.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A FASTA/FASTQ record is malformed or cannot be used.
    #[error("{path}: record {record:?}: {message}")]
    Record {
        /// The file concerned.
        path: PathBuf,
        /// The record's identifier (or its 1-based index when it has none).
        record: String,
        /// What is wrong.
        message: String,
    },
    /// A character that the alphabet policy refuses.
    #[error("{path}: record {record:?}, position {position}: character {ch:?} is not A, C, G, T or an IUPAC code")]
    InvalidBase {
        /// The file concerned (or `<memory>`).
        path: PathBuf,
        /// The record's identifier.
        record: String,
        /// 0-based position within the sequence.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// Sequences of unequal length where one length is required.
    #[error("{path}: record {record:?} has length {found}, expected {expected} (use a pad/crop policy to accept ragged input)")]
    RaggedLength {
        /// The file concerned.
        path: PathBuf,
        /// The first offending record.
        record: String,
        /// The length of the first record.
        expected: usize,
        /// The offending length.
        found: usize,
    },
    /// The number of labels does not match the number of sequences.
    #[error("{path}: {labels} labels for {sequences} sequences")]
    LabelCount {
        /// The label file.
        path: PathBuf,
        /// Labels read.
        labels: usize,
        /// Sequences read.
        sequences: usize,
    },
    /// A label that is not a finite number.
    #[error("{path}:{line}: label {value:?} is not a finite number")]
    InvalidLabel {
        /// The label file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The text found.
        value: String,
    },
    /// An HDF5 file could not be read or written.
    #[error("{path}: HDF5: {message}")]
    Hdf5 {
        /// The file concerned.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An HDF5 file uses a feature the pure-Rust backend does not read.
    #[error("{path}: the pure-Rust HDF5 reader cannot read this file ({message}); rebuild with the `hdf5-c` feature to use the system libhdf5")]
    Hdf5Unsupported {
        /// The file concerned.
        path: PathBuf,
        /// The unsupported feature.
        message: String,
    },
    /// An array has a shape or dtype that does not fit.
    #[error("{path}: dataset {dataset:?}: {message}")]
    Shape {
        /// The file concerned.
        path: PathBuf,
        /// The dataset (or array) name.
        dataset: String,
        /// What is wrong with its shape or dtype.
        message: String,
    },
    /// An HDF5 `x` column that is not one-hot (nor an N column) where one-hot input is required.
    #[error(
        "{path}: dataset {dataset:?}: sequence {sequence}, position {position} holds {values:?} (A, C, G, T), \
         not a one-hot column (one 1 and three 0) or an N column (all 0); to use soft inputs knowingly, give \
         --allow-soft-inputs"
    )]
    SoftInput {
        /// The file concerned.
        path: PathBuf,
        /// The dataset (`x_train`, …).
        dataset: String,
        /// 0-based index of the sequence.
        sequence: usize,
        /// 0-based position within the sequence.
        position: usize,
        /// The column's four values.
        values: [f32; 4],
    },
    /// A letter that the strict policy refuses although it is a valid IUPAC code (such as N).
    #[error(
        "{path}: record {record:?}, position {position}: {ch:?} is refused by the strict policy, which accepts only \
         A, C, G and T (the zeros or uniform policy encodes N and the other IUPAC codes)"
    )]
    StrictBase {
        /// The file concerned.
        path: PathBuf,
        /// The record's identifier.
        record: String,
        /// 0-based position within the sequence.
        position: usize,
        /// The refused letter.
        ch: char,
    },
    /// A motif matrix is invalid.
    #[error("{path}:{line}: motif {motif:?}: {message}")]
    Motif {
        /// The motif file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// The motif's name.
        motif: String,
        /// What is wrong.
        message: String,
    },
    /// A motif name that the file does not contain.
    #[error("{path}: no motif named {name:?}{hint}")]
    UnknownMotif {
        /// The motif file.
        path: PathBuf,
        /// The name asked for.
        name: String,
        /// A suggestion such as ` (did you mean "TAL1_known4"?)`, or empty.
        hint: String,
    },
    /// An argument given by the caller is out of range.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl IoError {
    /// Wraps an `std::io::Error` with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IoError::Io { path: path.into(), source }
    }
}

/// Result alias of seq-io.
pub type Result<T, E = IoError> = std::result::Result<T, E>;
