//! Training checkpoints, written atomically (seq-io's writer: temporary file in the same directory, fsync,
//! rename). The model inside is seq-models' record format; a finished model is saved with
//! [`seq_models::persist::save`], the one model format.
//!
//! A checkpoint (`best.ckpt`, `last.ckpt`) is one file holding three sections: the JSON [`CheckpointMeta`]
//! (epoch, optimizer and fit configuration, history, early-stopping state, step count), the model record
//! and the optimizer record, both as burn named-MessagePack at full precision. Layout: the 8 magic bytes
//! `SEQDLCK1`, then per section a little-endian `u64` length and the bytes. Every random stream of a run
//! is a pure function of `(seed, epoch)`, so the completed epoch *is* the RNG position.

use super::early_stopping::EarlyStopper;
use super::{FitConfig, History};
use crate::error::{Result, TrainError};
use crate::optim::OptimizerConfig;
use burn::module::Module;
use burn::tensor::backend::Backend;
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"SEQDLCK1";

/// File name of the checkpoint after the last completed epoch.
pub const LAST_CHECKPOINT: &str = "last.ckpt";
/// File name of the checkpoint of the best epoch (by the early-stopping monitor, else validation loss).
pub const BEST_CHECKPOINT: &str = "best.ckpt";

/// Everything about a run besides the weights and the optimizer moments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckpointMeta {
    /// Format version (1).
    pub version: u32,
    /// Completed epochs (1-based number of the epoch just finished).
    pub epoch: usize,
    /// Optimizer steps taken so far (drives the learning-rate schedule).
    pub iterations: u64,
    /// The optimizer configuration of the run.
    pub optimizer: OptimizerConfig,
    /// The fit configuration of the run.
    pub fit: FitConfig,
    /// The history up to `epoch`.
    pub history: History,
    /// Early-stopping state, when early stopping is on.
    pub stopper: Option<EarlyStopper>,
    /// Best monitored value so far (for `best.ckpt` selection without early stopping).
    pub best_value: Option<f64>,
    /// Batches of epoch `epoch + 1` already trained (a run interrupted within an epoch; 0 at an epoch's
    /// end). A resumed run continues that epoch's batch order after them.
    #[serde(default)]
    pub batches_done: usize,
}

/// A checkpoint read back from disk: its metadata and the raw records.
#[derive(Debug, Clone)]
pub struct CheckpointFile {
    /// The run's metadata.
    pub meta: CheckpointMeta,
    /// Model record (burn named MessagePack).
    pub model: Vec<u8>,
    /// Optimizer record (burn named MessagePack).
    pub optimizer: Vec<u8>,
}

/// Writes `bytes` to `path` atomically (seq-io's one atomic writer).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(seq_io::atomic::write_atomic(path, bytes)?)
}

/// The model's record as named MessagePack bytes (seq-models' one model record format).
pub fn model_to_bytes<B: Backend, M: Module<B>>(model: &M) -> Result<Vec<u8>> {
    Ok(seq_models::persist::record_to_bytes::<B, M>(model)?)
}

/// Loads a record written by [`model_to_bytes`] into `model` (which fixes the architecture; every
/// parameter's shape is checked).
pub fn model_from_bytes<B: Backend, M: Module<B>>(
    model: M,
    bytes: Vec<u8>,
    device: &B::Device,
    path: &Path,
) -> Result<M> {
    Ok(seq_models::persist::record_from_bytes(model, bytes, device, path)?)
}

/// Writes a checkpoint file atomically.
pub fn write_checkpoint(path: &Path, meta: &CheckpointMeta, model: &[u8], optimizer: &[u8]) -> Result<()> {
    let json = serde_json::to_vec(meta).map_err(|e| TrainError::checkpoint(path, e))?;
    let mut bytes = Vec::with_capacity(8 + 24 + json.len() + model.len() + optimizer.len());
    bytes.extend_from_slice(MAGIC);
    for section in [&json[..], model, optimizer] {
        bytes.extend_from_slice(&(section.len() as u64).to_le_bytes());
        bytes.extend_from_slice(section);
    }
    write_atomic(path, &bytes)
}

/// Reads a checkpoint written by [`write_checkpoint`].
pub fn read_checkpoint(path: &Path) -> Result<CheckpointFile> {
    let bytes = std::fs::read(path).map_err(|e| TrainError::io(path, e))?;
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        return Err(TrainError::checkpoint(path, "not a seqdl checkpoint (bad magic bytes)"));
    }
    let mut rest = &bytes[8..];
    let mut sections = Vec::with_capacity(3);
    for name in ["metadata", "model", "optimizer"] {
        let truncated = || TrainError::checkpoint(path, format!("truncated checkpoint: {name} section is incomplete"));
        let len_bytes: [u8; 8] = rest.get(..8).and_then(|s| s.try_into().ok()).ok_or_else(truncated)?;
        let len = u64::from_le_bytes(len_bytes) as usize;
        let body = rest.get(8..8usize.saturating_add(len)).ok_or_else(truncated)?;
        sections.push(body.to_vec());
        rest = &rest[8 + len..];
    }
    let optimizer = sections.pop().unwrap_or_default();
    let model = sections.pop().unwrap_or_default();
    let json = sections.pop().unwrap_or_default();
    let meta: CheckpointMeta =
        serde_json::from_slice(&json).map_err(|e| TrainError::checkpoint(path, format!("bad metadata: {e}")))?;
    Ok(CheckpointFile { meta, model, optimizer })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.bin");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn checkpoint_round_trips_and_refuses_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("last.ckpt");
        let meta = CheckpointMeta {
            version: 1,
            epoch: 3,
            iterations: 42,
            optimizer: OptimizerConfig::adam(),
            fit: FitConfig::new(5),
            history: History::default(),
            stopper: None,
            best_value: Some(0.5),
            batches_done: 0,
        };
        write_checkpoint(&p, &meta, b"model", b"optim").unwrap();
        let back = read_checkpoint(&p).unwrap();
        assert_eq!(back.meta, meta);
        assert_eq!((back.model.as_slice(), back.optimizer.as_slice()), (&b"model"[..], &b"optim"[..]));
        std::fs::write(&p, b"SEQDLCK1\x10\x00").unwrap();
        assert!(matches!(read_checkpoint(&p), Err(TrainError::Checkpoint { .. })));
        std::fs::write(&p, b"hello").unwrap();
        let err = read_checkpoint(&p).unwrap_err().to_string();
        assert!(err.contains("last.ckpt") && err.contains("magic"), "{err}");
    }
}
