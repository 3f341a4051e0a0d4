//! ISM maps of the strongest variants (`seqdl variants --ism-top K --ism-flank F`).
//!
//! # Which variants
//! While the VCF streams, every scored variant is offered to a bounded heap ([`TopVariants`]) that keeps
//! the `K` with the largest |effect|, where the effect is the `logit_diff` of the target output (the
//! alternative minus the reference logit, averaged over strands with `--average-strands`: the value of the
//! TSV's `logit_diff_<output>` column). Ties go to the variant met first in the input (VCF order); a NaN
//! effect ranks below every number. Memory is `O(K)` whatever the number of variants. The target is
//! `--ism-target`, by default `seqdl explain`'s (class 1 of a two-class softmax, else output 0 — the first
//! output).
//!
//! # The maps
//! After the pass, the windows of the `K` variants are built again from the genome (seq-variants' rule:
//! the variant's first base at index `c = L/2`, see [`seq_variants::windows`]) and both the reference and
//! the alternative window get an ISM map over the positions `c − F ..= c + F` of the window: the change of
//! the target's logit for every single-base substitution there, 0 at the window's own base — `seqdl
//! explain --method ism`'s convention (same engine, target, logit scale, no centring), so a map equals
//! explain's ISM of the same window sequence at those positions. Each map is cropped to its `2F + 1`
//! columns. How they are written: [`super::ism_output`].
//!
//! With `--shard i/N` each shard keeps its own top `K` (the global top `K` is among the union of the shard
//! files) and its files carry the shard in their names like the other outputs; `seqdl merge` does not join
//! them.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::Path;

use seq_interpret::{Attribution, IsmOptions};
use seq_io::{Annotation, Dataset, Strand, UnknownPolicy};
use seq_variants::{SequenceSource, SkipReport, Variant, VariantError, WindowOptions};

use crate::backend::AppBackend;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::progress::Context;

/// Default `--ism-flank`: bases each side of the variant's first base.
pub const DEFAULT_FLANK: usize = 20;
/// Windows per ISM call (one progress step).
const CHUNK: usize = 64;

/// The checked ISM-map settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsmPlan {
    /// Variants mapped (`K ≥ 1`).
    pub top: usize,
    /// Bases each side of the variant.
    pub flank: usize,
    /// The output ranked and explained.
    pub target: usize,
    /// The mapped positions of the model's window: `c − F .. c + F + 1`.
    pub map: Range<usize>,
}

impl IsmPlan {
    /// Checks `top`, `flank` and `target` against a model of input length `length` with `outputs` outputs
    /// (`default_target` when no target is given). `top: None` with a flank or target given is an error.
    pub fn new(
        top: Option<usize>,
        flank: Option<usize>,
        target: Option<usize>,
        length: usize,
        outputs: usize,
        default_target: usize,
    ) -> Result<Option<IsmPlan>> {
        let Some(top) = top else {
            if flank.is_some() {
                return Err(AppError::option("--ism-flank", "applies with --ism-top only"));
            }
            if target.is_some() {
                return Err(AppError::option("--ism-target", "applies with --ism-top only"));
            }
            return Ok(None);
        };
        if top == 0 {
            return Err(AppError::option("--ism-top", "must be at least 1 (leave it out for no ISM maps)"));
        }
        let flank = flank.unwrap_or(DEFAULT_FLANK.min(max_flank(length)));
        if flank > max_flank(length) {
            return Err(AppError::option(
                "--ism-flank",
                format!(
                    "{flank}: the map (the variant ± {flank} bases) runs past the model's {length}-base window \
                     (the variant sits at index {}; at most {})",
                    seq_variants::windows::centre(length),
                    max_flank(length)
                ),
            ));
        }
        let target = target.unwrap_or(default_target);
        if target >= outputs {
            return Err(AppError::option("--ism-target", format!("{target}: the model has {outputs} output(s)")));
        }
        let c = seq_variants::windows::centre(length);
        Ok(Some(IsmPlan { top, flank, target, map: c - flank..c + flank + 1 }))
    }
}

/// The largest flank that keeps the map inside a window of `length`.
fn max_flank(length: usize) -> usize {
    let c = seq_variants::windows::centre(length);
    c.min(length.saturating_sub(c + 1))
}

/// A variant kept for a map: its effect and its place in the input.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The variant.
    pub variant: Variant,
    /// `logit_diff` of the target output.
    pub effect: f32,
    /// 0-based index among the variants scored by this run (input order).
    pub order: u64,
}

impl Ranked {
    fn key(&self) -> f32 {
        if self.effect.is_nan() {
            f32::NEG_INFINITY
        } else {
            self.effect.abs()
        }
    }

    /// `Less` when `self` ranks before `other` (larger |effect|, then earlier in the input).
    fn rank_cmp(&self, other: &Ranked) -> Ordering {
        other.key().total_cmp(&self.key()).then(self.order.cmp(&other.order))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.rank_cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// Greater = ranks later, so the heap's top is the weakest variant kept.
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank_cmp(other)
    }
}

/// The `K` variants with the largest |effect| seen so far (ties: the earliest), in `O(K)` memory.
#[derive(Debug, Clone)]
pub struct TopVariants {
    k: usize,
    heap: BinaryHeap<Ranked>,
    seen: u64,
}

impl TopVariants {
    /// Keeps at most `k` variants.
    pub fn new(k: usize) -> Self {
        TopVariants { k, heap: BinaryHeap::with_capacity(k.saturating_add(1).min(1 << 16)), seen: 0 }
    }

    /// Offers the next variant of the input with its effect (cloned only when it is kept).
    pub fn offer(&mut self, variant: &Variant, effect: f32) {
        let order = self.seen;
        self.seen += 1;
        if self.k == 0 {
            return;
        }
        let probe = |v: Variant| Ranked { variant: v, effect, order };
        if self.heap.len() == self.k {
            let worst = self.heap.peek().map_or(f32::INFINITY, Ranked::key);
            let key = if effect.is_nan() { f32::NEG_INFINITY } else { effect.abs() };
            // later in the input: kept only when strictly stronger than the weakest
            if key.total_cmp(&worst) != Ordering::Greater {
                return;
            }
            self.heap.pop();
        }
        self.heap.push(probe(variant.clone()));
    }

    /// The variants kept, strongest first.
    pub fn into_ranked(self) -> Vec<Ranked> {
        self.heap.into_sorted_vec()
    }
}

/// The maps of the ranked variants: rows `2r` (reference) and `2r + 1` (alternative) for rank `r`.
#[derive(Debug, Clone)]
pub struct IsmMaps {
    /// The variants, strongest first.
    pub ranked: Vec<Ranked>,
    /// 0-based genome position of each variant's window start (negative when padded).
    pub window_starts: Vec<i64>,
    /// ISM values `(2K, 4, 2F + 1)`.
    pub values: Attribution,
    /// The cropped windows (one-hot), row names and the variant's span as an annotation.
    pub input: Dataset,
    /// The model's prediction (after the head) of the target on each whole window.
    pub predictions: Vec<f32>,
}

/// Builds the windows of the ranked variants again and computes their maps (see the [module docs](self)).
#[allow(clippy::too_many_arguments)]
pub fn compute<B: AppBackend, M: AppModel<B>>(
    ranked: Vec<Ranked>,
    plan: &IsmPlan,
    genome: &dyn SequenceSource,
    windows: &WindowOptions,
    vcf: &Path,
    model: &M,
    incremental: bool,
    batch_size: usize,
    ctx: &Context,
    device: &B::Device,
) -> Result<IsmMaps> {
    let len = windows.length;
    let mut seqs: Vec<Vec<u8>> = Vec::with_capacity(2 * ranked.len());
    let mut window_starts = Vec::with_capacity(ranked.len());
    let mut scratch = SkipReport::default();
    for r in &ranked {
        let pair =
            seq_variants::windows::build_windows(genome, &r.variant, windows, vcf, &mut scratch)?.ok_or_else(|| {
                VariantError::Record {
                    path: vcf.to_path_buf(),
                    at: r.variant.at(),
                    message: "its windows, built when it was scored, cannot be built again for the ISM map".into(),
                }
            })?;
        window_starts.push(pair.start);
        seqs.push(pair.reference);
        seqs.push(pair.alternative);
    }
    let engine = if incremental { model.ism_engine() } else { None };
    let ism = IsmOptions { target: plan.target, batch_size, window: Some(plan.map.clone()), ..Default::default() };
    let (width, w) = (4 * len, plan.map.len());
    let mut values = Vec::with_capacity(seqs.len() * 4 * w);
    let mut x_maps = Vec::with_capacity(seqs.len() * 4 * w);
    let mut predictions = Vec::with_capacity(seqs.len());
    let progress = ctx.progress();
    progress.start(ranked.len() as u64, "ISM maps");
    for chunk in seqs.chunks(CHUNK) {
        let rows = chunk.len();
        let mut x = vec![0f32; rows * width];
        for (s, o) in chunk.iter().zip(x.chunks_exact_mut(width)) {
            seq_io::onehot::encode_into_unchecked(s, o, UnknownPolicy::Zeros);
        }
        let attr = match &engine {
            Some(fast) => seq_interpret::ism::cnn_ism_with(fast, &x, rows, len, &ism, &mut |_| {})?,
            None => {
                let logits = |t| model.forward_logits(t);
                seq_interpret::ism::<B, _>(&logits, &x, rows, len, &ism, device)?
            }
        };
        for row in 0..rows * 4 {
            values.extend_from_slice(&attr.values[row * len + plan.map.start..row * len + plan.map.end]);
            x_maps.extend_from_slice(&x[row * len + plan.map.start..row * len + plan.map.end]);
        }
        let names = vec![String::new(); rows];
        let whole = Dataset::new(x, Vec::new(), len, 0, names)?;
        let o = model.outputs();
        let p = seq_train::predict(model, &whole, batch_size, device)?;
        predictions.extend(p.chunks(o).map(|row| row[plan.target]));
        progress.advance(rows as u64 / 2);
    }
    progress.finish();
    let input = map_dataset(&ranked, plan, len, x_maps)?;
    let values = Attribution::new(values, 2 * ranked.len(), w)?;
    tracing::info!(variants = ranked.len(), flank = plan.flank, target = plan.target, "ISM maps computed");
    Ok(IsmMaps { ranked, window_starts, values, input, predictions })
}

/// `chrom:pos:REF>ALT`, the variant's name in the maps.
pub fn variant_label(v: &Variant) -> String {
    format!("{}:{}:{}>{}", v.chrom, v.pos, v.ref_allele, v.alt)
}

/// The cropped windows as a dataset: names `<label>/ref` and `<label>/alt`, the allele's span annotated.
fn map_dataset(ranked: &[Ranked], plan: &IsmPlan, len: usize, x: Vec<f32>) -> Result<Dataset> {
    let c = seq_variants::windows::centre(len) - plan.map.start;
    let w = plan.map.len();
    let mut names = Vec::with_capacity(2 * ranked.len());
    let mut annotations = Vec::with_capacity(2 * ranked.len());
    for r in ranked {
        let v = &r.variant;
        let label = variant_label(v);
        for (allele, n) in [("ref", v.ref_allele.len()), ("alt", v.alt.len())] {
            names.push(format!("{label}/{allele}"));
            let name = format!("{}>{}", v.ref_allele, v.alt);
            annotations.push(vec![Annotation { name, start: c, end: (c + n.max(1)).min(w), strand: Strand::Forward }]);
        }
    }
    Ok(Dataset::new(x, Vec::new(), w, 0, names)?.with_annotations(annotations)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn variant(pos: u64) -> Variant {
        Variant {
            chrom: "chr1".into(),
            vcf_chrom: "chr1".into(),
            chrom_rank: 0,
            pos,
            id: ".".into(),
            ref_allele: "A".into(),
            alt: "G".into(),
            kind: seq_variants::VariantKind::Snv,
            record_index: pos,
            alt_index: 0,
            n_alts: 1,
            line: None,
            raw: Arc::from(""),
        }
    }

    #[test]
    fn keeps_the_largest_absolute_effects_ties_by_input_order() {
        let effects = [0.5f32, -2.0, 1.0, f32::NAN, 2.0, -1.0, 3.0, 0.0];
        let mut top = TopVariants::new(4);
        for (i, &e) in effects.iter().enumerate() {
            top.offer(&variant(i as u64), e);
        }
        let got: Vec<(u64, f32)> = top.into_ranked().iter().map(|r| (r.variant.pos, r.effect)).collect();
        // |−2| ties |2|: the earlier (pos 1) first; |1| ties |−1|: pos 2 kept, pos 5 dropped
        assert_eq!(got, vec![(6, 3.0), (1, -2.0), (4, 2.0), (2, 1.0)]);
        let mut all = TopVariants::new(10);
        for (i, &e) in effects.iter().enumerate() {
            all.offer(&variant(i as u64), e);
        }
        let ranked = all.into_ranked();
        assert_eq!(ranked.len(), effects.len());
        assert!(ranked.last().is_some_and(|r| r.effect.is_nan()), "NaN ranks last");
    }

    #[test]
    fn plans_check_the_options() {
        let plan = IsmPlan::new(Some(3), None, None, 1000, 1, 0).expect("valid").expect("some");
        assert_eq!((plan.flank, plan.map.clone()), (20, 480..521));
        assert_eq!(IsmPlan::new(Some(1), Some(499), None, 1000, 1, 0).expect("valid").map(|p| p.map), Some(1..1000));
        let err = |r: Result<Option<IsmPlan>>| r.expect_err("invalid").to_string();
        assert!(err(IsmPlan::new(Some(0), None, None, 1000, 1, 0)).contains("--ism-top"));
        assert!(err(IsmPlan::new(Some(1), Some(500), None, 1000, 1, 0)).contains("--ism-flank"));
        assert!(err(IsmPlan::new(None, Some(5), None, 1000, 1, 0)).contains("--ism-flank"));
        assert!(err(IsmPlan::new(Some(1), None, Some(2), 1000, 2, 1)).contains("--ism-target"));
        assert_eq!(IsmPlan::new(None, None, None, 1000, 1, 0).expect("valid"), None);
        // a short model: the default flank shrinks to fit
        assert_eq!(IsmPlan::new(Some(1), None, None, 9, 1, 0).expect("valid").map(|p| p.map), Some(0..9));
    }
}
