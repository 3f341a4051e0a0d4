//! Loss and metrics of a saved model on a dataset (`metrics.json`), DragoNN's per-task report, and the
//! confusion matrix of a classifier (PNG).

use std::path::PathBuf;

use seq_models::Head;
use seq_train::loss::{check_split, targets_matrix, LossKind};
use seq_train::metrics::{ClassificationReport, MultiTaskClassificationReport, MultiTaskRegressionReport};
use serde_json::json;

use crate::backend::AppBackend;
use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::model_dir::ModelDir;
use crate::output::{create_dir, write_json};

/// Options of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluateOptions {
    /// Sequences per forward pass.
    pub batch_size: usize,
    /// Output folder for metrics.json and confusion.png (default: `<model>/evaluation-<split>`).
    pub out: Option<PathBuf>,
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        EvaluateOptions { batch_size: 256, out: None }
    }
}

/// What [`evaluate`] measured.
#[derive(Debug, Clone)]
pub struct EvaluateOutcome {
    /// The data, described.
    pub data: String,
    /// Sequences evaluated.
    pub sequences: usize,
    /// The loss of the model's head.
    pub loss: f64,
    /// Metrics (accuracy, auROC, auPRC, … or MSE, Pearson, Spearman).
    pub metrics: std::collections::BTreeMap<String, f64>,
    /// DragoNN's per-task report, printed.
    pub report: Option<String>,
    /// Confusion counts (rows: true class).
    pub confusion: Option<Vec<Vec<u64>>>,
    /// The metrics file written.
    pub metrics_path: PathBuf,
}

/// Evaluates the model of `model_dir` on `data` (default split `test`).
pub fn evaluate<B: AppBackend, M: AppModel<B>>(
    model_dir: &ModelDir,
    data: &DataSource,
    opts: &EvaluateOptions,
    device: &B::Device,
) -> Result<EvaluateOutcome> {
    if opts.batch_size == 0 {
        return Err(AppError::option("--batch-size", "must be at least 1"));
    }
    let model: M = model_dir.load::<B, M>(device)?;
    let ds = model_dir.fit_to_model(data.load("test")?, model.input_length())?;
    data.require_labels(&ds, "test")?;
    let (head, outputs) = (model.head(), model.outputs());
    let layout = check_split(LossKind::for_head(head), &ds, outputs, "evaluation")?;
    let out = opts.out.clone().unwrap_or_else(|| model_dir.file(&format!("evaluation-{}", data.split_name("test"))));
    let evaluation = seq_train::evaluate(&model, &ds, opts.batch_size, device)?;
    let targets = targets_matrix(&ds.y, layout, outputs);
    let report = task_report(head, outputs, &evaluation.predictions, &targets);
    let confusion = seq_train::figures::confusion_counts(head, &evaluation.predictions, &targets, outputs).ok();
    create_dir(&out)?;
    if let Some(counts) = &confusion {
        let names: Vec<String> = (0..counts.len())
            .map(|k| if head == Head::Sigmoid { ["negative", "positive"][k].to_string() } else { format!("class {k}") })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let title = format!("{} on {}", folder_name(model_dir.path()), data.short("test"));
        seq_train::figures::draw_confusion(&out.join("confusion.png"), counts, &refs, &title)?;
    }
    let metrics_path = out.join("metrics.json");
    write_json(
        &metrics_path,
        &json!({
            "model": model_dir.path(),
            "data": data.describe("test"),
            "sequences": ds.n(),
            "head": format!("{head:?}"),
            "outputs": outputs,
            "loss": evaluation.loss,
            "metrics": evaluation.metrics,
            "tasks": report.as_ref().map(|r| r.0.clone()),
            "confusion": confusion,
        }),
    )?;
    Ok(EvaluateOutcome {
        data: data.describe("test"),
        sequences: ds.n(),
        loss: evaluation.loss,
        metrics: evaluation.metrics,
        report: report.map(|r| r.1),
        confusion,
        metrics_path,
    })
}

/// DragoNN's per-task classification report, or the regression report (JSON, text); `None` (with a log
/// line) when the labels make it undefined, e.g. a single class.
fn task_report(
    head: Head,
    outputs: usize,
    predictions: &[f32],
    targets: &[f32],
) -> Option<(serde_json::Value, String)> {
    let result = match head {
        Head::Sigmoid => MultiTaskClassificationReport::compute(targets, predictions, outputs)
            .map(|r| (serde_json::to_value(&r.tasks).unwrap_or_default(), r.to_string())),
        Head::Softmax if outputs == 2 => {
            let column = |v: &[f32]| v.chunks(2).map(|r| r[1]).collect::<Vec<f32>>();
            ClassificationReport::compute(&column(targets), &column(predictions))
                .map(|r| (serde_json::to_value(vec![&r]).unwrap_or_default(), r.to_string()))
        }
        Head::Softmax => return None,
        Head::Linear => MultiTaskRegressionReport::compute(targets, predictions, outputs)
            .map(|r| (serde_json::to_value(&r.tasks).unwrap_or_default(), r.to_string())),
    };
    match result {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::warn!("no per-task report: {e}");
            None
        }
    }
}

/// The last component of a folder (for figure titles).
pub fn folder_name(dir: &std::path::Path) -> String {
    dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned())
}
