//! Integrated gradients (Sundararajan et al. 2017): a midpoint (default) or trapezoid Riemann sum along the
//! straight path from a baseline, with a completeness check per sequence.

use burn::tensor::backend::AutodiffBackend;

use crate::error::{InterpretError, Result};
use crate::model::{check_batch, check_target, eval_logits, Attribution, LogitModel};
use crate::saliency::input_gradient;

/// The reference input the path starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Baseline {
    /// All zeros.
    Zeros,
    /// 0.25 in every channel (the "average base").
    Uniform,
    /// `k` reference sequences per input, laid out `(N, k, 4, L)` (e.g. dinucleotide shuffles from
    /// seq-sim); attributions and baseline outputs are averaged over the `k` references.
    References(Vec<f32>),
}

/// How the path integral is approximated with `m` steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IgRule {
    /// Trapezoid rule over `α = 0, 1/m, …, 1` (`m + 1` gradients, endpoints weighted ½).
    Trapezoid,
    /// Midpoint rule over `α = (k + ½)/m` (`m` gradients). Never evaluates the baseline itself, which
    /// matters for a zero baseline into a bias-free ReLU network: its gradient at exactly 0 is 0, so the
    /// trapezoid rule there loses `1/(2m)` of the total.
    #[default]
    Midpoint,
}

impl IgRule {
    /// The `(α, weight)` pairs of the rule with `m` steps (weights sum to 1).
    pub fn points(self, m: usize) -> Vec<(f32, f32)> {
        let m_f = m as f32;
        match self {
            IgRule::Trapezoid => {
                (0..=m).map(|k| (k as f32 / m_f, if k == 0 || k == m { 0.5 } else { 1.0 } / m_f)).collect()
            }
            IgRule::Midpoint => (0..m).map(|k| ((k as f32 + 0.5) / m_f, 1.0 / m_f)).collect(),
        }
    }
}

/// Options of [`integrated_gradients`].
#[derive(Debug, Clone, PartialEq)]
pub struct IgOptions {
    /// Output explained.
    pub target: usize,
    /// Number of steps `m`.
    pub steps: usize,
    /// Quadrature rule.
    pub rule: IgRule,
    /// Inputs per backward pass.
    pub batch_size: usize,
    /// Path start.
    pub baseline: Baseline,
}

impl Default for IgOptions {
    fn default() -> Self {
        Self { target: 0, steps: 50, rule: IgRule::Midpoint, batch_size: 128, baseline: Baseline::Zeros }
    }
}

/// Attributions and, per sequence, the completeness gap `|Σ attr − (f(x) − f(baseline))|`.
#[derive(Debug, Clone, PartialEq)]
pub struct IgResult {
    /// Attributions `(N, 4, L)`.
    pub attribution: Attribution,
    /// Completeness gap per sequence (absolute, in logit units).
    pub gaps: Vec<f32>,
    /// `f(x) − f(baseline)` per sequence (averaged over references), to turn gaps into relative errors.
    pub deltas: Vec<f32>,
}

impl IgResult {
    /// Largest gap relative to `|f(x) − f(baseline)|` (sequences with a zero difference are skipped).
    pub fn max_relative_gap(&self) -> f32 {
        self.gaps
            .iter()
            .zip(&self.deltas)
            .filter(|(_, d)| d.abs() > f32::EPSILON)
            .map(|(g, d)| g / d.abs())
            .fold(0.0, f32::max)
    }
}

/// Integrated gradients of output `opts.target` for `n` sequences `(N, 4, L)`.
pub fn integrated_gradients<B, M>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    opts: &IgOptions,
    device: &B::Device,
) -> Result<IgResult>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    check_batch(x, n, len)?;
    if opts.steps == 0 {
        return Err(InterpretError::InvalidInput("integrated gradients needs at least one step".into()));
    }
    let width = 4 * len;
    let (refs, k) = baselines(&opts.baseline, n, width)?;
    let mut values = vec![0.0f32; x.len()];
    let mut deltas = Vec::with_capacity(n);
    let mut gaps = Vec::with_capacity(n);
    for i in 0..n {
        let xi = &x[i * width..(i + 1) * width];
        let mut delta = 0.0f32;
        let out = &mut values[i * width..(i + 1) * width];
        for j in 0..k {
            let base = &refs[(i * k + j) * width..(i * k + j + 1) * width];
            let attr = path_attribution::<B, M>(model, xi, base, len, opts, device)?;
            out.iter_mut().zip(attr).for_each(|(o, a)| *o += a / k as f32);
            delta += endpoint_difference::<B, M>(model, xi, base, len, opts.target, device)? / k as f32;
        }
        let total: f32 = out.iter().sum();
        deltas.push(delta);
        gaps.push((total - delta).abs());
    }
    Ok(IgResult { attribution: Attribution::new(values, n, len)?, gaps, deltas })
}

/// Reference sequences `(N·k, 4, L)` and `k` for a baseline.
fn baselines(baseline: &Baseline, n: usize, width: usize) -> Result<(Vec<f32>, usize)> {
    match baseline {
        Baseline::Zeros => Ok((vec![0.0; n * width], 1)),
        Baseline::Uniform => Ok((vec![0.25; n * width], 1)),
        Baseline::References(refs) => {
            if refs.is_empty() || refs.len() % (n * width) != 0 {
                return Err(InterpretError::InvalidInput(format!(
                    "{} reference values are not a whole number k ≥ 1 of references per sequence ({} values each for {n} sequences)",
                    refs.len(),
                    width
                )));
            }
            Ok((refs.clone(), refs.len() / (n * width)))
        }
    }
}

/// `(x − b) · Σ_k w_k ∇f(b + α_k (x − b))` over the rule's points.
fn path_attribution<B, M>(
    model: &M,
    x: &[f32],
    base: &[f32],
    len: usize,
    opts: &IgOptions,
    device: &B::Device,
) -> Result<Vec<f32>>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    let width = x.len();
    let points = opts.rule.points(opts.steps);
    let mut summed = vec![0.0f32; width];
    for chunk in points.chunks(opts.batch_size.max(1)) {
        let mut inputs = Vec::with_capacity(chunk.len() * width);
        for &(alpha, _) in chunk {
            inputs.extend(x.iter().zip(base).map(|(xv, bv)| bv + alpha * (xv - bv)));
        }
        let grads = input_gradient::<B, M>(model, inputs, chunk.len(), len, opts.target, device)?;
        for (row, &(_, weight)) in grads.chunks(width).zip(chunk) {
            summed.iter_mut().zip(row).for_each(|(s, g)| *s += weight * g);
        }
    }
    Ok(summed.iter().zip(x.iter().zip(base)).map(|(g, (xv, bv))| g * (xv - bv)).collect())
}

/// `f(x) − f(base)` for the target logit.
fn endpoint_difference<B, M>(
    model: &M,
    x: &[f32],
    base: &[f32],
    len: usize,
    target: usize,
    device: &B::Device,
) -> Result<f32>
where
    B: AutodiffBackend,
    M: LogitModel<B>,
{
    let mut both = x.to_vec();
    both.extend_from_slice(base);
    let (logits, outputs) = eval_logits(model, both, 2, len, device)?;
    check_target(target, outputs)?;
    Ok(logits[target] - logits[outputs + target])
}
