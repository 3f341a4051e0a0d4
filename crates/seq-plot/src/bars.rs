//! Bar plots over positions with highlighted spans, e.g. the saliency of every position with the
//! embedded motif's bars in another colour.

use std::path::Path;

use plotters::prelude::*;

use crate::canvas::{tick_label, titled, Canvas, Frame, Theme, Y_DESC_MARGIN};
use crate::colors::{Rgb, BAR_COLOR, BLACK, HIGHLIGHT_COLOR, WHITE};
use crate::ticks::{integer_label, position_ticks, TickedAxis};
use crate::{validate, PlotError};

/// Fraction of a position's width taken by its bar.
const BAR_WIDTH: f64 = 0.8;

/// Appearance of a bar plot.
#[derive(Debug, Clone, PartialEq)]
pub struct BarOptions {
    /// Figure title (empty for none).
    pub title: String,
    /// x axis description.
    pub x_label: String,
    /// y axis description.
    pub y_label: String,
    /// Coordinate printed under the first bar (x tick labels are `start_position + i`).
    pub start_position: i64,
    /// Image width in pixels.
    pub width_px: u32,
    /// Image height in pixels.
    pub height_px: u32,
    /// Fill of ordinary bars.
    pub bar_color: Rgb,
    /// Fill of highlighted bars.
    pub highlight_color: Rgb,
    /// Legend entry for ordinary bars (no legend when both labels are empty).
    pub bar_label: String,
    /// Legend entry for highlighted bars.
    pub highlight_label: String,
}

impl Default for BarOptions {
    fn default() -> Self {
        Self {
            title: String::new(),
            x_label: "position".to_string(),
            y_label: String::new(),
            start_position: 0,
            width_px: 1400,
            height_px: 600,
            bar_color: BAR_COLOR,
            highlight_color: HIGHLIGHT_COLOR,
            bar_label: String::new(),
            highlight_label: String::new(),
        }
    }
}

/// Draws one bar per value (bar `i` at position `start_position + i`, negative values downwards) to
/// a PNG at `path`; bars inside any `highlight` span (0-based, half-open) use the highlight colour.
pub fn draw_bar_plot(
    path: &Path,
    values: &[f32],
    highlight: &[(usize, usize)],
    opts: &BarOptions,
) -> Result<(), PlotError> {
    let mut canvas = Canvas::new(opts.width_px, opts.height_px)?;
    render_bar_plot(&mut canvas, values, highlight, opts)?;
    canvas.save_png(path)
}

/// Draws the bar plot onto `canvas`; in the returned frame bar `i` is centred at x = `i`.
pub fn render_bar_plot(
    canvas: &mut Canvas,
    values: &[f32],
    highlight: &[(usize, usize)],
    opts: &BarOptions,
) -> Result<Frame, PlotError> {
    validate::non_empty("bar values", values.len())?;
    validate::all_finite("bar values", values.iter().map(|&v| f64::from(v)), |i| format!("position {i}"))?;
    for &span in highlight {
        validate::span("bar highlight", span, values.len())?;
    }
    let theme = Theme::for_width(canvas.width());
    canvas.draw(|root| {
        let area = titled(root, &opts.title, &theme)?;
        let n = values.len();
        let (x0, x1) = (-0.5, n as f64 - 0.5);
        let (y0, y1) = bar_range(values);
        let max_ticks = (area.dim_in_pixel().0 / theme.px(80.0)).max(2) as usize;
        let ticks = position_ticks(n, opts.start_position, max_ticks);
        let mut chart = ChartBuilder::on(&area)
            .margin_right(theme.px(40.0))
            .margin_top(theme.px(10.0))
            .margin_left(theme.px(Y_DESC_MARGIN))
            .x_label_area_size(theme.px(80.0))
            .y_label_area_size(theme.px(130.0))
            .build_cartesian_2d(TickedAxis::new(x0, x1, ticks.into_iter().map(|i| i as f64).collect()), y0..y1)?;
        let start = opts.start_position;
        let x_fmt = |x: &f64| integer_label(*x, start);
        let y_fmt = |y: &f64| tick_label(*y, y1 - y0);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(RGBColor(225, 225, 225))
            .light_line_style(WHITE.to_plotters())
            .x_desc(opts.x_label.as_str())
            .y_desc(opts.y_label.as_str())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .y_labels(6)
            .label_style(theme.tick())
            .axis_desc_style(theme.axis_label())
            .draw()?;
        let in_span = |i: usize| highlight.iter().any(|&(s, e)| (s..e).contains(&i));
        let half = BAR_WIDTH / 2.0;
        let bar = |i: usize, v: f32, color: Rgb| {
            let x = i as f64;
            Rectangle::new([(x - half, 0.0), (x + half, f64::from(v))], color.to_plotters().filled())
        };
        let legend = |color: Rgb| {
            move |(x, y): (i32, i32)| Rectangle::new([(x, y - 10), (x + 28, y + 10)], color.to_plotters().filled())
        };
        let plain = values.iter().enumerate().filter(|(i, _)| !in_span(*i));
        let series = chart.draw_series(plain.map(|(i, &v)| bar(i, v, opts.bar_color)))?;
        if !opts.bar_label.is_empty() {
            series.label(opts.bar_label.as_str()).legend(legend(opts.bar_color));
        }
        let lit = values.iter().enumerate().filter(|(i, _)| in_span(*i));
        let series = chart.draw_series(lit.map(|(i, &v)| bar(i, v, opts.highlight_color)))?;
        if !opts.highlight_label.is_empty() {
            series.label(opts.highlight_label.as_str()).legend(legend(opts.highlight_color));
        }
        if y0 < 0.0 {
            let axis = BLACK.to_plotters().stroke_width(theme.px(2.0));
            chart.draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], axis)))?;
        }
        if !(opts.bar_label.is_empty() && opts.highlight_label.is_empty()) {
            chart
                .configure_series_labels()
                .position(plotters::chart::SeriesLabelPosition::UpperRight)
                .margin(theme.px(16.0))
                .legend_area_size(theme.px(44.0))
                .background_style(WHITE.to_plotters().mix(0.9))
                .border_style(BLACK.to_plotters())
                .label_font(theme.annotation(BLACK))
                .draw()?;
        }
        let (left, bottom) = chart.backend_coord(&(x0, y0));
        let (right, top) = chart.backend_coord(&(x1, y1));
        Ok(Frame { x_data: (x0, x1), y_data: (y0, y1), x_px: (left, right), y_px: (bottom, top) })
    })
}

/// The y range holding 0 and every value, padded by 5 % (plus room for a legend at the top).
fn bar_range(values: &[f32]) -> (f64, f64) {
    let lo = values.iter().map(|&v| f64::from(v)).fold(0.0, f64::min);
    let hi = values.iter().map(|&v| f64::from(v)).fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let bottom = if lo < 0.0 { lo - 0.05 * span } else { 0.0 };
    (bottom, hi + 0.12 * span)
}
