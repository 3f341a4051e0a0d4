//! Seqlet similarity as TF-MoDISco computes it: each window becomes `w × 8` values (hypothetical
//! contributions and contributions, each L1-normalised over the window), and two windows are compared by the
//! continuous Jaccard index `Σ min(|x|, |y|)·sgn(x)sgn(y) / Σ max(|x|, |y|)`, maximised over the offsets that
//! keep a minimum overlap and over both strands of one of them.

use crate::error::{PatternError, Result};
use crate::seqlets::Seqlet;
use crate::tracks::{Tracks, WindowBuffers};

/// Values per position in the similarity data: 4 hypothetical + 4 contribution channels.
pub const CHANNELS: usize = 8;

/// The forward and reverse-complement similarity data of equal-width seqlets, `n × width × 8` each.
#[derive(Debug, Clone, PartialEq)]
pub struct SeqletData {
    /// Number of seqlets.
    pub n: usize,
    /// Common width.
    pub width: usize,
    /// Forward data, as the seqlet's strand reads it.
    pub fwd: Vec<f32>,
    /// Reverse-complement data.
    pub rev: Vec<f32>,
}

impl SeqletData {
    /// Forward data of seqlet `i`.
    pub fn fwd(&self, i: usize) -> &[f32] {
        let s = self.width * CHANNELS;
        &self.fwd[i * s..(i + 1) * s]
    }

    /// Reverse-complement data of seqlet `i`.
    pub fn rev(&self, i: usize) -> &[f32] {
        let s = self.width * CHANNELS;
        &self.rev[i * s..(i + 1) * s]
    }
}

/// Checks that every seqlet lies inside the tracks and that all have the same width; returns that width.
pub fn check_seqlets(tracks: &Tracks<'_>, seqlets: &[Seqlet]) -> Result<usize> {
    let first = seqlets.first().map(|s| s.len()).unwrap_or(0);
    for (index, s) in seqlets.iter().enumerate() {
        let bad = |message: String| PatternError::BadSeqlet {
            index,
            example: s.example,
            start: s.start,
            end: s.end,
            message,
        };
        if s.is_empty() || !tracks.contains(s.example, s.start as isize, s.len()) {
            return Err(bad(format!("outside the tracks ({} examples of length {})", tracks.n(), tracks.len())));
        }
        if s.len() != first {
            return Err(bad(format!("width {} differs from the first seqlet's {first}", s.len())));
        }
        if !s.score.is_finite() {
            return Err(bad(format!("score {} is not finite", s.score)));
        }
    }
    Ok(first)
}

/// L1-normalises `values` in place (left unchanged when all zero).
pub fn l1_normalise(values: &mut [f32]) {
    let sum: f32 = values.iter().map(|v| v.abs()).sum();
    if sum > 0.0 {
        values.iter_mut().for_each(|v| *v /= sum);
    }
}

/// Interleaves L1-normalised hypothetical contributions and contributions (`w × 4` each) into `w × 8`.
pub fn similarity_data(contrib: &[f32], hypothetical: &[f32]) -> Vec<f32> {
    let mut h = hypothetical.to_vec();
    let mut c = contrib.to_vec();
    l1_normalise(&mut h);
    l1_normalise(&mut c);
    let w = c.len() / 4;
    let mut out = Vec::with_capacity(w * CHANNELS);
    for t in 0..w {
        out.extend_from_slice(&h[t * 4..t * 4 + 4]);
        out.extend_from_slice(&c[t * 4..t * 4 + 4]);
    }
    out
}

/// Reverse complement of `w × 8` similarity data: positions reversed, A↔T and C↔G in both blocks.
pub fn reverse_data(data: &[f32]) -> Vec<f32> {
    let mut out = Vec::with_capacity(data.len());
    for pos in data.chunks_exact(CHANNELS).rev() {
        out.extend([pos[3], pos[2], pos[1], pos[0], pos[7], pos[6], pos[5], pos[4]]);
    }
    out
}

/// Similarity data of every seqlet (in its own strand), in parallel.
pub fn seqlet_data(tracks: &Tracks<'_>, seqlets: &[Seqlet]) -> Result<SeqletData> {
    use rayon::prelude::*;
    let width = check_seqlets(tracks, seqlets)?;
    let s = width * CHANNELS;
    let mut fwd = vec![0.0; seqlets.len() * s];
    let mut rev = vec![0.0; seqlets.len() * s];
    fwd.par_chunks_mut(s).zip(rev.par_chunks_mut(s)).zip(seqlets.par_iter()).for_each_init(
        || (vec![0.0; width * 4], vec![0.0; width * 4]),
        |(c, h), ((f, r), seqlet)| {
            tracks.fill_window(
                seqlet.example,
                seqlet.start,
                seqlet.strand,
                &mut WindowBuffers { onehot: None, contrib: c, hypothetical: h },
            );
            let d = similarity_data(c, h);
            r.copy_from_slice(&reverse_data(&d));
            f.copy_from_slice(&d);
        },
    );
    Ok(SeqletData { n: seqlets.len(), width, fwd, rev })
}

/// Per-position sums of |x| of `w × 8` data.
fn position_abs(x: &[f32]) -> Vec<f32> {
    x.chunks_exact(CHANNELS).map(|p| p.iter().map(|v| v.abs()).sum()).collect()
}

/// (Σ sgn(x)·sgn(y)·min(|x|, |y|), Σ max(|x|, |y|)) of two equally long slices, through the identities
/// `sgn(a)·sgn(b)·min(|a|, |b|) = (|a + b| − |a − b|) / 2` and `max(|a|, |b|) = (|a + b| + |a − b|) / 2`:
/// additions and absolute values only, in lane-wise accumulators over 8-wide chunks, so that the loop
/// vectorises (comparisons and selects compiled to a branch per lane).
#[inline(never)]
fn min_max_sums(x: &[f32], y: &[f32]) -> (f32, f32) {
    let (p, m) = (abs_sum::<false>(x, y), abs_sum::<true>(x, y));
    (0.5 * (p - m), 0.5 * (p + m))
}

/// `Σ |x + y|` (or `Σ |x − y|` with `MINUS`) in eight lane-wise accumulators.
#[inline(always)]
fn abs_sum<const MINUS: bool>(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0.0f32; CHANNELS];
    for (xs, ys) in x.chunks_exact(CHANNELS).zip(y.chunks_exact(CHANNELS)) {
        for c in 0..CHANNELS {
            acc[c] += if MINUS { xs[c] - ys[c] } else { xs[c] + ys[c] }.abs();
        }
    }
    acc.iter().sum()
}

/// Continuous Jaccard of `x` (`wx` positions) placed at `offset` on `y` (`wy` positions), over x's span:
/// positions of x outside y meet zeros. `x_abs` holds x's per-position |x| sums.
fn jaccard_with(x: &[f32], x_abs: &[f32], y: &[f32], offset: isize) -> f32 {
    let (wx, wy) = ((x.len() / CHANNELS) as isize, (y.len() / CHANNELS) as isize);
    let lo = (-offset).max(0).min(wx);
    let hi = (wy - offset).min(wx).max(lo);
    let (a0, b0) = (lo as usize * CHANNELS, (lo + offset) as usize * CHANNELS);
    let span = (hi - lo) as usize * CHANNELS;
    let (num, mut den) = min_max_sums(&x[a0..a0 + span], &y[b0..b0 + span]);
    let outside: f32 = x_abs[..lo as usize].iter().sum::<f32>() + x_abs[hi as usize..].iter().sum::<f32>();
    den += outside;
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// Continuous Jaccard of `x` placed at `offset` on `y` (see the module documentation).
pub fn jaccard_at(x: &[f32], y: &[f32], offset: isize) -> f32 {
    jaccard_with(x, &position_abs(x), y, offset)
}

/// The best placement of one window on another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alignment {
    /// Position of x's first base on y (may be negative).
    pub offset: isize,
    /// True when x's reverse complement matched best.
    pub reverse: bool,
    /// The continuous Jaccard at that placement.
    pub score: f32,
}

/// Best Jaccard placement of `x` (both strands given) on `y` over offsets `-pad ..= wy + pad - wx`; ties go
/// to the forward strand and then to the smallest offset.
pub fn best_alignment(x_fwd: &[f32], x_rev: &[f32], y: &[f32], pad: usize) -> Alignment {
    let (wx, wy) = ((x_fwd.len() / CHANNELS) as isize, (y.len() / CHANNELS) as isize);
    let mut best = Alignment { offset: 0, reverse: false, score: f32::NEG_INFINITY };
    for (reverse, x) in [(false, x_fwd), (true, x_rev)] {
        let abs = position_abs(x);
        let mut offset = -(pad as isize);
        while offset <= wy + pad as isize - wx {
            let score = jaccard_with(x, &abs, y, offset);
            if score > best.score {
                best = Alignment { offset, reverse, score };
            }
            offset += 1;
        }
    }
    if best.score == f32::NEG_INFINITY {
        best.score = 0.0;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(rows: &[[f32; 8]]) -> Vec<f32> {
        rows.iter().flatten().copied().collect()
    }

    #[test]
    fn min_max_sums_equal_the_definition() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for len in [8, 16, 160, 328] {
            let x: Vec<f32> = (0..len).map(|_| rng.random_range(-1.0f32..1.0)).collect();
            let mut y: Vec<f32> = (0..len).map(|_| rng.random_range(-1.0f32..1.0)).collect();
            y[3] = 0.0;
            y[5] = x[5];
            let (num, den) = min_max_sums(&x, &y);
            let (mut n, mut d) = (0.0f64, 0.0f64);
            for (&a, &b) in x.iter().zip(&y) {
                let (a, b) = (f64::from(a), f64::from(b));
                n += a.signum() * b.signum() * a.abs().min(b.abs()) * f64::from(u8::from(a != 0.0 && b != 0.0));
                d += a.abs().max(b.abs());
            }
            assert!((f64::from(num) - n).abs() <= 1e-5 * d, "len {len}: numerator {num} vs {n}");
            assert!((f64::from(den) - d).abs() <= 1e-5 * d, "len {len}: denominator {den} vs {d}");
        }
    }

    #[test]
    fn jaccard_of_hand_computed_windows() {
        let x = data(&[[1.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]);
        assert_eq!(jaccard_at(&x, &x, 0), 1.0);
        let y = data(&[[0.5, 0.0, 0.0, 0.0, -0.5, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]);
        // min·sign: 0.5 - 0.5 + 2 = 2; max: 1 + 0.5 + 2 = 3.5.
        assert!((jaccard_at(&x, &y, 0) - 2.0 / 3.5).abs() < 1e-6);
        // Offset 1: x[0] meets y[1] (A=1 vs C=2 → min 0, max 1 + 2), x[1] meets nothing (max 2); 0.5 vs 0.
        assert!((jaccard_at(&x, &y, 1) - 0.0).abs() < 1e-6);
    }

    #[test]
    fn best_alignment_finds_offset_and_strand() {
        // y: a 6-long window whose positions 2..4 hold a pattern; x: the reverse complement of that pattern.
        let pattern = data(&[[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]]);
        let mut y = vec![0.0; 6 * CHANNELS];
        y[2 * CHANNELS..4 * CHANNELS].copy_from_slice(&pattern);
        let x_fwd = reverse_data(&pattern);
        let x_rev = pattern.clone();
        let a = best_alignment(&x_fwd, &x_rev, &y, 1);
        assert_eq!(a, Alignment { offset: 2, reverse: true, score: 1.0 });
        assert_eq!(reverse_data(&reverse_data(&y)), y);
    }
}
