//! First-layer convolution filters as motifs: raw-weight logos (DragoNN) and activation-based PFMs
//! (Basset / Koo: the input windows where a filter's activation exceeds a fraction of its maximum).

use std::path::Path;

use seq_io::Pfm;

use crate::error::{InterpretError, Result};
use crate::model::check_batch;

/// Default activation threshold as a fraction of each filter's maximum over the sequence set (Koo).
pub const DEFAULT_ACTIVATION_FRACTION: f32 = 0.5;

/// The first convolution layer of a model as plain arrays, so any model can be read (e.g. from
/// seq-models' `Cnn::conv_weights(0)` and `Cnn::conv_bias(0)`).
#[derive(Debug, Clone, PartialEq)]
pub struct FirstLayer {
    /// Kernel `(filters, 4, width)` row-major.
    pub weights: Vec<f32>,
    /// Bias per filter.
    pub bias: Vec<f32>,
    /// Number of filters.
    pub filters: usize,
    /// Kernel width.
    pub width: usize,
}

/// A PFM learned by one filter.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterPfm {
    /// Filter index.
    pub filter: usize,
    /// The PFM counted from the activating windows (`None` when the filter never activates above 0).
    pub pfm: Option<Pfm>,
    /// Number of windows counted.
    pub windows: usize,
    /// The filter's largest activation over the set.
    pub max_activation: f32,
}

impl FirstLayer {
    /// Wraps a kernel of shape `dims = [filters, 4, width]` and `filters` biases.
    pub fn new(weights: Vec<f32>, dims: [usize; 3], bias: Vec<f32>) -> Result<Self> {
        let [filters, channels, width] = dims;
        if channels != 4 || filters == 0 || width == 0 {
            return Err(InterpretError::InvalidInput(format!(
                "first-layer kernel must be (filters ≥ 1, 4, width ≥ 1), got {dims:?}"
            )));
        }
        if weights.len() != filters * 4 * width || bias.len() != filters {
            return Err(InterpretError::InvalidInput(format!(
                "kernel {dims:?} needs {} weights and {filters} biases, got {} and {}",
                filters * 4 * width,
                weights.len(),
                bias.len()
            )));
        }
        Ok(Self { weights, bias, filters, width })
    }

    /// Weight of `filter` for base channel `base` at kernel column `k`.
    pub fn weight(&self, filter: usize, base: usize, k: usize) -> f32 {
        self.weights[(filter * 4 + base) * self.width + k]
    }

    /// Raw-weight logo heights of `filter` (one `[A, C, G, T]` column per kernel position); with
    /// `centre`, each column's mean is subtracted (only relative weights matter for a one-hot input).
    pub fn raw_weight_heights(&self, filter: usize, centre: bool) -> Vec<[f32; 4]> {
        (0..self.width)
            .map(|k| {
                let col: [f32; 4] = std::array::from_fn(|b| self.weight(filter, b, k));
                let mean = if centre { col.iter().sum::<f32>() / 4.0 } else { 0.0 };
                col.map(|v| v - mean)
            })
            .collect()
    }

    /// Pre-activation outputs `(N, filters, len − width + 1)` over the windows that lie fully inside each
    /// sequence.
    pub fn activations(&self, x: &[f32], n: usize, len: usize) -> Result<Vec<f32>> {
        check_batch(x, n, len)?;
        let positions = self.window_count(len)?;
        let mut out = vec![0.0f32; n * self.filters * positions];
        for i in 0..n {
            let seq = &x[i * 4 * len..(i + 1) * 4 * len];
            for f in 0..self.filters {
                let row = &mut out[(i * self.filters + f) * positions..(i * self.filters + f + 1) * positions];
                row.iter_mut().for_each(|v| *v = self.bias[f]);
                for b in 0..4 {
                    for k in 0..self.width {
                        let w = self.weight(f, b, k);
                        let channel = &seq[b * len + k..b * len + k + positions];
                        row.iter_mut().zip(channel).for_each(|(v, xv)| *v += w * xv);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Number of full windows in a sequence of length `len`.
    fn window_count(&self, len: usize) -> Result<usize> {
        if len < self.width {
            return Err(InterpretError::InvalidInput(format!(
                "sequences of length {len} are shorter than the filters ({})",
                self.width
            )));
        }
        Ok(len - self.width + 1)
    }
}

/// Activation-based PFMs of every filter: the windows whose activation exceeds `fraction` × the filter's
/// maximum over the `n` sequences are summed (an all-zero column, i.e. an `N`, counts ¼ per base).
pub fn activation_pfms(layer: &FirstLayer, x: &[f32], n: usize, len: usize, fraction: f32) -> Result<Vec<FilterPfm>> {
    if !(0.0..=1.0).contains(&fraction) {
        return Err(InterpretError::InvalidInput(format!("activation fraction {fraction} is not in [0, 1]")));
    }
    let acts = layer.activations(x, n, len)?;
    let positions = layer.window_count(len)?;
    let mut result = Vec::with_capacity(layer.filters);
    for f in 0..layer.filters {
        let rows = (0..n).map(|i| &acts[(i * layer.filters + f) * positions..(i * layer.filters + f + 1) * positions]);
        let max_activation = rows.clone().flatten().copied().fold(f32::NEG_INFINITY, f32::max);
        if max_activation <= 0.0 {
            result.push(FilterPfm { filter: f, pfm: None, windows: 0, max_activation });
            continue;
        }
        let threshold = fraction * max_activation;
        let mut counts = vec![[0.0f64; 4]; layer.width];
        let mut windows = 0;
        for (i, row) in rows.enumerate() {
            for (start, _) in row.iter().enumerate().filter(|(_, &a)| a > threshold) {
                add_window(&mut counts, &x[i * 4 * len..(i + 1) * 4 * len], len, start);
                windows += 1;
            }
        }
        let pfm = Pfm::from_counts(format!("filter{f}"), counts)?;
        result.push(FilterPfm { filter: f, pfm: Some(pfm), windows, max_activation });
    }
    tracing::debug!(filters = layer.filters, sequences = n, "activation PFMs counted");
    Ok(result)
}

/// Adds the one-hot window of `seq` at `start` to `counts` (an empty column adds ¼ to each base).
fn add_window(counts: &mut [[f64; 4]], seq: &[f32], len: usize, start: usize) {
    for (k, col) in counts.iter_mut().enumerate() {
        let values: [f32; 4] = std::array::from_fn(|b| seq[b * len + start + k]);
        let total: f32 = values.iter().sum();
        for b in 0..4 {
            col[b] += if total > 0.0 { f64::from(values[b] / total) } else { 0.25 };
        }
    }
}

/// Writes the filters that have a PFM as MEME minimal format (named `filter<i>`, `nsites` = windows), so
/// TOMTOM can be run on them. Returns how many were written.
pub fn write_filters_meme(path: &Path, filters: &[FilterPfm]) -> Result<usize> {
    let motifs: Vec<Pfm> = filters.iter().filter_map(|f| f.pfm.clone()).collect();
    seq_io::motif::write_meme(path, &motifs)?;
    Ok(motifs.len())
}
