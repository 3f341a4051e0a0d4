//! Every tutorial model goes through the application layer's model folder, as `seqdl train` does: fitted
//! by [`seq_app::pipelines::train::train_into`] into `<tutorial>/models/<name>/`, saved in the one model
//! format, reloaded from the folder, and used from there (the gradient methods load the folder's model
//! without dropout, [`seq_app::ModelDir::load_for_gradients`]). [`reload_check`] puts the largest logit
//! difference between the trained and the reloaded models into the report.

use seq_app::pipelines::train::{train_into, FitRequest};
use seq_app::ModelDir;
use seq_io::Dataset;
use seq_models::{Cnn, CnnConfig};
use seq_train::{FitConfig, History, OptimizerConfig};

use crate::backend::{Cpu, Train};
use crate::{Check, Context, Result, Threshold, TutorialReport};

/// A model trained into its folder and reloaded from it.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The model as reloaded from the folder (inference backend).
    pub model: Cnn<Cpu>,
    /// The model folder.
    pub dir: ModelDir,
    /// Per-epoch history.
    pub history: History,
    /// Largest |logit difference| between the trained and the reloaded model.
    pub reload_max_abs_diff: f32,
    /// Wall-clock seconds of training.
    pub seconds: f64,
}

impl Fitted {
    /// The folder's model on the autodiff backend without dropout (for saliency, gradient × input, IG).
    pub fn gradient_model(&self) -> Result<Cnn<Train>> {
        Ok(self.dir.load_for_gradients::<Train, Cnn<Train>>(&Default::default())?)
    }
}

/// How one CNN of a tutorial is fitted.
#[derive(Debug, Clone)]
pub struct CnnFit<'a> {
    /// Name of the model (its folder under `<tutorial>/models/`).
    pub name: &'a str,
    /// The network.
    pub config: &'a CnnConfig,
    /// Seed of the initial weights.
    pub init_seed: u64,
    /// The optimizer.
    pub optimizer: OptimizerConfig,
    /// The fit settings.
    pub fit: FitConfig,
}

/// Fits `spec` on `train` (validating on `valid`) into `<tutorial>/models/<name>/` and reloads it.
pub fn fit_cnn(ctx: &Context, spec: &CnnFit<'_>, train: &Dataset, valid: Option<&Dataset>) -> Result<Fitted> {
    let device = Default::default();
    let dir = ModelDir::new(ctx.out("models").join(spec.name));
    let model: Cnn<Train> = spec.config.init(&device, spec.init_seed)?;
    let req = FitRequest {
        train,
        valid,
        optimizer: spec.optimizer.clone(),
        fit: FitConfig { progress: true, ..spec.fit.clone() },
        resume: false,
        data: format!("{} ({} sequences)", spec.name, train.n()),
        architecture: spec.name.to_string(),
    };
    let trained = train_into::<Cpu, Cnn<Train>>(&dir, model, &req, &ctx.app(spec.name), &device)?;
    Ok(Fitted {
        model: trained.model,
        dir,
        history: trained.history,
        reload_max_abs_diff: trained.reload_max_abs_diff,
        seconds: trained.seconds,
    })
}

/// One judged check: every model of the tutorial was saved and reloaded through the model folder and gives
/// the trained model's logits (the largest difference over `fitted`, which must be at most 1e-6).
pub fn reload_check(report: &mut TutorialReport, fitted: &[f32]) {
    let worst = fitted.iter().copied().fold(0.0f32, f32::max);
    report.checks.push(Check::new(
        format!("models saved and reloaded through the model folder ({}): max |Δ logit|", fitted.len()),
        f64::from(worst),
        "— (seqdl train → evaluate/explain path)",
        Threshold::AtMost(1e-6),
    ));
}
