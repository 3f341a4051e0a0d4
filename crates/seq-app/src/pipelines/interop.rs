//! PyTorch interop for model folders (through seq-models' burn-store adapters): [`export`] writes a
//! folder's CNN as a PyTorch state dict (`.safetensors`: PyTorch names and layouts — conv `[out, in, k]`,
//! linear `[out, in]` — with the configuration as JSON in the metadata), which `scripts/seqdl_torch.py`
//! loads with `load_state_dict(strict=True)`; [`import`] builds a model folder from a state dict
//! (`.safetensors`, or a PyTorch pickle `.pt`/`.pth`) and an architecture (a preset or a configuration
//! file), refusing missing, extra or mis-shaped tensors.

use std::path::{Path, PathBuf};

use burn::tensor::backend::Backend;
use seq_models::Cnn;

use crate::error::{AppError, Result};
use crate::model_dir::ModelDir;
use crate::pipelines::train::architecture;

/// Writes the CNN of `model_dir` to `out` (a `.safetensors` file, written atomically).
pub fn export<B: Backend>(model_dir: &ModelDir, out: &Path, device: &B::Device) -> Result<()> {
    if out.extension().and_then(|e| e.to_str()) != Some("safetensors") {
        return Err(AppError::option("--out", format!("{}: the file name must end in .safetensors", out.display())));
    }
    let model: Cnn<B> = model_dir.load::<B, Cnn<B>>(device)?;
    seq_models::interop::export_safetensors(&model, out)?;
    Ok(())
}

/// Options of [`import`].
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// The state dict: `.safetensors`, `.pt` or `.pth`.
    pub weights: PathBuf,
    /// A preset name or a CnnConfig file (.toml or .json), as for `seqdl train --model`.
    pub architecture: String,
    /// Input length of the model (presets only; a configuration file carries its own).
    pub length: usize,
    /// Outputs of a sigmoid preset (default: the preset's).
    pub outputs: Option<usize>,
    /// The model folder to write.
    pub out: PathBuf,
    /// Replace a folder that already holds a model.
    pub force: bool,
}

/// Builds the model folder `opts.out` from a state dict and an architecture; returns the folder.
pub fn import<B: Backend>(opts: &ImportOptions, device: &B::Device) -> Result<ModelDir> {
    if opts.length == 0 {
        return Err(AppError::option("--length", "must be at least 1"));
    }
    if !opts.weights.is_file() {
        return Err(AppError::option("--weights", format!("{}: no such file", opts.weights.display())));
    }
    let dir = ModelDir::new(&opts.out);
    if dir.holds_a_run() && !opts.force {
        return Err(AppError::option(
            "--out",
            format!("{} already holds a model: give --force to replace it", opts.out.display()),
        ));
    }
    let config = architecture(&opts.architecture, opts.length, opts.outputs.unwrap_or(0))?;
    let model = seq_models::interop::import_state_dict::<B>(&config, &opts.weights, device)?;
    dir.save::<B, Cnn<B>>(&model)?;
    Ok(dir)
}
