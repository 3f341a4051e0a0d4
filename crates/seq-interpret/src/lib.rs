//! # seq-interpret
//!
//! Attribution over any model (saliency, gradient × input, ISM, integrated gradients), first-layer filters
//! to motifs, comparison with known motifs, attribution scored against ground-truth annotations, and
//! logo / heat-map PNGs.
//!
//! **Never depends on** seq-train, seq-sim or the application layer: a model arrives through a trait
//! ([`LogitModel`], with a blanket impl for closures) and ground truth as [`seq_io::Annotation`]s, so a tool
//! may explain a model of its own with seq-interpret alone. It **may** depend on seq-models and seq-kernels,
//! for the exact fast paths of seqdl's own CNNs (incremental ISM, DeepLIFT).
#![warn(missing_docs)]

pub mod compare;
pub mod consensus;
pub mod deeplift;
pub mod error;
pub mod figures;
pub mod filters;
pub mod groundtruth;
pub mod integrated;
pub mod ism;
pub mod model;
pub mod saliency;
pub mod variants;

pub use compare::{closest_motifs, compare_pfms, pearson, rank_motifs, MotifHit, MotifMatch};
pub use consensus::{consensus_agreement, mean_max_activation, weight_anticonsensus, weight_consensus, Agreement};
pub use deeplift::{deep_lift, deep_shap, DeepLiftNet, DeepShapOptions, DeepShapResult, References};
pub use error::{InterpretError, Result};
pub use filters::{activation_pfms, write_filters_meme, FilterPfm, FirstLayer, DEFAULT_ACTIVATION_FRACTION};
pub use groundtruth::{auroc, central_window, motif_auroc, top_k_in_motifs, top_k_in_window, Reduce};
pub use integrated::{integrated_gradients, Baseline, IgOptions, IgResult, IgRule};
pub use ism::{cnn_ism, ism, ism_from_logits, EffectScale, IsmOptions, SubstitutionLogits};
pub use model::{Attribution, LogitModel};
pub use saliency::{grad_times_input, primer_saliency, saliency};
pub use variants::{read_variants, score_variants, Variant, VariantEffect};
