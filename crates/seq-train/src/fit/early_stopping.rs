//! The early-stopping state machine, with Keras' and DragoNN's rules (see [`StoppingRule`]).
//!
//! Keras (`tf.keras.callbacks.EarlyStopping`): `wait += 1` every epoch; an improvement (`current − min_delta
//! > best` in max mode, `current + min_delta < best` in min mode) records the best and resets `wait` to 0;
//! training stops when `wait ≥ patience`. On a plateau after the first epoch it therefore stops after
//! `patience + 1` epochs in all.
//!
//! DragoNN (`SequenceDNN.train`): an improvement is `current ≤ best` for a loss (ties count) and
//! `current > best` otherwise; on no improvement it stops if `counter ≥ patience`, else `counter += 1`, i.e.
//! after `patience + 1` consecutive non-improving epochs.

use super::config::{EarlyStopping, Mode, StoppingRule};
use serde::{Deserialize, Serialize};

/// What the stopper decided after one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopDecision {
    /// This epoch is the new best.
    pub improved: bool,
    /// Training should stop after this epoch.
    pub stop: bool,
}

/// Early-stopping state; serialisable so that a resumed run continues identically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlyStopper {
    config: EarlyStopping,
    best: Option<f64>,
    best_epoch: Option<usize>,
    wait: usize,
    stopped_epoch: Option<usize>,
}

impl EarlyStopper {
    /// A fresh stopper.
    pub fn new(config: EarlyStopping) -> Self {
        EarlyStopper { config, best: None, best_epoch: None, wait: 0, stopped_epoch: None }
    }

    /// The settings.
    pub fn config(&self) -> &EarlyStopping {
        &self.config
    }

    /// The best monitored value so far.
    pub fn best(&self) -> Option<f64> {
        self.best
    }

    /// The (1-based) epoch of the best value.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best_epoch
    }

    /// The epoch after which training stopped, if it did.
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }

    /// Feeds the monitored `value` of (1-based) `epoch`.
    pub fn update(&mut self, epoch: usize, value: f64) -> StopDecision {
        let improved = self.is_improvement(value);
        if improved {
            self.best = Some(value);
            self.best_epoch = Some(epoch);
        }
        let stop = match self.config.rule {
            StoppingRule::Keras => {
                self.wait += 1;
                if improved {
                    self.wait = 0;
                }
                self.wait >= self.config.patience && epoch > 1
            }
            StoppingRule::DragoNN => {
                if improved {
                    self.wait = 0;
                    false
                } else if self.wait >= self.config.patience {
                    true
                } else {
                    self.wait += 1;
                    false
                }
            }
        };
        if stop {
            self.stopped_epoch = Some(epoch);
        }
        StopDecision { improved, stop }
    }

    fn is_improvement(&self, value: f64) -> bool {
        if value.is_nan() {
            return false;
        }
        let Some(best) = self.best else { return true };
        let delta = self.config.min_delta;
        match (self.config.rule, self.config.mode) {
            (StoppingRule::Keras, Mode::Min) => value + delta < best,
            (StoppingRule::Keras, Mode::Max) => value - delta > best,
            (StoppingRule::DragoNN, Mode::Min) => value <= best,
            (StoppingRule::DragoNN, Mode::Max) => value > best,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::config::Monitor;

    fn run(mut s: EarlyStopper, values: &[f64]) -> Option<usize> {
        for (i, &v) in values.iter().enumerate() {
            if s.update(i + 1, v).stop {
                return Some(i + 1);
            }
        }
        None
    }

    #[test]
    fn keras_stops_after_patience_non_improving_epochs() {
        let s = EarlyStopper::new(EarlyStopping::new(Monitor::ValLoss, 3));
        // best at epoch 2, then three epochs without improvement → stop at epoch 5
        assert_eq!(run(s.clone(), &[1.0, 0.5, 0.6, 0.5, 0.7, 0.1]), Some(5));
        // a plateau from the first epoch: 1 + patience epochs
        assert_eq!(run(s.clone(), &[1.0; 10]), Some(4));
        // min_delta: improvements smaller than it do not count
        let d = EarlyStopper::new(EarlyStopping::new(Monitor::ValLoss, 2).min_delta(0.1));
        assert_eq!(run(d, &[1.0, 0.95, 0.92, 0.5]), Some(3));
        // max mode
        let m = EarlyStopper::new(EarlyStopping::new(Monitor::ValAuroc, 1));
        assert_eq!(run(m, &[0.6, 0.7, 0.7]), Some(3));
    }

    #[test]
    fn dragonn_counts_loss_ties_as_improvement_and_waits_patience_plus_one() {
        let s = EarlyStopper::new(EarlyStopping::dragonn(Monitor::ValLoss, 2));
        assert_eq!(run(s.clone(), &[1.0; 20]), None, "ties on the loss are improvements");
        // best at 1, then 3 = patience + 1 worse epochs → stop at epoch 4
        assert_eq!(run(s, &[1.0, 1.1, 1.2, 1.3, 0.1]), Some(4));
        let a = EarlyStopper::new(EarlyStopping::dragonn(Monitor::ValAuroc, 2));
        assert_eq!(run(a, &[0.5, 0.5, 0.5, 0.5, 0.9]), Some(4), "ties on other metrics are not");
    }
}
