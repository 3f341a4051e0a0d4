//! The embedded DejaVu Sans font, registered with plotters once per process.
//!
//! plotters' `ab_glyph` feature draws text from fonts registered in memory, so seq-plot never touches
//! system fontconfig. The font licence is in `assets/LICENSE-DejaVu.txt`.

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

use crate::PlotError;

/// The family name under which the embedded font is registered (plotters' `FontFamily::SansSerif`).
pub const FONT_FAMILY: &str = "sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();

/// Registers the embedded regular and bold DejaVu Sans faces as `sans-serif` (idempotent, thread-safe).
///
/// Every drawing entry point calls this; call it yourself only if you draw with plotters directly.
pub fn ensure_fonts() -> Result<(), PlotError> {
    REGISTERED.get_or_init(register_embedded_fonts).clone().map_err(PlotError::Font)
}

fn register_embedded_fonts() -> Result<(), String> {
    register_font(FONT_FAMILY, FontStyle::Normal, DEJAVU_SANS).map_err(|_| "DejaVuSans.ttf".to_string())?;
    register_font(FONT_FAMILY, FontStyle::Bold, DEJAVU_SANS_BOLD).map_err(|_| "DejaVuSans-Bold.ttf".to_string())?;
    Ok(())
}
