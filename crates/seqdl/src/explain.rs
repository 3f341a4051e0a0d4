//! Explaining seqdl's models with the fastest path each one allows.
//!
//! [`ism`] explains a [`Cnn`] by incremental in-silico mutagenesis
//! ([`seq_models::cnn::FastIsm`]: the reference activations once per sequence, then only the layer ranges a
//! substitution reaches) and returns the same [`Attribution`] as the generic, batched
//! [`seq_interpret::ism`] — same scale, target, window and centring. A model whose parameters cannot be read
//! as `f32` falls back to the generic path.

use indicatif::{ProgressBar, ProgressStyle};
use seq_interpret::{ism_from_logits, Attribution, InterpretError, IsmOptions, SubstitutionLogits};
use seq_models::cnn::{Cnn, FastIsm};
use seq_models::{SeqKernels, SequenceModel};

use crate::error::Result;

/// Sequences explained per step of the fast path (bounds the memory of the reference activations).
const CHUNK: usize = 256;

/// In-silico mutagenesis of `n` sequences `(n, 4, len)` by `model`: the effect of every single-base
/// substitution on `opts.scale` of output `opts.target`, `(n, 4, len)` (see [`seq_interpret::ism`]).
///
/// Uses the incremental fast path (inference semantics: dropout is the identity) and falls back to the
/// generic batched ISM on `device` when the model's weights cannot be read. Shows a progress bar on a
/// terminal when more than one chunk of sequences is explained.
pub fn ism<B: SeqKernels>(
    model: &Cnn<B>,
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IsmOptions,
    device: &B::Device,
) -> Result<Attribution> {
    let fast = match FastIsm::from_cnn(model) {
        Ok(fast) => fast,
        Err(why) => {
            tracing::warn!(%why, "fast ISM unavailable, using the generic batched ISM");
            let logits = |t| model.forward_logits(t);
            return Ok(seq_interpret::ism::<B, _>(
                &logits, x, n, len, opts, device,
            )?);
        }
    };
    fast_ism(&fast, x, n, len, opts)
}

/// In-silico mutagenesis through an already built [`FastIsm`] (build it once to explain many batches).
pub fn fast_ism(
    fast: &FastIsm,
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IsmOptions,
) -> Result<Attribution> {
    let window = seq_interpret::fast::ism_window(opts, len)?;
    let width = 4 * len;
    if n == 0 || x.len() != n * width {
        return Err(InterpretError::InvalidInput(format!(
            "expected {n} sequences × 4 × {len} = {} values (n > 0), got {}",
            n * width,
            x.len()
        ))
        .into());
    }
    let bar = if n > CHUNK {
        ProgressBar::new(n as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("ISM {msg} [{bar:30}] {pos}/{len} sequences {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
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
        bar.set_position(((chunk_index + 1) * CHUNK).min(n) as u64);
    }
    bar.finish_and_clear();
    tracing::debug!(
        sequences = n,
        positions = window.len(),
        "fast ISM attribution"
    );
    Ok(Attribution::new(values, n, len)?)
}
