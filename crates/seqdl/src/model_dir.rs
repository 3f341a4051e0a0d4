//! A trained model's folder, as `seqdl train` writes it and the other commands read it:
//!
//! | file | content |
//! |---|---|
//! | `model.json`, `model.mpk` | the model's configuration and weights (seq-models [`save_model`]) |
//! | `best.ckpt`, `last.ckpt` | training checkpoints (seq-train; `seqdl train --resume` continues from `last.ckpt`) |
//! | `history.json`, `history.csv` | per-epoch loss and metrics |
//! | `learning_curves.png` | the learning curves |
//! | `training.json` | how the model was trained ([`TrainingRecord`]) |
//!
//! Only the first two are needed to use the model: [`ModelDir::load`] rebuilds it from the folder alone.

use std::path::{Path, PathBuf};

use burn::module::Module;
use burn::record::{FullPrecisionSettings, NamedMpkFileRecorder};
use burn::tensor::backend::Backend;
use seq_models::cnn::FeatureLayer;
use seq_models::params::model_files;
use seq_models::{load_model, save_model, Cnn, CnnConfig, ModelError};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Base name of the model files inside the folder (`model.json` + `model.mpk`).
pub const MODEL_FILE: &str = "model";
/// File name of the training record.
pub const TRAINING_FILE: &str = "training.json";

/// How a model was trained: written by `seqdl train` beside the weights, for the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingRecord {
    /// The data the model was trained on (file names and split).
    pub data: String,
    /// The preset name or configuration file the architecture came from.
    pub architecture: String,
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

    /// Creates the folder if needed.
    pub fn create(&self) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|source| Error::Write {
            path: self.dir.clone(),
            source,
        })
    }

    /// Saves `model` (configuration and weights) into the folder.
    pub fn save<B: Backend>(&self, model: &Cnn<B>) -> Result<()> {
        self.create()?;
        Ok(save_model::<B, Cnn<B>>(model, &self.file(MODEL_FILE))?)
    }

    /// The model's configuration (`model.json`), with an error naming the folder when it holds no model.
    pub fn config(&self) -> Result<CnnConfig> {
        self.check_exists()?;
        let (_, config_path) = self.model_files();
        let text = std::fs::read_to_string(&config_path).map_err(|source| ModelError::Io {
            path: config_path.clone(),
            source,
        })?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|source| ModelError::ConfigFile {
                path: config_path.clone(),
                source,
            })?;
        let config = value
            .get("config")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        Ok(
            serde_json::from_value(config).map_err(|source| ModelError::ConfigFile {
                path: config_path,
                source,
            })?,
        )
    }

    /// Rebuilds the saved model on `device` (use a plain backend for inference: dropout is then off).
    pub fn load<B: Backend>(&self, device: &B::Device) -> Result<Cnn<B>> {
        self.check_exists()?;
        Ok(load_model::<B, Cnn<B>>(&self.file(MODEL_FILE), device)?)
    }

    /// Rebuilds the saved model without its dropout layers, for gradients on an autodiff backend (burn's
    /// dropout is active on every autodiff backend, which would make saliency and integrated gradients
    /// random). The weights are the same: dropout has no parameters.
    pub fn load_for_gradients<B: Backend>(&self, device: &B::Device) -> Result<Cnn<B>> {
        let config = without_dropout(&self.config()?);
        let (weights, _) = self.model_files();
        let recorder = NamedMpkFileRecorder::<FullPrecisionSettings>::new();
        let model = config.init::<B>(device, 0)?;
        model
            .load_file(weights.clone(), &recorder, device)
            .map_err(|e| {
                Error::Model(ModelError::Weights {
                    path: weights,
                    message: e.to_string(),
                })
            })
    }

    /// Writes the training record.
    pub fn write_training_record(&self, record: &TrainingRecord) -> Result<()> {
        let path = self.file(TRAINING_FILE);
        let json = serde_json::to_string_pretty(record)
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        std::fs::write(&path, json).map_err(|source| Error::Write { path, source })
    }

    fn check_exists(&self) -> Result<()> {
        let (weights, config) = self.model_files();
        if config.exists() && weights.exists() {
            return Ok(());
        }
        Err(Error::Usage(format!(
            "{} is not a model folder: {} and {} are needed (write one with `seqdl train --out {}`)",
            self.dir.display(),
            config.display(),
            weights.display(),
            self.dir.display()
        )))
    }
}

/// The same network with every dropout rate removed (feature dropout layers dropped, dense rates 0).
pub fn without_dropout(config: &CnnConfig) -> CnnConfig {
    let mut out = config.clone();
    out.features
        .retain(|l| !matches!(l, FeatureLayer::Dropout { .. }));
    out.dense.iter_mut().for_each(|d| d.dropout = 0.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use seq_models::SequenceModel;

    type Cpu = crate::backend::Cpu;
    type Ad = crate::backend::Train;

    #[test]
    fn saved_models_reload_with_the_same_logits_and_without_dropout_for_gradients() {
        let dir = tempfile::tempdir().unwrap();
        let device = Default::default();
        let config = seq_models::cnn::presets::seed000_regularized(50);
        let model: Cnn<Cpu> = config.init(&device, 3).unwrap();
        let md = ModelDir::new(dir.path().join("m"));
        md.save(&model).unwrap();
        assert_eq!(md.config().unwrap(), config);
        let x: Vec<f32> = (0..2 * 4 * 50)
            .map(|i| ((i * 7) % 4 == 0) as u8 as f32)
            .collect();
        let logits = |m: &Cnn<Cpu>| {
            seq_models::predict_logits(
                m,
                &seq_io::Dataset::new(x.clone(), vec![], 50, 0, vec!["a".into(), "b".into()])
                    .unwrap(),
                2,
                &device,
            )
            .unwrap()
        };
        assert_eq!(logits(&md.load::<Cpu>(&device).unwrap()), logits(&model));
        let grad_model = md.load_for_gradients::<Ad>(&device).unwrap();
        assert!(grad_model
            .config()
            .features
            .iter()
            .all(|l| !matches!(l, FeatureLayer::Dropout { .. })));
        assert!(grad_model.config().dense.iter().all(|d| d.dropout == 0.0));
        // on the autodiff backend two forward passes agree (no dropout) and equal the inference logits
        let input = seq_models::to_input::<Ad>(&x, 2, 50, &device).unwrap();
        let a: Vec<f32> = grad_model
            .forward_logits(input.clone())
            .into_data()
            .to_vec()
            .unwrap();
        let b: Vec<f32> = grad_model
            .forward_logits(input)
            .into_data()
            .to_vec()
            .unwrap();
        assert_eq!(a, b);
        let reference = logits(&model);
        assert!(
            a.iter().zip(&reference).all(|(p, q)| (p - q).abs() < 1e-5),
            "{a:?} vs {reference:?}"
        );
        let missing = ModelDir::new(dir.path().join("nothing"))
            .load::<Cpu>(&device)
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("nothing") && missing.contains("model.json"),
            "{missing}"
        );
    }
}
