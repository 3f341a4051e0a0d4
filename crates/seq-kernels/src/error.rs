//! The one error type of seq-kernels: inputs whose shape does not fit the kernel they are given to.

/// Errors raised by seqdl's kernels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KernelError {
    /// The sequences' length differs from the one the model takes.
    #[error("the model takes sequences of length {expected}, got length {found}")]
    LengthMismatch {
        /// Length the model takes.
        expected: usize,
        /// Length given.
        found: usize,
    },
    /// Inputs of the wrong size or an argument out of range.
    #[error("{0}")]
    InvalidInput(String),
}

/// Result alias of seq-kernels.
pub type Result<T, E = KernelError> = std::result::Result<T, E>;
