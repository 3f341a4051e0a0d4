//! A trained model's folder, as `seqdl train` writes it and every other command reads it:
//!
//! | file | content |
//! |---|---|
//! | `model.json`, `model.mpk` | the model: configuration with its format version, weights with their checksum (seq-models' one format, [`seq_models::persist`]) |
//! | `best.ckpt`, `last.ckpt` | training checkpoints (`seqdl train --resume` continues from `last.ckpt`) |
//! | `history.json`, `history.csv` | per-epoch loss and metrics |
//! | `learning_curves.png` | the learning curves |
//! | `training.json` | how the model was trained ([`TrainingRecord`]) |
//!
//! Only the first two are needed to use the model: [`ModelDir::load`] rebuilds it from the folder alone and
//! checks the weights against the configuration first. Every file is written atomically.

use std::path::{Path, PathBuf};

use burn::tensor::backend::Backend;
use seq_models::persist::{self, model_files};
use seq_models::PersistentModel;
use serde::{Deserialize, Serialize};

use crate::backend::AppBackend;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::output::{create_dir, write_json};

/// Base name of the model files inside the folder (`model.json` + `model.mpk`).
pub const MODEL_FILE: &str = "model";
/// File name of the training record.
pub const TRAINING_FILE: &str = "training.json";

/// How a model was trained: written beside the weights, for the record (and checked by `--resume`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingRecord {
    /// The data the model was trained on (file names and split).
    pub data: String,
    /// A content hash of the training data (sequences and labels), to refuse resuming on other data.
    #[serde(default)]
    pub data_hash: Option<String>,
    /// The preset name or configuration file the architecture came from.
    pub architecture: String,
    /// The architecture itself (the model's configuration as JSON), to refuse resuming with another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_config: Option<serde_json::Value>,
    /// The optimizer.
    pub optimizer: seq_train::OptimizerConfig,
    /// The fit settings (epochs, batch, seed, early stopping, …).
    pub fit: seq_train::FitConfig,
    /// Epochs actually run.
    pub epochs_run: usize,
    /// The epoch whose weights were kept (early stopping), if any.
    pub restored_epoch: Option<usize>,
    /// Metrics of the last epoch (`loss`, `val_loss`, `val_auroc`, …).
    pub final_metrics: std::collections::BTreeMap<String, f64>,
}

/// A model folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDir {
    dir: PathBuf,
}

impl ModelDir {
    /// The folder at `dir` (nothing is read or created yet).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ModelDir { dir: dir.into() }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// A file inside the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `(weights, config)` paths of the model (`model.mpk`, `model.json`).
    pub fn model_files(&self) -> (PathBuf, PathBuf) {
        model_files(&self.file(MODEL_FILE))
    }

    /// True when the folder holds a model or checkpoints (something a new run would replace).
    pub fn holds_a_run(&self) -> bool {
        let (weights, config) = self.model_files();
        [weights, config, self.file(seq_train::fit::LAST_CHECKPOINT)].iter().any(|p| p.exists())
    }

    /// Creates the folder if needed (and removes temporary files of interrupted runs).
    pub fn create(&self) -> Result<()> {
        create_dir(&self.dir)
    }

    /// Saves `model` (configuration and weights, atomically) into the folder.
    pub fn save<B: Backend, M: PersistentModel<B>>(&self, model: &M) -> Result<()> {
        self.create()?;
        Ok(persist::save::<B, M>(model, &self.file(MODEL_FILE))?)
    }

    /// The model's configuration (`model.json`), with an error naming the folder when it holds no model.
    pub fn config<B: Backend, M: PersistentModel<B>>(&self) -> Result<M::Config> {
        self.check_exists()?;
        Ok(persist::load_config::<M::Config>(&self.file(MODEL_FILE), M::KIND)?)
    }

    /// Rebuilds the saved model on `device` (use a plain backend for inference: dropout is then off).
    pub fn load<B: Backend, M: PersistentModel<B>>(&self, device: &B::Device) -> Result<M> {
        self.check_exists()?;
        Ok(persist::load::<B, M>(&self.file(MODEL_FILE), device)?)
    }

    /// Rebuilds the saved model for gradients on an autodiff backend: in the architecture
    /// [`AppModel::gradient_config`] gives (dropout removed, as burn's dropout is active on every autodiff
    /// backend and would make saliency and integrated gradients random). The weights are the same.
    pub fn load_for_gradients<B: AppBackend, M: AppModel<B>>(&self, device: &B::Device) -> Result<M> {
        self.check_exists()?;
        Ok(persist::load_mapped::<B, M>(&self.file(MODEL_FILE), device, |c| M::gradient_config(&c))?)
    }

    /// Writes the training record.
    pub fn write_training_record(&self, record: &TrainingRecord) -> Result<()> {
        write_json(&self.file(TRAINING_FILE), record)
    }

    /// Reads the training record, if the folder has one.
    pub fn training_record(&self) -> Result<Option<TrainingRecord>> {
        let path = self.file(TRAINING_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| seq_io::IoError::io(&path, e))?;
        serde_json::from_str(&text).map(Some).map_err(|source| AppError::Serialize { path, source })
    }

    /// `ds` as the model of this folder reads it: windows cut with the jitter margin the model was trained
    /// with (`training.json`: shift ±k, windows of the model's length + 2k) are centre cropped to the
    /// model's length; anything else is returned as it is (a wrong length is then reported by the model).
    pub fn fit_to_model(&self, ds: seq_io::Dataset, model_len: Option<usize>) -> Result<seq_io::Dataset> {
        let k = self.training_record()?.map_or(0, |r| r.fit.augment.max_shift);
        match model_len {
            Some(l) if k > 0 && ds.len == l + 2 * k => {
                tracing::info!("windows of {} bases: centre-cropped by the training margin {k} to {l}", ds.len);
                Ok(ds.trim(k)?)
            }
            _ => Ok(ds),
        }
    }

    fn check_exists(&self) -> Result<()> {
        let (weights, config) = self.model_files();
        for missing in [config, weights] {
            if !missing.exists() {
                return Err(AppError::NotAModelFolder { dir: self.dir.clone(), missing });
            }
        }
        Ok(())
    }
}
