//! Learning curves: markers at the data points in the series colours, legend, panels, errors.

mod common;

use common::{decode_png, pixels_of, temp_dir};
use seq_plot::colors::palette;
use seq_plot::curves::{
    draw_learning_curves, draw_multi_panel, panel_grid, render_learning_curves, Panel, Series, PANEL_SIZE_PX,
};
use seq_plot::{Canvas, PlotError};

fn loss() -> Vec<Series> {
    let train = (0..20).map(|e| 1.0 / (1.0 + e as f64)).collect();
    let valid = (0..20).map(|e| 1.2 / (1.0 + e as f64) + 0.1).collect();
    vec![Series::new("train", train), Series::new("validation", valid)]
}

#[test]
fn markers_sit_at_the_data_points_in_the_series_colours() {
    let mut canvas = Canvas::new(1400, 850).unwrap();
    let series = loss();
    let frame = render_learning_curves(&mut canvas, &series, "epoch", "loss", "Loss").unwrap();
    for (k, s) in series.iter().enumerate() {
        for (e, &v) in s.values.iter().enumerate().step_by(3) {
            let (x, y) = (frame.x_to_px(e as f64 + 1.0) as i32, frame.y_to_px(v) as i32);
            let hits = pixels_of(&canvas, palette(k), (x - 2, x + 2), (y - 2, y + 2));
            assert!(hits.len() >= 10, "series {k} epoch {}: marker missing", e + 1);
        }
    }
    // The data span the y range (8 % padding), so the highest value is near the top of the frame.
    let top = frame.y_to_px(1.3);
    assert!((top - f64::from(frame.y_px.1)).abs() < 0.1 * f64::from(frame.y_px.0 - frame.y_px.1));
}

#[test]
fn files_and_panels_have_the_documented_sizes() {
    let dir = temp_dir();
    let single = dir.path().join("loss.png");
    draw_learning_curves(&single, &loss(), "epoch", "loss", "Loss").unwrap();
    let img = decode_png(&single, 1400, 850);
    let legend_text_rows = img.rows().take(300).filter(|row| row.clone().any(|p| p.0 == [0, 0, 0])).count();
    assert!(legend_text_rows > 10, "title and legend text are drawn in the upper part");
    let panels = vec![
        Panel { title: "loss".into(), y_label: "loss".into(), series: loss() },
        Panel {
            title: "accuracy".into(),
            y_label: "accuracy".into(),
            series: vec![Series::new("train", vec![0.5, 0.9])],
        },
    ];
    let path = dir.path().join("panels.png");
    draw_multi_panel(&path, &panels, "epoch", "Training").unwrap();
    decode_png(&path, 2 * PANEL_SIZE_PX.0, PANEL_SIZE_PX.1);
    let four: Vec<Panel> = (0..4).map(|_| panels[0].clone()).collect();
    draw_multi_panel(&path, &four, "epoch", "").unwrap();
    decode_png(&path, 2 * PANEL_SIZE_PX.0, 2 * PANEL_SIZE_PX.1);
    assert_eq!(panel_grid(1), (1, 1));
    assert_eq!(panel_grid(3), (1, 3));
    assert_eq!(panel_grid(7), (3, 3));
}

#[test]
fn empty_or_non_finite_series_are_errors() {
    let dir = temp_dir();
    let path = dir.path().join("x.png");
    assert!(matches!(draw_learning_curves(&path, &[], "e", "l", "t"), Err(PlotError::Empty { .. })));
    let empty = [Series::new("valid", vec![])];
    let err = draw_learning_curves(&path, &empty, "e", "l", "t").unwrap_err();
    assert!(err.to_string().contains("valid"), "{err}");
    let nan = [Series::new("train", vec![0.5, f64::NAN])];
    let err = draw_learning_curves(&path, &nan, "e", "l", "t").unwrap_err();
    assert!(err.to_string().contains("epoch 2"), "{err}");
    let flat = [Series::new("constant", vec![1.0; 4])];
    draw_learning_curves(&path, &flat, "e", "l", "").unwrap();
}
