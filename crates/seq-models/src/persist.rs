//! The one persistence format of a seqdl model: `<base>.json` (format name and version, model kind,
//! configuration, and the size and CRC-32 of the weights) beside `<base>.mpk` (the weights as burn's named
//! MessagePack record at full precision). [`save`] writes both atomically (weights first, then the JSON that
//! refers to them); [`load`] checks the format version, the weights' size and checksum, and every tensor's
//! shape against the architecture before the model is used, so a corrupt, truncated, edited or mismatched
//! folder is an error naming the file — never a panic inside burn. Training checkpoints store the same
//! record bytes ([`record_to_bytes`], [`record_from_bytes`]).

use std::path::{Path, PathBuf};

use burn::module::Module;
use burn::module::{ModuleVisitor, Param};
use burn::record::{FullPrecisionSettings, NamedMpkBytesRecorder, Recorder};
use burn::tensor::backend::Backend;
use burn::tensor::Tensor;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::cnn::{Cnn, CnnConfig};
use crate::error::{ModelError, Result};
use crate::local::{LocalConfig, LocallyConnected};
use crate::mlp::{Mlp, MlpConfig};
use crate::record_shape;

/// A model that can be rebuilt from a serialisable configuration (then filled with saved weights).
pub trait PersistentModel<B: Backend>: Module<B> + Sized {
    /// The configuration type written beside the weights.
    type Config: Serialize + DeserializeOwned + Clone;

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

/// Name of the format in the JSON file.
pub const FORMAT: &str = "seqdl-model";
/// Version of the format written by this seqdl.
pub const FORMAT_VERSION: u32 = 2;

/// Contents of the JSON file written beside the weights.
#[derive(Debug, Serialize, Deserialize)]
struct Stored<C> {
    format: String,
    format_version: u32,
    kind: String,
    config: C,
    weights: WeightsInfo,
}

/// What the JSON file says of the weights file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct WeightsInfo {
    bytes: u64,
    crc32: u32,
    /// CRC-32 of the configuration (compact JSON) the weights were saved with; absent in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    config_crc32: Option<u32>,
}

/// CRC-32 of a configuration's compact JSON (what [`save`] records beside the weights' checksum).
fn config_crc<C: Serialize>(config: &C, path: &Path) -> Result<u32> {
    let json =
        serde_json::to_vec(config).map_err(|source| ModelError::ConfigFile { path: path.to_path_buf(), source })?;
    Ok(crc32fast::hash(&json))
}

/// `(weights, config)` file paths for a model saved at `base` (any extension of `base` is replaced).
pub fn model_files(base: &Path) -> (PathBuf, PathBuf) {
    (base.with_extension("mpk"), base.with_extension("json"))
}

/// The model's record as named MessagePack bytes (full precision).
pub fn record_to_bytes<B: Backend, M: Module<B>>(model: &M) -> Result<Vec<u8>> {
    let recorder = NamedMpkBytesRecorder::<FullPrecisionSettings>::default();
    Recorder::<B>::record(&recorder, model.clone().into_record(), ())
        .map_err(|e| ModelError::Weights { path: PathBuf::from("<memory>"), message: e.to_string() })
}

/// Loads record bytes written by [`record_to_bytes`] into `model` (which fixes the architecture), checking
/// that every parameter keeps the shape the architecture gives it. `path` names the source in errors.
pub fn record_from_bytes<B: Backend, M: Module<B>>(
    model: M,
    bytes: Vec<u8>,
    device: &B::Device,
    path: &Path,
) -> Result<M> {
    let corrupt = |detail: String| {
        tracing::debug!(path = %path.display(), detail, "weights record not readable");
        ModelError::CorruptWeights { path: path.to_path_buf(), reason: "the record cannot be decoded".into() }
    };
    let layout = record_shape::first_difference(&record_to_bytes::<B, M>(&model)?, &bytes).map_err(corrupt)?;
    if let Some(message) = layout {
        return Err(ModelError::ShapeMismatch { path: path.to_path_buf(), message });
    }
    // A damaged record can keep every shape and carry fewer bytes than a shape needs: burn's decoder and
    // forward pass would index past the end (a panic), so it is refused before decoding.
    if let Some(reason) = record_shape::first_unfilled_tensor(&bytes).map_err(corrupt)? {
        return Err(ModelError::CorruptWeights { path: path.to_path_buf(), reason });
    }
    let recorder = NamedMpkBytesRecorder::<FullPrecisionSettings>::default();
    let expected = shapes(&model);
    // burn 0.21's record decoder panics on some corrupt records (a parameter id that is not valid base32,
    // tensor bytes that do not fill their shape) instead of returning an error: such a panic is turned
    // into the same "corrupt weights" error as a decoding error.
    let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Recorder::<B>::load(&recorder, bytes, device).map(|record| model.load_record(record))
    }));
    let unreadable = |why: String| ModelError::CorruptWeights {
        path: path.to_path_buf(),
        reason: format!("the record cannot be read for this model ({why})"),
    };
    let loaded = match decoded {
        Ok(Ok(loaded)) => loaded,
        Ok(Err(e)) => return Err(unreadable(first_line(&e.to_string()).to_string())),
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the decoder failed".into());
            return Err(unreadable(first_line(&why).to_string()));
        }
    };
    let found = shapes(&loaded);
    if expected != found {
        let diff = expected
            .iter()
            .zip(&found)
            .find(|(a, b)| a != b)
            .map(|((n, a), (_, b))| format!("{n}: the configuration gives {a:?}, the weights have {b:?}"))
            .unwrap_or_else(|| format!("{} parameters expected, {} found", expected.len(), found.len()));
        return Err(ModelError::ShapeMismatch { path: path.to_path_buf(), message: diff });
    }
    Ok(loaded)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Every float parameter's dotted path and shape, in visiting order.
fn shapes<B: Backend, M: Module<B>>(model: &M) -> Vec<(String, Vec<usize>)> {
    struct Shapes {
        path: Vec<String>,
        found: Vec<(String, Vec<usize>)>,
    }
    impl<B: Backend> ModuleVisitor<B> for Shapes {
        fn enter_module(&mut self, name: &str, _container_type: &str) {
            self.path.push(name.to_string());
        }
        fn exit_module(&mut self, _name: &str, _container_type: &str) {
            self.path.pop();
        }
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<B, D>>) {
            self.found.push((self.path.join("."), param.val().dims().to_vec()));
        }
    }
    let mut visitor = Shapes { path: Vec::new(), found: Vec::new() };
    model.visit(&mut visitor);
    visitor.found
}

/// Writes the weights to `<base>.mpk` and then the configuration to `<base>.json`, both atomically.
pub fn save<B: Backend, M: PersistentModel<B>>(model: &M, base: &Path) -> Result<()> {
    let (weights, config_path) = model_files(base);
    let bytes = record_to_bytes::<B, M>(model)?;
    let stored = Stored {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        kind: M::KIND.to_string(),
        config: model.persistent_config(),
        weights: WeightsInfo {
            bytes: bytes.len() as u64,
            crc32: crc32fast::hash(&bytes),
            config_crc32: Some(config_crc(&model.persistent_config(), &config_path)?),
        },
    };
    let json = serde_json::to_string_pretty(&stored)
        .map_err(|source| ModelError::ConfigFile { path: config_path.clone(), source })?;
    seq_io::atomic::write_atomic(&weights, &bytes)?;
    seq_io::atomic::write_atomic(&config_path, json.as_bytes())?;
    tracing::info!(path = %weights.display(), kind = M::KIND, "saved model");
    Ok(())
}

/// Rebuilds a model saved by [`save`] at `base` on `device`, after checking the format, the weights'
/// checksum and every tensor's shape.
pub fn load<B: Backend, M: PersistentModel<B>>(base: &Path, device: &B::Device) -> Result<M> {
    load_mapped(base, device, |c| c)
}

/// [`load`] into the architecture `map` makes of the saved configuration (e.g. the same network without
/// dropout layers, which have no weights): the weights must still fit it exactly.
pub fn load_mapped<B: Backend, M: PersistentModel<B>>(
    base: &Path,
    device: &B::Device,
    map: impl FnOnce(M::Config) -> M::Config,
) -> Result<M> {
    let (weights, config_path) = model_files(base);
    let (config, info) = read_stored::<M::Config>(&config_path, M::KIND)?;
    let edited = info.config_crc32.map(|_| config_crc(&config, &config_path)).transpose()? != info.config_crc32;
    let config = map(config);
    let bytes = std::fs::read(&weights).map_err(|source| ModelError::Io { path: weights.clone(), source })?;
    if bytes.len() as u64 != info.bytes || crc32fast::hash(&bytes) != info.crc32 {
        return Err(ModelError::CorruptWeights {
            path: weights,
            reason: format!(
                "{} bytes with CRC-32 {:08x}, but {} says {} bytes with CRC-32 {:08x}",
                bytes.len(),
                crc32fast::hash(&bytes),
                config_path.display(),
                info.bytes,
                info.crc32
            ),
        });
    }
    let model = M::from_config(&config, device).map_err(|e| match e {
        ModelError::InvalidConfig(message) => {
            ModelError::InvalidConfig(format!("{}: {message}", config_path.display()))
        }
        other => other,
    })?;
    let model = record_from_bytes(model, bytes, device, &weights)?;
    if edited {
        // the weights fit, but the configuration is not theirs (e.g. another head over the same layers)
        return Err(ModelError::EditedConfig { path: config_path });
    }
    Ok(model)
}

/// The configuration of a model saved at `base` (checks the format and the kind).
pub fn load_config<C: DeserializeOwned>(base: &Path, kind: &str) -> Result<C> {
    Ok(read_stored::<C>(&model_files(base).1, kind)?.0)
}

/// Reads and checks the JSON file of a saved model.
fn read_stored<C: DeserializeOwned>(config_path: &Path, kind: &str) -> Result<(C, WeightsInfo)> {
    let text = std::fs::read_to_string(config_path)
        .map_err(|source| ModelError::Io { path: config_path.to_path_buf(), source })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|source| ModelError::ConfigFile { path: config_path.to_path_buf(), source })?;
    let version = value.get("format_version").and_then(|v| v.as_u64());
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) || version.is_none() {
        return Err(ModelError::OldLayout { path: config_path.to_path_buf() });
    }
    if version != Some(u64::from(FORMAT_VERSION)) {
        return Err(ModelError::UnsupportedVersion {
            path: config_path.to_path_buf(),
            found: version.unwrap_or(0),
            supported: FORMAT_VERSION,
        });
    }
    let found = value.get("kind").and_then(|k| k.as_str()).unwrap_or("<missing>");
    if found != kind {
        return Err(ModelError::WrongKind {
            path: config_path.to_path_buf(),
            expected: kind.to_string(),
            found: found.to_string(),
        });
    }
    let stored: Stored<C> = serde_json::from_value(value)
        .map_err(|source| ModelError::ConfigFile { path: config_path.to_path_buf(), source })?;
    Ok((stored.config, stored.weights))
}
