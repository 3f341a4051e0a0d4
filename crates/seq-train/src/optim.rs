//! Optimizers with Keras defaults and learning-rate schedules, built on burn's Adam and SGD.
//!
//! [`OptimizerConfig`] is a plain serialisable description; the training loop turns it into a burn
//! optimizer and asks it for the learning rate of every step ([`OptimizerConfig::lr_at`]).
//!
//! ## Differences from Keras 2 (documented, deliberate)
//! - **Adam's epsilon.** Keras 2 (legacy optimizer) updates `p -= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)`.
//!   burn 0.21 computes the same bias-corrected step but with `ε·√(1−β₂ᵗ)` in place of `ε` (i.e. the
//!   paper's `m̂ / (√v̂ + ε)`). Both add ε outside the square root; they differ by the factor `√(1−β₂ᵗ)` on
//!   ε, which matters only in the first few hundred steps and only when `√v` is comparable to ε = 1e-7.
//! - **SGD momentum with decay.** Keras keeps the velocity in parameter units (`v = μv − lrₜ·g`); burn keeps
//!   it in gradient units and multiplies by the current rate (`v = μv + g; p −= lrₜ·v`). The two are
//!   identical for a constant rate; with Keras-style decay they differ by the rate change between steps
//!   (relative 1e-6 per step for the seed-002 decay of 1e-6). Dampening is 0, as in Keras.

use crate::error::{Result, TrainError};
use burn::module::AutodiffModule;
use burn::optim::adaptor::OptimizerAdaptor;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{Adam, AdamConfig, GradientsParams, Optimizer, Sgd, SgdConfig};
use burn::record::{FullPrecisionSettings, NamedMpkBytesRecorder, Recorder};
use burn::tensor::backend::AutodiffBackend;
use serde::{Deserialize, Serialize};

/// How the learning rate changes with the number of optimizer steps taken so far (`iterations`, from 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LrSchedule {
    /// The base rate at every step.
    #[default]
    Constant,
    /// Keras 2 legacy `decay`: `lr / (1 + decay · iterations)`, applied per step (per batch).
    InverseTime {
        /// The decay constant (Keras `decay=`; seed 002 uses 1e-6).
        decay: f64,
    },
    /// Seed 003's schedule `lr / √(iterations + 1)` (its `epsilon / sqrt(i + 1)`).
    InverseSqrt,
}

impl LrSchedule {
    /// The factor multiplying the base rate at step `iterations` (0-based).
    pub fn factor(&self, iterations: u64) -> f64 {
        match *self {
            LrSchedule::Constant => 1.0,
            LrSchedule::InverseTime { decay } => 1.0 / (1.0 + decay * iterations as f64),
            LrSchedule::InverseSqrt => 1.0 / ((iterations + 1) as f64).sqrt(),
        }
    }
}

/// A serialisable optimizer description (Keras names and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OptimizerConfig {
    /// Adam (Kingma & Ba). Keras defaults: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7.
    Adam {
        /// Base learning rate.
        lr: f64,
        /// Decay of the first moment.
        beta_1: f32,
        /// Decay of the second moment.
        beta_2: f32,
        /// Numerical-stability constant (see the module notes on its placement).
        epsilon: f32,
        /// Learning-rate schedule.
        #[serde(default)]
        schedule: LrSchedule,
    },
    /// Stochastic gradient descent, optionally with (Nesterov) momentum.
    Sgd {
        /// Base learning rate.
        lr: f64,
        /// Momentum μ (0 = plain SGD).
        momentum: f64,
        /// Nesterov momentum.
        nesterov: bool,
        /// Learning-rate schedule.
        #[serde(default)]
        schedule: LrSchedule,
    },
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        Self::adam()
    }
}

impl OptimizerConfig {
    /// Adam with the Keras defaults (lr 1e-3, β 0.9/0.999, ε 1e-7, constant rate).
    pub fn adam() -> Self {
        OptimizerConfig::Adam { lr: 1e-3, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, schedule: LrSchedule::Constant }
    }

    /// Plain SGD with learning rate `lr` (Keras `SGD(lr)`).
    pub fn sgd(lr: f64) -> Self {
        OptimizerConfig::Sgd { lr, momentum: 0.0, nesterov: false, schedule: LrSchedule::Constant }
    }

    /// SGD with momentum, e.g. seed 002's `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` is
    /// `sgd_momentum(0.01, 0.9, true).with_decay(1e-6)`.
    pub fn sgd_momentum(lr: f64, momentum: f64, nesterov: bool) -> Self {
        OptimizerConfig::Sgd { lr, momentum, nesterov, schedule: LrSchedule::Constant }
    }

    /// The same optimizer with base learning rate `lr`.
    pub fn with_lr(mut self, new_lr: f64) -> Self {
        match &mut self {
            OptimizerConfig::Adam { lr, .. } | OptimizerConfig::Sgd { lr, .. } => *lr = new_lr,
        }
        self
    }

    /// The same optimizer with schedule `s`.
    pub fn with_schedule(mut self, s: LrSchedule) -> Self {
        match &mut self {
            OptimizerConfig::Adam { schedule, .. } | OptimizerConfig::Sgd { schedule, .. } => *schedule = s,
        }
        self
    }

    /// Keras-style `decay`: shorthand for `with_schedule(LrSchedule::InverseTime { decay })`.
    pub fn with_decay(self, decay: f64) -> Self {
        self.with_schedule(LrSchedule::InverseTime { decay })
    }

    /// The base learning rate.
    pub fn base_lr(&self) -> f64 {
        match self {
            OptimizerConfig::Adam { lr, .. } | OptimizerConfig::Sgd { lr, .. } => *lr,
        }
    }

    /// The schedule.
    pub fn schedule(&self) -> LrSchedule {
        match self {
            OptimizerConfig::Adam { schedule, .. } | OptimizerConfig::Sgd { schedule, .. } => *schedule,
        }
    }

    /// The learning rate of step `iterations` (0-based count of steps already taken).
    pub fn lr_at(&self, iterations: u64) -> f64 {
        self.base_lr() * self.schedule().factor(iterations)
    }

    /// Refuses negative or non-finite rates, betas outside [0, 1), a non-positive epsilon, a momentum
    /// outside [0, 1) and a negative decay.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(TrainError::InvalidConfig(m));
        let lr = self.base_lr();
        if !lr.is_finite() || lr < 0.0 {
            return bad(format!("learning rate {lr} must be finite and ≥ 0"));
        }
        if let LrSchedule::InverseTime { decay } = self.schedule() {
            if !decay.is_finite() || decay < 0.0 {
                return bad(format!("decay {decay} must be finite and ≥ 0"));
            }
        }
        match *self {
            OptimizerConfig::Adam { beta_1, beta_2, epsilon, .. } => {
                for (name, b) in [("beta_1", beta_1), ("beta_2", beta_2)] {
                    if !(0.0..1.0).contains(&b) {
                        return bad(format!("Adam {name} = {b} must lie in [0, 1)"));
                    }
                }
                if !(epsilon > 0.0 && epsilon.is_finite()) {
                    return bad(format!("Adam epsilon = {epsilon} must be > 0"));
                }
            }
            OptimizerConfig::Sgd { momentum, .. } => {
                if !(0.0..1.0).contains(&momentum) {
                    return bad(format!("SGD momentum = {momentum} must lie in [0, 1)"));
                }
            }
        }
        Ok(())
    }

    /// Builds the burn optimizer for module type `M` on the autodiff backend `B`.
    pub fn build<B: AutodiffBackend, M: AutodiffModule<B>>(&self) -> BuiltOptimizer<B, M> {
        match *self {
            OptimizerConfig::Adam { beta_1, beta_2, epsilon, .. } => BuiltOptimizer::Adam(
                AdamConfig::new().with_beta_1(beta_1).with_beta_2(beta_2).with_epsilon(epsilon).init(),
            ),
            OptimizerConfig::Sgd { momentum, nesterov, .. } => {
                let mut config = SgdConfig::new();
                if momentum > 0.0 {
                    config = config.with_momentum(Some(MomentumConfig { momentum, dampening: 0.0, nesterov }));
                }
                BuiltOptimizer::Sgd(config.init())
            }
        }
    }
}

/// A burn optimizer built from an [`OptimizerConfig`], with its state (moments, velocities).
#[derive(Clone)]
pub enum BuiltOptimizer<B: AutodiffBackend, M: AutodiffModule<B>> {
    /// burn's Adam.
    Adam(OptimizerAdaptor<Adam, M, B>),
    /// burn's SGD (with optional momentum).
    Sgd(OptimizerAdaptor<Sgd<B::InnerBackend>, M, B>),
}

type Mpk = NamedMpkBytesRecorder<FullPrecisionSettings>;

impl<B: AutodiffBackend, M: AutodiffModule<B>> BuiltOptimizer<B, M> {
    /// One update of `module` with gradients `grads` at learning rate `lr`.
    pub fn step(&mut self, lr: f64, module: M, grads: GradientsParams) -> M {
        match self {
            BuiltOptimizer::Adam(o) => o.step(lr, module, grads),
            BuiltOptimizer::Sgd(o) => o.step(lr, module, grads),
        }
    }

    /// The optimizer state serialised as named MessagePack (full precision).
    pub fn state_bytes(&self) -> std::result::Result<Vec<u8>, String> {
        let recorder = Mpk::default();
        match self {
            BuiltOptimizer::Adam(o) => Recorder::<B>::record(&recorder, o.to_record(), ()),
            BuiltOptimizer::Sgd(o) => Recorder::<B>::record(&recorder, o.to_record(), ()),
        }
        .map_err(|e| e.to_string())
    }

    /// Restores the state written by [`BuiltOptimizer::state_bytes`].
    pub fn load_state_bytes(self, bytes: Vec<u8>, device: &B::Device) -> std::result::Result<Self, String> {
        let recorder = Mpk::default();
        Ok(match self {
            BuiltOptimizer::Adam(o) => {
                let record = Recorder::<B>::load(&recorder, bytes, device).map_err(|e| e.to_string())?;
                BuiltOptimizer::Adam(o.load_record(record))
            }
            BuiltOptimizer::Sgd(o) => {
                let record = Recorder::<B>::load(&recorder, bytes, device).map_err(|e| e.to_string())?;
                BuiltOptimizer::Sgd(o.load_record(record))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keras_decay_and_inverse_sqrt_schedules() {
        let sgd = OptimizerConfig::sgd_momentum(0.01, 0.9, true).with_decay(1e-6);
        assert_eq!(sgd.lr_at(0), 0.01);
        assert!((sgd.lr_at(1_000_000) - 0.005).abs() < 1e-12);
        let s = OptimizerConfig::sgd(0.05).with_schedule(LrSchedule::InverseSqrt);
        assert!((s.lr_at(3) - 0.025).abs() < 1e-12);
        assert_eq!(OptimizerConfig::adam().lr_at(10_000), 1e-3);
    }

    #[test]
    fn validate_refuses_bad_settings_and_config_round_trips_json() {
        assert!(OptimizerConfig::adam().validate().is_ok());
        assert!(OptimizerConfig::adam().with_lr(-1.0).validate().is_err());
        assert!(OptimizerConfig::sgd_momentum(0.1, 1.5, false).validate().is_err());
        assert!(OptimizerConfig::sgd(0.1).with_decay(-1.0).validate().is_err());
        let c = OptimizerConfig::sgd_momentum(0.01, 0.9, true).with_decay(1e-6);
        let back: OptimizerConfig = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
