//! ISM from precomputed substitution logits: the entry point for model-specific fast paths (e.g. seq-models'
//! incremental ISM for CNNs), producing the same [`Attribution`] as [`crate::ism`] — same scale, target,
//! window and centring — without running the model here.

use std::ops::Range;

use super::options::{centre_positions, ism_window, IsmOptions};
use crate::error::{InterpretError, Result};
use crate::model::{check_batch, check_target, Attribution};

/// Logits of `n` reference sequences and of every single-base substitution inside `window`, as a fast path
/// computed them.
#[derive(Debug, Clone, Copy)]
pub struct SubstitutionLogits<'a> {
    /// Logits per sequence.
    pub outputs: usize,
    /// Positions that were mutated.
    pub window: &'a Range<usize>,
    /// `(n, outputs)`: the unmodified sequences.
    pub reference: &'a [f32],
    /// `(n, 4, window.len(), outputs)`: index `((i · 4 + base) · window.len() + (pos − window.start)) · outputs
    /// + o`. Entries where the sequence already has `base` at `pos` are not read.
    pub variants: &'a [f32],
}

/// The ISM attribution `(N, 4, L)` from substitution logits: score(variant) − score(reference) on
/// `opts.scale` for output `opts.target`, 0 at the reference base and outside the window, centred per
/// position when `opts.centre`. `opts.window` must match the window of `logits` (`None`: the whole sequence);
/// `opts.batch_size` plays no part.
pub fn ism_from_logits(
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IsmOptions,
    logits: &SubstitutionLogits<'_>,
) -> Result<Attribution> {
    check_batch(x, n, len)?;
    let window = ism_window(opts, len)?;
    if &window != logits.window {
        return Err(InterpretError::InvalidInput(format!(
            "substitution logits cover positions {:?} but ISM asks for {window:?}",
            logits.window
        )));
    }
    check_target(opts.target, logits.outputs)?;
    let (o, wlen) = (logits.outputs, window.len());
    if logits.reference.len() != n * o || logits.variants.len() != n * 4 * wlen * o {
        return Err(InterpretError::InvalidInput(format!(
            "substitution logits hold {} reference and {} variant values, expected {} and {}",
            logits.reference.len(),
            logits.variants.len(),
            n * o,
            n * 4 * wlen * o
        )));
    }
    let mut values = vec![0.0f32; x.len()];
    for i in 0..n {
        let reference = opts.scale.score(&logits.reference[i * o..(i + 1) * o], opts.target);
        for base in 0..4 {
            for pos in window.clone() {
                let at = (i * 4 + base) * len + pos;
                if x[at] != 1.0 {
                    let row = ((i * 4 + base) * wlen + pos - window.start) * o;
                    values[at] = opts.scale.score(&logits.variants[row..row + o], opts.target) - reference;
                }
            }
        }
    }
    if opts.centre {
        centre_positions(&mut values, n, len, &window);
    }
    Attribution::new(values, n, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ism::EffectScale;

    /// A one-sequence, length-2 example with known logits: effects are differences of scores.
    #[test]
    fn effects_are_score_differences_and_skip_the_reference_base() {
        // Sequence "AC".
        let x = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let window = 0..2;
        let reference = [0.5f32];
        // (base, pos) → logit; the reference entries (A@0, C@1) hold junk that must be ignored.
        let variants = [9.0, 1.0, 2.0, 9.0, 3.0, 4.0, 5.0, 6.0];
        let logits = SubstitutionLogits { outputs: 1, window: &window, reference: &reference, variants: &variants };
        let opts = IsmOptions { scale: EffectScale::Logit, ..Default::default() };
        let a = ism_from_logits(&x, 1, 2, &opts, &logits).unwrap();
        assert_eq!(a.values, vec![0.0, 0.5, 1.5, 0.0, 2.5, 3.5, 4.5, 5.5]);
        let centred = ism_from_logits(&x, 1, 2, &IsmOptions { centre: true, ..opts.clone() }, &logits).unwrap();
        assert!((centred.position_sums(0)[0]).abs() < 1e-6 && (centred.position_sums(0)[1]).abs() < 1e-6);
        let wrong = IsmOptions { window: Some(0..1), ..opts };
        assert!(ism_from_logits(&x, 1, 2, &wrong, &logits).is_err());
    }
}
