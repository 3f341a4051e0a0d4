//! The command line's error: a bad command line, or a failure of the application layer or the tutorials
//! (with its source kept).

/// Why a `seqdl` command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A command line that does not make sense (or a reproduction whose checks failed).
    #[cfg_attr(not(any(feature = "flex", feature = "ndarray")), allow(dead_code))]
    #[error("{0}")]
    Usage(String),
    /// A pipeline failed.
    #[error(transparent)]
    App(#[from] seq_app::AppError),
    /// The reproduction failed.
    #[cfg(any(feature = "flex", feature = "ndarray"))]
    #[error(transparent)]
    Tutorials(#[from] seqdl_tutorials::TutorialError),
    /// Writing to standard output failed.
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
}

impl CliError {
    /// True when training stopped on a stop request (Ctrl-C) after writing its checkpoint.
    pub fn is_interrupted(&self) -> bool {
        matches!(self, CliError::App(seq_app::AppError::Train(seq_train::TrainError::Interrupted { .. })))
    }
}

/// Result alias of the command line.
pub type Result<T> = std::result::Result<T, CliError>;
