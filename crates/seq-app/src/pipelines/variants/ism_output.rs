//! The files of the ISM maps ([`super::ism_maps`]), each written atomically:
//! - `<out>.ism.h5`: `seqdl explain`'s attribution layout ([`AttributionFile`], method `ism`): `attributions`
//!   `(2K, 4, 2F + 1)`, `predictions` (the model's prediction of the target on each whole window),
//!   `target`, and the cropped windows as split `input` (`x_input`, `names_input` = `chrom:pos:REF>ALT/ref`
//!   or `/alt`, `ann_input_*` = the allele's span). Row `2r` is the reference window of rank `r`, row
//!   `2r + 1` its alternative window. Not written when no variant was scored.
//! - `<out>.ism-logos/<rank>_<chrom>_<pos>_<REF>_<ALT>.png`: per variant, the reference and the alternative
//!   map as logos stacked on one y scale, each titled with the variant and its `logit_diff`.
//! - `<out>.ism.tsv` (written last): one row per map — `index` (row of the HDF5), `rank`, `allele`
//!   (`ref`/`alt`), `chrom`, `pos`, `id`, `ref`, `alt`, `prediction`, `logit_diff_<output>`, `offset` (index in
//!   the model's window of the map's first column, `L/2 − F`), `genome_start` (1-based genome position of
//!   that column; past an indel the alternative's columns are shifted) and `logo` (file name).
//!
//! With a shard, every name carries it as the score files do: `<out>.shard-i-of-N.ism.h5` …

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use seq_io::h5::arrays::AttributionFile;
use seq_plot::logo::{draw_logo_panels, LogoPanel};
use seq_plot::{Highlight, LogoOptions};
use seq_variants::order::format_score;
use seq_variants::Shard;

use super::ism_maps::{variant_label, IsmMaps, IsmPlan};
use crate::error::{AppError, Result};
use crate::output::{create_dir, file_stem, write_text};

/// Where the ISM maps go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsmPaths {
    /// The attribution file.
    pub h5: PathBuf,
    /// The index of its rows.
    pub index: PathBuf,
    /// The folder of the logos.
    pub logos: PathBuf,
}

impl IsmPaths {
    /// The paths for output prefix `out` and shard `shard` (`None`: the unsharded run).
    pub fn new(out: &Path, shard: Option<Shard>) -> Self {
        let with = |ext: &str| {
            let base = PathBuf::from(format!("{}.{ext}", out.display()));
            match shard {
                Some(s) => seq_variants::resume::shard_output_path(&base, s),
                None => base,
            }
        };
        IsmPaths { h5: with("ism.h5"), index: with("ism.tsv"), logos: with("ism-logos") }
    }
}

fn header(effect_column: &str) -> String {
    format!("index\trank\tallele\tchrom\tpos\tid\tref\talt\tprediction\t{effect_column}\toffset\tgenome_start\tlogo\n")
}

/// The logo file name of rank `rank` of `count`.
fn logo_name(rank: usize, count: usize, label: &str) -> String {
    let digits = count.saturating_sub(1).to_string().len().max(2);
    format!("{rank:0digits$}_{}.png", file_stem(label))
}

/// Writes the HDF5, the logos and then the index. `effect_column` is the TSV column of the ranked effect
/// (`logit_diff_<output>`).
pub fn write(maps: &IsmMaps, plan: &IsmPlan, paths: &IsmPaths, effect_column: &str) -> Result<()> {
    let k = maps.ranked.len();
    if k > 0 {
        let file = AttributionFile::new(
            "ism",
            plan.target,
            maps.values.values.clone(),
            maps.predictions.clone(),
            maps.input.clone(),
        )?;
        file.write(&paths.h5)?;
        create_dir(&paths.logos)?;
    } else {
        tracing::warn!(index = %paths.index.display(), "no variant scored: no ISM maps");
    }
    let mut text = header(effect_column);
    for (rank, r) in maps.ranked.iter().enumerate() {
        let v = &r.variant;
        let logo = logo_name(rank, k, &variant_label(v));
        draw_pair(maps, plan, rank, &paths.logos.join(&logo), effect_column)?;
        for (j, allele) in ["ref", "alt"].into_iter().enumerate() {
            let row = 2 * rank + j;
            let genome_start = maps.window_starts[rank] + plan.map.start as i64 + 1;
            // infallible: writing to a String
            let _ = writeln!(
                text,
                "{row}\t{rank}\t{allele}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{genome_start}\t{logo}",
                v.chrom,
                v.pos,
                v.id,
                v.ref_allele,
                v.alt,
                format_score(maps.predictions[row]),
                format_score(r.effect),
                plan.map.start,
            );
        }
    }
    write_text(&paths.index, &text)?;
    tracing::info!(maps = 2 * k, index = %paths.index.display(), "ISM maps written");
    Ok(())
}

/// The logo of rank `rank`: reference above alternative, one y scale, the variant's first base shaded.
fn draw_pair(maps: &IsmMaps, plan: &IsmPlan, rank: usize, path: &Path, effect_column: &str) -> Result<()> {
    let r = &maps.ranked[rank];
    let v = &r.variant;
    let w = plan.map.len();
    let name = if v.id == "." { String::new() } else { format!("{} ", v.id) };
    let what = format!("{name}{}:{} {}>{}, {effect_column} {:.4}", v.chrom, v.pos, v.ref_allele, v.alt, r.effect);
    let panels: Vec<LogoPanel> = [("reference", 2 * rank), ("alternative", 2 * rank + 1)]
        .into_iter()
        .map(|(allele, row)| LogoPanel { title: format!("{allele}: {what}"), heights: maps.values.columns(row, 0, w) })
        .collect();
    let centre = plan.flank;
    let opts = LogoOptions {
        title: format!("ISM (Δ logit of output {}), variant ± {} bases", plan.target, plan.flank),
        y_label: "Δ logit".into(),
        start_position: maps.window_starts[rank] + plan.map.start as i64 + 1,
        highlight: vec![Highlight::new(centre, centre + 1, "variant")],
        width_px: (w as u32 * 22 + 240).clamp(800, 1800),
        height_px: 360,
        y_range: shared_range(&panels),
        ..Default::default()
    };
    seq_io::atomic::write_via_path(path, |tmp| draw_logo_panels(tmp, &panels, &opts).map_err(AppError::from))
}

/// One y range for every panel (stacked heights, room on top for the highlight's label); `None` when all
/// heights are 0.
fn shared_range(panels: &[LogoPanel]) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (0f64, 0f64);
    for col in panels.iter().flat_map(|p| &p.heights) {
        let up: f64 = col.iter().filter(|&&h| h > 0.0).map(|&h| f64::from(h)).sum();
        let down: f64 = col.iter().filter(|&&h| h < 0.0).map(|&h| f64::from(h)).sum();
        (lo, hi) = (lo.min(down), hi.max(up));
    }
    let span = hi - lo;
    (span > 0.0 && span.is_finite()).then(|| (lo - 0.05 * span * f64::from(u8::from(lo < 0.0)), hi + 0.2 * span))
}

/// Whether the maps at `paths` are complete for this plan: the HDF5 present (when `expected` > 0) and the
/// index with the same columns, `2 · expected` rows and this plan's `offset` (`--resume`).
pub fn complete(paths: &IsmPaths, plan: &IsmPlan, effect_column: &str, expected: u64) -> bool {
    let Ok(text) = std::fs::read_to_string(&paths.index) else { return false };
    let mut lines = text.lines();
    if lines.next().map(|h| format!("{h}\n")) != Some(header(effect_column)) {
        return false;
    }
    let offset = plan.map.start.to_string();
    let mut rows = 0u64;
    for line in lines {
        if line.split('\t').nth(10) != Some(offset.as_str()) {
            return false;
        }
        rows += 1;
    }
    let want = 2 * expected.min(plan.top as u64);
    rows == want && (want == 0 || paths.h5.is_file())
}
