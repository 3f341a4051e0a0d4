//! DeepLIFT multipliers for CNNs on plain `f32` slices (the rescale rule and DeepExplainer's max-pool rule,
//! as tangermeme's `deep_lift_shap`), for many (input, reference) pairs at once.
//!
//! What makes it cheaper than running the stacked `[inputs; references]` batch through autodiff:
//!
//! * each input's forward pass runs **once** for all of its references (DeepSHAP uses 20), each reference's
//!   once, and a pair's backward reuses both traces;
//! * dense convolutions use the register-tiled micro-kernel of the training kernels, and a first convolution
//!   over one-hot input is a table gather;
//! * the backward is **sparse**: below a max-pool only the two arg-maxes of each window (the input's and the
//!   reference's) carry a multiplier, so a transposed convolution visits only non-zero multipliers;
//! * the reference half's multipliers are tracked only while a max-pool below still reads them, and only
//!   where they differ from the input half's (where `|Δin| < 1e-6` and the two gradients differ).
//!
//! The layers are [`crate::ism`]'s ([`Stage`], [`Dense`]); activations are position-major `(L, C)`.

mod backward;
mod forward;

use rayon::prelude::*;

use self::forward::{Scratch, Trace};
use crate::cpu::onehot::GatherTable;
use crate::cpu::{Isa, PackedWeights};
use crate::error::{KernelError, Result};
use crate::ism::{Dense, Stage};

/// Below this `|Δin|` the rescale rule uses each half's gradient instead of `Δout / Δin` (tangermeme's
/// `_nonlinear`).
pub const RESCALE_EPS: f32 = 1e-6;

/// DeepLIFT multipliers of a batch of (input, reference) pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct PairMultipliers {
    /// Multipliers `∂_DeepLIFT logit / ∂x` of each pair's input, `(pairs, 4, L)` channels-first.
    pub multipliers: Vec<f32>,
    /// Logits of the inputs, `(inputs, outputs)`.
    pub input_logits: Vec<f32>,
    /// Logits of the references, `(pairs, outputs)`.
    pub reference_logits: Vec<f32>,
}

/// The kernels of one convolution stage, prepared once.
#[derive(Debug, Clone)]
struct ConvKernels {
    /// For the tiled forward over dense input.
    packed: PackedWeights,
    /// For the gather forward of a first convolution over one-hot input.
    gather: Option<GatherTable>,
    /// The kernel as `[filter][tap][channel]`, for the sparse transposed convolution.
    fkc: Vec<f32>,
}

/// A CNN as plain `f32` layers for DeepLIFT (build once, run on many batches).
#[derive(Debug, Clone)]
pub struct DeepLift {
    stages: Vec<Stage>,
    dense: Vec<Dense>,
    kernels: Vec<Option<ConvKernels>>,
    input_length: usize,
    outputs: usize,
    isa: Isa,
}

impl DeepLift {
    /// An engine over `stages` (feature layers in order, inputs `(input_length, 4)`) and `dense` (at least one;
    /// the last gives the `outputs` logits). Fails when the layers' sizes do not chain.
    pub fn new(stages: Vec<Stage>, dense: Vec<Dense>, input_length: usize, outputs: usize) -> Result<Self> {
        let bad = |what: String| Err(KernelError::InvalidInput(format!("DeepLIFT engine: {what}")));
        let (mut channels, mut len) = (4usize, input_length);
        let mut kernels = Vec::with_capacity(stages.len());
        for (s, stage) in stages.iter().enumerate() {
            let (c_in, l_in) = match stage {
                Stage::Conv(c) => (c.channels, c.len_in),
                Stage::Pool(p) => (p.channels, p.len_in),
                Stage::Global(g) => (g.channels, g.len_in),
            };
            if (c_in, l_in) != (channels, len) {
                return bad(format!("stage {s} takes ({l_in}, {c_in}) but receives ({len}, {channels})"));
            }
            kernels.push(match stage {
                Stage::Conv(c) => {
                    if c.wt.len() != c.width * c.channels * c.filters || c.bias.len() != c.filters {
                        return bad(format!("convolution {s} has {} weights and {} biases", c.wt.len(), c.bias.len()));
                    }
                    if c.width == 0 || c.len_out == 0 || c.pad_left >= c.width + c.len_in {
                        return bad(format!("convolution {s} of width {} gives {} outputs", c.width, c.len_out));
                    }
                    (channels, len) = (c.filters, c.len_out);
                    Some(ConvKernels::new(c, s == 0))
                }
                Stage::Pool(p) => {
                    if p.width == 0 || p.stride == 0 || p.len_out == 0 || (p.len_out - 1) * p.stride + p.width > len {
                        return bad(format!("max-pool {s} of {} windows does not fit {len} positions", p.len_out));
                    }
                    len = p.len_out;
                    None
                }
                Stage::Global(_) => {
                    if len == 0 {
                        return bad(format!("global max-pool {s} over no positions"));
                    }
                    len = 1;
                    None
                }
            });
        }
        let mut d_in = channels * len;
        for (i, d) in dense.iter().enumerate() {
            if d.d_in != d_in || d.w.len() != d.d_in * d.d_out || d.bias.len() != d.d_out {
                return bad(format!("dense layer {i} is ({}, {}) but receives {d_in} values", d.d_in, d.d_out));
            }
            d_in = d.d_out;
        }
        if dense.is_empty() || d_in != outputs {
            return bad(format!("the dense layers must end on {outputs} logits"));
        }
        Ok(Self { stages, dense, kernels, input_length, outputs, isa: Isa::detect() })
    }

    /// Sequence length the model takes.
    pub fn input_length(&self) -> usize {
        self.input_length
    }

    /// Number of logits.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// DeepLIFT multipliers of logit `target` for `references.len() / (4·L)` pairs: pair `p` is input
    /// `owners[p]` of `inputs` `(n, 4, L)` against reference `p` of `references` `(pairs, 4, L)`, both
    /// channels-first. Inputs and references run in parallel on rayon's pool; the result does not depend on
    /// the number of threads.
    pub fn multipliers(
        &self,
        inputs: &[f32],
        n: usize,
        references: &[f32],
        owners: &[usize],
        target: usize,
    ) -> Result<PairMultipliers> {
        let width = 4 * self.input_length;
        if target >= self.outputs {
            return Err(KernelError::InvalidInput(format!(
                "output {target} requested, the model has {} outputs",
                self.outputs
            )));
        }
        if inputs.len() != n * width || references.len() != owners.len() * width {
            return Err(KernelError::InvalidInput(format!(
                "expected {n} inputs and {} references of 4 × {} values, got {} and {} values",
                owners.len(),
                self.input_length,
                inputs.len(),
                references.len()
            )));
        }
        if let Some(&bad) = owners.iter().find(|&&i| i >= n) {
            return Err(KernelError::InvalidInput(format!("reference of input {bad}, but there are {n} inputs")));
        }
        let traces: Vec<Trace> =
            inputs.par_chunks(width).map_init(Scratch::default, |s, seq| self.forward(seq, s)).collect();
        let o = self.outputs;
        let pairs = owners.len();
        let mut multipliers = vec![0.0f32; pairs * width];
        let mut reference_logits = vec![0.0f32; pairs * o];
        multipliers
            .par_chunks_mut(width)
            .zip(reference_logits.par_chunks_mut(o))
            .zip(references.par_chunks(width).zip(owners.par_iter()))
            .for_each_init(
                || (Scratch::default(), Trace::default()),
                |(s, r), ((m, logits), (reference, &owner))| {
                    self.forward_into(reference, s, r);
                    self.backward(&traces[owner], r, target, s, m);
                    logits.copy_from_slice(r.logits());
                },
            );
        let input_logits = traces.iter().flat_map(|t| t.logits().iter().copied()).collect();
        Ok(PairMultipliers { multipliers, input_logits, reference_logits })
    }
}

impl ConvKernels {
    fn new(c: &crate::ism::Conv, first: bool) -> Self {
        let (f, ch, k) = (c.filters, c.channels, c.width);
        let mut weight = vec![0.0f32; f * ch * k];
        let mut fkc = vec![0.0f32; f * k * ch];
        for kk in 0..k {
            for cc in 0..ch {
                for ff in 0..f {
                    let w = c.wt[(kk * ch + cc) * f + ff];
                    weight[(ff * ch + cc) * k + kk] = w;
                    fkc[(ff * k + kk) * ch + cc] = w;
                }
            }
        }
        let gather = (first && ch == 4).then(|| GatherTable::new(&weight, &c.bias, f, k));
        Self { packed: PackedWeights::new(&weight, &c.bias, f, ch, k), gather, fkc }
    }
}
