//! Writes one example of every seq-plot figure to a directory (default `/tmp/seqplot_examples`):
//! `cargo run -p seq-plot --example gallery -- /some/dir`.

use std::path::{Path, PathBuf};

use seq_plot::bars::{draw_bar_plot, BarOptions};
use seq_plot::confusion::draw_confusion_matrix;
use seq_plot::curves::{draw_learning_curves, draw_multi_panel, Panel, Series};
use seq_plot::heatmap::{draw_heatmap, HeatmapOptions};
use seq_plot::logo::{draw_logo, draw_logo_panels, information_logo_heights};
use seq_plot::{Highlight, LogoOptions, LogoPanel, PlotError};

/// A CTCF-like PFM (rows A, C, G, T probabilities) used for the information logo.
const PFM: [[f64; 4]; 12] = [
    [0.10, 0.40, 0.10, 0.40],
    [0.05, 0.05, 0.05, 0.85],
    [0.10, 0.10, 0.70, 0.10],
    [0.02, 0.93, 0.03, 0.02],
    [0.70, 0.10, 0.10, 0.10],
    [0.05, 0.60, 0.30, 0.05],
    [0.02, 0.96, 0.01, 0.01],
    [0.05, 0.45, 0.05, 0.45],
    [0.25, 0.25, 0.25, 0.25],
    [0.01, 0.01, 0.97, 0.01],
    [0.97, 0.01, 0.01, 0.01],
    [0.10, 0.10, 0.10, 0.70],
];

fn attribution(len: usize) -> Vec<[f32; 4]> {
    (0..len)
        .map(|i| {
            let x = i as f32;
            let wave = (x * 0.7).sin() * 0.08;
            let mut h = [wave, -wave * 0.5, (x * 1.3).cos() * 0.05, -(x * 0.4).sin() * 0.06];
            if (20..32).contains(&i) {
                h[(i * 7) % 4] = 0.8 + 0.3 * (x * 0.9).sin();
            }
            if (45..50).contains(&i) {
                h[i % 4] = -0.5;
            }
            h
        })
        .collect()
}

/// Reads a JASPAR count matrix (`A [ ... ]` rows) into per-position counts, A, C, G, T.
fn read_jaspar(path: &Path) -> Option<Vec<[f64; 4]>> {
    let text = std::fs::read_to_string(path).ok()?;
    let rows: Vec<Vec<f64>> = text
        .lines()
        .filter(|l| !l.starts_with('>') && l.contains('['))
        .map(|l| {
            let inner = l.split('[').nth(1).unwrap_or("").trim_end_matches([']', ' ']);
            inner.split_whitespace().filter_map(|v| v.parse().ok()).collect()
        })
        .collect();
    if rows.len() != 4 {
        return None;
    }
    Some((0..rows[0].len()).map(|i| [rows[0][i], rows[1][i], rows[2][i], rows[3][i]]).collect())
}

fn real_logo(dir: &Path) -> Result<(), PlotError> {
    let jaspar = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/jaspar/MA0139.1.jaspar");
    let Some(counts) = read_jaspar(&jaspar) else {
        eprintln!("skipping the CTCF logo: cannot read {}", jaspar.display());
        return Ok(());
    };
    let opts = LogoOptions {
        title: "CTCF, JASPAR MA0139.1".into(),
        y_label: "bits".into(),
        start_position: 1,
        y_range: Some((0.0, 2.0)),
        width_px: 1400,
        height_px: 420,
        ..LogoOptions::default()
    };
    draw_logo(&dir.join("logo_ctcf_ma0139.png"), &information_logo_heights(&counts), &opts)?;
    let long = attribution(1000);
    let rows: Vec<Vec<f32>> = (0..4).map(|b| long.iter().map(|c| c[b]).collect()).collect();
    let opts = HeatmapOptions {
        title: "Attribution over 1000 nt".into(),
        colorbar_label: "grad × input".into(),
        highlight: vec![Highlight::new(20, 32, "")],
        ..HeatmapOptions::default()
    };
    draw_heatmap(&dir.join("heatmap_1000.png"), &rows, &["A", "C", "G", "T"], 0, &opts)
}

fn logos(dir: &Path) -> Result<(), PlotError> {
    let bits = information_logo_heights(&PFM);
    let opts = LogoOptions {
        title: "Information-content logo (12-column PFM)".into(),
        y_label: "bits".into(),
        start_position: 1,
        y_range: Some((0.0, 2.0)),
        ..LogoOptions::default()
    };
    draw_logo(&dir.join("logo_information.png"), &bits, &opts)?;
    let opts = LogoOptions {
        title: "Gradient × input, sequence 17".into(),
        y_label: "attribution".into(),
        highlight: vec![Highlight::new(20, 32, "embedded motif"), Highlight::new(45, 50, "")],
        ..LogoOptions::default()
    };
    draw_logo(&dir.join("logo_attribution.png"), &attribution(80), &opts)?;
    let panels = vec![
        LogoPanel { title: "known motif".into(), heights: bits.clone() },
        LogoPanel { title: "filter 3 (learned)".into(), heights: bits[2..].to_vec() },
    ];
    let opts = LogoOptions {
        title: "Filter logos beside the known motif".into(),
        y_label: "bits".into(),
        y_range: Some((0.0, 2.0)),
        width_px: 1200,
        height_px: 380,
        ..LogoOptions::default()
    };
    draw_logo_panels(&dir.join("logo_panels.png"), &panels, &opts)
}

fn heatmaps(dir: &Path) -> Result<(), PlotError> {
    let attr = attribution(120);
    let rows: Vec<Vec<f32>> = (0..4).map(|b| attr.iter().map(|c| c[b]).collect()).collect();
    let opts = HeatmapOptions {
        title: "ISM: change in score per substitution".into(),
        y_label: "base".into(),
        colorbar_label: "Δ score".into(),
        highlight: vec![Highlight::new(20, 32, "motif")],
        ..HeatmapOptions::default()
    };
    draw_heatmap(&dir.join("heatmap_ism.png"), &rows, &["A", "C", "G", "T"], 0, &opts)?;
    let small: Vec<Vec<f32>> =
        (0..4).map(|b| (0..30).map(|p| ((p * 3 + b * 5) % 11) as f32 / 10.0 - 0.5).collect()).collect();
    let opts = HeatmapOptions {
        title: "sgRNA base effects".into(),
        x_label: "guide position".into(),
        colorbar_label: "weight".into(),
        annotate: true,
        width_px: 1600,
        height_px: 460,
        ..HeatmapOptions::default()
    };
    draw_heatmap(&dir.join("heatmap_annotated.png"), &small, &["A", "C", "G", "T"], 1, &opts)
}

fn curves(dir: &Path) -> Result<(), PlotError> {
    let epochs = 50;
    let train: Vec<f64> = (0..epochs).map(|e| 0.7 * (-(e as f64) / 8.0).exp() + 0.05).collect();
    let valid: Vec<f64> = (0..epochs).map(|e| 0.7 * (-(e as f64) / 8.0).exp() + 0.1 + 0.002 * e as f64).collect();
    let loss = vec![Series::new("train", train.clone()), Series::new("validation", valid.clone())];
    draw_learning_curves(&dir.join("curves_loss.png"), &loss, "epoch", "binary cross-entropy", "Loss per epoch")?;
    let acc = vec![
        Series::new("train", train.iter().map(|l| 1.0 - l / 1.5).collect()),
        Series::new("validation", valid.iter().map(|l| 1.0 - l / 1.4).collect()),
    ];
    let panels = vec![
        Panel { title: "loss".into(), y_label: "binary cross-entropy".into(), series: loss },
        Panel { title: "accuracy".into(), y_label: "accuracy".into(), series: acc },
    ];
    let mut four = panels.clone();
    four.extend(panels.iter().map(|p| Panel { title: format!("{} (again)", p.title), ..p.clone() }));
    draw_multi_panel(&dir.join("curves_grid.png"), &four, "epoch", "Four metrics")?;
    draw_multi_panel(&dir.join("curves_panels.png"), &panels, "epoch", "Genomics primer: training")
}

fn confusion(dir: &Path) -> Result<(), PlotError> {
    let counts = vec![vec![251, 8], vec![2, 239]];
    draw_confusion_matrix(
        &dir.join("confusion_2.png"),
        &counts,
        &["unbound", "bound"],
        true,
        "Confusion matrix (test)",
    )?;
    let counts = vec![vec![50, 3, 0, 1], vec![4, 40, 9, 0], vec![0, 12, 33, 2], vec![1, 0, 0, 60]];
    draw_confusion_matrix(
        &dir.join("confusion_4.png"),
        &counts,
        &["empty", "TAL1", "GATA", "both"],
        false,
        "Four classes (raw counts)",
    )
}

fn bars(dir: &Path) -> Result<(), PlotError> {
    let values: Vec<f32> = (0..50)
        .map(|i| {
            if (5..17).contains(&i) {
                0.6 + 0.3 * ((i as f32) * 0.8).sin()
            } else {
                0.1 * ((i as f32) * 1.7).sin().abs()
            }
        })
        .collect();
    let opts = BarOptions {
        title: "Saliency of sequence 1999".into(),
        y_label: "|gradient| (max over bases)".into(),
        highlight_label: "motif positions".into(),
        bar_label: "other positions".into(),
        ..BarOptions::default()
    };
    draw_bar_plot(&dir.join("bars_saliency.png"), &values, &[(5, 17)], &opts)?;
    let signed: Vec<f32> =
        (0..200).map(|i| ((i as f32) * 0.13).sin() * if (80..95).contains(&i) { 2.0 } else { 0.4 }).collect();
    let opts = BarOptions {
        title: "Signed attribution, 200 nt".into(),
        y_label: "attribution".into(),
        start_position: 1,
        ..BarOptions::default()
    };
    draw_bar_plot(&dir.join("bars_signed.png"), &signed, &[(80, 95)], &opts)
}

fn main() -> Result<(), PlotError> {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp/seqplot_examples"));
    logos(&dir)?;
    real_logo(&dir)?;
    heatmaps(&dir)?;
    curves(&dir)?;
    confusion(&dir)?;
    bars(&dir)?;
    Ok(())
}
