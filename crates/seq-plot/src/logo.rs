//! Sequence logos: letters drawn as filled vector polygons, stacked per position.
//!
//! Positive heights stack upwards from 0 (largest on top), negative heights stack downwards from 0
//! (largest magnitude at the bottom). Column `i` is centred at data x = `i`; a letter of height `h`
//! covers exactly `h` data units on the y axis.

use std::path::Path;

use plotters::prelude::*;

use crate::canvas::{titled, Area, Canvas, Frame, Theme, Y_DESC_MARGIN};
use crate::colors::{Rgb, BLACK, HIGHLIGHT_COLOR, NUCLEOTIDE_COLORS};
use crate::glyphs::{channel_glyph, place};
use crate::ticks::{integer_label, position_ticks, TickedAxis};
use crate::{validate, PlotError};

mod stack;

use stack::fitted_y_range;
pub use stack::{information_logo_heights, stack_column, StackedLetter};

/// Fraction of a column's width taken by its letters.
const LETTER_WIDTH: f64 = 0.9;

/// A shaded span of positions (0-based, half-open), e.g. a ground-truth motif.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// First highlighted position (index into the drawn positions).
    pub start: usize,
    /// One past the last highlighted position.
    pub end: usize,
    /// Text written at the top of the span (may be empty).
    pub label: String,
    /// Shading colour (drawn translucent behind the data).
    pub color: Rgb,
}

impl Highlight {
    /// A span `start..end` with `label` in the default highlight colour.
    pub fn new(start: usize, end: usize, label: impl Into<String>) -> Self {
        Self { start, end, label: label.into(), color: HIGHLIGHT_COLOR }
    }
}

/// Appearance of a logo.
#[derive(Debug, Clone, PartialEq)]
pub struct LogoOptions {
    /// Figure title (empty for none).
    pub title: String,
    /// x axis description.
    pub x_label: String,
    /// y axis description, e.g. "bits" or "attribution".
    pub y_label: String,
    /// Coordinate printed under the first column (x tick labels are `start_position + i`).
    pub start_position: i64,
    /// Shaded spans drawn behind the letters.
    pub highlight: Vec<Highlight>,
    /// Image width in pixels.
    pub width_px: u32,
    /// Image height in pixels (per panel for [`draw_logo_panels`]).
    pub height_px: u32,
    /// Fixed y range `(bottom, top)`; `None` fits the data (e.g. use `Some((0.0, 2.0))` for bits).
    pub y_range: Option<(f64, f64)>,
}

impl Default for LogoOptions {
    fn default() -> Self {
        Self {
            title: String::new(),
            x_label: "position".to_string(),
            y_label: String::new(),
            start_position: 0,
            highlight: Vec::new(),
            width_px: 1400,
            height_px: 480,
            y_range: None,
        }
    }
}

/// One logo of a stacked multi-logo figure.
#[derive(Debug, Clone, PartialEq)]
pub struct LogoPanel {
    /// Panel title (e.g. "filter 3" or "JASPAR MA0149.1").
    pub title: String,
    /// Per-position heights in channel order A, C, G, T.
    pub heights: Vec<[f32; 4]>,
}

/// Draws the logo of `heights` (per position, A, C, G, T; may be negative) to a PNG at `path`.
pub fn draw_logo(path: &Path, heights: &[[f32; 4]], opts: &LogoOptions) -> Result<(), PlotError> {
    let mut canvas = Canvas::new(opts.width_px, opts.height_px)?;
    render_logo(&mut canvas, heights, opts)?;
    canvas.save_png(path)
}

/// Draws the logo onto `canvas` and returns the data-to-pixel mapping of its plot area.
pub fn render_logo(canvas: &mut Canvas, heights: &[[f32; 4]], opts: &LogoOptions) -> Result<Frame, PlotError> {
    validate_logo(heights, opts)?;
    let theme = Theme::for_width(canvas.width());
    canvas.draw(|root| {
        let area = titled(root, &opts.title, &theme)?;
        render_logo_in(&area, heights, opts, &theme)
    })
}

/// Draws several logos stacked vertically (each `opts.height_px` tall, titled by its panel) to `path`.
/// `opts.title` is the figure title; the other options apply to every panel.
pub fn draw_logo_panels(path: &Path, panels: &[LogoPanel], opts: &LogoOptions) -> Result<(), PlotError> {
    validate::non_empty("logo panels", panels.len())?;
    for panel in panels {
        validate_logo(&panel.heights, opts)?;
    }
    let theme = Theme::for_width(opts.width_px);
    let title_px = if opts.title.is_empty() { 0 } else { theme.px(70.0) };
    let total = opts.height_px.saturating_mul(panels.len() as u32).saturating_add(title_px);
    let mut canvas = Canvas::new(opts.width_px, total)?;
    canvas.draw(|root| {
        let area = titled(root, &opts.title, &theme)?;
        for (panel, cell) in panels.iter().zip(area.split_evenly((panels.len(), 1))) {
            let cell = titled(&cell, &panel.title, &Theme { scale: theme.scale * 0.8 })?;
            render_logo_in(&cell, &panel.heights, opts, &theme)?;
        }
        Ok(())
    })?;
    canvas.save_png(path)
}

fn validate_logo(heights: &[[f32; 4]], opts: &LogoOptions) -> Result<(), PlotError> {
    validate::non_empty("logo heights", heights.len())?;
    validate::all_finite("logo heights", heights.iter().flatten().map(|&v| f64::from(v)), |i| {
        format!("position {}, base {}", i / 4, crate::colors::NUCLEOTIDES[i % 4])
    })?;
    for h in &opts.highlight {
        validate::span("logo highlight", (h.start, h.end), heights.len())?;
    }
    if let Some(range) = opts.y_range {
        validate::range("logo y_range", range)?;
    }
    Ok(())
}

/// Draws a logo into `area` (no figure title) and returns its frame.
pub fn render_logo_in(
    area: &Area<'_>,
    heights: &[[f32; 4]],
    opts: &LogoOptions,
    theme: &Theme,
) -> Result<Frame, PlotError> {
    let labelled = opts.highlight.iter().any(|h| !h.label.is_empty());
    let (y0, y1) = opts.y_range.unwrap_or_else(|| fitted_y_range(heights, labelled));
    let n = heights.len();
    let (x0, x1) = (-0.5, n as f64 - 0.5);
    let max_ticks = (area.dim_in_pixel().0 / theme.px(80.0)).max(2) as usize;
    let ticks: Vec<f64> = position_ticks(n, opts.start_position, max_ticks).into_iter().map(|i| i as f64).collect();
    let mut chart = ChartBuilder::on(area)
        .margin_right(theme.px(40.0))
        .margin_top(theme.px(10.0))
        .margin_left(theme.px(Y_DESC_MARGIN))
        .x_label_area_size(theme.px(80.0))
        .y_label_area_size(theme.px(120.0))
        .build_cartesian_2d(TickedAxis::new(x0, x1, ticks), y0..y1)?;
    let start = opts.start_position;
    let x_fmt = |x: &f64| integer_label(*x, start);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(opts.x_label.as_str())
        .y_desc(opts.y_label.as_str())
        .x_label_formatter(&x_fmt)
        .y_labels(6)
        .label_style(theme.tick())
        .axis_desc_style(theme.axis_label())
        .draw()?;
    let frame = frame_of(&chart, (x0, x1), (y0, y1));
    draw_highlights(&mut chart, &opts.highlight, (y0, y1), theme)?;
    draw_letters(&mut chart, heights, (y0, y1), frame.y_px_per_unit())?;
    if y0 < 0.0 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x0, 0.0), (x1, 0.0)],
            BLACK.to_plotters().stroke_width(theme.px(2.0)),
        )))?;
    }
    Ok(frame)
}

type LogoChart<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<TickedAxis, plotters::coord::types::RangedCoordf64>>;

fn frame_of(chart: &LogoChart<'_, '_>, x: (f64, f64), y: (f64, f64)) -> Frame {
    let (left, bottom) = chart.backend_coord(&(x.0, y.0));
    let (right, top) = chart.backend_coord(&(x.1, y.1));
    Frame { x_data: x, y_data: y, x_px: (left, right), y_px: (bottom, top) }
}

fn draw_highlights(
    chart: &mut LogoChart<'_, '_>,
    spans: &[Highlight],
    (y0, y1): (f64, f64),
    theme: &Theme,
) -> Result<(), PlotError> {
    for h in spans {
        let (left, right) = (h.start as f64 - 0.5, h.end as f64 - 0.5);
        let shade = h.color.to_plotters().mix(0.18).filled();
        chart.draw_series(std::iter::once(Rectangle::new([(left, y0), (right, y1)], shade)))?;
        if !h.label.is_empty() {
            let style = theme.annotation(h.color).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Top,
            ));
            let label_y = y1 - 0.03 * (y1 - y0);
            chart.draw_series(std::iter::once(Text::new(h.label.clone(), (left, label_y), style)))?;
        }
    }
    Ok(())
}

fn draw_letters(
    chart: &mut LogoChart<'_, '_>,
    heights: &[[f32; 4]],
    (y0, y1): (f64, f64),
    px_per_unit: f64,
) -> Result<(), PlotError> {
    let half = LETTER_WIDTH / 2.0;
    for (i, column) in heights.iter().enumerate() {
        let x = i as f64;
        for letter in stack_column(column) {
            if (letter.top - letter.bottom) * px_per_unit < 1.0 {
                continue;
            }
            let Some(glyph) = channel_glyph(letter.channel) else {
                continue;
            };
            let style = NUCLEOTIDE_COLORS[letter.channel].to_plotters().filled();
            let polys = place(&glyph, (x - half, x + half), (letter.bottom, letter.top));
            chart.draw_series(polys.into_iter().map(|p| {
                let clipped: Vec<(f64, f64)> = p.into_iter().map(|(px, py)| (px, py.clamp(y0, y1))).collect();
                Polygon::new(clipped, style)
            }))?;
        }
    }
    Ok(())
}
