//! The reproduction's error: a lower layer's failure (source kept), a step of a tutorial that cannot go on,
//! or an output that cannot be written.

use std::path::PathBuf;

/// Why a tutorial (or the report) failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A pipeline of the application layer.
    #[error(transparent)]
    App(#[from] seq_app::AppError),
    /// Reading or writing data (seq-io).
    #[error(transparent)]
    Io(#[from] seq_io::IoError),
    /// Simulation (seq-sim).
    #[error(transparent)]
    Sim(#[from] seq_sim::SimError),
    /// A model (seq-models).
    #[error(transparent)]
    Model(#[from] seq_models::ModelError),
    /// Training and evaluation (seq-train).
    #[error(transparent)]
    Train(#[from] seq_train::TrainError),
    /// Attribution and filters (seq-interpret).
    #[error(transparent)]
    Interpret(#[from] seq_interpret::InterpretError),
    /// A figure (seq-plot).
    #[error(transparent)]
    Plot(#[from] seq_plot::PlotError),
    /// A metric (seq-train's metrics).
    #[error(transparent)]
    Metric(#[from] seq_train::metrics::MetricError),
    /// A step of a tutorial that cannot go on (a missing data file, a model without the layer a step reads).
    #[error("{0}")]
    Step(String),
    /// Writing an output file (report, JSON) failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// The error of the reproduction, under the name other crates import.
pub type TutorialError = Error;

/// Result alias of the reproduction.
pub type Result<T, E = Error> = std::result::Result<T, E>;
