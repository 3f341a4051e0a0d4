//! The in-memory figure ([`Canvas`]), the font sizes of a figure ([`Theme`]) and the data-to-pixel
//! mapping of a drawn chart ([`Frame`]).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, IntoDrawingArea};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform, TextStyle};

use crate::colors::{Rgb, BLACK, WHITE};
use crate::font::ensure_fonts;
use crate::PlotError;

/// Smallest accepted side of a figure in pixels.
pub const MIN_SIDE_PX: u32 = 64;
/// Largest accepted side of a figure in pixels.
pub const MAX_SIDE_PX: u32 = 16_384;

/// Left margin (before scaling) that keeps plotters' rotated y-axis description inside the image
/// (with the ab_glyph font backend it is centred on the label area's left edge).
pub const Y_DESC_MARGIN: f64 = 26.0;

/// The drawing area type every renderer draws into.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// An RGB raster with a white background that figures are rendered into and then saved as PNG.
#[derive(Debug, Clone)]
pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    /// A white canvas of `width` × `height` pixels; also makes sure the embedded font is registered.
    pub fn new(width: u32, height: u32) -> Result<Self, PlotError> {
        let valid = |side: u32| (MIN_SIDE_PX..=MAX_SIDE_PX).contains(&side);
        if !valid(width) || !valid(height) {
            return Err(PlotError::InvalidSize { width, height });
        }
        ensure_fonts()?;
        Ok(Self { width, height, pixels: vec![255; 3 * width as usize * height as usize] })
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The colour of pixel (`x`, `y`), origin at the top left; `None` outside the canvas.
    pub fn pixel(&self, x: u32, y: u32) -> Option<Rgb> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = 3 * (y as usize * self.width as usize + x as usize);
        Some(Rgb(self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]))
    }

    /// The raw RGB bytes, row-major from the top left.
    pub fn as_rgb_bytes(&self) -> &[u8] {
        &self.pixels
    }

    /// Clears the canvas to white and runs `draw` on it as a plotters drawing area (so a canvas can
    /// be reused for another figure of the same size).
    pub fn draw<T>(&mut self, draw: impl FnOnce(&Area<'_>) -> Result<T, PlotError>) -> Result<T, PlotError> {
        let size = (self.width, self.height);
        let root = BitMapBackend::with_buffer(&mut self.pixels, size).into_drawing_area();
        root.fill(&WHITE.to_plotters())?;
        let out = draw(&root)?;
        root.present()?;
        Ok(out)
    }

    /// Writes the canvas as a PNG, creating missing parent directories. The write is atomic (a hidden
    /// `.<name>.tmp-<pid>-<n>` file beside the target, synced, then renamed over it: seq-io's convention, so
    /// its stale-file cleaning removes what a killed run leaves): a reader sees the old figure or the new one.
    pub fn save_png(&self, path: &Path) -> Result<(), PlotError> {
        let write_err = |reason: String| PlotError::Write { path: path.to_path_buf(), reason };
        let mut png = Vec::new();
        image::write_buffer_with_format(
            &mut std::io::Cursor::new(&mut png),
            &self.pixels,
            self.width,
            self.height,
            image::ColorType::Rgb8,
            image::ImageFormat::Png,
        )
        .map_err(|e| write_err(e.to_string()))?;
        seq_atomic::write_atomic(path, &png)
            .map_err(|seq_atomic::AtomicError::Io { source, .. }| write_err(source.to_string()))
    }
}

/// Font sizes and line widths of a figure, scaled with its width so text reads well in a paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Scale factor relative to a 1400-px-wide figure.
    pub scale: f64,
}

impl Theme {
    /// The theme for a figure `width_px` wide (scale clamped to 0.6..=2).
    pub fn for_width(width_px: u32) -> Self {
        Self { scale: (f64::from(width_px) / 1400.0).clamp(0.6, 2.0) }
    }

    /// Pixels scaled by the theme, at least 1.
    pub fn px(&self, base: f64) -> u32 {
        (base * self.scale).round().max(1.0) as u32
    }

    /// Bold title font.
    pub fn title(&self) -> TextStyle<'static> {
        self.font(40.0, FontStyle::Bold, BLACK)
    }

    /// Axis description font.
    pub fn axis_label(&self) -> TextStyle<'static> {
        self.font(32.0, FontStyle::Normal, BLACK)
    }

    /// Tick label font.
    pub fn tick(&self) -> TextStyle<'static> {
        self.font(26.0, FontStyle::Normal, BLACK)
    }

    /// Font for text inside the plot (annotations, legends).
    pub fn annotation(&self, color: Rgb) -> TextStyle<'static> {
        self.font(26.0, FontStyle::Normal, color)
    }

    /// A font of `base` size (before scaling) in `style` and `color`.
    pub fn font(&self, base: f64, style: FontStyle, color: Rgb) -> TextStyle<'static> {
        FontDesc::new(FontFamily::SansSerif, base * self.scale, style)
            .transform(FontTransform::None)
            .color(&color.to_plotters())
    }
}

/// Draws `title` centred at the top of `area` (if non-empty) and returns the area below it.
pub fn titled<'a>(area: &Area<'a>, title: &str, theme: &Theme) -> Result<Area<'a>, PlotError> {
    if title.trim().is_empty() {
        return Ok(area.clone());
    }
    let band = area.margin(theme.px(12.0), 0, 0, 0);
    Ok(band.titled(title, theme.title())?)
}

/// The linear mapping between data coordinates and canvas pixels of one drawn chart.
///
/// Returned by the `render_*` functions so that callers (and tests) can locate data on the image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Data x range `(left, right)`.
    pub x_data: (f64, f64),
    /// Data y range `(bottom, top)`.
    pub y_data: (f64, f64),
    /// Pixel columns of `x_data.0` and `x_data.1`.
    pub x_px: (i32, i32),
    /// Pixel rows of `y_data.0` and `y_data.1` (the first is the larger: rows grow downwards).
    pub y_px: (i32, i32),
}

impl Frame {
    /// Pixel column (fractional) of data x.
    pub fn x_to_px(&self, x: f64) -> f64 {
        lerp_map(x, self.x_data, self.x_px)
    }

    /// Pixel row (fractional) of data y.
    pub fn y_to_px(&self, y: f64) -> f64 {
        lerp_map(y, self.y_data, self.y_px)
    }

    /// Pixels per data unit on the y axis.
    pub fn y_px_per_unit(&self) -> f64 {
        f64::from(self.y_px.0 - self.y_px.1) / (self.y_data.1 - self.y_data.0)
    }
}

fn lerp_map(v: f64, data: (f64, f64), px: (i32, i32)) -> f64 {
    let t = (v - data.0) / (data.1 - data.0);
    f64::from(px.0) + t * f64::from(px.1 - px.0)
}

/// Formats an axis tick value with decimals suited to the axis `span` (never "-0.0").
pub fn tick_label(value: f64, span: f64) -> String {
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span >= 0.2 {
        2
    } else {
        3
    };
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// With plotters' ab_glyph backend, text anchored at its vertical centre is drawn about this fraction
/// of the font size above the anchor; renderers that place text inside cells shift the anchor down.
pub const TEXT_RAISE: f64 = 0.26;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_validated_and_pixels_are_bounded() {
        assert!(matches!(Canvas::new(10, 500), Err(PlotError::InvalidSize { .. })));
        assert!(matches!(Canvas::new(500, MAX_SIDE_PX + 1), Err(PlotError::InvalidSize { .. })));
        let canvas = Canvas::new(100, 80).unwrap();
        assert_eq!(canvas.pixel(99, 79), Some(WHITE));
        assert_eq!(canvas.pixel(100, 0), None);
        assert_eq!(canvas.as_rgb_bytes().len(), 3 * 100 * 80);
    }

    #[test]
    fn drawing_again_starts_from_white() {
        let mut canvas = Canvas::new(100, 80).unwrap();
        canvas.draw(|area| Ok(area.fill(&BLACK.to_plotters())?)).unwrap();
        assert_eq!(canvas.pixel(50, 40), Some(BLACK));
        canvas.draw(|_| Ok(())).unwrap();
        assert_eq!(canvas.pixel(50, 40), Some(WHITE));
    }

    #[test]
    fn tick_labels_never_print_negative_zero() {
        assert_eq!(tick_label(-0.0001, 1.0), "0.00");
        assert_eq!(tick_label(0.25, 1.0), "0.25");
        assert_eq!(tick_label(-12.0, 100.0), "-12");
    }
}
