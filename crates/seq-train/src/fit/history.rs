//! Per-epoch training history (Keras' `History.history`), written as JSON and CSV.

use crate::error::{Result, TrainError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One epoch of training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches (weighted by batch size; includes class weights and the
    /// model's regularisation term, as Keras reports it).
    pub train_loss: f64,
    /// Validation loss after the epoch (unweighted, plus regularisation), when there is a validation set.
    pub valid_loss: Option<f64>,
    /// Metrics of the epoch, e.g. `accuracy`, `auroc`, `val_accuracy`, `val_auroc`. Training metrics are
    /// Keras-style: computed on each batch's predictions while the weights change during the epoch;
    /// validation metrics (prefixed `val_`) on the validation set after the epoch, without dropout.
    pub metrics: BTreeMap<String, f64>,
    /// Learning rate of the epoch's last step.
    pub lr: f64,
    /// Wall-clock seconds the epoch took (excluded from equality checks of reproducibility tests).
    pub seconds: f64,
}

impl EpochRecord {
    /// The value of `key`: `loss`, `val_loss` or a metric name.
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            "loss" => Some(self.train_loss),
            "val_loss" => self.valid_loss,
            _ => self.metrics.get(key).copied(),
        }
    }
}

/// The epochs of a run, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct History {
    /// One record per completed epoch.
    pub epochs: Vec<EpochRecord>,
    /// The epoch whose weights the returned model holds when early stopping restored the best ones.
    pub restored_epoch: Option<usize>,
    /// The epoch after which early stopping ended the run.
    pub stopped_epoch: Option<usize>,
}

impl History {
    /// Number of completed epochs.
    pub fn len(&self) -> usize {
        self.epochs.len()
    }

    /// True before the first epoch.
    pub fn is_empty(&self) -> bool {
        self.epochs.is_empty()
    }

    /// The last record.
    pub fn last(&self) -> Option<&EpochRecord> {
        self.epochs.last()
    }

    /// The series of `key` (`loss`, `val_loss` or a metric), NaN where an epoch lacks it.
    pub fn series(&self, key: &str) -> Vec<f64> {
        self.epochs.iter().map(|e| e.get(key).unwrap_or(f64::NAN)).collect()
    }

    /// The history with the wall-clock times zeroed (for reproducibility comparisons).
    pub fn without_timings(&self) -> History {
        let mut h = self.clone();
        h.epochs.iter_mut().for_each(|e| e.seconds = 0.0);
        h
    }

    /// Every metric name that occurs in any epoch, sorted.
    pub fn metric_names(&self) -> Vec<String> {
        let names: BTreeSet<&String> = self.epochs.iter().flat_map(|e| e.metrics.keys()).collect();
        names.into_iter().cloned().collect()
    }

    /// The history as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The history as CSV: `epoch,loss,val_loss,<metrics…>,lr,seconds`, empty cells for missing values.
    pub fn to_csv(&self) -> String {
        let metrics = self.metric_names();
        let mut out = String::from("epoch,loss,val_loss");
        for m in &metrics {
            out.push(',');
            out.push_str(m);
        }
        out.push_str(",lr,seconds\n");
        for e in &self.epochs {
            out.push_str(&format!("{},{},{}", e.epoch, e.train_loss, cell(e.valid_loss)));
            for m in &metrics {
                out.push(',');
                out.push_str(&cell(e.metrics.get(m).copied()));
            }
            out.push_str(&format!(",{},{}\n", e.lr, e.seconds));
        }
        out
    }

    /// Writes `history.json` and `history.csv` into `dir` (atomically, each through a temporary file).
    pub fn write(&self, dir: &Path) -> Result<()> {
        super::checkpoint::write_atomic(&dir.join("history.json"), self.to_json().as_bytes())?;
        super::checkpoint::write_atomic(&dir.join("history.csv"), self.to_csv().as_bytes())
    }

    /// Reads a history written by [`History::write`] (`history.json`).
    pub fn read_json(path: &Path) -> Result<History> {
        let text = std::fs::read_to_string(path).map_err(|e| TrainError::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| TrainError::checkpoint(path, format!("not a seqdl history: {e}")))
    }
}

fn cell(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_one_column_per_metric_and_json_round_trips() {
        let mut h = History::default();
        let mut m = BTreeMap::new();
        m.insert("val_auroc".to_string(), 0.75);
        h.epochs.push(EpochRecord {
            epoch: 1,
            train_loss: 0.5,
            valid_loss: Some(0.25),
            metrics: m,
            lr: 1e-3,
            seconds: 1.0,
        });
        h.epochs.push(EpochRecord {
            epoch: 2,
            train_loss: 0.4,
            valid_loss: None,
            metrics: BTreeMap::new(),
            lr: 1e-3,
            seconds: 1.0,
        });
        let csv = h.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "epoch,loss,val_loss,val_auroc,lr,seconds");
        assert_eq!(lines[1], "1,0.5,0.25,0.75,0.001,1");
        assert_eq!(lines[2], "2,0.4,,,0.001,1");
        let back: History = serde_json::from_str(&h.to_json()).unwrap();
        assert_eq!(back, h);
        assert_eq!(h.series("val_loss")[0], 0.25);
        assert!(h.series("val_loss")[1].is_nan());
    }
}
