//! `interpret_data_with_SequenceDNN`: ISM and integrated gradients of one positive and one negative test
//! sequence plotted over the embedded motifs, and attribution — DeepLIFT (rescale rule, from DragoNN's
//! 40 % GC reference, as the original), integrated gradients from the same reference, ISM — scored against
//! the ground truth on the test positives.

use std::path::Path;

use serde::Serialize;

use crate::backend::{Cpu, Train};
use crate::interpret::groundtruth::mean_defined;
use crate::interpret::{
    integrated_gradients, motif_auroc, top_k_in_motifs, Attribution, Baseline, IgOptions, IsmOptions, Reduce,
};
use crate::io::{Annotation, Dataset};
use crate::models::{Cnn, SequenceModel};
use crate::plot::{draw_tracks, Track, TrackOptions};
use crate::Result;

/// Top-k positions scored against the motifs (about one motif instance's width).
pub const TOP_K: usize = 10;
/// DeepLIFT's reference in DragoNN: the 40 % GC background at every position (A, C, G, T).
const GC40: [f32; 4] = [0.3, 0.2, 0.2, 0.3];

/// How much attribution work one model gets.
#[derive(Debug, Clone, Copy)]
pub struct AttribSpec {
    /// Integrated-gradients steps (midpoint rule).
    pub ig_steps: usize,
    /// Test positives scored with integrated gradients (the first ones in test order).
    pub ig_sample: usize,
    /// Test positives scored with ISM.
    pub ism_sample: usize,
}

/// Agreement of one attribution method with the embedded motifs over a set of positives.
#[derive(Debug, Clone, Serialize)]
pub struct GroundTruthScore {
    /// Sequences scored.
    pub sequences: usize,
    /// Mean per-sequence auROC of |attribution| (max over bases) at motif positions versus elsewhere.
    pub motif_auroc: f64,
    /// Mean fraction of the top-[`TOP_K`] positions that lie inside an embedded motif.
    pub top_k_in_motif: f64,
}

/// Attribution results of one model.
#[derive(Debug, Clone, Serialize)]
pub struct AttribSummary {
    /// DeepLIFT (rescale rule, 40 % GC reference) on the same test positives as integrated gradients.
    pub deeplift: GroundTruthScore,
    /// Largest |convergence delta| of DeepLIFT relative to max(1, |f(x) − f(reference)|) over those positives.
    pub deeplift_max_relative_delta: f64,
    /// Integrated gradients on the first `ig_sample` test positives.
    pub ig: GroundTruthScore,
    /// ISM on the first `ism_sample` test positives.
    pub ism: GroundTruthScore,
    /// Largest completeness gap of IG relative to f(x) − f(reference), over the scored positives.
    pub ig_max_relative_gap: f64,
    /// Test index of the plotted positive and negative.
    pub examples: [usize; 2],
}

fn gc40_references(n: usize, len: usize) -> Vec<f32> {
    let one: Vec<f32> = GC40.iter().flat_map(|&p| std::iter::repeat_n(p, len)).collect();
    one.repeat(n)
}

/// Integrated gradients from the 40 % GC reference for the given test sequences.
fn ig_of(model: &Cnn<Train>, data: &Dataset, indices: &[usize], steps: usize) -> Result<(Attribution, f64)> {
    let sub = data.subset(indices);
    let opts = IgOptions {
        steps,
        batch_size: steps,
        baseline: Baseline::References(gc40_references(sub.n(), sub.len)),
        ..Default::default()
    };
    let device = Default::default();
    let res = integrated_gradients::<Train, _>(&|x| model.forward_logits(x), &sub.x, sub.n(), sub.len, &opts, &device)?;
    let gap = f64::from(res.max_relative_gap());
    Ok((res.attribution, gap))
}

/// The DeepLIFT tracks of the scored test positives, for pattern discovery: one-hot inputs, hypothetical
/// contributions (both `(n, 4, len)`) and the embedded motifs.
pub struct DeepLiftTracks {
    /// One-hot inputs.
    pub x: Vec<f32>,
    /// Hypothetical contributions.
    pub hypothetical: Attribution,
    /// The embedded motifs of each sequence.
    pub annotations: Vec<Vec<Annotation>>,
}

/// DeepLIFT (rescale rule) from the 40 % GC reference for the given test sequences, its largest
/// convergence delta relative to max(1, |f(x) − f(reference)|), and the tracks.
fn deeplift_of(model: &Cnn<Cpu>, data: &Dataset, indices: &[usize]) -> Result<(Attribution, f64, DeepLiftTracks)> {
    let sub = data.subset(indices);
    let res = seq_interpret::deeplift::deep_lift(model, &sub.x, sub.n(), sub.len, 0, &gc40_references(1, sub.len))?;
    let gap = (0..sub.n())
        .map(|i| {
            let change = f64::from(res.logits[i] - res.reference_logits[i]).abs().max(1.0);
            f64::from(res.deltas[i]).abs() / change
        })
        .fold(0.0, f64::max);
    let tracks = DeepLiftTracks { x: sub.x, hypothetical: res.hypothetical, annotations: sub.annotations };
    Ok((res.attributions, gap, tracks))
}

/// ISM (Δ logit of every substitution) for the given test sequences, through seqdl's incremental ISM.
fn ism_of(model: &Cnn<Cpu>, data: &Dataset, indices: &[usize]) -> Result<Attribution> {
    let sub = data.subset(indices);
    let device = Default::default();
    Ok(seq_interpret::cnn_ism(model, &sub.x, sub.n(), sub.len, &IsmOptions::default(), &device)?)
}

fn score(attr: &Attribution, annotations: &[Vec<Annotation>]) -> Result<GroundTruthScore> {
    let aurocs = motif_auroc(attr, annotations, Reduce::Max)?;
    let all: Vec<usize> = (0..attr.n).collect();
    let top = top_k_in_motifs(attr, annotations, &all, TOP_K, Reduce::Max)?;
    Ok(GroundTruthScore {
        sequences: attr.n,
        motif_auroc: mean_defined(&aurocs).unwrap_or(f64::NAN),
        top_k_in_motif: top.iter().sum::<f64>() / top.len().max(1) as f64,
    })
}

/// ISM track: how much the logit drops, on average over the three substitutions, when a base is mutated
/// (positive = the reference base supports the positive class).
fn ism_track(attr: &Attribution, i: usize) -> Vec<f32> {
    attr.position_sums(i).into_iter().map(|s| -s / 3.0).collect()
}

fn spans(annotations: &[Annotation]) -> Vec<(usize, usize)> {
    annotations.iter().map(|a| (a.start, a.end)).collect()
}

/// Runs ISM and IG for the model, draws the example figure at `path` and scores the test positives; returns
/// the scores and the DeepLIFT tracks of the scored positives.
pub fn interpret_model(
    model: &Cnn<Train>,
    inference: &Cnn<Cpu>,
    test: &Dataset,
    spec: AttribSpec,
    path: &Path,
    title: &str,
) -> Result<(AttribSummary, DeepLiftTracks)> {
    let positives = test.positives(0);
    let negatives: Vec<usize> = (0..test.n()).filter(|i| !positives.contains(i)).collect();
    let (Some(&pos), Some(&neg)) = (positives.first(), negatives.first()) else {
        return Err(crate::Error::Step("the test set needs a positive and a negative example".into()));
    };
    let grad_model = model;
    let examples = [pos, neg];
    let ism_ex = ism_of(inference, test, &examples)?;
    let (ig_ex, _) = ig_of(grad_model, test, &examples, spec.ig_steps)?;
    let centre = crate::interpret::central_window(test.len, 150);
    let mut tracks = Vec::with_capacity(4);
    for (method, attr, label, track_of) in [
        ("ISM", &ism_ex, "−mean Δ logit", ism_track as fn(&Attribution, usize) -> Vec<f32>),
        ("integrated gradients", &ig_ex, "attribution", |a: &Attribution, i| a.position_sums(i)),
    ] {
        for (k, &idx) in examples.iter().enumerate().take(2) {
            tracks.push(Track {
                title: if k == 0 {
                    format!(
                        "{method}, positive test sequence: {} motifs (centre {}–{})",
                        test.annotations[idx].len(),
                        centre.start,
                        centre.end
                    )
                } else {
                    format!("{method}, negative test sequence: {} motifs anywhere", test.annotations[idx].len())
                },
                y_label: label.into(),
                values: track_of(attr, k),
                highlight: spans(&test.annotations[idx]),
            });
        }
    }
    let opts = TrackOptions {
        title: format!("{title}: attribution"),
        highlight_label: "embedded motif".into(),
        ..Default::default()
    };
    draw_tracks(path, &tracks, &opts)?;
    let pos_annotations: Vec<Vec<Annotation>> = positives.iter().map(|&i| test.annotations[i].clone()).collect();
    let ig_sample: Vec<usize> = positives.iter().copied().take(spec.ig_sample.max(1)).collect();
    let (ig_all, gap) = ig_of(grad_model, test, &ig_sample, spec.ig_steps)?;
    let ig = score(&ig_all, &pos_annotations[..ig_sample.len()])?;
    let (deeplift_all, delta, tracks) = deeplift_of(inference, test, &ig_sample)?;
    let deeplift = score(&deeplift_all, &pos_annotations[..ig_sample.len()])?;
    let sample: Vec<usize> = positives.iter().copied().take(spec.ism_sample.max(1)).collect();
    let ism_all = ism_of(inference, test, &sample)?;
    let ism = score(&ism_all, &pos_annotations[..sample.len()])?;
    let summary =
        AttribSummary { deeplift, deeplift_max_relative_delta: delta, ig, ism, ig_max_relative_gap: gap, examples };
    Ok((summary, tracks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gc40_reference_is_laid_out_channels_first_per_sequence() {
        let refs = gc40_references(2, 3);
        assert_eq!(refs.len(), 2 * 4 * 3);
        assert_eq!(&refs[..12], &[0.3, 0.3, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3]);
        assert_eq!(&refs[..12], &refs[12..]);
    }
}
