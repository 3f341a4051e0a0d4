//! Colours: nucleotide colours, a categorical palette and the colour maps used by heat maps.

use plotters::style::RGBColor;

/// An opaque 8-bit RGB colour (kept independent of plotters so callers need not depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour as plotters' type.
    pub fn to_plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// The colour as an `[r, g, b]` array (the layout of PNG pixels).
    pub fn to_array(self) -> [u8; 3] {
        [self.0, self.1, self.2]
    }

    /// Relative luminance in 0..=1 (Rec. 709 weights on the 8-bit values).
    pub fn luminance(self) -> f64 {
        (0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2)) / 255.0
    }

    /// Black or white, whichever is more readable as text on this colour.
    pub fn readable_text(self) -> Rgb {
        if self.luminance() < 0.5 {
            WHITE
        } else {
            BLACK
        }
    }

    /// Linear interpolation towards `other`; `t` is clamped to 0..=1.
    pub fn lerp(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(mix(self.0, other.0), mix(self.1, other.1), mix(self.2, other.2))
    }
}

/// White.
pub const WHITE: Rgb = Rgb(255, 255, 255);
/// Black.
pub const BLACK: Rgb = Rgb(0, 0, 0);
/// Mid grey used for neutral bars.
pub const GREY: Rgb = Rgb(128, 128, 128);

/// Adenine: green (the classic logo colour).
pub const A_COLOR: Rgb = Rgb(0, 128, 0);
/// Cytosine: blue.
pub const C_COLOR: Rgb = Rgb(0, 0, 255);
/// Guanine: orange.
pub const G_COLOR: Rgb = Rgb(255, 165, 0);
/// Thymine: red.
pub const T_COLOR: Rgb = Rgb(255, 0, 0);

/// Nucleotide colours in channel order A, C, G, T.
pub const NUCLEOTIDE_COLORS: [Rgb; 4] = [A_COLOR, C_COLOR, G_COLOR, T_COLOR];

/// Nucleotide letters in channel order.
pub const NUCLEOTIDES: [char; 4] = ['A', 'C', 'G', 'T'];

/// Tableau-10 categorical palette (lines, legends).
pub const PALETTE: [Rgb; 10] = [
    Rgb(31, 119, 180),
    Rgb(255, 127, 14),
    Rgb(44, 160, 44),
    Rgb(214, 39, 40),
    Rgb(148, 103, 189),
    Rgb(140, 86, 75),
    Rgb(227, 119, 194),
    Rgb(127, 127, 127),
    Rgb(188, 189, 34),
    Rgb(23, 190, 207),
];

/// The `i`-th palette colour, cycling.
pub fn palette(i: usize) -> Rgb {
    PALETTE[i % PALETTE.len()]
}

/// Default fill for bars that are not highlighted (steel blue).
pub const BAR_COLOR: Rgb = Rgb(70, 130, 180);
/// Default fill for highlighted bars and spans (vermilion).
pub const HIGHLIGHT_COLOR: Rgb = Rgb(230, 85, 13);

/// Dark end of the diverging map (positive values).
pub const DIVERGING_POSITIVE: Rgb = Rgb(178, 24, 43);
/// Dark end of the diverging map (negative values).
pub const DIVERGING_NEGATIVE: Rgb = Rgb(33, 102, 172);
/// Dark end of the sequential map.
pub const SEQUENTIAL_DARK: Rgb = Rgb(8, 48, 107);

/// Diverging colour map centred at 0: `value / limit` = -1 is dark blue, 0 is white, +1 is dark red.
///
/// Values beyond ±`limit` saturate; a non-positive or non-finite `limit` maps everything to white.
pub fn diverging(value: f64, limit: f64) -> Rgb {
    if limit.is_nan() || limit <= 0.0 || !limit.is_finite() || !value.is_finite() {
        return WHITE;
    }
    let t = (value / limit).clamp(-1.0, 1.0);
    if t >= 0.0 {
        WHITE.lerp(DIVERGING_POSITIVE, t)
    } else {
        WHITE.lerp(DIVERGING_NEGATIVE, -t)
    }
}

/// Sequential colour map: 0 is white, 1 is dark blue (clamped).
pub fn sequential(t: f64) -> Rgb {
    WHITE.lerp(SEQUENTIAL_DARK, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_is_white_at_zero_and_saturates() {
        assert_eq!(diverging(0.0, 1.0), WHITE);
        assert_eq!(diverging(5.0, 1.0), DIVERGING_POSITIVE);
        assert_eq!(diverging(-5.0, 1.0), DIVERGING_NEGATIVE);
        let half = diverging(0.5, 1.0);
        assert!(half.0 > half.2, "positive half-way is red-ish: {half:?}");
        assert_eq!(diverging(1.0, 0.0), WHITE);
    }

    #[test]
    fn readable_text_flips_on_dark_backgrounds() {
        assert_eq!(sequential(1.0).readable_text(), WHITE);
        assert_eq!(sequential(0.0).readable_text(), BLACK);
    }
}
