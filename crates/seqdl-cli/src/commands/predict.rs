//! `seqdl predict`: a trained model's predictions as TSV (record name, then one column per output).

use super::common::DataArgs;
use crate::error::{CliError, Result};
use clap::Args;
use seq_app::pipelines::bedgraph::{windows_bed_for, write_predictions_bedgraph};
use seq_app::pipelines::predict::{output_target, predict, PredictOptions};
use seq_app::{Device, ModelDir};
use seq_models::Cnn;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `seqdl predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Write the logits (pre-activation outputs) instead of probabilities.
    #[arg(long)]
    logits: bool,
    /// Sequences per forward pass.
    #[arg(long, default_value_t = 256)]
    batch_size: usize,
    /// Also write output 0 of every window as a bedGraph track (needs --h5 of a `seqdl dataset` folder:
    /// the window coordinates come from its windows.bed).
    #[arg(long, requires = "h5")]
    bedgraph: Option<PathBuf>,
    /// Output TSV (`-` for standard output).
    #[arg(long, default_value = "-")]
    out: PathBuf,
}

/// Runs `seqdl predict`.
pub fn run(args: PredictArgs, device: Device) -> Result<()> {
    let data = args.data.source();
    let opts = PredictOptions { logits: args.logits, batch_size: args.batch_size };
    let dir = ModelDir::new(&args.model);
    let bed = match &args.bedgraph {
        Some(_) => Some(windows_bed_for(args.data.h5.as_deref(), "--bedgraph")?),
        None => None,
    };
    let p = on_device!(device, |B, dev| predict::<B, Cnn<B>>(&dir, &data, &opts, &dev)?);
    let text = p.to_tsv();
    match output_target(&args.out) {
        Some(path) => {
            seq_app::output::write_text(&path, &text)?;
            eprintln!("{}: {} sequences × {} output(s)", path.display(), p.names.len(), p.columns.len());
        }
        None => std::io::stdout().write_all(text.as_bytes()).map_err(CliError::Stdout)?,
    }
    if let (Some(out), Some(bed)) = (&args.bedgraph, &bed) {
        let split = args.data.split.as_deref().unwrap_or("test");
        let entries = write_predictions_bedgraph(bed, split, &p, 0, out)?;
        eprintln!("{}: {} windows of split {split} (output 0)", out.display(), entries.len());
    }
    Ok(())
}
