//! Heat maps with a diverging colour map centred at 0 (white) and a colour bar: attribution maps
//! (4 × L), ISM maps, sgRNA base effects.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::canvas::{tick_label, titled, Area, Canvas, Frame, Theme, TEXT_RAISE, Y_DESC_MARGIN};
use crate::colors::{diverging, BLACK};
use crate::logo::Highlight;
use crate::ticks::{integer_label, position_ticks, TickedAxis};
use crate::{validate, PlotError};

/// Appearance of a heat map.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapOptions {
    /// Figure title (empty for none).
    pub title: String,
    /// x axis description.
    pub x_label: String,
    /// y axis description.
    pub y_label: String,
    /// Colour bar description (e.g. "Δ score").
    pub colorbar_label: String,
    /// Image width in pixels (including the colour bar).
    pub width_px: u32,
    /// Image height in pixels.
    pub height_px: u32,
    /// Symmetric colour limit: ±limit are the darkest colours. `None` uses the largest |value|.
    pub limit: Option<f32>,
    /// Write each cell's value into it (only sensible for small maps).
    pub annotate: bool,
    /// Column spans outlined on top of the map (e.g. ground-truth motifs).
    pub highlight: Vec<Highlight>,
}

impl Default for HeatmapOptions {
    fn default() -> Self {
        Self {
            title: String::new(),
            x_label: "position".to_string(),
            y_label: String::new(),
            colorbar_label: String::new(),
            width_px: 1400,
            height_px: 420,
            limit: None,
            annotate: false,
            highlight: Vec::new(),
        }
    }
}

/// Draws `values` (rows top to bottom, labelled by `row_labels`; column `j` labelled `col_start + j`)
/// as a PNG heat map at `path`.
pub fn draw_heatmap<S: AsRef<str>>(
    path: &Path,
    values: &[Vec<f32>],
    row_labels: &[S],
    col_start: i64,
    opts: &HeatmapOptions,
) -> Result<(), PlotError> {
    let mut canvas = Canvas::new(opts.width_px, opts.height_px)?;
    render_heatmap(&mut canvas, values, row_labels, col_start, opts)?;
    canvas.save_png(path)
}

/// Draws the heat map onto `canvas`; the returned frame maps column `j` to x = `j` and row `r` to
/// y = `n_rows - 1 - r` (cell centres).
pub fn render_heatmap<S: AsRef<str>>(
    canvas: &mut Canvas,
    values: &[Vec<f32>],
    row_labels: &[S],
    col_start: i64,
    opts: &HeatmapOptions,
) -> Result<Frame, PlotError> {
    let n_cols = validate::matrix("heat map values", values)?;
    validate::same_len("heat map row labels", values.len(), row_labels.len())?;
    for h in &opts.highlight {
        validate::span("heat map highlight", (h.start, h.end), n_cols)?;
    }
    let limit = colour_limit(values, opts.limit)?;
    let theme = Theme::for_width(canvas.width());
    let labels: Vec<String> = row_labels.iter().map(|s| s.as_ref().to_string()).collect();
    canvas.draw(|root| {
        let area = titled(root, &opts.title, &theme)?;
        let bar_px = theme.px(COLOUR_BAR_WIDTH).min(area.dim_in_pixel().0 / 3);
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0 - bar_px);
        let frame = render_cells(&main, values, &labels, col_start, limit, opts, &theme)?;
        render_colour_bar(&bar, limit, &opts.colorbar_label, &theme)?;
        Ok(frame)
    })
}

/// The colour limit: the option if valid, else the largest |value| (1 if everything is 0).
fn colour_limit(values: &[Vec<f32>], limit: Option<f32>) -> Result<f64, PlotError> {
    if let Some(l) = limit {
        if !(l.is_finite() && l > 0.0) {
            return Err(PlotError::InvalidInput {
                what: "heat map limit".to_string(),
                reason: format!("{l} must be a positive finite number"),
            });
        }
        return Ok(f64::from(l));
    }
    let max = values.iter().flatten().map(|v| f64::from(v.abs())).fold(0.0, f64::max);
    Ok(if max > 0.0 { max } else { 1.0 })
}

/// Width (before scaling) of the colour-bar panel: gap, bar, tick labels, rotated description.
const COLOUR_BAR_WIDTH: f64 = 250.0;

fn label_area_sizes(theme: &Theme) -> (u32, u32) {
    (theme.px(80.0), theme.px(10.0))
}

fn render_cells(
    area: &Area<'_>,
    values: &[Vec<f32>],
    labels: &[String],
    col_start: i64,
    limit: f64,
    opts: &HeatmapOptions,
    theme: &Theme,
) -> Result<Frame, PlotError> {
    let (n_rows, n_cols) = (values.len(), values[0].len());
    let max_ticks = (area.dim_in_pixel().0 / theme.px(80.0)).max(2) as usize;
    let x_ticks = position_ticks(n_cols, col_start, max_ticks).into_iter().map(|i| i as f64);
    let y_ticks = (0..n_rows).map(|r| r as f64).collect();
    let (x_range, y_range) = ((-0.5, n_cols as f64 - 0.5), (-0.5, n_rows as f64 - 0.5));
    let (bottom_px, top_px) = label_area_sizes(theme);
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin_top(top_px)
        .margin_right(theme.px(10.0))
        .margin_left(theme.px(Y_DESC_MARGIN))
        .x_label_area_size(bottom_px)
        .y_label_area_size(theme.px(70.0 + 16.0 * widest.min(20.0)))
        .build_cartesian_2d(
            TickedAxis::new(x_range.0, x_range.1, x_ticks.collect()),
            TickedAxis::new(y_range.0, y_range.1, y_ticks),
        )?;
    let x_fmt = |x: &f64| integer_label(*x, col_start);
    let y_fmt = |y: &f64| row_label(labels, *y);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(opts.x_label.as_str())
        .y_desc(opts.y_label.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(theme.tick())
        .axis_desc_style(theme.axis_label())
        .draw()?;
    let cells = values.iter().enumerate().flat_map(|(r, row)| {
        let y = (n_rows - 1 - r) as f64;
        row.iter().enumerate().map(move |(c, &v)| {
            let x = c as f64;
            let fill = diverging(f64::from(v), limit).to_plotters().filled();
            Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], fill)
        })
    });
    chart.draw_series(cells)?;
    let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
    let cell_px = f64::from(plot_w) / n_cols as f64;
    let row_px = f64::from(plot_h) / n_rows as f64;
    let text_px = (cell_px / 3.1).min(22.0 * theme.scale);
    if opts.annotate && text_px >= 9.0 {
        let anchor = Pos::new(HPos::Center, VPos::Center);
        let texts = values.iter().enumerate().flat_map(|(r, row)| {
            let y = (n_rows - 1 - r) as f64 - TEXT_RAISE * text_px / row_px;
            row.iter().enumerate().map(move |(c, &v)| {
                let color = diverging(f64::from(v), limit).readable_text();
                let style = theme.font(text_px / theme.scale, FontStyle::Normal, color).pos(anchor);
                Text::new(format!("{v:.2}"), (c as f64, y), style)
            })
        });
        chart.draw_series(texts)?;
    }
    for h in &opts.highlight {
        let corners = [(h.start as f64 - 0.5, y_range.0), (h.end as f64 - 0.5, y_range.1)];
        let outline = h.color.to_plotters().stroke_width(theme.px(4.0));
        chart.draw_series(std::iter::once(Rectangle::new(corners, outline)))?;
    }
    let (left, bottom) = chart.backend_coord(&(x_range.0, y_range.0));
    let (right, top) = chart.backend_coord(&(x_range.1, y_range.1));
    Ok(Frame { x_data: x_range, y_data: y_range, x_px: (left, right), y_px: (bottom, top) })
}

fn row_label(labels: &[String], y: f64) -> String {
    let rounded = y.round();
    if (y - rounded).abs() > 1e-6 || rounded < 0.0 {
        return String::new();
    }
    let from_top = labels.len().checked_sub(1 + rounded as usize);
    from_top.and_then(|r| labels.get(r)).cloned().unwrap_or_default()
}

/// A vertical colour bar from -limit (bottom) to +limit (top) with labelled ticks on the right.
fn render_colour_bar(area: &Area<'_>, limit: f64, label: &str, theme: &Theme) -> Result<(), PlotError> {
    let (bottom_px, top_px) = label_area_sizes(theme);
    let mut chart = ChartBuilder::on(area)
        .margin_top(top_px)
        .margin_bottom(bottom_px)
        .margin_left(theme.px(30.0))
        .margin_right(theme.px(Y_DESC_MARGIN))
        .right_y_label_area_size(theme.px(125.0))
        .build_cartesian_2d(0.0..1.0, -limit..limit)?;
    let y_fmt = |v: &f64| tick_label(*v, 2.0 * limit);
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(5)
        .y_label_formatter(&y_fmt)
        .y_desc(label)
        .label_style(theme.tick())
        .axis_desc_style(theme.axis_label())
        .draw()?;
    let steps = 256;
    let step = 2.0 * limit / f64::from(steps);
    chart.draw_series((0..steps).map(|i| {
        let lo = -limit + step * f64::from(i);
        let fill = diverging(lo + step / 2.0, limit).to_plotters().filled();
        Rectangle::new([(0.0, lo), (1.0, lo + step)], fill)
    }))?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, -limit), (1.0, limit)],
        BLACK.to_plotters().stroke_width(1),
    )))?;
    Ok(())
}
