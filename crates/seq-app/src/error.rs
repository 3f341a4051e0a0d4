//! The application layer's error: every lower layer's error converts into it with its source kept, plus
//! the application's own failures (options, model folders, devices).

use std::path::PathBuf;

/// Any failure of a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Reading, validating or writing data (seq-io).
    #[error(transparent)]
    Io(#[from] seq_io::IoError),
    /// Simulation (seq-sim).
    #[error(transparent)]
    Sim(#[from] seq_sim::SimError),
    /// Building, loading or running a model (seq-models).
    #[error(transparent)]
    Model(#[from] seq_models::ModelError),
    /// Training and evaluation (seq-train).
    #[error(transparent)]
    Train(#[from] seq_train::TrainError),
    /// Attribution, filters and their figures (seq-interpret).
    #[error(transparent)]
    Interpret(#[from] seq_interpret::InterpretError),
    /// Reading a reference genome or an interval file (seq-genome).
    #[error(transparent)]
    Genome(#[from] seq_genome::GenomeError),
    /// Reading a VCF, building variant windows, writing or merging score files (seq-variants).
    #[error(transparent)]
    Variants(#[from] seq_variants::VariantError),
    /// Drawing a figure (seq-plot).
    #[error(transparent)]
    Plot(#[from] seq_plot::PlotError),
    /// Motif comparison and scanning (seq-motifs).
    #[error(transparent)]
    Motif(#[from] seq_motifs::MotifError),
    /// Seqlets and pattern discovery (seq-patterns).
    #[error(transparent)]
    Patterns(#[from] seq_patterns::PatternError),
    /// The read denoiser refused the reads of a file.
    #[error("{path}: record {record:?}")]
    DenoiseInput {
        /// The reads file.
        path: PathBuf,
        /// The record concerned ("" when the whole file is concerned).
        record: String,
        /// The denoiser's error.
        #[source]
        source: seq_models::denoiser::DenoiseError,
    },
    /// An option that does not make sense (name and why).
    #[error("{option}: {message}")]
    InvalidOption {
        /// The option, as the command line spells it (e.g. `--steps`).
        option: String,
        /// What is wrong with it.
        message: String,
    },
    /// A folder that should hold a model does not.
    #[error("{dir} is not a model folder: {missing} is missing (write one with `seqdl train --out {dir}`)")]
    NotAModelFolder {
        /// The folder.
        dir: PathBuf,
        /// The file that is missing.
        missing: PathBuf,
    },
    /// Data without labels where labels are needed.
    #[error("{data}: no labels ({hint})")]
    NoLabels {
        /// The data.
        data: String,
        /// How to give labels.
        hint: String,
    },
    /// Data without sequences.
    #[error("{0}: no sequences")]
    NoSequences(String),
    /// A device that cannot be used here.
    #[error("device {device}: {message}")]
    Device {
        /// The device asked for.
        device: String,
        /// Why it cannot be used.
        message: String,
    },
    /// A JSON output could not be serialised.
    #[error("cannot serialise {path}: {source}")]
    Serialize {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A bigWig that cannot be written (bigtools refused the intervals, or they do not fit the format).
    #[error("{path}: cannot write the bigWig: {reason}")]
    BigWig {
        /// The bigWig.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A model configuration file that cannot be parsed.
    #[error("{path}: not a CNN configuration: {message}")]
    ConfigFile {
        /// The file.
        path: PathBuf,
        /// The parser's message (with line and column).
        message: String,
    },
}

impl AppError {
    /// An [`AppError::InvalidOption`].
    pub fn option(option: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::InvalidOption { option: option.into(), message: message.into() }
    }
}

/// Result alias of the application layer.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
