//! How long work tells its progress: a small trait the training loop reports through. The command line
//! draws it with a terminal progress bar; libraries and tests use [`NoProgress`].

/// Receives the progress of a long step (a training run: batches over all epochs).
pub trait Progress: Send + Sync {
    /// A step with `total` units (`what` says of what: "batches", "sequences") begins.
    fn start(&self, total: u64, what: &str);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// A short status line (e.g. the last epoch's losses).
    fn message(&self, text: &str);
    /// The step is over.
    fn finish(&self);
    /// True when the caller asks the work to stop (e.g. after Ctrl-C): training then stops at the end of
    /// the current batch, writes `last.ckpt` and returns [`TrainError::Interrupted`](crate::TrainError).
    fn stop_requested(&self) -> bool {
        false
    }
}

/// Progress that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: u64, _what: &str) {}
    fn advance(&self, _n: u64) {}
    fn message(&self, _text: &str) {}
    fn finish(&self) {}
}
