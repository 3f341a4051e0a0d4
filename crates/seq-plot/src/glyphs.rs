//! Letter outlines for A, C, G and T as polygons in the unit box, for sequence logos.
//!
//! Each glyph is a list of simple polygons (filled in one colour; overlaps are harmless) with x and y in
//! `0..=1`, y pointing up, and touching y = 0 and y = 1 exactly, so a letter scaled to a box of height
//! `h` covers exactly `h`. Letters are built from strokes (legs, bars, elliptical arcs) rather than font
//! outlines so that they are crisp at any aspect ratio and need no font at all.

use std::f64::consts::PI;

/// A polygon as a list of `(x, y)` vertices in the unit box.
pub type Polygon = Vec<(f64, f64)>;

/// Stroke thickness of the round letters (C, G) as a fraction of the box width.
const ROUND_STROKE_X: f64 = 0.22;
/// Stroke thickness of the round letters as a fraction of the box height.
const ROUND_STROKE_Y: f64 = 0.17;
/// Half-angle (degrees) of the opening on the right of C.
const C_OPENING_DEG: i32 = 44;

/// The polygons of nucleotide `letter` (`'A'`, `'C'`, `'G'`, `'T'`, case-insensitive; `'U'` draws T);
/// `None` for any other character.
pub fn glyph(letter: char) -> Option<Vec<Polygon>> {
    match letter.to_ascii_uppercase() {
        'A' => Some(glyph_a()),
        'C' => Some(glyph_c()),
        'G' => Some(glyph_g()),
        'T' | 'U' => Some(glyph_t()),
        _ => None,
    }
}

/// The polygons of channel `index` (0 = A, 1 = C, 2 = G, 3 = T).
pub fn channel_glyph(index: usize) -> Option<Vec<Polygon>> {
    crate::colors::NUCLEOTIDES.get(index).and_then(|&c| glyph(c))
}

/// Maps unit-box polygons into the data rectangle `[x0, x1] × [y0, y1]`.
pub fn place(polygons: &[Polygon], (x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> Vec<Polygon> {
    polygons.iter().map(|poly| poly.iter().map(|&(x, y)| (x0 + x * (x1 - x0), y0 + y * (y1 - y0))).collect()).collect()
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// A: two slanted legs meeting in a flat apex, and a crossbar.
fn glyph_a() -> Vec<Polygon> {
    let left_leg = vec![(0.0, 0.0), (0.22, 0.0), (0.61, 1.0), (0.39, 1.0)];
    let right_leg = vec![(1.0, 0.0), (0.78, 0.0), (0.39, 1.0), (0.61, 1.0)];
    let crossbar = rect(0.25, 0.2, 0.75, 0.36);
    vec![left_leg, right_leg, crossbar]
}

/// T: a full-width top bar and a central stem.
fn glyph_t() -> Vec<Polygon> {
    vec![rect(0.0, 0.84, 1.0, 1.0), rect(0.39, 0.0, 0.61, 1.0)]
}

/// C: an elliptical ring open on the right.
fn glyph_c() -> Vec<Polygon> {
    vec![ring_arc(C_OPENING_DEG, 360 - C_OPENING_DEG)]
}

/// G: a ring open on the upper right, ending at the right mid-line, with an inward bar.
fn glyph_g() -> Vec<Polygon> {
    let arc = ring_arc(C_OPENING_DEG, 360);
    let bar = rect(0.52, 0.4, 1.0, 0.54);
    vec![arc, bar]
}

/// The band between the outer ellipse (touching the unit box) and the inner ellipse, from `from_deg`
/// to `to_deg` counter-clockwise (0° = right). Vertices every 2°, so 90° and 270° (the top and bottom
/// extremes) are hit exactly when the arc covers them.
fn ring_arc(from_deg: i32, to_deg: i32) -> Polygon {
    let point = |deg: i32, rx: f64, ry: f64| {
        let a = f64::from(deg) * PI / 180.0;
        (0.5 + rx * a.cos(), 0.5 + ry * a.sin())
    };
    let angles: Vec<i32> = (from_deg..=to_deg).step_by(2).collect();
    let (inner_rx, inner_ry) = (0.5 - ROUND_STROKE_X, 0.5 - ROUND_STROKE_Y);
    let mut poly: Polygon = angles.iter().map(|&d| point(d, 0.5, 0.5)).collect();
    poly.extend(angles.iter().rev().map(|&d| point(d, inner_rx, inner_ry)));
    poly
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(polys: &[Polygon]) -> (f64, f64, f64, f64) {
        let pts = polys.iter().flatten();
        let fold =
            |f: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| pts.clone().map(pick).fold(init, f);
        (
            fold(f64::min, f64::INFINITY, |p| p.0),
            fold(f64::max, f64::NEG_INFINITY, |p| p.0),
            fold(f64::min, f64::INFINITY, |p| p.1),
            fold(f64::max, f64::NEG_INFINITY, |p| p.1),
        )
    }

    #[test]
    fn every_glyph_spans_the_full_unit_height() {
        for letter in ['A', 'C', 'G', 'T'] {
            let (x0, x1, y0, y1) = bounds(&glyph(letter).unwrap());
            assert!((y0 - 0.0).abs() < 1e-12 && (y1 - 1.0).abs() < 1e-12, "{letter}: {y0}..{y1}");
            assert!(x0 >= -1e-12 && x1 <= 1.0 + 1e-12, "{letter}: {x0}..{x1}");
        }
        assert!(glyph('N').is_none());
    }

    #[test]
    fn place_maps_unit_box_to_rectangle() {
        let placed = place(&glyph('T').unwrap(), (2.0, 3.0), (-1.0, 0.5));
        let (x0, x1, y0, y1) = bounds(&placed);
        assert_eq!((x0, x1, y0, y1), (2.0, 3.0, -1.0, 0.5));
    }
}
