//! A seq-models [`Cnn`] explained by seq-kernels' incremental ISM engine ([`FastIsm`]): the reference
//! activations once per sequence, then only the layer ranges a substitution reaches. The result is the same
//! [`Attribution`] as the generic, batched [`ism`](super::ism) — same scale, target, window and centring.

use burn::tensor::backend::Backend;
use seq_kernels::ism::FastIsm;
use seq_models::{Cnn, SequenceModel};

use super::logits::{ism_from_logits, SubstitutionLogits};
use super::options::{ism_window, IsmOptions};
use crate::error::{InterpretError, Result};
use crate::model::Attribution;

/// Sequences explained per step (bounds the memory of the reference activations).
const CHUNK: usize = 256;

/// Why a model cannot take the fast path (the generic, batched ISM still works).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("fast ISM does not support this model: {0}")]
pub struct Unsupported(pub String);

/// Reads `cnn`'s weights into the incremental engine (build it once to explain many batches).
pub fn fast_ism_engine<B: Backend>(cnn: &Cnn<B>) -> std::result::Result<FastIsm, Unsupported> {
    let (stages, dense) = super::plan::build(cnn)?;
    let config = cnn.config();
    FastIsm::new(stages, dense, config.input_length, config.outputs).map_err(|e| Unsupported(e.to_string()))
}

/// In-silico mutagenesis of `n` sequences `(n, 4, len)` by `model`: the effect of every single-base
/// substitution on `opts.scale` of output `opts.target`, `(n, 4, len)`.
///
/// Uses the incremental engine (inference semantics: dropout is the identity) and falls back to the
/// generic batched ISM on `device` when the model's weights cannot be read as `f32`.
pub fn cnn_ism<B: Backend>(
    model: &Cnn<B>,
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IsmOptions,
    device: &B::Device,
) -> Result<Attribution>
where
    Cnn<B>: SequenceModel<B>,
{
    match fast_ism_engine(model) {
        Ok(fast) => cnn_ism_with(&fast, x, n, len, opts, &mut |_| {}),
        Err(why) => {
            tracing::warn!(%why, "fast ISM unavailable, using the generic batched ISM");
            let logits = |t| model.forward_logits(t);
            super::ism::<B, _>(&logits, x, n, len, opts, device)
        }
    }
}

/// In-silico mutagenesis through an already built engine; `progress` is told how many sequences are done
/// after each chunk of `CHUNK` sequences.
pub fn cnn_ism_with(
    fast: &FastIsm,
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IsmOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Attribution> {
    let window = ism_window(opts, len)?;
    let width = 4 * len;
    if n == 0 || x.len() != n * width {
        return Err(InterpretError::InvalidInput(format!(
            "expected {n} sequences × 4 × {len} = {} values (n > 0), got {}",
            n * width,
            x.len()
        )));
    }
    let mut values = Vec::with_capacity(x.len());
    for (chunk_index, chunk) in x.chunks(CHUNK * width).enumerate() {
        let rows = chunk.len() / width;
        let logits = fast.substitution_logits(chunk, rows, len, window.clone())?;
        let view = SubstitutionLogits {
            outputs: logits.outputs,
            window: &logits.window,
            reference: &logits.reference,
            variants: &logits.variants,
        };
        values.extend(ism_from_logits(chunk, rows, len, opts, &view)?.values);
        progress(((chunk_index + 1) * CHUNK).min(n));
    }
    tracing::debug!(sequences = n, positions = window.len(), "fast ISM attribution");
    Attribution::new(values, n, len)
}
