//! The CTCF model's first-layer filters as motifs (activation PFMs over the test sequences) compared with
//! JASPAR's CTCF matrix MA0139.1, and the best filter's TOMTOM matches among all JASPAR vertebrate motifs
//! (the rank and q-value of MA0139.1).

use super::super::{Check, Context, Threshold, TutorialReport};
use super::models::Trained;
use crate::backend::Cpu;
use crate::tomtom_rank::tomtom_rank;
use crate::{Error, Result};
use seq_interpret::figures::{filter_logos, pfm_logo_heights};
use seq_interpret::{activation_pfms, compare_pfms, FilterPfm, MotifMatch, DEFAULT_ACTIVATION_FRACTION};
use seq_io::motif::{read_motifs, MotifSet};
use seq_io::{Dataset, Pfm, Splits, Strand};
use seq_models::Cnn;
use seq_plot::{draw_logo_panels, LogoOptions, LogoPanel};
use serde::Serialize;
use std::path::Path;

/// Minimum number of aligned columns when a filter is compared with a motif.
pub const MIN_OVERLAP: usize = 10;

/// How the filters match MA0139.1.
pub struct FilterReport {
    /// Every filter's activation PFM.
    pub filters: Vec<FilterPfm>,
    /// `(filter, match)` for every filter with a PFM, best first.
    pub matches: Vec<(usize, MotifMatch)>,
    /// The JASPAR matrix.
    pub jaspar: Pfm,
    /// 1-based TOMTOM rank of MA0139.1 among the JASPAR vertebrate motifs for the best filter (`None` when
    /// the collection is missing or no filter has a PFM).
    pub rank_of_ctcf: Option<usize>,
    /// TOMTOM q-value of MA0139.1 over the collection for the best filter.
    pub q_of_ctcf: Option<f64>,
    /// The best filter's three closest JASPAR motifs by TOMTOM, `name description (q = …)`.
    pub closest: Vec<String>,
}

/// Activation PFMs of the first convolution over `test`, matched against `jaspar_path` (MA0139.1) and,
/// when given, ranked against the collection at `collection_path`.
pub fn analyse(
    model: &Cnn<Cpu>,
    test: &Dataset,
    jaspar_path: &Path,
    collection_path: Option<&Path>,
) -> Result<FilterReport> {
    let layer = seq_app::pipelines::filters::first_layer(model, Path::new("the ChIP-seq model"))?;
    let filters = activation_pfms(&layer, &test.x, test.n(), test.len, DEFAULT_ACTIVATION_FRACTION)?;
    let jaspar = read_motifs(jaspar_path)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Step(format!("{}: no motif", jaspar_path.display())))?;
    let mut matches: Vec<(usize, MotifMatch)> = filters
        .iter()
        .filter_map(|f| f.pfm.as_ref().and_then(|p| compare_pfms(p, &jaspar, MIN_OVERLAP)).map(|m| (f.filter, m)))
        .collect();
    matches.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    let (mut rank_of_ctcf, mut q_of_ctcf, mut closest) = (None, None, Vec::new());
    if let (Some(path), Some((best, _))) = (collection_path, matches.first()) {
        let set = MotifSet::from_file(path)?;
        if let Some(pfm) = filters[*best].pfm.as_ref() {
            let database: Vec<Pfm> = set.iter().cloned().collect();
            let r = tomtom_rank(pfm, &database, &path.display().to_string(), &jaspar.name)?;
            (rank_of_ctcf, q_of_ctcf, closest) = (r.rank, r.q_value, r.closest);
        }
    }
    tracing::info!(best = ?matches.first().map(|m| (m.0, m.1.score)), rank_of_ctcf, q_of_ctcf, "filters vs MA0139.1");
    Ok(FilterReport { filters, matches, jaspar, rank_of_ctcf, q_of_ctcf, closest })
}

/// Draws the best-matching filter (reverse-complemented when that strand matched) above MA0139.1, aligned
/// column for column.
pub fn draw_best_vs_jaspar(path: &Path, report: &FilterReport) -> Result<bool> {
    let Some((best, m)) = report.matches.first() else {
        return Ok(false);
    };
    let Some(pfm) = report.filters[*best].pfm.as_ref() else {
        return Ok(false);
    };
    let query = if m.strand == Strand::Reverse { pfm.reverse_complement() } else { pfm.clone() };
    let (wq, wt) = (query.len() as isize, report.jaspar.len() as isize);
    let (lo, hi) = (m.offset.min(0), (m.offset + wq).max(wt));
    let place = |heights: Vec<[f32; 4]>, start: isize| -> Vec<[f32; 4]> {
        (lo..hi)
            .map(|c| usize::try_from(c - start).ok().and_then(|k| heights.get(k).copied()).unwrap_or([0.0; 4]))
            .collect()
    };
    let strand = if m.strand == Strand::Reverse { ", reverse complement" } else { "" };
    let panels = vec![
        LogoPanel {
            title: format!(
                "learned filter {best}{strand} ({} windows), Pearson r = {:.3} over {} columns",
                report.filters[*best].windows, m.score, m.overlap
            ),
            heights: place(pfm_logo_heights(&query), m.offset),
        },
        LogoPanel {
            title: format!("JASPAR {} {}", report.jaspar.name, report.jaspar.description),
            heights: place(pfm_logo_heights(&report.jaspar), 0),
        },
    ];
    let opts = LogoOptions {
        title: "CTCF: best first-layer filter vs JASPAR MA0139.1".into(),
        x_label: "aligned position".into(),
        y_label: "bits".into(),
        y_range: Some((0.0, 2.0)),
        width_px: 1320,
        height_px: 420,
        ..LogoOptions::default()
    };
    draw_logo_panels(path, &panels, &opts)?;
    Ok(true)
}

/// Draws the `k` filters that match MA0139.1 best as stacked logos.
pub fn draw_top_filters(path: &Path, report: &FilterReport, k: usize) -> Result<bool> {
    let chosen: Vec<FilterPfm> = report.matches.iter().take(k).map(|(f, _)| report.filters[*f].clone()).collect();
    if chosen.is_empty() {
        return Ok(false);
    }
    filter_logos(path, &chosen, &format!("The {} CTCF filters closest to MA0139.1", chosen.len()))?;
    Ok(true)
}

/// The best filter's TOMTOM standing of MA0139.1 in JASPAR 2016 as two checks named after `model`: the rank
/// (info) and the q-value (≤ 0.01 in full runs, info in quick ones).
pub fn push_tomtom_checks(report: &mut TutorialReport, analysis: &FilterReport, model: &str, quick: bool) {
    let (Some(rank), Some(q)) = (analysis.rank_of_ctcf, analysis.q_of_ctcf) else { return };
    report.checks.push(Check::info(
        format!("{model}: TOMTOM rank of MA0139.1 among the 518 JASPAR 2016 motifs for the best filter"),
        rank as f64,
        "",
    ));
    let name = format!("{model}: TOMTOM q-value of MA0139.1 for the best filter");
    report.checks.push(if quick { Check::info(name, q, "") } else { Check::new(name, q, "", Threshold::AtMost(0.01)) });
}

/// The numbers of the filter analysis.
#[derive(Debug, Serialize)]
pub struct FilterNumbers {
    filters_with_pfm: usize,
    best_filter: Option<usize>,
    best_pearson: Option<f64>,
    filters_above_0_5: usize,
    rank_of_ma0139_for_best_filter: Option<usize>,
    q_of_ma0139_for_best_filter: Option<f64>,
    closest_jaspar: Vec<String>,
}

/// The CTCF regularised model's filters against MA0139.1: checks and two figures.
pub fn filter_analysis(
    ctx: &Context,
    report: &mut TutorialReport,
    model: &Trained,
    splits: &Splits,
    jaspar: &Path,
) -> Result<FilterNumbers> {
    let collection = ctx.data_file("jaspar/pfm_vertebrates.txt").ok();
    let analysis = analyse(&model.fitted.model, &splits.test, jaspar, collection.as_deref())?;
    let best = analysis.matches.first().map(|(f, m)| (*f, m.score));
    let floor = if ctx.quick { 0.3 } else { 0.5 };
    report.checks.push(Check::new(
        "CTCF regularized: best filter–MA0139.1 Pearson correlation",
        best.map_or(f64::NAN, |b| b.1),
        "CTCF-like filters (tutorial's saliency resembles the CTCF motif)",
        Threshold::AtLeast(floor),
    ));
    let above = analysis.matches.iter().filter(|(_, m)| m.score >= 0.5).count();
    report.checks.push(Check::info("CTCF regularized: filters with Pearson ≥ 0.5 to MA0139.1", above as f64, ""));
    push_tomtom_checks(report, &analysis, "CTCF regularized", ctx.quick);
    let best_png = ctx.out("ctcf_best_filter_vs_ma0139.png");
    if draw_best_vs_jaspar(&best_png, &analysis)? {
        report.figure(
            ctx,
            "The first-layer filter closest to CTCF (activation PFM over the test set) aligned with JASPAR MA0139.1.",
            &best_png,
        );
    }
    let top_png = ctx.out("ctcf_top_filters.png");
    if draw_top_filters(&top_png, &analysis, 6)? {
        report.figure(
            ctx,
            "The six first-layer filters closest to MA0139.1 (information-content logos of their activation PFMs).",
            &top_png,
        );
    }
    if !analysis.closest.is_empty() {
        report.notes.push(format!(
            "Closest JASPAR vertebrate motifs of the best CTCF filter (TOMTOM, Euclidean, q over the collection): {}.",
            analysis.closest.join("; ")
        ));
    }
    Ok(FilterNumbers {
        filters_with_pfm: analysis.filters.iter().filter(|f| f.pfm.is_some()).count(),
        best_filter: best.map(|b| b.0),
        best_pearson: best.map(|b| b.1),
        filters_above_0_5: above,
        rank_of_ma0139_for_best_filter: analysis.rank_of_ctcf,
        q_of_ma0139_for_best_filter: analysis.q_of_ctcf,
        closest_jaspar: analysis.closest,
    })
}
