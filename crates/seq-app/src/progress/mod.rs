//! Progress and the run context of a pipeline. [`Progress`] is seq-train's small trait (the training loop
//! reports batches through it); the command line implements it with a terminal bar, tests and libraries use
//! [`NoProgress`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use seq_train::progress::{NoProgress, Progress};

#[cfg(feature = "terminal")]
pub mod terminal;

/// A request to stop long work early (set from a Ctrl-C handler): training stops at the end of the
/// current batch, writes `last.ckpt` and fails with an error that says how to resume. Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// Asks the work to stop.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`StopFlag::request`] was called.
    pub fn is_requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What every pipeline gets besides its options: where progress goes, and whether to stop early.
#[derive(Clone)]
pub struct Context {
    /// Receives the progress of long steps.
    pub progress: Arc<dyn Progress>,
    /// Asks long steps (training) to stop at the next safe point.
    pub stop: StopFlag,
}

impl Default for Context {
    fn default() -> Self {
        Context { progress: Arc::new(NoProgress), stop: StopFlag::default() }
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
        Context { progress, stop: StopFlag::default() }
    }

    /// This context, stopped by `stop`.
    pub fn with_stop(mut self, stop: StopFlag) -> Self {
        self.stop = stop;
        self
    }

    /// The progress receiver (which also reports this context's stop requests).
    pub fn progress(&self) -> &dyn Progress {
        self
    }
}

impl Progress for Context {
    fn start(&self, total: u64, what: &str) {
        self.progress.start(total, what);
    }

    fn advance(&self, n: u64) {
        self.progress.advance(n);
    }

    fn message(&self, text: &str) {
        self.progress.message(text);
    }

    fn finish(&self) {
        self.progress.finish();
    }

    fn stop_requested(&self) -> bool {
        self.stop.is_requested() || self.progress.stop_requested()
    }
}
