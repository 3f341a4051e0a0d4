//! Training figures through seq-plot: learning curves of a [`History`] and a normalised, annotated
//! confusion matrix of a classifier's predictions.

use crate::error::{Result, TrainError};
use crate::fit::History;
use crate::metrics;
use seq_models::Head;
use seq_plot::curves::{draw_multi_panel, Panel, Series};
use std::path::Path;

/// Draws one panel per quantity — the loss first, then every metric — each with its training and
/// validation curves (x = epoch), as a PNG at `path`. Curves with a missing or non-finite epoch are left
/// out.
pub fn draw_learning_curves(history: &History, path: &Path, title: &str) -> Result<()> {
    let panels = curve_panels(history);
    if panels.is_empty() {
        return Err(TrainError::Figure { path: path.into(), message: "the history holds no complete curve".into() });
    }
    draw_multi_panel(path, &panels, "epoch", title).map_err(|e| figure_error(path, e))
}

/// The panels of [`draw_learning_curves`]: `loss`, then each metric name (without its `val_` prefix).
pub fn curve_panels(history: &History) -> Vec<Panel> {
    let mut names = vec!["loss".to_string()];
    for m in history.metric_names() {
        let base = m.strip_prefix("val_").unwrap_or(&m).to_string();
        if !names.contains(&base) {
            names.push(base);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let series: Vec<Series> = [("train", name.clone()), ("validation", format!("val_{name}"))]
                .into_iter()
                .map(|(label, key)| Series::new(format!("{label} {name}"), history.series(&key)))
                .filter(|s| !s.values.is_empty() && s.values.iter().all(|v| v.is_finite()))
                .collect();
            (!series.is_empty()).then(|| Panel { title: name.clone(), y_label: name, series })
        })
        .collect()
}

/// `counts[true][predicted]` of a classifier: a single sigmoid output is thresholded at 0.5 (classes 0
/// and 1), a softmax takes the arg-max; `targets` are the `(N, outputs)` target rows (one-hot for a
/// softmax). Regression heads and multi-task sigmoid heads have no confusion matrix.
pub fn confusion_counts(head: Head, predictions: &[f32], targets: &[f32], outputs: usize) -> Result<Vec<Vec<u64>>> {
    let k = match head {
        Head::Sigmoid if outputs == 1 => 2,
        Head::Softmax => outputs,
        _ => {
            return Err(TrainError::InvalidConfig(format!(
                "a confusion matrix needs one sigmoid output or a softmax, not a {head:?} head with {outputs} outputs"
            )))
        }
    };
    let classes_of = |rows: &[f32]| match head {
        Head::Sigmoid => metrics::threshold_classes(rows, 0.5),
        _ => metrics::argmax_classes(rows, outputs),
    };
    Ok(metrics::confusion_matrix(&classes_of(targets), &classes_of(predictions), k))
}

/// Draws the row-normalised confusion matrix (each cell annotated with its fraction and count) as a PNG.
pub fn draw_confusion(path: &Path, counts: &[Vec<u64>], class_names: &[&str], title: &str) -> Result<()> {
    seq_plot::confusion::draw_confusion_matrix(path, counts, class_names, true, title)
        .map_err(|e| figure_error(path, e))
}

fn figure_error(path: &Path, e: seq_plot::PlotError) -> TrainError {
    TrainError::Figure { path: path.into(), message: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusion_counts_put_true_classes_in_rows() {
        let c = confusion_counts(Head::Sigmoid, &[0.9, 0.2, 0.7, 0.4], &[1.0, 1.0, 0.0, 0.0], 1).unwrap();
        assert_eq!(c, vec![vec![1, 1], vec![1, 1]]);
        let s = confusion_counts(Head::Softmax, &[0.1, 0.9, 0.8, 0.2, 0.3, 0.7], &[0.0, 1.0, 0.0, 1.0, 1.0, 0.0], 2)
            .unwrap();
        assert_eq!(s, vec![vec![0, 1], vec![1, 1]]);
        assert!(confusion_counts(Head::Linear, &[1.0], &[1.0], 1).is_err());
    }
}
