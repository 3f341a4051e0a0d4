//! Bar plots: highlighted bars in the highlight colour, bar heights, negative bars, errors.

mod common;

use common::{decode_png, pixel_at, pixels_of, row_extent, temp_dir};
use seq_plot::bars::{draw_bar_plot, render_bar_plot, BarOptions};
use seq_plot::{Canvas, PlotError};

fn saliency() -> Vec<f32> {
    (0..30).map(|i| if (5..17).contains(&i) { 1.0 } else { 0.2 + 0.01 * i as f32 }).collect()
}

#[test]
fn highlighted_bars_use_the_highlight_colour() {
    let opts = BarOptions::default();
    let mut canvas = Canvas::new(opts.width_px, opts.height_px).unwrap();
    let values = saliency();
    let frame = render_bar_plot(&mut canvas, &values, &[(5, 17)], &opts).unwrap();
    for (i, &value) in values.iter().enumerate() {
        let color = pixel_at(&canvas, &frame, i as f64, f64::from(value) / 2.0);
        let expected = if (5..17).contains(&i) { opts.highlight_color } else { opts.bar_color };
        assert_eq!(color, expected, "bar {i}");
    }
    // Bar heights are proportional to the values: 1.0 vs 0.2 + 0.01 i.
    let bar_rows = |i: usize, color| {
        let x = frame.x_to_px(i as f64).round() as i32;
        row_extent(&pixels_of(&canvas, color, (x, x), (frame.y_px.1, frame.y_px.0)))
    };
    let tall = bar_rows(10, opts.highlight_color);
    let short = bar_rows(20, opts.bar_color);
    let px = |v: f64| v * frame.y_px_per_unit();
    assert!((f64::from(tall.1 - tall.0 + 1) - px(1.0)).abs() <= 2.0, "{tall:?}");
    assert!((f64::from(short.1 - short.0 + 1) - px(0.4)).abs() <= 2.0, "{short:?}");
}

#[test]
fn negative_bars_hang_below_zero() {
    let opts = BarOptions::default();
    let mut canvas = Canvas::new(opts.width_px, opts.height_px).unwrap();
    let values = [0.5, -1.0, 0.25];
    let frame = render_bar_plot(&mut canvas, &values, &[], &opts).unwrap();
    let zero = frame.y_to_px(0.0);
    let x = frame.x_to_px(1.0).round() as i32;
    let (top, bottom) = row_extent(&pixels_of(&canvas, opts.bar_color, (x, x), (frame.y_px.1, frame.y_px.0)));
    assert!(f64::from(top) >= zero - 2.0, "negative bar starts at zero");
    assert!((f64::from(bottom) - frame.y_to_px(-1.0)).abs() <= 2.0, "and reaches -1");
}

#[test]
fn draw_bar_plot_writes_png_and_rejects_bad_spans() {
    let dir = temp_dir();
    let path = dir.path().join("bars.png");
    let opts = BarOptions { highlight_label: "motif".into(), title: "Saliency".into(), ..BarOptions::default() };
    draw_bar_plot(&path, &saliency(), &[(5, 17)], &opts).unwrap();
    let img = decode_png(&path, opts.width_px, opts.height_px);
    assert!(img.pixels().any(|p| p.0 == opts.highlight_color.to_array()));
    let err = draw_bar_plot(&path, &saliency(), &[(25, 31)], &opts).unwrap_err();
    assert!(matches!(err, PlotError::InvalidSpan { start: 25, end: 31, len: 30, .. }), "{err}");
    let err = draw_bar_plot(&path, &[1.0, f32::NAN], &[], &opts).unwrap_err();
    assert!(err.to_string().contains("position 1"), "{err}");
    assert!(matches!(draw_bar_plot(&path, &[], &[], &opts), Err(PlotError::Empty { .. })));
}
