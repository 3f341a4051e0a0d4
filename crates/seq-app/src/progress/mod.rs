//! Progress and the run context of a pipeline. [`Progress`] is seq-train's small trait (the training loop
//! reports batches through it); the command line implements it with a terminal bar, tests and libraries use
//! [`NoProgress`].

use std::sync::Arc;

pub use seq_train::progress::{NoProgress, Progress};

#[cfg(feature = "terminal")]
pub mod terminal;

/// What every pipeline gets besides its options: where progress goes.
#[derive(Clone)]
pub struct Context {
    /// Receives the progress of long steps.
    pub progress: Arc<dyn Progress>,
}

impl Default for Context {
    fn default() -> Self {
        Context { progress: Arc::new(NoProgress) }
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").finish_non_exhaustive()
    }
}

impl Context {
    /// A context reporting to `progress`.
    pub fn new(progress: Arc<dyn Progress>) -> Self {
        Context { progress }
    }

    /// The progress receiver.
    pub fn progress(&self) -> &dyn Progress {
        self.progress.as_ref()
    }
}
