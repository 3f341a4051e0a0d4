//! The one error type of seq-genome. Every variant about user data names the file and, where there is one,
//! the line or record, so that a user can find the offending input.

use std::path::PathBuf;

/// Errors raised while reading a genome or interval files, sampling windows or writing a dataset.
#[derive(Debug, thiserror::Error)]
pub enum GenomeError {
    /// The operating system refused to open, read or write a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A syntax or content error at a known line of a text file.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file holds no records.
    #[error("{path}: the file is empty (no records)")]
    EmptyFile {
        /// The file concerned.
        path: PathBuf,
    },
    /// A FASTA file that cannot be indexed or read.
    #[error("{path}: {message}")]
    Fasta {
        /// The FASTA file.
        path: PathBuf,
        /// What is wrong (with the record number when known).
        message: String,
    },
    /// A gzip file that is not BGZF: it cannot be read at random.
    #[error("{path}: the file is gzip but not BGZF; random access needs BGZF (recompress with `bgzip`), or load the whole genome into memory with the explicit whole-load option (small genomes only)")]
    NotBgzf {
        /// The genome file.
        path: PathBuf,
    },
    /// A BGZF file or its `.gzi` index is malformed.
    #[error("{path}: BGZF: {message}")]
    Bgzf {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A `.fai` index does not describe its FASTA file.
    #[error("{index} does not match {fasta}: {message}")]
    IndexMismatch {
        /// The FASTA file.
        fasta: PathBuf,
        /// The index file.
        index: PathBuf,
        /// What does not match.
        message: String,
    },
    /// A chromosome name the genome does not contain.
    #[error("{context}: chromosome {name:?} is not in the genome {genome} (it has: {names}); an alias option (`chr` prefix or a mapping file) may help")]
    UnknownChromosome {
        /// Where the name came from (`file:line`, an option, a call).
        context: String,
        /// The name asked for.
        name: String,
        /// The genome file.
        genome: PathBuf,
        /// The genome's names (the first ones when there are many).
        names: String,
    },
    /// A requested range does not lie on its chromosome.
    #[error("{chrom}:{start}-{end} is outside the chromosome (length {len}) of {genome}")]
    OutOfRange {
        /// Chromosome.
        chrom: String,
        /// 0-based start.
        start: u64,
        /// Exclusive end.
        end: u64,
        /// Chromosome length.
        len: u64,
        /// The genome file.
        genome: PathBuf,
    },
    /// A region text such as `chr20:50000000-63025520` that cannot be used.
    #[error("region {spec:?} ({option}): {message}")]
    Region {
        /// The text given.
        spec: String,
        /// The option it came from.
        option: String,
        /// What is wrong.
        message: String,
    },
    /// The genome cannot give the requested number of matched negatives.
    #[error("GC-matched negatives: {message}")]
    NotEnough {
        /// How many were found against how many were needed, and in which bin.
        message: String,
    },
    /// A split has no window.
    #[error("split {split:?} has no window{hint}")]
    EmptySplit {
        /// `train`, `valid` or `test`.
        split: String,
        /// Why, when known.
        hint: String,
    },
    /// Two windows of different splits overlap.
    #[error("windows of different splits overlap: {first} and {second}")]
    SplitOverlap {
        /// One window (`split chrom:start-end`).
        first: String,
        /// The other.
        second: String,
    },
    /// An argument given by the caller is out of range.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An error of seq-io (encoding, HDF5 writing).
    #[error(transparent)]
    Seq(#[from] seq_io::IoError),
    /// A JSON summary could not be serialised.
    #[error("{path}: JSON: {source}")]
    Json {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
}

impl GenomeError {
    /// Wraps an `std::io::Error` with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        GenomeError::Io { path: path.into(), source }
    }

    /// A parse error at `path:line`.
    pub fn parse(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        GenomeError::Parse { path: path.into(), line, message: message.into() }
    }
}

/// Result alias of seq-genome.
pub type Result<T, E = GenomeError> = std::result::Result<T, E>;
