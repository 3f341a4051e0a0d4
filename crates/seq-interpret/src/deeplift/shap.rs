//! DeepSHAP: DeepLIFT multipliers against many references per input, averaged, batched over
//! (input, reference) pairs with a bound on the pairs per pass.

use burn::tensor::backend::Backend;
use seq_models::Cnn;

use seq_kernels::deeplift::DeepLift;

use super::pass::DeepLiftNet;
use super::references::{check_finite, References};
use super::rules::{device_tensor, host};
use crate::error::{InterpretError, Result};
use crate::ism::Unsupported;
use crate::model::{check_batch, Attribution};

/// Absolute convergence delta above which a warning is logged (tangermeme's `warning_threshold`).
pub const DEFAULT_TOLERANCE: f32 = 1e-3;

/// Options of [`deep_shap`].
#[derive(Debug, Clone, PartialEq)]
pub struct DeepShapOptions {
    /// The logit explained (pre-activation output index).
    pub target: usize,
    /// The references averaged over.
    pub references: References,
    /// (input, reference) pairs per pass — the memory bound: one pass holds the activations of
    /// `2 × batch_size` sequences (tangermeme: 32).
    pub batch_size: usize,
    /// |convergence delta| above which a `tracing` warning names the input.
    pub tolerance: f32,
}

impl Default for DeepShapOptions {
    fn default() -> Self {
        Self { target: 0, references: References::default(), batch_size: 32, tolerance: DEFAULT_TOLERANCE }
    }
}

/// DeepSHAP scores of `n` inputs, each averaged over its references `r_k`, with `m_k` the DeepLIFT
/// multipliers of the pair (input, `r_k`).
#[derive(Debug, Clone, PartialEq)]
pub struct DeepShapResult {
    /// Contributions `mean_k m_k ⊙ (x − r_k)`, per base and position (their total is the explained
    /// change of the logit).
    pub attributions: Attribution,
    /// Hypothetical contributions `mean_k Σ_c m_k[c] (e_b[c] − r_k[c])` of every base `b` at every
    /// position: what each base would contribute there (tangermeme `hypothetical=True`, modisco's
    /// `hypothetical_contribs`).
    pub hypothetical: Attribution,
    /// `hypothetical ⊙ x`: tangermeme's default output and modisco's contribution scores. For a one-hot
    /// input its column sums equal those of `attributions`.
    pub projected: Attribution,
    /// The explained logit of each input, `f(x)`.
    pub logits: Vec<f32>,
    /// The mean logit over each input's references, `mean_k f(r_k)`.
    pub reference_logits: Vec<f32>,
    /// Convergence delta of each input: `Σ attributions − (f(x) − mean_k f(r_k))` (0 up to rounding).
    pub deltas: Vec<f32>,
    /// References per input.
    pub references: usize,
}

/// DeepSHAP (DeepLIFT's rescale rule and DeepExplainer's max-pool rule, averaged over references) of
/// logit `options.target` of `model` for `n` inputs `x` `(N, 4, len)`.
///
/// Pairs run in passes of `options.batch_size`; shuffle references are drawn per input as its pairs come.
/// Fails on inputs of another length than the model's, NaN/infinite values, references of another length,
/// zero references, or an output the model lacks.
pub fn deep_shap<B: Backend>(
    model: &Cnn<B>,
    x: &[f32],
    n: usize,
    len: usize,
    options: &DeepShapOptions,
) -> Result<DeepShapResult> {
    deep_shap_with(model, x, n, len, options, false)
}

/// [`deep_shap`] through the layer-by-layer pass on the model's backend (burn tensors, the stacked
/// `[inputs; references]` batch as tangermeme runs it) instead of seq-kernels' engine: the cross-check of
/// the engine, and the path of models whose weights cannot be read as `f32`.
pub fn deep_shap_layerwise<B: Backend>(
    model: &Cnn<B>,
    x: &[f32],
    n: usize,
    len: usize,
    options: &DeepShapOptions,
) -> Result<DeepShapResult> {
    deep_shap_with(model, x, n, len, options, true)
}

fn deep_shap_with<B: Backend>(
    model: &Cnn<B>,
    x: &[f32],
    n: usize,
    len: usize,
    options: &DeepShapOptions,
    layerwise: bool,
) -> Result<DeepShapResult> {
    let net = DeepLiftNet::new(model)?;
    check_batch(x, n, len)?;
    if len != net.input_length() {
        return Err(InterpretError::InvalidInput(format!(
            "the model takes sequences of length {}, got length {len}",
            net.input_length()
        )));
    }
    if options.target >= net.outputs() {
        return Err(InterpretError::OutputIndex { target: options.target, outputs: net.outputs() });
    }
    check_finite("input", x, len)?;
    options.references.validate(n, len)?;
    if options.batch_size == 0 {
        return Err(InterpretError::InvalidInput("batch_size must be at least 1 (pairs per pass)".into()));
    }
    let engine = Engine::new(model, net, layerwise);
    let count = options.references.count();
    let width = 4 * len;
    let mut acc = Accumulator::new(n, width, len);
    let mut cache: Option<(usize, Vec<f32>)> = None;
    let pairs = n * count;
    let mut start = 0;
    while start < pairs {
        let end = (start + options.batch_size).min(pairs);
        let mut xs = Vec::with_capacity((end - start) * width);
        let mut rs = Vec::with_capacity((end - start) * width);
        for p in start..end {
            let (i, k) = (p / count, p % count);
            if cache.as_ref().is_none_or(|(c, _)| *c != i) {
                cache = Some((i, options.references.for_sequence(i, &x[i * width..(i + 1) * width], len)));
            }
            let refs = &cache.as_ref().expect("references of the current input were just cached").1;
            xs.extend_from_slice(&x[i * width..(i + 1) * width]);
            rs.extend_from_slice(&refs[k * width..(k + 1) * width]);
        }
        let (m, fx, fr) = engine.pass(&xs, &rs, options.target)?;
        for (j, p) in (start..end).enumerate() {
            let block = j * width..(j + 1) * width;
            acc.add(p / count, &m[block.clone()], &xs[block.clone()], &rs[block], fx[j], fr[j]);
        }
        start = end;
    }
    Ok(acc.finish(x, count, options.tolerance))
}

/// DeepLIFT of logit `target` against one `reference` `(4, len)` shared by all inputs (e.g. all zeros):
/// [`deep_shap`] with a single reference.
pub fn deep_lift<B: Backend>(
    model: &Cnn<B>,
    x: &[f32],
    n: usize,
    len: usize,
    target: usize,
    reference: &[f32],
) -> Result<DeepShapResult> {
    let options = DeepShapOptions {
        target,
        references: References::Shared { values: reference.to_vec(), count: 1 },
        ..DeepShapOptions::default()
    };
    deep_shap(model, x, n, len, &options)
}

/// How the multipliers are computed: seq-kernels' plain-`f32` engine (every model a `CnnConfig` describes
/// whose weights read as `f32`), or the layer-by-layer pass on the model's backend.
enum Engine<'a, B: Backend> {
    Fast(DeepLift),
    Generic(DeepLiftNet<'a, B>, B::Device),
}

impl<'a, B: Backend> Engine<'a, B> {
    fn new(model: &'a Cnn<B>, net: DeepLiftNet<'a, B>, layerwise: bool) -> Self {
        if layerwise {
            return Engine::Generic(net, model.output_layer().weight.device());
        }
        match deep_lift_engine(model) {
            Ok(fast) => Engine::Fast(fast),
            Err(why) => {
                tracing::warn!(%why, "the DeepLIFT engine is unavailable, using the layer-by-layer pass");
                Engine::Generic(net, model.output_layer().weight.device())
            }
        }
    }

    /// Multipliers `(pairs, 4, L)` of pairs `(xs[p], rs[p])` and, per pair, the explained logit of its input
    /// and of its reference.
    fn pass(&self, xs: &[f32], rs: &[f32], target: usize) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>)> {
        match self {
            Engine::Fast(fast) => {
                let width = 4 * fast.input_length();
                // Consecutive pairs share their input: each distinct input is run forward once.
                let (mut inputs, mut owners) = (Vec::new(), Vec::with_capacity(xs.len() / width));
                for seq in xs.chunks_exact(width) {
                    if inputs.len() < width || inputs[inputs.len() - width..] != *seq {
                        inputs.extend_from_slice(seq);
                    }
                    owners.push(inputs.len() / width - 1);
                }
                let out = fast.multipliers(&inputs, inputs.len() / width, rs, &owners, target)?;
                let o = fast.outputs();
                let fx = owners.iter().map(|&i| out.input_logits[i * o + target]).collect();
                let fr = out.reference_logits.chunks_exact(o).map(|l| l[target]).collect();
                Ok((out.multipliers, fx, fr))
            }
            Engine::Generic(net, device) => {
                let b = xs.len() / (4 * net.input_length());
                let shape = [b, 4, net.input_length()];
                let out = net.multipliers(
                    device_tensor::<B, 3>(xs.to_vec(), shape, device),
                    device_tensor::<B, 3>(rs.to_vec(), shape, device),
                    target,
                )?;
                let o = net.outputs();
                let pick = |v: Vec<f32>| v.chunks_exact(o).map(|l| l[target]).collect();
                Ok((host(out.multipliers), pick(host(out.logits)), pick(host(out.reference_logits))))
            }
        }
    }
}

/// Reads `cnn`'s weights into seq-kernels' DeepLIFT engine (build it once to explain many batches).
pub fn deep_lift_engine<B: Backend>(cnn: &Cnn<B>) -> std::result::Result<DeepLift, Unsupported> {
    let (stages, dense) = crate::ism::plan::build(cnn)?;
    let config = cnn.config();
    DeepLift::new(stages, dense, config.input_length, config.outputs).map_err(|e| Unsupported(e.to_string()))
}

/// Sums over the pairs of each input.
struct Accumulator {
    attributions: Vec<f32>,
    hypothetical: Vec<f32>,
    logits: Vec<f32>,
    reference_logits: Vec<f32>,
    /// Scratch: `Σ_c r[c] m[c]` of the current pair, per position.
    at_reference: Vec<f32>,
    width: usize,
    len: usize,
}

impl Accumulator {
    fn new(n: usize, width: usize, len: usize) -> Self {
        Self {
            attributions: vec![0.0; n * width],
            hypothetical: vec![0.0; n * width],
            logits: vec![0.0; n],
            reference_logits: vec![0.0; n],
            at_reference: Vec::with_capacity(len),
            width,
            len,
        }
    }

    /// Adds the pair (input `i`, reference `r`) with multipliers `m` and logits `fx`, `fr`.
    fn add(&mut self, i: usize, m: &[f32], x: &[f32], r: &[f32], fx: f32, fr: f32) {
        let len = self.len;
        let attr = &mut self.attributions[i * self.width..(i + 1) * self.width];
        for (a, ((m, x), r)) in attr.iter_mut().zip(m.iter().zip(x).zip(r)) {
            *a += m * (x - r);
        }
        // Σ_c r[c] m[c] per position, summed channel by channel (contiguous rows, so the loops vectorise).
        let at_reference = &mut self.at_reference;
        at_reference.clear();
        at_reference.resize(len, 0.0);
        for (m_row, r_row) in m.chunks_exact(len).zip(r.chunks_exact(len)) {
            for ((a, m), r) in at_reference.iter_mut().zip(m_row).zip(r_row) {
                *a += r * m;
            }
        }
        let hyp = &mut self.hypothetical[i * self.width..(i + 1) * self.width];
        for (h_row, m_row) in hyp.chunks_exact_mut(len).zip(m.chunks_exact(len)) {
            for ((h, m), a) in h_row.iter_mut().zip(m_row).zip(at_reference.iter()) {
                *h += m - a;
            }
        }
        self.logits[i] = fx;
        self.reference_logits[i] += fr;
    }

    fn finish(mut self, x: &[f32], count: usize, tolerance: f32) -> DeepShapResult {
        let n = self.logits.len();
        let scale = 1.0 / count as f32;
        self.attributions
            .iter_mut()
            .chain(self.hypothetical.iter_mut())
            .chain(self.reference_logits.iter_mut())
            .for_each(|v| *v *= scale);
        let projected: Vec<f32> = self.hypothetical.iter().zip(x).map(|(h, x)| h * x).collect();
        let deltas: Vec<f32> = (0..n)
            .map(|i| {
                let total: f32 = self.attributions[i * self.width..(i + 1) * self.width].iter().sum();
                total - (self.logits[i] - self.reference_logits[i])
            })
            .collect();
        for (i, delta) in deltas.iter().enumerate() {
            if delta.abs() > tolerance {
                tracing::warn!(sequence = i, delta, tolerance, "DeepSHAP convergence delta above tolerance");
            }
        }
        let wrap = |values| Attribution { values, n, len: self.len };
        DeepShapResult {
            attributions: wrap(self.attributions),
            hypothetical: wrap(self.hypothetical),
            projected: wrap(projected),
            logits: self.logits,
            reference_logits: self.reference_logits,
            deltas,
            references: count,
        }
    }
}
