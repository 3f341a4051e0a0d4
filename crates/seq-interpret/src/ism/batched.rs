//! In-silico mutagenesis: every single-base substitution (3L per sequence, identity skipped), batched.

use std::ops::Range;

use burn::tensor::backend::Backend;

use super::options::{centre_positions, ism_window, IsmOptions};
use crate::error::Result;
use crate::model::{check_batch, check_target, eval_logits, Attribution, LogitModel};

/// One substitution: sequence, position and the new base's channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Substitution {
    pub seq: usize,
    pub pos: usize,
    pub base: usize,
}

/// Effect of every single-base substitution, `(N, 4, L)`: score(mutant) − score(reference), 0 at the
/// reference base (and outside the window). Only the references and the 3·|window| mutants per sequence
/// are evaluated, `batch_size` at a time.
pub fn ism<B: Backend, M: LogitModel<B>>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IsmOptions,
    device: &B::Device,
) -> Result<Attribution> {
    check_batch(x, n, len)?;
    let window = ism_window(opts, len)?;
    let subs = all_substitutions(x, n, len, &window);
    let effects = substitution_effects(model, x, n, len, &subs, opts, device)?;
    let mut values = vec![0.0f32; x.len()];
    for (s, e) in subs.iter().zip(effects) {
        values[(s.seq * 4 + s.base) * len + s.pos] = e;
    }
    if opts.centre {
        centre_positions(&mut values, n, len, &window);
    }
    Attribution::new(values, n, len)
}

/// The non-identity substitutions of every sequence over `window` (a position with no base set, e.g. an
/// `N`, gets all four).
fn all_substitutions(x: &[f32], n: usize, len: usize, window: &Range<usize>) -> Vec<Substitution> {
    let mut subs = Vec::with_capacity(n * 3 * window.len());
    for seq in 0..n {
        for pos in window.clone() {
            for base in 0..4 {
                if x[(seq * 4 + base) * len + pos] != 1.0 {
                    subs.push(Substitution { seq, pos, base });
                }
            }
        }
    }
    subs
}

/// Scores of the references, then of each substitution minus its reference, in batches.
pub(crate) fn substitution_effects<B: Backend, M: LogitModel<B>>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    subs: &[Substitution],
    opts: &IsmOptions,
    device: &B::Device,
) -> Result<Vec<f32>> {
    let batch = opts.batch_size.max(1);
    let width = 4 * len;
    let mut reference = Vec::with_capacity(n);
    for start in (0..n).step_by(batch) {
        let rows = batch.min(n - start);
        reference.extend(score_batch(
            model,
            x[start * width..(start + rows) * width].to_vec(),
            rows,
            len,
            opts,
            device,
        )?);
    }
    let mut effects = Vec::with_capacity(subs.len());
    for chunk in subs.chunks(batch) {
        let mut mutants = Vec::with_capacity(chunk.len() * width);
        for s in chunk {
            mutants.extend(mutate(&x[s.seq * width..(s.seq + 1) * width], len, s.pos, s.base));
        }
        let scores = score_batch(model, mutants, chunk.len(), len, opts, device)?;
        effects.extend(chunk.iter().zip(scores).map(|(s, v)| v - reference[s.seq]));
    }
    tracing::debug!(sequences = n, variants = subs.len(), "ISM evaluated");
    Ok(effects)
}

/// Scores (on `opts.scale`) of the target output for a batch.
fn score_batch<B: Backend, M: LogitModel<B>>(
    model: &M,
    x: Vec<f32>,
    rows: usize,
    len: usize,
    opts: &IsmOptions,
    device: &B::Device,
) -> Result<Vec<f32>> {
    let (logits, outputs) = eval_logits(model, x, rows, len, device)?;
    check_target(opts.target, outputs)?;
    Ok(logits.chunks(outputs).map(|row| opts.scale.score(row, opts.target)).collect())
}

/// A copy of one `(4, len)` sequence with position `pos` set to base `base`.
pub(crate) fn mutate(seq: &[f32], len: usize, pos: usize, base: usize) -> Vec<f32> {
    let mut out = seq.to_vec();
    for b in 0..4 {
        out[b * len + pos] = if b == base { 1.0 } else { 0.0 };
    }
    out
}
