//! Position tracks stacked in one figure: one bar plot per track (e.g. ISM and integrated gradients of a
//! positive and a negative sequence), each with its ground-truth spans shaded behind the bars and the bars
//! inside them coloured, so attribution can be read against where the motifs really are.

use std::path::Path;

use plotters::prelude::*;

use crate::canvas::{tick_label, titled, Area, Canvas, Theme, Y_DESC_MARGIN};
use crate::colors::{Rgb, BAR_COLOR, BLACK, HIGHLIGHT_COLOR, WHITE};
use crate::ticks::{integer_label, position_ticks, TickedAxis};
use crate::{validate, PlotError};

/// One panel: a value per position and the spans to highlight (0-based, half-open).
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Panel title.
    pub title: String,
    /// y axis description.
    pub y_label: String,
    /// One value per position (negative values are drawn downwards).
    pub values: Vec<f32>,
    /// Spans shaded and coloured (e.g. embedded motifs).
    pub highlight: Vec<(usize, usize)>,
}

/// Appearance of a track figure.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackOptions {
    /// Figure title (empty for none).
    pub title: String,
    /// x axis description (every panel).
    pub x_label: String,
    /// Coordinate of the first position.
    pub start_position: i64,
    /// Image width in pixels.
    pub width_px: u32,
    /// Height of each panel in pixels.
    pub panel_height_px: u32,
    /// Fill of ordinary bars.
    pub bar_color: Rgb,
    /// Fill of bars inside a highlighted span (the shading behind uses a pale version).
    pub highlight_color: Rgb,
    /// Legend entry of the highlighted spans (no legend when empty).
    pub highlight_label: String,
}

impl Default for TrackOptions {
    fn default() -> Self {
        Self {
            title: String::new(),
            x_label: "position".into(),
            start_position: 0,
            width_px: 1600,
            panel_height_px: 380,
            bar_color: BAR_COLOR,
            highlight_color: HIGHLIGHT_COLOR,
            highlight_label: String::new(),
        }
    }
}

/// Draws `tracks` stacked top to bottom to a PNG at `path`.
pub fn draw_tracks(path: &Path, tracks: &[Track], opts: &TrackOptions) -> Result<(), PlotError> {
    validate::non_empty("tracks", tracks.len())?;
    for track in tracks {
        validate::non_empty("track values", track.values.len())?;
        validate::all_finite("track values", track.values.iter().map(|&v| f64::from(v)), |i| {
            format!("{}, position {i}", track.title)
        })?;
        for &span in &track.highlight {
            validate::span("track highlight", span, track.values.len())?;
        }
    }
    let theme = Theme::for_width(opts.width_px);
    let title_px = if opts.title.trim().is_empty() { 0 } else { theme.px(70.0) };
    let height = opts.panel_height_px.saturating_mul(tracks.len() as u32).saturating_add(title_px);
    let mut canvas = Canvas::new(opts.width_px, height)?;
    canvas.draw(|root| {
        let area = titled(root, &opts.title, &theme)?;
        for (track, cell) in tracks.iter().zip(area.split_evenly((tracks.len(), 1))) {
            let cell = titled(&cell, &track.title, &Theme { scale: theme.scale * 0.8 })?;
            render_track_in(&cell, track, opts, &theme)?;
        }
        Ok(())
    })?;
    canvas.save_png(path)
}

/// Draws one track into `area`.
fn render_track_in(area: &Area<'_>, track: &Track, opts: &TrackOptions, theme: &Theme) -> Result<(), PlotError> {
    let n = track.values.len();
    let (x0, x1) = (-0.5, n as f64 - 0.5);
    let (y0, y1) = value_range(&track.values);
    let max_ticks = (area.dim_in_pixel().0 / theme.px(100.0)).max(2) as usize;
    let ticks = position_ticks(n, opts.start_position, max_ticks);
    let mut chart = ChartBuilder::on(area)
        .margin_right(theme.px(40.0))
        .margin_top(theme.px(6.0))
        .margin_left(theme.px(Y_DESC_MARGIN))
        .x_label_area_size(theme.px(70.0))
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
        .y_desc(track.y_label.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_labels(5)
        .label_style(theme.tick())
        .axis_desc_style(theme.axis_label())
        .draw()?;
    let shade = opts.highlight_color.lerp(WHITE, 0.75).to_plotters();
    let spans = chart.draw_series(
        track
            .highlight
            .iter()
            .map(|&(s, e)| Rectangle::new([(s as f64 - 0.5, y0), (e as f64 - 0.5, y1)], shade.filled())),
    )?;
    if !opts.highlight_label.is_empty() && !track.highlight.is_empty() {
        spans
            .label(opts.highlight_label.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 10), (x + 28, y + 10)], shade.filled()));
    }
    let inside = |i: usize| track.highlight.iter().any(|&(s, e)| (s..e).contains(&i));
    // Bars at least a pixel wide: with 1000 positions on 1400 px a 0.8-wide bar would vanish.
    let half = 0.5;
    chart.draw_series(track.values.iter().enumerate().map(|(i, &v)| {
        let color = if inside(i) { opts.highlight_color } else { opts.bar_color };
        let x = i as f64;
        Rectangle::new([(x - half, 0.0), (x + half, f64::from(v))], color.to_plotters().filled())
    }))?;
    if y0 < 0.0 {
        let axis = BLACK.to_plotters().stroke_width(theme.px(1.5));
        chart.draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], axis)))?;
    }
    if !opts.highlight_label.is_empty() && !track.highlight.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .margin(theme.px(10.0))
            .legend_area_size(theme.px(44.0))
            .background_style(WHITE.to_plotters().mix(0.9))
            .border_style(BLACK.to_plotters())
            .label_font(theme.annotation(BLACK))
            .draw()?;
    }
    Ok(())
}

/// The y range holding 0 and every value, padded (with room for the legend at the top).
fn value_range(values: &[f32]) -> (f64, f64) {
    let lo = values.iter().map(|&v| f64::from(v)).fold(0.0, f64::min);
    let hi = values.iter().map(|&v| f64::from(v)).fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let bottom = if lo < 0.0 { lo - 0.05 * span } else { 0.0 };
    (bottom, hi + 0.25 * span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_highlighted_tracks_and_refuses_bad_spans() {
        let dir = std::env::temp_dir().join(format!("seq_plot_tracks_{}", std::process::id()));
        let path = dir.join("tracks.png");
        let values: Vec<f32> = (0..200).map(|i| if (50..60).contains(&i) { 1.0 } else { -0.1 }).collect();
        let track = Track { title: "t".into(), y_label: "v".into(), values, highlight: vec![(50, 60)] };
        let opts = TrackOptions { title: "two tracks".into(), highlight_label: "motif".into(), ..Default::default() };
        draw_tracks(&path, &[track.clone(), track.clone()], &opts).unwrap();
        let img = image::open(&path).unwrap();
        assert_eq!(img.width(), opts.width_px);
        assert_eq!(img.height(), 2 * opts.panel_height_px + Theme::for_width(opts.width_px).px(70.0));
        let bad = Track { highlight: vec![(190, 210)], ..track };
        assert!(matches!(draw_tracks(&path, &[bad], &opts), Err(PlotError::InvalidSpan { .. })));
        std::fs::remove_dir_all(&dir).ok();
    }
}
