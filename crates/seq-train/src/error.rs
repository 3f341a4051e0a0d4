//! The one error type of seq-train. Every variant names what is wrong — the split, the record, the file —
//! so that a user can find the offending input or setting; all of them are raised before training starts
//! when they concern the data or the configuration.

use std::path::PathBuf;

/// Errors raised while checking, training, evaluating or checkpointing a model.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A split (train, valid, test, …) holds no sequence.
    #[error("the {split} split is empty (no sequences)")]
    EmptySplit {
        /// Which split.
        split: String,
    },
    /// A label that the loss cannot use (e.g. not 0 or 1 for binary cross-entropy).
    #[error("{split} split, record {record:?}, task {task}: label {value} {reason}")]
    InvalidLabel {
        /// Which split.
        split: String,
        /// The record's name.
        record: String,
        /// The label column.
        task: usize,
        /// The offending value.
        value: f32,
        /// Why it is refused.
        reason: String,
    },
    /// A NaN or infinite value in the one-hot inputs or the labels.
    #[error("{split} split, record {record:?}: {what} holds a non-finite value ({value})")]
    NonFinite {
        /// Which split.
        split: String,
        /// The record's name.
        record: String,
        /// `input` or `label`.
        what: String,
        /// The offending value.
        value: f32,
    },
    /// The model was built for another sequence length than the data have.
    #[error("{split} split: sequences have length {data} but the model was built for length {model}")]
    LengthMismatch {
        /// Which split.
        split: String,
        /// The length the model expects.
        model: usize,
        /// The length of the data.
        data: usize,
    },
    /// The label columns do not fit the model's outputs.
    #[error("{split} split: {tasks} label column(s) do not fit a model with {outputs} {head} output(s){hint}")]
    TaskMismatch {
        /// Which split.
        split: String,
        /// Label columns of the data.
        tasks: usize,
        /// Outputs of the model.
        outputs: usize,
        /// The model's head.
        head: String,
        /// How to fix it.
        hint: String,
    },
    /// A training setting that cannot work (batch size 0, a validation fraction outside (0, 1), …).
    #[error("invalid training configuration: {0}")]
    InvalidConfig(String),
    /// The loss became NaN or infinite during training.
    #[error("epoch {epoch}, batch {batch}: the training loss is not finite ({value}); lower the learning rate")]
    Diverged {
        /// 1-based epoch.
        epoch: usize,
        /// 0-based batch within the epoch.
        batch: usize,
        /// The loss value.
        value: f64,
    },
    /// A stop was requested ([`Progress::stop_requested`](crate::progress::Progress::stop_requested), e.g.
    /// Ctrl-C): the run stopped at the end of a batch and its state is in `checkpoint`.
    #[error(
        "training interrupted at epoch {epoch}, after batch {batch}: the run is saved in {checkpoint}; \
         continue it with the same command and --resume"
    )]
    Interrupted {
        /// The checkpoint written (`last.ckpt`).
        checkpoint: std::path::PathBuf,
        /// The epoch that was running (1-based).
        epoch: usize,
        /// Batches of that epoch done.
        batch: usize,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A checkpoint, history or model file is malformed or does not fit the model.
    #[error("{path}: {message}")]
    Checkpoint {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A figure could not be drawn.
    #[error("{path}: cannot draw figure: {message}")]
    Figure {
        /// The figure's file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An error from the data layer.
    #[error(transparent)]
    Data(#[from] seq_io::IoError),
    /// A model could not be built, loaded or run.
    #[error(transparent)]
    Model(#[from] seq_models::ModelError),
    /// A metric cannot be computed from the given values.
    #[error(transparent)]
    Metric(#[from] crate::metrics::MetricError),
    /// The read denoiser refused its reads or configuration.
    #[error(transparent)]
    Denoise(#[from] seq_models::denoiser::DenoiseError),
}

/// Result alias of seq-train.
pub type Result<T> = std::result::Result<T, TrainError>;

impl TrainError {
    /// An [`TrainError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TrainError::Io { path: path.into(), source }
    }

    /// A [`TrainError::Checkpoint`] for `path`.
    pub fn checkpoint(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> Self {
        TrainError::Checkpoint { path: path.into(), message: message.to_string() }
    }
}
