//! `seqdl predict`: a trained model's predictions as TSV (record name, then one column per output).

use super::common::{output_names, write_text, Cpu, DataArgs};
use clap::Args;
use seq_models::SequenceModel;
use seqdl::model_dir::ModelDir;
use seqdl::{Error, Result};
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
    /// Output TSV (`-` for standard output).
    #[arg(long, default_value = "-")]
    out: PathBuf,
}

/// Runs `seqdl predict`.
pub fn run(args: PredictArgs) -> Result<()> {
    let device = Default::default();
    let model = ModelDir::new(&args.model).load::<Cpu>(&device)?;
    let ds = args.data.load("test")?;
    let values = if args.logits {
        seq_train::fit::predict_logits(&model, &ds, args.batch_size, &device)?
    } else {
        seq_train::predict(&model, &ds, args.batch_size, &device)?
    };
    let outputs = model.outputs();
    let mut text = String::from("name");
    for name in output_names(model.head(), outputs) {
        text.push('\t');
        text.push_str(&name);
    }
    text.push('\n');
    for (name, row) in ds.names.iter().zip(values.chunks(outputs.max(1))) {
        text.push_str(name);
        for v in row {
            text.push_str(&format!("\t{v}"));
        }
        text.push('\n');
    }
    if args.out.as_os_str() == "-" {
        std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|source| Error::Write {
                path: PathBuf::from("<stdout>"),
                source,
            })?;
    } else {
        write_text(&args.out, &text)?;
        eprintln!(
            "{}: {} sequences × {outputs} output(s)",
            args.out.display(),
            ds.n()
        );
    }
    Ok(())
}
