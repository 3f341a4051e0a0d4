//! Branch-free `exp`, logistic sigmoid and `tanh` on `f32` that the compiler vectorises (the standard
//! library's call into libm one value at a time). `exp` is the Cephes `expf` scheme: `x = n·ln 2 + r` with
//! `|r| ≤ ln 2 / 2`, a degree-6 polynomial for `e^r`, and `2^n` built in the exponent bits; relative error
//! within a few units in the last place over the clamped range `[-87.3, 88.0]`.

const LOG2E: f32 = std::f32::consts::LOG2_E;
/// `ln 2` split in a part exact in `f32` and the rest (Cody–Waite reduction).
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// `1.5 · 2^23`: adding and subtracting it rounds an `f32` of magnitude < 2^22 to the nearest integer.
const ROUND: f32 = 12_582_912.0;

/// `e^x` (clamped below at `e^-87.3`, above at `e^88`).
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.3, 88.0);
    let shifted = x * LOG2E + ROUND;
    // The rounded integer sits in the low mantissa bits of `shifted` (integer arithmetic only: vectorised).
    let k = shifted.to_bits().wrapping_sub(ROUND.to_bits()) as i32;
    let n = shifted - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_2e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    f32::from_bits(((k + 127) << 23) as u32) * e
}

/// `1 / (1 + e^-x)`.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// `tanh x = 1 - 2 / (e^2x + 1)` (absolute error ~1e-7 near 0, exactly ±1 far out).
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (exp(2.0 * x) + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_approximations_agree_with_the_standard_library() {
        let mut x = -90.0f32;
        while x < 90.0 {
            let want = x.exp();
            if (-87.0..88.0).contains(&x) {
                assert!((exp(x) - want).abs() <= 4e-7 * want, "exp({x}) = {} vs {want}", exp(x));
            }
            assert!(
                (sigmoid(x) - 1.0 / (1.0 + (-x).exp())).abs() <= 2.5e-7,
                "sigmoid({x}) = {} vs {}",
                sigmoid(x),
                1.0 / (1.0 + (-x).exp())
            );
            assert!((tanh(x) - x.tanh()).abs() <= 3e-7, "tanh({x}) = {} vs {}", tanh(x), x.tanh());
            x += 0.0137;
        }
        assert_eq!(tanh(40.0), 1.0);
        assert_eq!(tanh(-40.0), -1.0);
        assert!(exp(-1000.0) > 0.0 && exp(1000.0).is_finite());
    }
}
