//! The validated input of the whole pipeline: one-hot sequences `x` and hypothetical contributions `h`, both
//! `(N, 4, L)` channels-first (A, C, G, T), row-major. Contributions are `h × x`.

use crate::error::{PatternError, Result};
use seq_io::Strand;

/// Borrowed, validated attribution tracks.
#[derive(Debug, Clone, Copy)]
pub struct Tracks<'a> {
    x: &'a [f32],
    h: &'a [f32],
    n: usize,
    len: usize,
}

/// The three tracks of one window, position-major (`w × 4`), in the window's own orientation.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// One-hot values.
    pub onehot: Vec<f32>,
    /// Contributions (`h × x`).
    pub contrib: Vec<f32>,
    /// Hypothetical contributions.
    pub hypothetical: Vec<f32>,
}

impl<'a> Tracks<'a> {
    /// Checks shapes (`n × 4 × len` values each), finiteness and that `x` is one-hot (each column all zero,
    /// for an unknown base, or a single 1).
    pub fn new(x: &'a [f32], hypothetical: &'a [f32], n: usize, len: usize) -> Result<Self> {
        let expected = n * 4 * len;
        let shape = format!("({n}, 4, {len})");
        if n == 0 || len == 0 {
            return Err(PatternError::Shape { array: "x", shape, expected, found: x.len() });
        }
        for (array, values) in [("x", x), ("hypothetical", hypothetical)] {
            if values.len() != expected {
                return Err(PatternError::Shape { array, shape: shape.clone(), expected, found: values.len() });
            }
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                let (example, rest) = (i / (4 * len), i % (4 * len));
                let (channel, position) = (rest / len, rest % len);
                return Err(PatternError::NonFinite { array, example, channel, position, value: values[i] });
            }
        }
        for example in 0..n {
            let base = example * 4 * len;
            for position in 0..len {
                let column = [0, 1, 2, 3].map(|c| x[base + c * len + position]);
                let ones = column.iter().filter(|&&v| v == 1.0).count();
                let zeros = column.iter().filter(|&&v| v == 0.0).count();
                if ones + zeros != 4 || ones > 1 {
                    return Err(PatternError::NotOneHot { example, position, column });
                }
            }
        }
        Ok(Tracks { x, h: hypothetical, n, len })
    }

    /// Number of examples N.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Sequence length L.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: [`Tracks::new`] refuses empty tracks.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[inline]
    fn index(&self, example: usize, channel: usize, position: usize) -> usize {
        (example * 4 + channel) * self.len + position
    }

    /// One-hot value.
    #[inline]
    pub fn onehot(&self, example: usize, channel: usize, position: usize) -> f32 {
        self.x[self.index(example, channel, position)]
    }

    /// Hypothetical contribution.
    #[inline]
    pub fn hypothetical(&self, example: usize, channel: usize, position: usize) -> f32 {
        self.h[self.index(example, channel, position)]
    }

    /// Contribution `h × x`.
    #[inline]
    pub fn contrib(&self, example: usize, channel: usize, position: usize) -> f32 {
        let i = self.index(example, channel, position);
        self.h[i] * self.x[i]
    }

    /// Per-position summed contribution of one example (length L).
    pub fn position_sums(&self, example: usize) -> Vec<f32> {
        (0..self.len).map(|p| (0..4).map(|c| self.contrib(example, c, p)).sum()).collect()
    }

    /// Per-position summed contributions of all examples, `(N, L)` row-major.
    pub fn all_position_sums(&self) -> Vec<f32> {
        (0..self.n).flat_map(|e| self.position_sums(e)).collect()
    }

    /// True when `[start, start + width)` lies inside an example of these tracks.
    pub fn contains(&self, example: usize, start: isize, width: usize) -> bool {
        example < self.n && start >= 0 && start as usize + width <= self.len
    }

    /// Writes the window `[start, start + w)` of `example` into position-major `w × 4` buffers, in the
    /// orientation of `strand` (reverse: positions reversed and A↔T, C↔G swapped). The caller checks bounds.
    pub fn fill_window(&self, example: usize, start: usize, strand: Strand, out: &mut WindowBuffers<'_>) {
        let w = out.contrib.len() / 4;
        for t in 0..w {
            for c in 0..4 {
                let (p, ch) = match strand {
                    Strand::Forward => (start + t, c),
                    Strand::Reverse => (start + w - 1 - t, 3 - c),
                };
                let i = self.index(example, ch, p);
                let (h, x) = (self.h[i], self.x[i]);
                out.contrib[t * 4 + c] = h * x;
                out.hypothetical[t * 4 + c] = h;
                if let Some(o) = out.onehot.as_deref_mut() {
                    o[t * 4 + c] = x;
                }
            }
        }
    }

    /// The window `[start, start + width)` of `example` as owned buffers (see [`Tracks::fill_window`]).
    pub fn window(&self, example: usize, start: usize, width: usize, strand: Strand) -> Window {
        let mut w =
            Window { onehot: vec![0.0; width * 4], contrib: vec![0.0; width * 4], hypothetical: vec![0.0; width * 4] };
        let mut buffers =
            WindowBuffers { onehot: Some(&mut w.onehot), contrib: &mut w.contrib, hypothetical: &mut w.hypothetical };
        self.fill_window(example, start, strand, &mut buffers);
        w
    }
}

/// Mutable destination of [`Tracks::fill_window`]; the window width is `contrib.len() / 4`.
#[derive(Debug)]
pub struct WindowBuffers<'b> {
    /// One-hot values (skipped when `None`).
    pub onehot: Option<&'b mut [f32]>,
    /// Contributions.
    pub contrib: &'b mut [f32],
    /// Hypothetical contributions.
    pub hypothetical: &'b mut [f32],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_window_swaps_channels_and_positions() {
        // One example, L = 3: sequence A C G with h = channel index + 10 * position.
        let mut x = vec![0.0; 12];
        let mut h = vec![0.0; 12];
        for (p, base) in [0usize, 1, 2].into_iter().enumerate() {
            x[base * 3 + p] = 1.0;
            for c in 0..4 {
                h[c * 3 + p] = c as f32 + 10.0 * p as f32;
            }
        }
        let t = Tracks::new(&x, &h, 1, 3).unwrap();
        let f = t.window(0, 0, 3, Strand::Forward);
        assert_eq!(f.contrib[..4], [0.0; 4]); // position 0 is A, whose h is 0
        assert_eq!(f.contrib[4 + 1], 11.0); // position 1 is C
        let r = t.window(0, 0, 3, Strand::Reverse);
        // Reverse position 0 is original position 2 (G), read as C (channel 1) with h of G.
        assert_eq!(r.onehot[..4], [0.0, 1.0, 0.0, 0.0]);
        assert_eq!(r.contrib[1], 22.0);
        assert_eq!(r.hypothetical[..4], [23.0, 22.0, 21.0, 20.0]);
        assert_eq!(t.position_sums(0), vec![0.0, 11.0, 22.0]);
    }

    #[test]
    fn validation_names_the_place() {
        let x = vec![0.0; 8];
        assert!(matches!(Tracks::new(&x, &x[..7], 1, 2), Err(PatternError::Shape { array: "hypothetical", .. })));
        let mut h = vec![0.0; 8];
        h[5] = f32::NAN;
        let e = Tracks::new(&x, &h, 1, 2).unwrap_err();
        assert!(matches!(e, PatternError::NonFinite { channel: 2, position: 1, .. }), "{e}");
        let mut bad = vec![0.0; 8];
        bad[0] = 1.0;
        bad[2] = 1.0; // A and C both set at position 0
        assert!(matches!(
            Tracks::new(&bad, &h.iter().map(|_| 0.0).collect::<Vec<_>>(), 1, 2),
            Err(PatternError::NotOneHot { position: 0, .. })
        ));
    }
}
