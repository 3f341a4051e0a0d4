//! `seqdl evaluate`: loss and metrics of a trained model on a dataset (JSON + a printed table), DragoNN's
//! per-task report, and the confusion matrix of a classifier (PNG).

use super::common::{create_dir, write_json, Cpu, DataArgs};
use clap::Args;
use seq_models::{Head, SequenceModel};
use seq_train::loss::{check_split, targets_matrix, LossKind};
use seq_train::metrics::{
    ClassificationReport, MultiTaskClassificationReport, MultiTaskRegressionReport,
};
use seqdl::model_dir::ModelDir;
use seqdl::Result;
use serde_json::json;
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
pub fn run(args: EvaluateArgs) -> Result<()> {
    let dir = ModelDir::new(&args.model);
    let device = Default::default();
    let model = dir.load::<Cpu>(&device)?;
    let ds = args.data.load("test")?;
    args.data.require_labels(&ds, "test")?;
    let split = if args.data.is_h5() {
        args.data.split.clone().unwrap_or_else(|| "test".into())
    } else {
        "fasta".into()
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.model.join(format!("evaluation-{split}")));
    create_dir(&out)?;
    let evaluation = seq_train::evaluate(&model, &ds, args.batch_size, &device)?;
    let (head, outputs) = (model.head(), model.outputs());
    let layout = check_split(LossKind::for_head(head), &ds, outputs, "evaluation")?;
    let targets = targets_matrix(&ds.y, layout, outputs);
    let report = task_report(head, outputs, &evaluation.predictions, &targets);
    let confusion =
        seq_train::figures::confusion_counts(head, &evaluation.predictions, &targets, outputs).ok();
    if let Some(counts) = &confusion {
        let names: Vec<String> = (0..counts.len())
            .map(|k| {
                if head == Head::Sigmoid {
                    ["negative", "positive"][k].to_string()
                } else {
                    format!("class {k}")
                }
            })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        seq_train::figures::draw_confusion(
            &out.join("confusion.png"),
            counts,
            &refs,
            &format!("{} on {}", model_name(&args.model), args.data.short("test")),
        )?;
    }
    let metrics_path = out.join("metrics.json");
    write_json(
        &metrics_path,
        &json!({
            "model": args.model,
            "data": args.data.describe("test"),
            "sequences": ds.n(),
            "head": format!("{head:?}"),
            "outputs": outputs,
            "loss": evaluation.loss,
            "metrics": evaluation.metrics,
            "tasks": report.as_ref().map(|r| r.json.clone()),
            "confusion": confusion,
        }),
    )?;
    println!("{} sequences from {}", ds.n(), args.data.describe("test"));
    println!("{:<12} {:>10}", "metric", "value");
    println!("{:<12} {:>10.4}", "loss", evaluation.loss);
    for (k, v) in &evaluation.metrics {
        println!("{k:<12} {v:>10.4}");
    }
    if let Some(r) = &report {
        println!("{}", r.text);
    }
    if let Some(counts) = &confusion {
        println!("confusion (rows: true class, columns: predicted)");
        for row in counts {
            println!(
                "  {}",
                row.iter().map(|c| format!("{c:>7}")).collect::<String>()
            );
        }
    }
    eprintln!(
        "wrote {}{}",
        metrics_path.display(),
        if confusion.is_some() {
            " and confusion.png"
        } else {
            ""
        }
    );
    Ok(())
}

/// A per-task report: its JSON and its printed text.
struct Report {
    json: serde_json::Value,
    text: String,
}

/// DragoNN's per-task classification report, or the regression report; `None` (with a log line) when the
/// labels make it undefined, e.g. a single class.
fn task_report(head: Head, outputs: usize, predictions: &[f32], targets: &[f32]) -> Option<Report> {
    let result = match head {
        Head::Sigmoid => {
            MultiTaskClassificationReport::compute(targets, predictions, outputs).map(|r| Report {
                json: serde_json::to_value(&r.tasks).unwrap_or_default(),
                text: r.to_string(),
            })
        }
        Head::Softmax if outputs == 2 => {
            let column = |v: &[f32]| v.chunks(2).map(|r| r[1]).collect::<Vec<f32>>();
            ClassificationReport::compute(&column(targets), &column(predictions)).map(|r| Report {
                json: serde_json::to_value(vec![&r]).unwrap_or_default(),
                text: r.to_string(),
            })
        }
        Head::Softmax => return None,
        Head::Linear => {
            MultiTaskRegressionReport::compute(targets, predictions, outputs).map(|r| Report {
                json: serde_json::to_value(&r.tasks).unwrap_or_default(),
                text: r.to_string(),
            })
        }
    };
    match result {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::warn!("no per-task report: {e}");
            None
        }
    }
}

/// The last component of the model folder (for figure titles).
fn model_name(dir: &std::path::Path) -> String {
    dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
