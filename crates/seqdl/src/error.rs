//! The facade's error: every layer's error converts into it (sources kept), so a program using seqdl
//! handles one type.

/// Any error raised by a seqdl layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading, validating or writing data (seq-io).
    #[error(transparent)]
    Io(#[from] seq_io::IoError),
    /// Simulation (seq-sim).
    #[error(transparent)]
    Sim(#[from] seq_sim::SimError),
    /// A kernel refused its input (seq-kernels).
    #[error(transparent)]
    Kernel(#[from] seq_kernels::KernelError),
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
    /// A pipeline of the application layer (seq-app).
    #[cfg(feature = "app")]
    #[error(transparent)]
    App(#[from] seq_app::AppError),
}

/// Result alias of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;
