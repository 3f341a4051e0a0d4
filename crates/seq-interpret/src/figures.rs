//! Figures through seq-plot: attribution logos (raw heights), PFM logos (information content), 4 × L
//! attribution and ISM heat maps, and the primer's saliency bar plot with the motif highlighted.

use std::ops::Range;
use std::path::Path;

use seq_io::{Annotation, Pfm};
use seq_plot::bars::{draw_bar_plot, BarOptions};
use seq_plot::heatmap::{draw_heatmap, HeatmapOptions};
use seq_plot::logo::{draw_logo_panels, LogoPanel};
use seq_plot::{draw_logo, information_logo_heights, Highlight, LogoOptions};

use crate::error::{InterpretError, Result};
use crate::filters::FilterPfm;
use crate::model::Attribution;

/// Information-content heights of a PFM (`p · IC` per base, in bits).
pub fn pfm_logo_heights(pfm: &Pfm) -> Vec<[f32; 4]> {
    information_logo_heights(&pfm.probs)
}

/// Draws `pfm` as an information-content logo (0–2 bits) titled `title`.
pub fn pfm_logo(path: &Path, pfm: &Pfm, title: &str) -> Result<()> {
    let opts = LogoOptions {
        title: title.to_string(),
        y_label: "bits".into(),
        y_range: Some((0.0, 2.0)),
        width_px: logo_width(pfm.len()),
        ..Default::default()
    };
    Ok(draw_logo(path, &pfm_logo_heights(pfm), &opts)?)
}

/// Draws the PFM of every filter that has one, stacked (panel titles give the filter and its window count).
pub fn filter_logos(path: &Path, filters: &[FilterPfm], title: &str) -> Result<()> {
    let panels: Vec<LogoPanel> = filters
        .iter()
        .filter_map(|f| {
            f.pfm.as_ref().map(|p| LogoPanel {
                title: format!("filter {} ({} window{})", f.filter, f.windows, if f.windows == 1 { "" } else { "s" }),
                heights: pfm_logo_heights(p),
            })
        })
        .collect();
    let width = panels.first().map_or(19, |p| p.heights.len());
    let opts = LogoOptions {
        title: title.to_string(),
        y_label: "bits".into(),
        y_range: Some((0.0, 2.0)),
        width_px: logo_width(width),
        height_px: 260,
        ..Default::default()
    };
    Ok(draw_logo_panels(path, &panels, &opts)?)
}

/// Draws sequence `i` of `attr` over `window` as a raw-height logo (positive up, negative down), with
/// `annotations` (positions in sequence coordinates) shaded.
pub fn attribution_logo(
    path: &Path,
    attr: &Attribution,
    i: usize,
    window: Range<usize>,
    annotations: &[Annotation],
    title: &str,
) -> Result<()> {
    let window = check_window(attr, i, window)?;
    let opts = LogoOptions {
        title: title.to_string(),
        y_label: "attribution".into(),
        start_position: window.start as i64,
        highlight: highlights(annotations, &window),
        width_px: logo_width(window.len()),
        ..Default::default()
    };
    Ok(draw_logo(path, &attr.columns(i, window.start, window.end), &opts)?)
}

/// Draws sequence `i` of `attr` over `window` as a 4 × L heat map (rows A, C, G, T), colour bar labelled
/// `colorbar_label`, motifs outlined.
pub fn attribution_heatmap(
    path: &Path,
    attr: &Attribution,
    i: usize,
    window: Range<usize>,
    annotations: &[Annotation],
    title: &str,
    colorbar_label: &str,
) -> Result<()> {
    let window = check_window(attr, i, window)?;
    let rows: Vec<Vec<f32>> = (0..4).map(|b| window.clone().map(|p| attr.get(i, b, p)).collect()).collect();
    let opts = HeatmapOptions {
        title: title.to_string(),
        y_label: "base".into(),
        colorbar_label: colorbar_label.to_string(),
        highlight: highlights(annotations, &window),
        width_px: logo_width(window.len()).max(900),
        height_px: (logo_width(window.len()).max(900) * 2 / 5).max(420),
        ..Default::default()
    };
    Ok(draw_heatmap(path, &rows, &["A", "C", "G", "T"], window.start as i64, &opts)?)
}

/// The ISM heat map of sequence `i` (substitution effect per base and position).
pub fn ism_heatmap(
    path: &Path,
    ism: &Attribution,
    i: usize,
    window: Range<usize>,
    annotations: &[Annotation],
    title: &str,
) -> Result<()> {
    attribution_heatmap(path, ism, i, window, annotations, title, "Δ logit")
}

/// The primer tutorial's saliency bar plot: one bar per position, the `motifs` spans highlighted.
pub fn saliency_bars(path: &Path, values: &[f32], motifs: &[Annotation], title: &str) -> Result<()> {
    let spans: Vec<(usize, usize)> = motifs.iter().map(|a| (a.start, a.end.min(values.len()))).collect();
    let opts = BarOptions {
        title: title.to_string(),
        y_label: "saliency".into(),
        bar_label: "saliency".into(),
        highlight_label: "motif".into(),
        width_px: logo_width(values.len()).max(900),
        height_px: 500,
        ..Default::default()
    };
    Ok(draw_bar_plot(path, values, &spans, &opts)?)
}

/// Annotations overlapping `window`, shifted into window coordinates.
fn highlights(annotations: &[Annotation], window: &Range<usize>) -> Vec<Highlight> {
    annotations
        .iter()
        .filter(|a| a.start < window.end && a.end > window.start)
        .map(|a| {
            Highlight::new(
                a.start.max(window.start) - window.start,
                a.end.min(window.end) - window.start,
                a.name.clone(),
            )
        })
        .collect()
}

/// A width giving each column about 14–24 px, between 600 and 1600 px.
fn logo_width(columns: usize) -> u32 {
    (columns as u32 * 16 + 200).clamp(600, 1600)
}

fn check_window(attr: &Attribution, i: usize, window: Range<usize>) -> Result<Range<usize>> {
    if i >= attr.n || window.start >= window.end || window.end > attr.len {
        return Err(InterpretError::InvalidInput(format!(
            "cannot draw sequence {i} positions {window:?}: there are {} sequences of length {}",
            attr.n, attr.len
        )));
    }
    Ok(window)
}
