//! Tick placement for integer positions (sequence coordinates, epochs, classes), and [`TickedAxis`],
//! a continuous plotters axis whose ticks are exactly the given values.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

/// A continuous `f64` axis over `low..high` with ticks at exactly `ticks` (plotters' own f64 axis picks
/// its own ticks, which may fall between sequence positions).
#[derive(Debug, Clone, PartialEq)]
pub struct TickedAxis {
    /// Left/bottom end of the axis.
    pub low: f64,
    /// Right/top end of the axis.
    pub high: f64,
    /// Tick values (labelled by the chart's formatter).
    pub ticks: Vec<f64>,
}

impl TickedAxis {
    /// An axis over `low..high` with ticks at `ticks`.
    pub fn new(low: f64, high: f64, ticks: Vec<f64>) -> Self {
        Self { low, high, ticks }
    }
}

impl Ranged for TickedAxis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn range(&self) -> Range<f64> {
        self.low..self.high
    }

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        RangedCoordf64::from(self.low..self.high).map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
}

/// The smallest step of the form {1, 2, 5} × 10^k that gives at most `max_ticks` ticks over `span`.
pub fn nice_step(span: u64, max_ticks: usize) -> u64 {
    let max_ticks = max_ticks.max(1) as u64;
    let mut magnitude = 1u64;
    loop {
        for factor in [1u64, 2, 5] {
            let step = factor.saturating_mul(magnitude);
            if span / step < max_ticks || step == u64::MAX {
                return step;
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// Indices `i` in `0..n` whose label `start + i` is a multiple of a nice step, at most ~`max_ticks`.
///
/// Used for sequence positions: the labels are "round" coordinates whatever `start` is.
pub fn position_ticks(n: usize, start: i64, max_ticks: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let step = nice_step(n as u64, max_ticks) as i64;
    (0..n).filter(|&i| (start + i as i64).rem_euclid(step) == 0).collect()
}

/// Formats an integer-valued tick, or an empty string for a fractional one.
pub fn integer_label(value: f64, offset: i64) -> String {
    let rounded = value.round();
    if (value - rounded).abs() < 1e-6 {
        format!("{}", rounded as i64 + offset)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        // span / step must stay below max_ticks (span / step + 1 ticks at most).
        assert_eq!(nice_step(10, 20), 1);
        assert_eq!(nice_step(40, 20), 5);
        assert_eq!(nice_step(40, 25), 2);
        assert_eq!(nice_step(200, 21), 10);
        assert_eq!(nice_step(1000, 20), 100);
    }

    #[test]
    fn position_ticks_are_round_labels() {
        let ticks = position_ticks(200, 1, 10);
        assert!(!ticks.is_empty() && ticks.len() <= 11);
        let step = nice_step(200, 10) as i64;
        assert!(ticks.iter().all(|&i| (1 + i as i64) % step == 0));
        assert_eq!(integer_label(3.0, 10), "13");
        assert_eq!(integer_label(3.5, 10), "");
    }
}
