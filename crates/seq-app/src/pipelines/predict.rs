//! Predictions of a saved model as TSV (record name, then one column per output).

use std::path::PathBuf;

use crate::backend::AppBackend;
use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::model_dir::ModelDir;
use crate::output::output_names;

/// Options of [`predict`].
#[derive(Debug, Clone, PartialEq)]
pub struct PredictOptions {
    /// Logits (pre-activation outputs) instead of probabilities.
    pub logits: bool,
    /// Sequences per forward pass.
    pub batch_size: usize,
}

impl Default for PredictOptions {
    fn default() -> Self {
        PredictOptions { logits: false, batch_size: 256 }
    }
}

/// Predictions of every sequence, with the TSV text.
#[derive(Debug, Clone)]
pub struct Predictions {
    /// Record names.
    pub names: Vec<String>,
    /// Column names (`task_<t>` or `class_<k>`).
    pub columns: Vec<String>,
    /// Values `(N, outputs)`.
    pub values: Vec<f32>,
}

impl Predictions {
    /// The TSV text: header `name` + columns, one row per sequence.
    pub fn to_tsv(&self) -> String {
        let mut text = String::from("name");
        for c in &self.columns {
            text.push('\t');
            text.push_str(c);
        }
        text.push('\n');
        for (name, row) in self.names.iter().zip(self.values.chunks(self.columns.len().max(1))) {
            text.push_str(name);
            for v in row {
                text.push_str(&format!("\t{v}"));
            }
            text.push('\n');
        }
        text
    }
}

/// Predicts every sequence of `data` (default split `test`) with the model of `model_dir`.
pub fn predict<B: AppBackend, M: AppModel<B>>(
    model_dir: &ModelDir,
    data: &DataSource,
    opts: &PredictOptions,
    device: &B::Device,
) -> Result<Predictions> {
    if opts.batch_size == 0 {
        return Err(AppError::option("--batch-size", "must be at least 1"));
    }
    let model: M = model_dir.load::<B, M>(device)?;
    let ds = model_dir.fit_to_model(data.load("test")?, model.input_length())?;
    let values = if opts.logits {
        seq_train::fit::predict_logits(&model, &ds, opts.batch_size, device)?
    } else {
        seq_train::predict(&model, &ds, opts.batch_size, device)?
    };
    Ok(Predictions { names: ds.names.clone(), columns: output_names(model.head(), model.outputs()), values })
}

/// Where predictions go: a file (written atomically) or standard output.
pub fn output_target(out: &std::path::Path) -> Option<PathBuf> {
    (out.as_os_str() != "-").then(|| out.to_path_buf())
}
