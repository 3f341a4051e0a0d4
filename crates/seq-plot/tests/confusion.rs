//! Confusion matrices: cell colours follow the (normalised) counts, text is readable on every cell.

mod common;

use common::{decode_png, pixel_at, pixels_of, temp_dir};
use seq_plot::colors::{sequential, BLACK, WHITE};
use seq_plot::confusion::{draw_confusion_matrix, render_confusion_matrix};
use seq_plot::{Canvas, Frame, PlotError};

const PRIMER: [[u64; 2]; 2] = [[251, 8], [2, 239]];

fn counts() -> Vec<Vec<u64>> {
    PRIMER.iter().map(|r| r.to_vec()).collect()
}

/// Pixel window of the cell (true i, predicted j), shrunk to its inner 80 %.
fn cell_window(frame: &Frame, k: usize, i: usize, j: usize) -> ((i32, i32), (i32, i32)) {
    let (x, y) = (j as f64, (k - 1 - i) as f64);
    let xs = (frame.x_to_px(x - 0.4) as i32, frame.x_to_px(x + 0.4) as i32);
    let ys = (frame.y_to_px(y + 0.4) as i32, frame.y_to_px(y - 0.4) as i32);
    (xs, ys)
}

#[test]
fn cells_are_coloured_by_row_fraction_with_readable_text() {
    let mut canvas = Canvas::new(1100, 1000).unwrap();
    let frame = render_confusion_matrix(&mut canvas, &counts(), &["unbound", "bound"], true, "").unwrap();
    for (i, row) in PRIMER.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            let fraction = count as f64 / row.iter().sum::<u64>() as f64;
            let fill = sequential(fraction);
            let corner = pixel_at(&canvas, &frame, j as f64 - 0.4, (1 - i) as f64 + 0.4);
            assert_eq!(corner, fill, "cell ({i},{j}) background");
            let (xs, ys) = cell_window(&frame, 2, i, j);
            let ink = fill.readable_text();
            let text = pixels_of(&canvas, ink, xs, ys);
            assert!(text.len() > 100, "cell ({i},{j}) has text in {ink:?}");
            let wrong_ink = if ink == WHITE { BLACK } else { WHITE };
            if !(0.1..=0.9).contains(&fraction) {
                assert!(pixels_of(&canvas, wrong_ink, xs, ys).is_empty(), "cell ({i},{j}) text colour");
            }
        }
    }
    assert_eq!(sequential(251.0 / 259.0).readable_text(), WHITE, "dark diagonal gets white text");
}

#[test]
fn raw_mode_colours_by_count_relative_to_the_largest() {
    let skewed = vec![vec![90, 10], vec![5, 5]];
    let mut canvas = Canvas::new(1100, 1000).unwrap();
    let frame = render_confusion_matrix(&mut canvas, &skewed, &["a", "b"], false, "").unwrap();
    let corner = |i: usize, j: usize| pixel_at(&canvas, &frame, j as f64 - 0.4, (1 - i) as f64 + 0.4);
    assert_eq!(corner(1, 1), sequential(5.0 / 90.0), "count 5 of max 90, not the row fraction 0.5");
    let mut canvas = Canvas::new(1100, 1000).unwrap();
    let frame = render_confusion_matrix(&mut canvas, &skewed, &["a", "b"], true, "").unwrap();
    assert_eq!(pixel_at(&canvas, &frame, 0.6, -0.4), sequential(0.5), "row fraction 0.5");
}

#[test]
fn draw_confusion_matrix_writes_png_and_rejects_bad_shapes() {
    let dir = temp_dir();
    let path = dir.path().join("cm.png");
    draw_confusion_matrix(&path, &counts(), &["unbound", "bound"], true, "Confusion").unwrap();
    decode_png(&path, 1100, 1000);
    let err = draw_confusion_matrix(&path, &[vec![1, 2, 3], vec![1, 2, 3]], &["a", "b"], true, "").unwrap_err();
    assert!(matches!(err, PlotError::LengthMismatch { expected: 2, found: 3, .. }), "{err}");
    let err = draw_confusion_matrix(&path, &counts(), &["only one"], true, "").unwrap_err();
    assert!(err.to_string().contains("class names"), "{err}");
    let none: Vec<Vec<u64>> = Vec::new();
    assert!(matches!(draw_confusion_matrix(&path, &none, &[] as &[&str], true, ""), Err(PlotError::Empty { .. })));
}
