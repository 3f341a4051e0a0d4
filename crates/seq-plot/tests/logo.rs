//! Sequence logos: letter colours, exact letter heights, stacking order, negatives, highlights, errors.

mod common;

use common::{decode_png, pixels_of, row_extent, temp_dir};
use seq_plot::colors::{NUCLEOTIDE_COLORS, WHITE};
use seq_plot::logo::{draw_logo_panels, render_logo};
use seq_plot::{draw_logo, information_logo_heights, Canvas, Frame, Highlight, LogoOptions, LogoPanel, PlotError};

/// Pixel columns strictly inside the letter box of column `i` (letters take 90 % of a column).
fn column_px(frame: &Frame, i: usize) -> (i32, i32) {
    let x = i as f64;
    (frame.x_to_px(x - 0.43).ceil() as i32, frame.x_to_px(x + 0.43).floor() as i32)
}

fn plot_rows(frame: &Frame) -> (i32, i32) {
    (frame.y_px.1, frame.y_px.0)
}

fn render(heights: &[[f32; 4]], opts: &LogoOptions) -> (Canvas, Frame) {
    let mut canvas = Canvas::new(opts.width_px, opts.height_px).unwrap();
    let frame = render_logo(&mut canvas, heights, opts).unwrap();
    (canvas, frame)
}

#[test]
fn certain_base_pfm_draws_one_letter_of_two_bits_per_column() {
    // One certain base per column: A C G T G A T C.
    let bases = [0usize, 1, 2, 3, 2, 0, 3, 1];
    let pfm: Vec<[f64; 4]> = bases.iter().map(|&b| std::array::from_fn(|k| f64::from(u8::from(k == b)))).collect();
    let heights = information_logo_heights(&pfm);
    let opts = LogoOptions { y_range: Some((0.0, 2.2)), ..LogoOptions::default() };
    let (canvas, frame) = render(&heights, &opts);
    let two_bits_px = 2.0 * frame.y_px_per_unit();
    assert!(two_bits_px > 200.0, "a 480-px logo gives 2 bits a large height: {two_bits_px}");
    for (i, &base) in bases.iter().enumerate() {
        let cols = column_px(&frame, i);
        for (k, &color) in NUCLEOTIDE_COLORS.iter().enumerate() {
            let found = pixels_of(&canvas, color, cols, plot_rows(&frame));
            if k != base {
                assert!(found.is_empty(), "column {i}: unexpected colour of base {k}");
                continue;
            }
            let (top, bottom) = row_extent(&found);
            let height = f64::from(bottom - top + 1);
            eprintln!("column {i}: letter height {height} px, 2 bits = {two_bits_px:.2} px");
            assert!((height - two_bits_px).abs() <= 2.0, "column {i}: {height} px vs {two_bits_px}");
            assert!((f64::from(bottom) - frame.y_to_px(0.0)).abs() <= 2.0, "column {i} sits on 0");
        }
    }
}

#[test]
fn negative_attribution_is_drawn_below_the_baseline() {
    let heights = [[0.5, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -0.8], [0.2, 0.0, 0.0, 0.0]];
    let (canvas, frame) = render(&heights, &LogoOptions::default());
    let baseline = frame.y_to_px(0.0);
    let t_pixels = pixels_of(&canvas, NUCLEOTIDE_COLORS[3], column_px(&frame, 1), plot_rows(&frame));
    let (top, bottom) = row_extent(&t_pixels);
    assert!(f64::from(top) >= baseline - 2.0, "T starts at the baseline: {top} vs {baseline}");
    let expected = 0.8 * frame.y_px_per_unit();
    assert!((f64::from(bottom - top + 1) - expected).abs() <= 2.0);
    let a_pixels = pixels_of(&canvas, NUCLEOTIDE_COLORS[0], column_px(&frame, 0), plot_rows(&frame));
    assert!(f64::from(row_extent(&a_pixels).1) <= baseline + 2.0, "positive A lies above the baseline");
}

#[test]
fn largest_positive_letter_is_on_top_and_largest_negative_at_the_bottom() {
    let heights = [[0.3, -0.2, 1.0, -0.6]];
    let (canvas, frame) = render(&heights, &LogoOptions::default());
    let rows =
        |k: usize| row_extent(&pixels_of(&canvas, NUCLEOTIDE_COLORS[k], column_px(&frame, 0), plot_rows(&frame)));
    let (a, c, g, t) = (rows(0), rows(1), rows(2), rows(3));
    assert!(g.1 <= a.0 + 1, "G (1.0) is stacked above A (0.3): G {g:?}, A {a:?}");
    assert!(c.1 <= t.0 + 1, "C (-0.2) is nearer the baseline than T (-0.6): C {c:?}, T {t:?}");
    assert!(a.1 < c.0, "positives above negatives");
}

#[test]
fn highlight_shades_only_its_span_and_title_is_rendered() {
    let mut heights = vec![[0.0f32; 4]; 10];
    heights[0] = [1.0, 0.0, 0.0, 0.0];
    let opts =
        LogoOptions { title: "Motif span".into(), highlight: vec![Highlight::new(3, 6, "")], ..LogoOptions::default() };
    let (canvas, frame) = render(&heights, &opts);
    let y = frame.y_to_px(frame.y_data.1 * 0.7).round() as u32;
    let inside = canvas.pixel(frame.x_to_px(4.0).round() as u32, y).unwrap();
    let outside = canvas.pixel(frame.x_to_px(8.0).round() as u32, y).unwrap();
    assert_eq!(outside, WHITE);
    assert_ne!(inside, WHITE);
    assert!(inside.0 > inside.2, "shade has the (orange) highlight hue: {inside:?}");
    assert!(common::dark_pixels_in_rows(&canvas, 0, frame.y_px.1 as u32) > 200, "title text drawn");
    let (plain, plain_frame) = render(&heights, &LogoOptions::default());
    assert_eq!(common::dark_pixels_in_rows(&plain, 0, plain_frame.y_px.1 as u32 - 5), 0);
}

#[test]
fn draw_logo_writes_a_png_of_the_requested_size() {
    let dir = temp_dir();
    let path = dir.path().join("nested/logo.png");
    let opts = LogoOptions { width_px: 900, height_px: 300, ..LogoOptions::default() };
    draw_logo(&path, &[[0.2, 0.4, 0.1, 0.0], [1.0, 0.0, 0.0, 0.0]], &opts).unwrap();
    let img = decode_png(&path, 900, 300);
    assert!(img.pixels().any(|p| p.0 == NUCLEOTIDE_COLORS[0].to_array()), "green A drawn");
    let panels = vec![
        LogoPanel { title: "one".into(), heights: vec![[1.0, 0.0, 0.0, 0.0]; 5] },
        LogoPanel { title: "two".into(), heights: vec![[0.0, 0.0, 0.0, 1.0]; 7] },
    ];
    let stacked = dir.path().join("panels.png");
    draw_logo_panels(&stacked, &panels, &opts).unwrap();
    let img = image::open(&stacked).unwrap().to_rgb8();
    assert_eq!(img.width(), 900);
    assert_eq!(img.height(), 600, "two panels of 300 px, no figure title");
}

#[test]
fn bad_input_is_an_error_naming_the_problem() {
    let dir = temp_dir();
    let path = dir.path().join("x.png");
    let opts = LogoOptions::default();
    assert!(matches!(draw_logo(&path, &[], &opts), Err(PlotError::Empty { .. })));
    let err = draw_logo(&path, &[[0.0; 4], [0.0, 0.0, f32::NAN, 0.0]], &opts).unwrap_err();
    assert!(err.to_string().contains("position 1, base G"), "{err}");
    let bad_span = LogoOptions { highlight: vec![Highlight::new(2, 9, "")], ..LogoOptions::default() };
    let err = draw_logo(&path, &[[0.0; 4]; 4], &bad_span).unwrap_err();
    assert!(matches!(err, PlotError::InvalidSpan { start: 2, end: 9, len: 4, .. }), "{err}");
    let tiny = LogoOptions { width_px: 0, ..LogoOptions::default() };
    assert!(matches!(draw_logo(&path, &[[0.0; 4]], &tiny), Err(PlotError::InvalidSize { .. })));
    std::fs::write(dir.path().join("file"), b"not a directory").unwrap();
    let unwritable = dir.path().join("file/logo.png");
    let err = draw_logo(&unwritable, &[[1.0, 0.0, 0.0, 0.0]], &opts).unwrap_err();
    assert!(matches!(&err, PlotError::Write { path, .. } if path == &unwritable), "{err}");
    assert!(!path.exists(), "nothing written on bad input");
}
