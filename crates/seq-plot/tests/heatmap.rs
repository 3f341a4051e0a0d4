//! Heat maps: white at zero, red for positive, blue for negative, colour bar, outlines, errors.

mod common;

use common::{decode_png, pixel_at, pixels_near, pixels_of, temp_dir};
use seq_plot::colors::{diverging, DIVERGING_NEGATIVE, DIVERGING_POSITIVE, WHITE};
use seq_plot::heatmap::{draw_heatmap, render_heatmap, HeatmapOptions};
use seq_plot::{Canvas, Highlight, PlotError, Rgb};

const BASES: [&str; 4] = ["A", "C", "G", "T"];

fn attribution_rows() -> Vec<Vec<f32>> {
    // 4 x 12: zero everywhere except a positive and a negative cell of magnitude 2.
    let mut rows = vec![vec![0.0f32; 12]; 4];
    rows[0][3] = 2.0;
    rows[2][7] = -2.0;
    rows[3][9] = 1.0;
    rows
}

#[test]
fn zero_is_white_positive_is_red_negative_is_blue() {
    let mut canvas = Canvas::new(1200, 400).unwrap();
    let rows = attribution_rows();
    let frame = render_heatmap(&mut canvas, &rows, &BASES, 0, &HeatmapOptions::default()).unwrap();
    // Row r is drawn at y = 3 - r (row 0 on top).
    let cell = |r: usize, c: usize| pixel_at(&canvas, &frame, c as f64, (3 - r) as f64);
    assert_eq!(cell(1, 5), WHITE, "zero cell");
    assert_eq!(cell(0, 3), DIVERGING_POSITIVE, "the largest positive value saturates to dark red");
    assert_eq!(cell(2, 7), DIVERGING_NEGATIVE, "the largest negative value saturates to dark blue");
    let half: Rgb = cell(3, 9);
    assert_eq!(half, diverging(1.0, 2.0), "half the limit is half-way to red");
    assert!(half.0 > half.2 && half.0 > half.1, "red-ish: {half:?}");
    // The colour bar right of the map holds both ends of the scale.
    let right_of_map = (frame.x_px.1 + 5, canvas.width() as i32 - 1);
    let rows_px = (frame.y_px.1, frame.y_px.0);
    let reds = pixels_near(&canvas, DIVERGING_POSITIVE, 6, right_of_map, rows_px);
    let blues = pixels_near(&canvas, DIVERGING_NEGATIVE, 6, right_of_map, rows_px);
    assert!(!reds.is_empty() && !blues.is_empty(), "colour bar drawn");
    let mean_row = |p: &[(u32, u32)]| p.iter().map(|q| f64::from(q.1)).sum::<f64>() / p.len() as f64;
    assert!(mean_row(&reds) < mean_row(&blues), "positive end of the bar is on top");
}

#[test]
fn explicit_limit_and_highlight_outline() {
    let mut canvas = Canvas::new(1200, 400).unwrap();
    let rows = attribution_rows();
    let opts = HeatmapOptions {
        limit: Some(4.0),
        highlight: vec![Highlight::new(2, 5, "motif")],
        ..HeatmapOptions::default()
    };
    let frame = render_heatmap(&mut canvas, &rows, &BASES, 100, &opts).unwrap();
    assert_eq!(pixel_at(&canvas, &frame, 3.0, 3.0), diverging(2.0, 4.0), "limit 4: value 2 is half-way");
    let outline = Highlight::new(0, 1, "").color;
    let left_edge = frame.x_to_px(1.5).round() as i32;
    let found = pixels_of(&canvas, outline, (left_edge - 3, left_edge + 3), (frame.y_px.1, frame.y_px.0));
    assert!(found.len() > 50, "outline drawn at the span's left edge");
    let outside = frame.x_to_px(8.0).round() as i32;
    assert!(pixels_of(&canvas, outline, (outside - 3, outside + 3), (frame.y_px.1, frame.y_px.0)).is_empty());
}

#[test]
fn draw_heatmap_writes_png_and_rejects_bad_input() {
    let dir = temp_dir();
    let path = dir.path().join("heat.png");
    let opts = HeatmapOptions { width_px: 1000, height_px: 350, annotate: true, ..HeatmapOptions::default() };
    draw_heatmap(&path, &attribution_rows(), &BASES, 1, &opts).unwrap();
    decode_png(&path, 1000, 350);
    let err = draw_heatmap(&path, &attribution_rows(), &["A", "C"], 0, &opts).unwrap_err();
    assert!(matches!(err, PlotError::LengthMismatch { expected: 4, found: 2, .. }), "{err}");
    let ragged = vec![vec![0.0; 5], vec![0.0; 4]];
    let err = draw_heatmap(&path, &ragged, &["a", "b"], 0, &opts).unwrap_err();
    assert!(err.to_string().contains("row 1"), "{err}");
    let mut nan = attribution_rows();
    nan[1][2] = f32::INFINITY;
    let err = draw_heatmap(&path, &nan, &BASES, 0, &opts).unwrap_err();
    assert!(err.to_string().contains("row 1, column 2"), "{err}");
    let bad_limit = HeatmapOptions { limit: Some(0.0), ..HeatmapOptions::default() };
    assert!(draw_heatmap(&path, &attribution_rows(), &BASES, 0, &bad_limit).is_err());
    let empty: Vec<Vec<f32>> = Vec::new();
    assert!(matches!(draw_heatmap(&path, &empty, &BASES[..0], 0, &opts), Err(PlotError::Empty { .. })));
}
