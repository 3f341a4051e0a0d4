//! Confusion matrices: rows are true classes, columns predicted classes; every cell shows the row
//! fraction and the count, in black or white depending on the cell's darkness.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::canvas::{titled, Canvas, Frame, Theme, TEXT_RAISE, Y_DESC_MARGIN};
use crate::colors::{sequential, Rgb, BLACK};
use crate::ticks::TickedAxis;
use crate::{validate, PlotError};

/// Default size of a confusion-matrix figure.
pub const CONFUSION_SIZE_PX: (u32, u32) = (1100, 1000);

/// Each count divided by its row total (the fraction of true class `i` predicted as `j`); rows with
/// no samples are all 0.
pub fn row_fractions(counts: &[Vec<u64>]) -> Vec<Vec<f64>> {
    counts
        .iter()
        .map(|row| {
            let total: u64 = row.iter().sum();
            row.iter().map(|&c| if total == 0 { 0.0 } else { c as f64 / total as f64 }).collect()
        })
        .collect()
}

/// Draws the confusion matrix `counts[true][predicted]` to a PNG at `path`.
///
/// Cells are coloured by the row fraction when `normalise` is true, else by count / largest count;
/// both the row fraction and the count are written in every cell (the coloured quantity on top).
pub fn draw_confusion_matrix<S: AsRef<str>>(
    path: &Path,
    counts: &[Vec<u64>],
    class_names: &[S],
    normalise: bool,
    title: &str,
) -> Result<(), PlotError> {
    let mut canvas = Canvas::new(CONFUSION_SIZE_PX.0, CONFUSION_SIZE_PX.1)?;
    render_confusion_matrix(&mut canvas, counts, class_names, normalise, title)?;
    canvas.save_png(path)
}

/// Draws the confusion matrix onto `canvas`. In the returned frame, predicted class `j` is at x = `j`
/// and true class `i` at y = `k - 1 - i` (cell centres; class 0 is the top row).
pub fn render_confusion_matrix<S: AsRef<str>>(
    canvas: &mut Canvas,
    counts: &[Vec<u64>],
    class_names: &[S],
    normalise: bool,
    title: &str,
) -> Result<Frame, PlotError> {
    let k = counts.len();
    validate::non_empty("confusion matrix", k)?;
    for (i, row) in counts.iter().enumerate() {
        validate::same_len(&format!("confusion matrix row {i}"), k, row.len())?;
    }
    validate::same_len("confusion matrix class names", k, class_names.len())?;
    let names: Vec<String> = class_names.iter().map(|s| s.as_ref().to_string()).collect();
    let fractions = row_fractions(counts);
    let max_count = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let shade = |i: usize, j: usize| -> Rgb {
        let t = if normalise { fractions[i][j] } else { counts[i][j] as f64 / max_count as f64 };
        sequential(t)
    };
    let theme = Theme::for_width(canvas.width());
    canvas.draw(|root| {
        let area = titled(root, title, &theme)?;
        let range = (-0.5, k as f64 - 0.5);
        let ticks: Vec<f64> = (0..k).map(|i| i as f64).collect();
        let widest = names.iter().map(|n| n.chars().count()).max().unwrap_or(1) as f64;
        let mut chart = ChartBuilder::on(&area)
            .margin(theme.px(20.0))
            .margin_left(theme.px(Y_DESC_MARGIN))
            .x_label_area_size(theme.px(100.0))
            .y_label_area_size(theme.px(80.0 + 16.0 * widest.min(20.0)))
            .build_cartesian_2d(
                TickedAxis::new(range.0, range.1, ticks.clone()),
                TickedAxis::new(range.0, range.1, ticks),
            )?;
        let x_fmt = |x: &f64| class_label(&names, *x, false);
        let y_fmt = |y: &f64| class_label(&names, *y, true);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("predicted class")
            .y_desc("true class")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(theme.font(30.0, FontStyle::Normal, BLACK))
            .axis_desc_style(theme.axis_label())
            .draw()?;
        let cell_px = f64::from(chart.plotting_area().dim_in_pixel().0) / k as f64;
        let big = (cell_px / 4.5).min(44.0 * theme.scale);
        for i in 0..k {
            let y = (k - 1 - i) as f64;
            for j in 0..k {
                let (x, fill) = (j as f64, shade(i, j));
                let corners = [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)];
                chart.draw_series(std::iter::once(Rectangle::new(corners, fill.to_plotters().filled())))?;
                let ink = fill.readable_text();
                let (main, detail) = cell_texts(counts[i][j], fractions[i][j], normalise);
                let small = big * 0.62;
                let centred = |size: f64, offset_px: f64| {
                    let style = theme.font(size / theme.scale, FontStyle::Bold, ink);
                    let y_text = y + (offset_px - TEXT_RAISE * size) / cell_px;
                    (style.pos(Pos::new(HPos::Center, VPos::Center)), (x, y_text))
                };
                let (main_style, main_at) = centred(big, 0.4 * big);
                let (detail_style, detail_at) = centred(small, -0.75 * big);
                chart
                    .draw_series([Text::new(main, main_at, main_style), Text::new(detail, detail_at, detail_style)])?;
            }
        }
        chart.draw_series(std::iter::once(Rectangle::new(
            [(range.0, range.0), (range.1, range.1)],
            BLACK.to_plotters().stroke_width(theme.px(2.0)),
        )))?;
        let (left, bottom) = chart.backend_coord(&(range.0, range.0));
        let (right, top) = chart.backend_coord(&(range.1, range.1));
        Ok(Frame { x_data: range, y_data: range, x_px: (left, right), y_px: (bottom, top) })
    })
}

/// The two lines of a cell: the row fraction over the count when normalised, else the reverse.
fn cell_texts(count: u64, fraction: f64, normalise: bool) -> (String, String) {
    if normalise {
        (format!("{fraction:.3}"), format!("n = {count}"))
    } else {
        (format!("{count}"), format!("{:.1} %", 100.0 * fraction))
    }
}

/// The class name of an integer tick; rows count from the top when `from_top`.
fn class_label(names: &[String], v: f64, from_top: bool) -> String {
    let r = v.round();
    if (v - r).abs() > 1e-6 || r < 0.0 {
        return String::new();
    }
    let idx = if from_top { names.len().checked_sub(1 + r as usize) } else { Some(r as usize) };
    idx.and_then(|i| names.get(i)).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_sum_to_one_per_row_and_empty_rows_are_zero() {
        let f = row_fractions(&[vec![251, 8], vec![2, 239], vec![0, 0]]);
        assert!((f[0][0] - 251.0 / 259.0).abs() < 1e-12);
        assert!((f[1].iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(f[2], vec![0.0, 0.0]);
    }
}
