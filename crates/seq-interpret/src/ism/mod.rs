//! In-silico mutagenesis, batched over any model and incremental for seq-models' CNNs.
//!
//! | file | what |
//! |---|---|
//! | `options` | [`IsmOptions`], [`EffectScale`], the mutated window and DragoNN's centring |
//! | `batched` | [`ism`]: every substitution through any [`LogitModel`](crate::LogitModel), in batches |
//! | `logits` | [`ism_from_logits`]: the same attribution from substitution logits a fast path computed |
//! | `plan` | a [`Cnn`](seq_models::Cnn)'s weights read into seq-kernels' plain layers |
//! | `incremental` | [`cnn_ism`]: a CNN explained by seq-kernels' incremental engine (fastISM's idea) |
//!
//! Data runs one way: options ← batched, logits ← incremental.

mod batched;
mod incremental;
mod logits;
mod options;
pub(crate) mod plan;

pub use batched::ism;
pub(crate) use batched::{substitution_effects, Substitution};
pub use incremental::{cnn_ism, cnn_ism_with, fast_ism_engine, Unsupported};
pub use logits::{ism_from_logits, SubstitutionLogits};
pub use options::{ism_window, EffectScale, IsmOptions};
pub use seq_kernels::ism::{FastIsm, IsmLogits};
