//! Pixel helpers shared by the seq-plot integration tests.
#![allow(dead_code)]

use std::path::Path;

use seq_plot::{Canvas, Frame, Rgb};

/// Decodes a PNG written by seq-plot and checks its size.
pub fn decode_png(path: &Path, width: u32, height: u32) -> image::RgbImage {
    let img = image::open(path).expect("figure is a decodable PNG").to_rgb8();
    assert_eq!(img.dimensions(), (width, height), "{}", path.display());
    img
}

/// Every pixel of `canvas` inside the rectangle (inclusive bounds, clamped) with colour `color`.
pub fn pixels_of(canvas: &Canvas, color: Rgb, (x0, x1): (i32, i32), (y0, y1): (i32, i32)) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let (w, h) = (canvas.width() as i32, canvas.height() as i32);
    for y in y0.max(0)..=y1.min(h - 1) {
        for x in x0.max(0)..=x1.min(w - 1) {
            if canvas.pixel(x as u32, y as u32) == Some(color) {
                out.push((x as u32, y as u32));
            }
        }
    }
    out
}

/// Pixels within `tol` (max channel difference) of `color` inside the rectangle.
pub fn pixels_near(
    canvas: &Canvas,
    color: Rgb,
    tol: u8,
    (x0, x1): (i32, i32),
    (y0, y1): (i32, i32),
) -> Vec<(u32, u32)> {
    let close = |c: Rgb| c.0.abs_diff(color.0) <= tol && c.1.abs_diff(color.1) <= tol && c.2.abs_diff(color.2) <= tol;
    let (w, h) = (canvas.width() as i32, canvas.height() as i32);
    (y0.max(0)..=y1.min(h - 1))
        .flat_map(|y| (x0.max(0)..=x1.min(w - 1)).map(move |x| (x as u32, y as u32)))
        .filter(|&(x, y)| canvas.pixel(x, y).is_some_and(close))
        .collect()
}

/// (min row, max row) of a pixel set.
pub fn row_extent(pixels: &[(u32, u32)]) -> (u32, u32) {
    let min = pixels.iter().map(|p| p.1).min().expect("some pixels");
    let max = pixels.iter().map(|p| p.1).max().expect("some pixels");
    (min, max)
}

/// The pixel at the data point (x, y) of a frame.
pub fn pixel_at(canvas: &Canvas, frame: &Frame, x: f64, y: f64) -> Rgb {
    let (px, py) = (frame.x_to_px(x).round(), frame.y_to_px(y).round());
    canvas.pixel(px as u32, py as u32).expect("inside the canvas")
}

/// Number of dark (text-like) pixels in rows `y0..y1` across the whole width.
pub fn dark_pixels_in_rows(canvas: &Canvas, y0: u32, y1: u32) -> usize {
    (y0..y1.min(canvas.height()))
        .flat_map(|y| (0..canvas.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| canvas.pixel(x, y).is_some_and(|c| c.luminance() < 0.35))
        .count()
}

/// A fresh temporary directory for figure files.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}
