//! Saving and loading models: the weights through burn's `NamedMpkFileRecorder` (full precision) in
//! `<path>.mpk` and the configuration as JSON in `<path>.json` beside it, so [`load_model`] rebuilds the
//! exact model from the path alone.

use std::path::{Path, PathBuf};

use burn::module::Module;
use burn::record::{FullPrecisionSettings, NamedMpkFileRecorder};
use burn::tensor::backend::Backend;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::cnn::{Cnn, CnnConfig};
use crate::error::{ModelError, Result};
use crate::local::{LocalConfig, LocallyConnected};
use crate::mlp::{Mlp, MlpConfig};

/// A model that can be rebuilt from a serialisable configuration (then filled with saved weights).
pub trait PersistentModel<B: Backend>: Module<B> + Sized {
    /// The configuration type written beside the weights.
    type Config: Serialize + DeserializeOwned;

    /// Name of the model kind stored in the configuration file (checked on load).
    const KIND: &'static str;

    /// The configuration this model was built from.
    fn persistent_config(&self) -> Self::Config;

    /// A fresh model of the same architecture (weights are overwritten on load).
    fn from_config(config: &Self::Config, device: &B::Device) -> Result<Self>;
}

impl<B: Backend> PersistentModel<B> for Cnn<B> {
    type Config = CnnConfig;
    const KIND: &'static str = "cnn";

    fn persistent_config(&self) -> CnnConfig {
        self.config().clone()
    }

    fn from_config(config: &CnnConfig, device: &B::Device) -> Result<Self> {
        config.init(device, 0)
    }
}

impl<B: Backend> PersistentModel<B> for Mlp<B> {
    type Config = MlpConfig;
    const KIND: &'static str = "mlp";

    fn persistent_config(&self) -> MlpConfig {
        self.config().clone()
    }

    fn from_config(config: &MlpConfig, device: &B::Device) -> Result<Self> {
        config.init(device, 0)
    }
}

impl<B: Backend> PersistentModel<B> for LocallyConnected<B> {
    type Config = LocalConfig;
    const KIND: &'static str = "locally_connected";

    fn persistent_config(&self) -> LocalConfig {
        self.config().clone()
    }

    fn from_config(config: &LocalConfig, device: &B::Device) -> Result<Self> {
        config.init(device, 0)
    }
}

/// Contents of the JSON file written beside the weights.
#[derive(Debug, Serialize, Deserialize)]
struct StoredConfig<C> {
    kind: String,
    config: C,
}

/// `(weights, config)` file paths for a model saved at `path` (any extension of `path` is replaced).
pub fn model_files(path: &Path) -> (PathBuf, PathBuf) {
    (path.with_extension("mpk"), path.with_extension("json"))
}

/// Writes the configuration to `<path>.json` and the weights to `<path>.mpk`.
pub fn save_model<B: Backend, M: PersistentModel<B>>(model: &M, path: &Path) -> Result<()> {
    let (weights, config_path) = model_files(path);
    let stored = StoredConfig { kind: M::KIND.to_string(), config: model.persistent_config() };
    let json = serde_json::to_string_pretty(&stored)
        .map_err(|source| ModelError::ConfigFile { path: config_path.clone(), source })?;
    write_atomically(&config_path, json.as_bytes())?;
    let recorder = NamedMpkFileRecorder::<FullPrecisionSettings>::new();
    model
        .clone()
        .save_file(weights.clone(), &recorder)
        .map_err(|e| ModelError::Weights { path: weights.clone(), message: e.to_string() })?;
    tracing::info!(path = %weights.display(), kind = M::KIND, "saved model");
    Ok(())
}

/// Rebuilds a model saved by [`save_model`] at `path` on `device`.
pub fn load_model<B: Backend, M: PersistentModel<B>>(path: &Path, device: &B::Device) -> Result<M> {
    let (weights, config_path) = model_files(path);
    let config = read_config::<B, M>(&config_path)?;
    if !weights.exists() {
        let source = std::io::Error::new(std::io::ErrorKind::NotFound, "weights file not found");
        return Err(ModelError::Io { path: weights, source });
    }
    let recorder = NamedMpkFileRecorder::<FullPrecisionSettings>::new();
    M::from_config(&config, device)?
        .load_file(weights.clone(), &recorder, device)
        .map_err(|e| ModelError::Weights { path: weights, message: e.to_string() })
}

/// Reads and checks the configuration file of a saved model.
fn read_config<B: Backend, M: PersistentModel<B>>(config_path: &Path) -> Result<M::Config> {
    let text = std::fs::read_to_string(config_path)
        .map_err(|source| ModelError::Io { path: config_path.to_path_buf(), source })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|source| ModelError::ConfigFile { path: config_path.to_path_buf(), source })?;
    let kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or("<missing>");
    if kind != M::KIND {
        return Err(ModelError::WrongKind {
            path: config_path.to_path_buf(),
            expected: M::KIND.to_string(),
            found: kind.to_string(),
        });
    }
    let stored: StoredConfig<M::Config> = serde_json::from_value(value)
        .map_err(|source| ModelError::ConfigFile { path: config_path.to_path_buf(), source })?;
    Ok(stored.config)
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    let io = |source| ModelError::Io { path: path.to_path_buf(), source };
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
