//! Export of a [`Cnn`] to a PyTorch-named state dict and import back (see the [module notes](super)).

use std::path::{Path, PathBuf};

use burn::tensor::backend::Backend;
use burn_store::{
    ApplyResult, BurnToPyTorchAdapter, ModuleSnapshot, PyTorchToBurnAdapter, PytorchStore, SafetensorsStore,
};

use crate::cnn::{Cnn, CnnConfig, FeatureLayer};
use crate::error::{ModelError, Result};

/// Metadata key of an exported `.safetensors` file that holds the model's [`CnnConfig`] as JSON.
pub const CONFIG_METADATA_KEY: &str = "seqdl_cnn_config";

/// The state dict a [`CnnConfig`] has in PyTorch: `(name, shape)` in the order of the module notes.
pub fn state_dict_shapes(config: &CnnConfig) -> Result<Vec<(String, Vec<usize>)>> {
    config.validate()?;
    let mut out = Vec::new();
    let mut channels = 4;
    let mut index = 0;
    for layer in &config.features {
        if let FeatureLayer::Conv { filters, width, .. } = *layer {
            out.push((format!("convs.{index}.weight"), vec![filters, channels, width]));
            out.push((format!("convs.{index}.bias"), vec![filters]));
            channels = filters;
            index += 1;
        }
    }
    let mut units = config.flattened_units()?;
    for (j, block) in config.dense.iter().enumerate() {
        out.push((format!("hidden.{j}.weight"), vec![block.units, units]));
        out.push((format!("hidden.{j}.bias"), vec![block.units]));
        units = block.units;
    }
    out.push(("output.weight".to_string(), vec![config.outputs, units]));
    out.push(("output.bias".to_string(), vec![config.outputs]));
    Ok(out)
}

fn config_json(config: &CnnConfig) -> Result<String> {
    serde_json::to_string(config)
        .map_err(|e| ModelError::InvalidConfig(format!("cannot serialise the configuration: {e}")))
}

/// The model's weights as `.safetensors` bytes with PyTorch names and layouts; the configuration is stored
/// as JSON under [`CONFIG_METADATA_KEY`].
pub fn export_safetensors_bytes<B: Backend>(model: &Cnn<B>) -> Result<Vec<u8>> {
    let mut store = SafetensorsStore::from_bytes(None)
        .with_to_adapter(BurnToPyTorchAdapter)
        .metadata(CONFIG_METADATA_KEY, config_json(model.config())?);
    let err = |message: String| ModelError::StateDict { path: PathBuf::from("<memory>"), message };
    model.save_into(&mut store).map_err(|e| err(e.to_string()))?;
    store.get_bytes().map_err(|e| err(e.to_string()))
}

/// Writes the model's weights to `path` as a `.safetensors` PyTorch state dict (atomically, through
/// [`seq_io::atomic::write_atomic`]: a synced temporary file in the same folder, then a rename). PyTorch reads it with `safetensors.torch.load_file(path)`.
pub fn export_safetensors<B: Backend>(model: &Cnn<B>, path: &Path) -> Result<()> {
    let bytes = export_safetensors_bytes(model)?;
    Ok(seq_io::atomic::write_atomic(path, &bytes)?)
}

/// Builds a [`Cnn`] from `config` and loads the state dict at `path` into it: `.safetensors` (as
/// [`export_safetensors`] or PyTorch's `safetensors.torch.save_file` writes it) or a PyTorch pickle
/// `.pt`/`.pth` (`torch.save(model.state_dict(), path)`). Every tensor must be present with the shape of
/// [`state_dict_shapes`], and no other tensor may be present (like `load_state_dict(strict=True)`).
pub fn import_state_dict<B: Backend>(config: &CnnConfig, path: &Path, device: &B::Device) -> Result<Cnn<B>> {
    let mut model = config.init::<B>(device, 0)?;
    let err = |message: String| ModelError::StateDict { path: path.to_path_buf(), message };
    if !path.exists() {
        return Err(ModelError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let result = match extension.as_deref() {
        Some("safetensors") => {
            let mut store = SafetensorsStore::from_file(path).with_from_adapter(PyTorchToBurnAdapter);
            model.load_from(&mut store).map_err(|e| err(e.to_string()))?
        }
        Some("pt") | Some("pth") | Some("bin") => {
            let mut store = PytorchStore::from_file(path);
            model.load_from(&mut store).map_err(|e| err(e.to_string()))?
        }
        _ => {
            return Err(err(
                "unknown state-dict format: the file name must end in .safetensors, .pt, .pth or .bin".to_string()
            ))
        }
    };
    check_complete(&result).map_err(err)?;
    Ok(model)
}

/// As [`import_state_dict`] for `.safetensors` bytes in memory.
pub fn import_safetensors_bytes<B: Backend>(config: &CnnConfig, bytes: Vec<u8>, device: &B::Device) -> Result<Cnn<B>> {
    let mut model = config.init::<B>(device, 0)?;
    let err = |message: String| ModelError::StateDict { path: PathBuf::from("<memory>"), message };
    let mut store = SafetensorsStore::from_bytes(Some(bytes)).with_from_adapter(PyTorchToBurnAdapter);
    let result = model.load_from(&mut store).map_err(|e| err(e.to_string()))?;
    check_complete(&result).map_err(err)?;
    Ok(model)
}

/// Strict loading: nothing missing, nothing unused, no shape or type error.
fn check_complete(result: &ApplyResult) -> std::result::Result<(), String> {
    if !result.errors.is_empty() {
        return Err(format!("{} tensor(s) could not be applied: {:?}", result.errors.len(), result.errors));
    }
    if !result.missing.is_empty() {
        let names: Vec<&str> = result.missing.iter().map(|(name, _)| name.as_str()).collect();
        return Err(format!("missing tensor(s): {}", names.join(", ")));
    }
    if !result.unused.is_empty() {
        return Err(format!("tensor(s) the model does not have (another architecture?): {}", result.unused.join(", ")));
    }
    Ok(())
}
