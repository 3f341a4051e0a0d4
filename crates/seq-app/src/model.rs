//! [`AppModel`]: what a model needs to go through the pipelines and live in a model folder. seqdl's CNN
//! implements it; a downstream crate implements it for its own burn module (see `examples/custom-model`)
//! and gets train, evaluate, predict, explain and the model folder without touching seqdl.

use seq_interpret::ism::FastIsm;
use seq_models::cnn::FeatureLayer;
use seq_models::{Cnn, CnnConfig, PersistentModel, SequenceModel};

use crate::backend::AppBackend;

/// A sequence model the application layer can train, save, reload and explain.
pub trait AppModel<B: AppBackend>: SequenceModel<B> + PersistentModel<B> {
    /// The configuration of the same network for gradient-based attribution on an autodiff backend, where
    /// burn's dropout is always active: dropout layers removed (they have no weights). The default keeps the
    /// configuration (right for models without dropout).
    fn gradient_config(config: &Self::Config) -> Self::Config {
        config.clone()
    }

    /// The incremental ISM engine of this model, when it has one (`None`: the generic batched ISM is used).
    fn ism_engine(&self) -> Option<FastIsm> {
        None
    }

    /// DeepLIFT/DeepSHAP of this model, when it has the layer rules (`None`: the model's layers are not
    /// covered; saliency, gradient × input, integrated gradients and ISM still work).
    fn deep_shap(
        &self,
        _x: &[f32],
        _n: usize,
        _len: usize,
        _options: &seq_interpret::DeepShapOptions,
    ) -> Option<seq_interpret::Result<seq_interpret::DeepShapResult>> {
        None
    }

    /// A one-line description for logs and reports.
    fn describe(&self) -> String {
        format!("{} output(s), {:?} head", self.outputs(), self.head())
    }
}

impl<B: AppBackend> AppModel<B> for Cnn<B> {
    fn gradient_config(config: &CnnConfig) -> CnnConfig {
        without_dropout(config)
    }

    fn ism_engine(&self) -> Option<FastIsm> {
        match seq_interpret::ism::fast_ism_engine(self) {
            Ok(engine) => Some(engine),
            Err(why) => {
                tracing::warn!(%why, "fast ISM unavailable, using the generic batched ISM");
                None
            }
        }
    }

    fn deep_shap(
        &self,
        x: &[f32],
        n: usize,
        len: usize,
        options: &seq_interpret::DeepShapOptions,
    ) -> Option<seq_interpret::Result<seq_interpret::DeepShapResult>> {
        Some(seq_interpret::deep_shap(self, x, n, len, options))
    }

    fn describe(&self) -> String {
        format!("CNN, {} parameters, {:?} head", self.config().param_count().unwrap_or(0), self.head())
    }
}

/// The same network with every dropout rate removed (feature dropout layers dropped, dense rates 0).
pub fn without_dropout(config: &CnnConfig) -> CnnConfig {
    let mut out = config.clone();
    out.features.retain(|l| !matches!(l, FeatureLayer::Dropout { .. }));
    out.dense.iter_mut().for_each(|d| d.dropout = 0.0);
    out
}

impl<B: AppBackend> AppModel<B> for seq_models::LocallyConnected<B> {}
impl<B: AppBackend> AppModel<B> for seq_models::Mlp<B> {}
