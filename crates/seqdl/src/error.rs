//! The facade's error: every layer's error converts into it, so a program using seqdl handles one type.

/// Any error raised by a seqdl layer, or by the command line's own argument checks.
#[derive(Debug, thiserror::Error)]
pub enum Error {
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
    /// Attributions, filters and their figures (seq-interpret).
    #[error(transparent)]
    Interpret(#[from] seq_interpret::InterpretError),
    /// Drawing a figure (seq-plot).
    #[error(transparent)]
    Plot(#[from] seq_plot::PlotError),
    /// A command-line argument that does not make sense.
    #[error("{0}")]
    Usage(String),
    /// Writing an output file (report, JSON, TSV) failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Result alias of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;
