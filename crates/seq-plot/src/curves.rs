//! Learning curves: one line with markers per series (e.g. train and validation loss per epoch) and a
//! legend placed where the curves are not.

use std::path::Path;

use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;

use crate::canvas::{tick_label, titled, Area, Canvas, Frame, Theme, Y_DESC_MARGIN};
use crate::colors::{palette, BLACK, WHITE};
use crate::ticks::{integer_label, position_ticks, TickedAxis};
use crate::{validate, PlotError};

/// Default size of a single-panel curve figure.
pub const CURVES_SIZE_PX: (u32, u32) = (1400, 850);
/// Default size of one panel of [`draw_multi_panel`].
pub const PANEL_SIZE_PX: (u32, u32) = (850, 750);

/// A named sequence of values; value `i` is drawn at x = `i + 1` (epoch `i + 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry, e.g. "train loss".
    pub name: String,
    /// One value per epoch.
    pub values: Vec<f64>,
}

impl Series {
    /// A series called `name`.
    pub fn new(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self { name: name.into(), values }
    }
}

/// One panel of a multi-panel curve figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Panel title, e.g. "loss".
    pub title: String,
    /// y axis description.
    pub y_label: String,
    /// The curves of the panel.
    pub series: Vec<Series>,
}

/// Draws `series` as lines with markers and a legend to a PNG at `path` (1400 × 850 px).
pub fn draw_learning_curves(
    path: &Path,
    series: &[Series],
    x_label: &str,
    y_label: &str,
    title: &str,
) -> Result<(), PlotError> {
    let mut canvas = Canvas::new(CURVES_SIZE_PX.0, CURVES_SIZE_PX.1)?;
    render_learning_curves(&mut canvas, series, x_label, y_label, title)?;
    canvas.save_png(path)
}

/// Draws the learning curves onto `canvas` and returns the frame (x = epoch, y = value).
pub fn render_learning_curves(
    canvas: &mut Canvas,
    series: &[Series],
    x_label: &str,
    y_label: &str,
    title: &str,
) -> Result<Frame, PlotError> {
    validate_series(series)?;
    let theme = Theme::for_width(canvas.width());
    canvas.draw(|root| {
        let area = titled(root, title, &theme)?;
        render_curves_in(&area, series, x_label, y_label, &theme)
    })
}

/// Draws several curve panels (e.g. loss and accuracy) to a PNG at `path`: side by side, three per
/// row at most ([`panel_grid`]); each panel is [`PANEL_SIZE_PX`].
pub fn draw_multi_panel(path: &Path, panels: &[Panel], x_label: &str, title: &str) -> Result<(), PlotError> {
    validate::non_empty("curve panels", panels.len())?;
    for panel in panels {
        validate_series(&panel.series)?;
    }
    let (rows, cols) = panel_grid(panels.len());
    let width = PANEL_SIZE_PX.0.saturating_mul(cols as u32);
    let height = PANEL_SIZE_PX.1.saturating_mul(rows as u32);
    let mut canvas = Canvas::new(width, height.min(crate::canvas::MAX_SIDE_PX))?;
    let theme = Theme::for_width(width.min(1600));
    canvas.draw(|root| {
        let area = titled(root, title, &theme)?;
        for (panel, cell) in panels.iter().zip(area.split_evenly((rows, cols))) {
            let cell = titled(&cell, &panel.title, &Theme { scale: theme.scale * 0.85 })?;
            render_curves_in(&cell, &panel.series, x_label, &panel.y_label, &theme)?;
        }
        Ok(())
    })?;
    canvas.save_png(path)
}

/// Rows and columns of the panel grid: up to three panels in one row, four as 2 × 2, more in rows
/// of three.
pub fn panel_grid(n: usize) -> (usize, usize) {
    let cols = if n == 4 { 2 } else { n.clamp(1, 3) };
    (n.div_ceil(cols).max(1), cols)
}

fn validate_series(series: &[Series]) -> Result<(), PlotError> {
    validate::non_empty("learning curves", series.len())?;
    for s in series {
        let what = format!("learning curve '{}'", s.name);
        validate::non_empty(&what, s.values.len())?;
        validate::all_finite(&what, s.values.iter().copied(), |i| format!("epoch {}", i + 1))?;
    }
    Ok(())
}

/// The y range of all values with 8 % padding (a flat series gets ±10 % of its value, at least ±0.5).
fn value_range(series: &[Series]) -> (f64, f64) {
    let all = series.iter().flat_map(|s| s.values.iter().copied());
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    if hi > lo {
        let pad = 0.08 * (hi - lo);
        (lo - pad, hi + pad)
    } else {
        let pad = (0.1 * lo.abs()).max(0.5);
        (lo - pad, hi + pad)
    }
}

/// Upper right unless the curves end in the upper half (then lower right).
fn legend_position(series: &[Series], (y0, y1): (f64, f64)) -> SeriesLabelPosition {
    let tails: Vec<f64> = series.iter().flat_map(|s| s.values.iter().skip(s.values.len() * 6 / 10).copied()).collect();
    let mean = tails.iter().sum::<f64>() / tails.len().max(1) as f64;
    if (mean - y0) / (y1 - y0) > 0.5 {
        SeriesLabelPosition::LowerRight
    } else {
        SeriesLabelPosition::UpperRight
    }
}

fn render_curves_in(
    area: &Area<'_>,
    series: &[Series],
    x_label: &str,
    y_label: &str,
    theme: &Theme,
) -> Result<Frame, PlotError> {
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(1);
    let (x0, x1) = (0.5, n as f64 + 0.5);
    let (y0, y1) = value_range(series);
    let max_ticks = (area.dim_in_pixel().0 / theme.px(90.0)).max(2) as usize;
    let ticks = position_ticks(n, 1, max_ticks).into_iter().map(|i| i as f64 + 1.0).collect();
    let mut chart = ChartBuilder::on(area)
        .margin_right(theme.px(40.0))
        .margin_top(theme.px(10.0))
        .margin_left(theme.px(Y_DESC_MARGIN))
        .x_label_area_size(theme.px(80.0))
        .y_label_area_size(theme.px(130.0))
        .build_cartesian_2d(TickedAxis::new(x0, x1, ticks), y0..y1)?;
    let x_fmt = |x: &f64| integer_label(*x, 0);
    let y_fmt = |y: &f64| tick_label(*y, y1 - y0);
    chart
        .configure_mesh()
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(WHITE.to_plotters())
        .x_desc(x_label)
        .y_desc(y_label)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_labels(8)
        .label_style(theme.tick())
        .axis_desc_style(theme.axis_label())
        .draw()?;
    let (line_w, marker) = (theme.px(3.0), theme.px(6.0));
    for (k, s) in series.iter().enumerate() {
        let color = palette(k).to_plotters();
        let points: Vec<(f64, f64)> = s.values.iter().enumerate().map(|(i, &v)| (i as f64 + 1.0, v)).collect();
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(line_w)))?;
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, marker, color.filled())))?
            .label(s.name.as_str())
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (36, 0)], color.stroke_width(line_w))
                    + Circle::new((18, 0), marker, color.filled())
            });
    }
    chart
        .configure_series_labels()
        .position(legend_position(series, (y0, y1)))
        .margin(theme.px(20.0))
        .legend_area_size(theme.px(50.0))
        .background_style(WHITE.to_plotters().mix(0.9))
        .border_style(BLACK.to_plotters())
        .label_font(theme.annotation(BLACK))
        .draw()?;
    let (left, bottom) = chart.backend_coord(&(x0, y0));
    let (right, top) = chart.backend_coord(&(x1, y1));
    Ok(Frame { x_data: (x0, x1), y_data: (y0, y1), x_px: (left, right), y_px: (bottom, top) })
}
