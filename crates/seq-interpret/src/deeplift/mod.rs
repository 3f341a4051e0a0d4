//! DeepLIFT and DeepSHAP for [`seq_models::Cnn`], following tangermeme's `deep_lift_shap` defaults
//! (tangermeme 1.6.0, whose rules follow shap's DeepExplainer via Captum).
//!
//! * **Explained output**: the pre-activation logit `options.target`.
//! * **Rescale rule** for every element-wise activation (ReLU, sigmoid, tanh, exp): the multiplier is
//!   `Δout / Δin` between input and reference, or the plain gradient where `|Δin| < 1e-6`
//!   ([`rules::RESCALE_EPS`]), each half of the batch its own gradient (as tangermeme's `_nonlinear`).
//!   A `linear` activation is the identity.
//! * **Max-pool rule** (DeepExplainer's, tangermeme's `_maxpool`) for max-pool and global max-pool: per
//!   window, with `M = max(y, y_ref)`, `M − y_ref` goes to the input's arg-max and `y − M` to the
//!   reference's arg-max (shares on one position add up, so overlapping windows work too); the sum is
//!   divided by `Δin`; where `Δin == 0` exactly, the gradient of the input half is used. Ties go to the
//!   first position of a window, as PyTorch's CPU kernels.
//! * **Linear layers** (convolution with its padding, dense) carry multipliers back through their
//!   transpose; dropout is the identity; flatten is a reshape.
//! * **DeepSHAP** averages over references: 20 dinucleotide shuffles of each input by default
//!   ([`References`]), or all zeros, a GC background, or given sequences.
//! * **Outputs** ([`DeepShapResult`]): contributions `mean_k m_k ⊙ (x − r_k)`, hypothetical contributions
//!   `mean_k (m_k[b] − Σ_c r_k[c] m_k[c])` (tangermeme's `hypothetical_attributions`, modisco's
//!   hypothetical scores), their projection on the input (tangermeme's default output), and a convergence
//!   delta per input.
//!
//! Two implementations of these rules: [`deep_shap`] runs seq-kernels' plain-`f32` engine
//! ([`deep_lift_engine`]: each input forwarded once for all its references, sparse transposed convolutions
//! below the max-pools); [`deep_shap_layerwise`] runs [`DeepLiftNet`], a pass on burn tensors over the
//! stacked batch `[inputs; references]` as tangermeme does — forward storing what each rule needs, then
//! multipliers backward layer by layer. The tests hold the two to ≤ 1e-5 relative on every preset.

pub mod pass;
pub(crate) mod plan;
pub mod references;
pub mod rules;
pub mod shap;

pub use pass::{DeepLiftNet, PairMultipliers};
pub use references::{dinucleotide_shuffles, References, DEFAULT_SHUFFLES};
pub use shap::{
    deep_lift, deep_lift_engine, deep_shap, deep_shap_layerwise, DeepShapOptions, DeepShapResult, DEFAULT_TOLERANCE,
};

use crate::error::InterpretError;

pub use crate::error::COVERED_LAYERS;

/// The error for a model whose `layer` has no DeepLIFT rule (e.g. the LSTM of an `lstm` model folder):
/// it names the layer, the layers covered and the methods that work on any model.
pub fn unsupported_layer(layer: &str) -> InterpretError {
    InterpretError::UnsupportedLayer { layer: layer.to_string() }
}
