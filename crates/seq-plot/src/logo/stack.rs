//! Column stacking and information-content heights of sequence logos (pure arithmetic).

/// Information-content logo heights of a PFM/PPM: `p_b · IC` with `IC = 2 + Σ_b p_b log2 p_b`.
///
/// Each row is normalised to sum to 1 first (so counts work too); negative or non-finite entries count
/// as 0 and a row without mass gets height 0. No small-sample correction is applied.
pub fn information_logo_heights(probs: &[[f64; 4]]) -> Vec<[f32; 4]> {
    probs.iter().map(information_column).collect()
}

fn information_column(row: &[f64; 4]) -> [f32; 4] {
    let clean = row.map(|p| if p.is_finite() && p > 0.0 { p } else { 0.0 });
    let total: f64 = clean.iter().sum();
    if total <= 0.0 {
        return [0.0; 4];
    }
    let p = clean.map(|v| v / total);
    let entropy: f64 = p.iter().filter(|&&v| v > 0.0).map(|&v| -v * v.log2()).sum();
    let ic = (2.0 - entropy).max(0.0);
    p.map(|v| (v * ic) as f32)
}

/// One letter of a column: channel and its data-y extent `(bottom, top)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StackedLetter {
    /// Channel index (0 = A, 1 = C, 2 = G, 3 = T).
    pub channel: usize,
    /// Bottom of the letter in data units.
    pub bottom: f64,
    /// Top of the letter in data units.
    pub top: f64,
}

/// The letters of one column in drawing order: positives upwards from 0 with the largest on top,
/// negatives downwards from 0 with the largest magnitude at the bottom; zeros are omitted.
pub fn stack_column(heights: &[f32; 4]) -> Vec<StackedLetter> {
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by(|&a, &b| heights[a].abs().total_cmp(&heights[b].abs()));
    let (mut up, mut down) = (0.0f64, 0.0f64);
    let mut letters = Vec::with_capacity(4);
    for channel in order {
        let h = f64::from(heights[channel]);
        if h > 0.0 {
            letters.push(StackedLetter { channel, bottom: up, top: up + h });
            up += h;
        } else if h < 0.0 {
            letters.push(StackedLetter { channel, bottom: down + h, top: down });
            down += h;
        }
    }
    letters
}

/// The y range that fits every stack with 5 % headroom (15 % when spans carry labels); 0 is the
/// bottom when nothing is negative.
pub(super) fn fitted_y_range(heights: &[[f32; 4]], labelled: bool) -> (f64, f64) {
    let side_sum = |c: &[f32; 4], positive: bool| -> f64 {
        c.iter().filter(|&&v| (v > 0.0) == positive && v != 0.0).map(|&v| f64::from(v)).sum()
    };
    let hi = heights.iter().map(|c| side_sum(c, true)).fold(0.0, f64::max);
    let lo = heights.iter().map(|c| side_sum(c, false)).fold(0.0, f64::min);
    let span = hi - lo;
    if span <= 0.0 {
        return (0.0, 1.0);
    }
    let head = if labelled { 0.15 } else { 0.05 } * span;
    let bottom = if lo < 0.0 { lo - 0.05 * span } else { 0.0 };
    (bottom, hi + head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn information_heights_of_certain_and_uniform_columns() {
        let h = information_logo_heights(&[[0.0, 0.0, 1.0, 0.0], [0.25; 4], [2.0, 0.0, 0.0, 2.0]]);
        assert_eq!(h[0], [0.0, 0.0, 2.0, 0.0]);
        assert!(h[1].iter().all(|&v| v.abs() < 1e-6));
        assert!((h[2][0] - 0.5).abs() < 1e-6 && (h[2][3] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn stacks_sort_by_magnitude_on_each_side() {
        let letters = stack_column(&[0.5, -0.2, 1.0, -0.7]);
        let find = |c: usize| letters.iter().find(|l| l.channel == c).copied().unwrap();
        assert_eq!((find(0).bottom, find(0).top), (0.0, 0.5));
        assert_eq!((find(2).bottom, find(2).top), (0.5, 1.5));
        assert!((find(1).top - 0.0).abs() < 1e-9 && (find(1).bottom + 0.2).abs() < 1e-6);
        assert!((find(3).top + 0.2).abs() < 1e-6 && (find(3).bottom + 0.9).abs() < 1e-6);
    }
}
