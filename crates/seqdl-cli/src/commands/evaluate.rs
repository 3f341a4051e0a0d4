//! `seqdl evaluate`: loss and metrics of a trained model on a dataset (JSON + a printed table), DragoNN's
//! per-task report, and the confusion matrix of a classifier (PNG).

use super::common::DataArgs;
use crate::error::Result;
use clap::Args;
use seq_app::pipelines::evaluate::{evaluate, EvaluateOptions};
use seq_app::{Device, ModelDir};
use seq_models::Cnn;
use std::path::PathBuf;

/// Arguments of `seqdl evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Sequences per forward pass.
    #[arg(long, default_value_t = 256)]
    batch_size: usize,
    /// Output folder for metrics.json and confusion.png (default: <model>/evaluation-<split>).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs `seqdl evaluate`.
pub fn run(args: EvaluateArgs, device: Device) -> Result<()> {
    let data = args.data.source();
    let opts = EvaluateOptions { batch_size: args.batch_size, out: args.out.clone() };
    let dir = ModelDir::new(&args.model);
    let o = on_device!(device, |B, dev| evaluate::<B, Cnn<B>>(&dir, &data, &opts, &dev)?);
    println!("{} sequences from {}", o.sequences, o.data);
    println!("{:<12} {:>10}", "metric", "value");
    println!("{:<12} {:>10.4}", "loss", o.loss);
    for (k, v) in &o.metrics {
        println!("{k:<12} {v:>10.4}");
    }
    if let Some(r) = &o.report {
        println!("{r}");
    }
    if let Some(counts) = &o.confusion {
        println!("confusion (rows: true class, columns: predicted)");
        for row in counts {
            println!("  {}", row.iter().map(|c| format!("{c:>7}")).collect::<String>());
        }
    }
    eprintln!("wrote {}{}", o.metrics_path.display(), if o.confusion.is_some() { " and confusion.png" } else { "" });
    Ok(())
}
