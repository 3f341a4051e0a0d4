//! Saliency (∂ logit / ∂ input of the pre-sigmoid output) and gradient × input of the ten test sequences
//! the model scores highest, drawn as stacked logos.

use crate::backend::Train;
use crate::Result;
use seq_interpret::{grad_times_input, saliency, Attribution};
use seq_io::onehot::decode;
use seq_io::{Dataset, Pfm};
use seq_models::{Cnn, SequenceModel};
use seq_plot::{draw_logo_panels, LogoOptions, LogoPanel};
use std::path::Path;

/// Number of sequences explained (as in the tutorial).
pub const TOP: usize = 10;

/// Attributions of the top-scoring test sequences.
pub struct TopAttributions {
    /// Test indices, highest prediction first.
    pub indices: Vec<usize>,
    /// Their predicted probabilities.
    pub scores: Vec<f32>,
    /// Saliency `(TOP, 4, L)`.
    pub saliency: Attribution,
    /// Gradient × input `(TOP, 4, L)`.
    pub grad_x_input: Attribution,
}

/// The `k` test indices with the highest predictions (ties: lower index first).
pub fn top_indices(predictions: &[f32], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..predictions.len()).collect();
    idx.sort_by(|&a, &b| predictions[b].total_cmp(&predictions[a]).then(a.cmp(&b)));
    idx.truncate(k);
    idx
}

/// Saliency and gradient × input of output 0's logit for the `TOP` best-scored sequences of `test`.
/// `model` must run without dropout (see `models::without_dropout`).
pub fn explain_top(model: &Cnn<Train>, test: &Dataset, predictions: &[f32]) -> Result<TopAttributions> {
    let device = Default::default();
    let indices = top_indices(predictions, TOP);
    let subset = test.subset(&indices);
    let logits = |x| model.forward_logits(x);
    let sal = saliency::<Train, _>(&logits, &subset.x, subset.n(), subset.len, 0, TOP, &device)?;
    let gxi = grad_times_input::<Train, _>(&logits, &subset.x, subset.n(), subset.len, 0, TOP, &device)?;
    let scores = indices.iter().map(|&i| predictions[i]).collect();
    Ok(TopAttributions { indices, scores, saliency: sal, grad_x_input: gxi })
}

/// The `width`-long window of sequence `i` holding the most |attribution| (the whole sequence when it is
/// shorter).
pub fn best_window(attr: &Attribution, i: usize, width: usize) -> std::ops::Range<usize> {
    if attr.len <= width {
        return 0..attr.len;
    }
    let mass: Vec<f32> = (0..attr.len).map(|p| (0..4).map(|b| attr.get(i, b, p).abs()).sum()).collect();
    let mut sum: f32 = mass[..width].iter().sum();
    let (mut best, mut best_start) = (sum, 0);
    for start in 1..=attr.len - width {
        sum += mass[start + width - 1] - mass[start - 1];
        if sum > best {
            best = sum;
            best_start = start;
        }
    }
    best_start..best_start + width
}

/// Draws the `TOP` attributions of `attr` stacked, each over its `windows[k]`, titled with the test index,
/// the prediction and the window.
pub fn draw_panels(
    path: &Path,
    top: &TopAttributions,
    attr: &Attribution,
    windows: &[std::ops::Range<usize>],
    title: &str,
    y_label: &str,
) -> Result<()> {
    let panels: Vec<LogoPanel> = (0..attr.n)
        .map(|k| {
            let w = &windows[k];
            let span =
                if w.len() == attr.len { String::new() } else { format!(", positions {}–{}", w.start, w.end - 1) };
            LogoPanel {
                title: format!("test sequence {} (p = {:.3}){span}", top.indices[k], top.scores[k]),
                heights: attr.columns(k, w.start, w.end),
            }
        })
        .collect();
    let columns = windows.first().map_or(100, |w| w.len());
    let opts = LogoOptions {
        title: title.to_string(),
        x_label: if windows.iter().all(|w| w.len() == attr.len) {
            "position".into()
        } else {
            "position in window".into()
        },
        y_label: y_label.to_string(),
        width_px: (columns as u32 * 14 + 260).clamp(900, 1600),
        height_px: 300,
        ..LogoOptions::default()
    };
    Ok(draw_logo_panels(path, &panels, &opts)?)
}

/// For each explained sequence, whether the position with the largest summed gradient × input lies inside
/// the best-scoring site of `motif` (either strand). Returns the fraction.
pub fn peak_in_motif(top: &TopAttributions, test: &Dataset, motif: &Pfm) -> f64 {
    let pwm = motif.to_pwm([0.25; 4], 0.01);
    let rc = motif.reverse_complement().to_pwm([0.25; 4], 0.01);
    let hits = top
        .indices
        .iter()
        .enumerate()
        .filter(|(k, &i)| {
            let seq = decode(test.seq(i), test.len).into_bytes();
            let sums = top.grad_x_input.position_sums(*k);
            let peak = (0..sums.len()).max_by(|&a, &b| sums[a].total_cmp(&sums[b])).unwrap_or(0);
            let site =
                [pwm.best_score(&seq), rc.best_score(&seq)].into_iter().flatten().max_by(|a, b| a.1.total_cmp(&b.1));
            site.is_some_and(|(start, _)| (start..start + pwm.len()).contains(&peak))
        })
        .count();
    hits as f64 / top.indices.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_indices_sort_by_prediction_then_index() {
        assert_eq!(top_indices(&[0.2, 0.9, 0.5, 0.9, 0.1], 3), vec![1, 3, 2]);
        assert_eq!(top_indices(&[0.3], 10), vec![0]);
    }

    #[test]
    fn best_window_holds_the_largest_attribution_mass() {
        // one sequence of length 10; |attribution| peaks at positions 6 and 7
        let mut values = vec![0.0f32; 40];
        values[6] = 1.0; // A at 6
        values[2 * 10 + 7] = -2.0; // G at 7
        values[3 * 10 + 1] = 0.5; // T at 1
        let attr = Attribution::new(values, 1, 10).unwrap();
        let w = best_window(&attr, 0, 3);
        assert!(w.contains(&6) && w.contains(&7) && w.len() == 3, "{w:?}");
        assert_eq!(best_window(&attr, 0, 20), 0..10);
    }
}
