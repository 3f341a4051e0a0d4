//! `seqdl export` and `seqdl import`: a model folder to and from a PyTorch state dict (seq-app's interop
//! pipeline; `scripts/seqdl_torch.py` rebuilds the network in PyTorch).

use crate::error::Result;
use clap::Args;
use seq_app::pipelines::interop::{export, import, ImportOptions};
use seq_app::{Device, ModelDir};
use std::path::PathBuf;

/// Arguments of `seqdl export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The model folder (written by `seqdl train` or `seqdl import`).
    #[arg(long)]
    model: PathBuf,
    /// The state dict to write (`.safetensors`; PyTorch names and layouts, the configuration in its metadata).
    #[arg(long)]
    out: PathBuf,
}

/// Arguments of `seqdl import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The state dict: `.safetensors`, or a PyTorch pickle `.pt`/`.pth` (`torch.save(model.state_dict(), …)`).
    #[arg(long)]
    weights: PathBuf,
    /// Architecture: a preset name or a CnnConfig file (.toml or .json), as for `seqdl train --model`.
    #[arg(long)]
    config: String,
    /// Input length (presets; a configuration file carries its own).
    #[arg(long)]
    length: usize,
    /// Outputs of a sigmoid preset (default: the preset's).
    #[arg(long)]
    outputs: Option<usize>,
    /// Replace a model folder that already holds a model.
    #[arg(long)]
    force: bool,
    /// The model folder to write.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl export`.
pub fn run_export(args: ExportArgs, device: Device) -> Result<()> {
    let dir = ModelDir::new(&args.model);
    on_device!(device, |B, dev| export::<B>(&dir, &args.out, &dev)?);
    println!("{}: state dict of {}", args.out.display(), args.model.display());
    Ok(())
}

/// Runs `seqdl import`.
pub fn run_import(args: ImportArgs, device: Device) -> Result<()> {
    let opts = ImportOptions {
        weights: args.weights,
        architecture: args.config,
        length: args.length,
        outputs: args.outputs,
        out: args.out,
        force: args.force,
    };
    let dir = on_device!(device, |B, dev| import::<B>(&opts, &dev)?);
    println!("model folder: {} (from {})", dir.path().display(), opts.weights.display());
    Ok(())
}
