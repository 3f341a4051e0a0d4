//! Base composition of a window: GC, N and CpG fractions, the quantities negatives are matched on.

/// Composition of one sequence.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Composition {
    /// (G + C) / (A + C + G + T); 0 when the window has no A, C, G or T.
    pub gc: f64,
    /// Fraction of letters that are not A, C, G or T.
    pub n: f64,
    /// `CG` dinucleotides per adjacent pair.
    pub cpg: f64,
}

/// Counts of one sequence, from which [`Composition`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// G or C.
    pub gc: u32,
    /// A or T.
    pub at: u32,
    /// `CG` pairs.
    pub cpg: u32,
    /// Length.
    pub len: u32,
}

impl Counts {
    /// Counts an upper-case sequence.
    pub fn of(seq: &[u8]) -> Self {
        let mut c = Counts { len: seq.len() as u32, ..Counts::default() };
        for &b in seq {
            match b {
                b'G' | b'C' => c.gc += 1,
                b'A' | b'T' => c.at += 1,
                _ => {}
            }
        }
        c.cpg = seq.windows(2).filter(|w| w == b"CG").count() as u32;
        c
    }

    /// Letters that are not A, C, G or T.
    pub fn n(&self) -> u32 {
        self.len - self.gc - self.at
    }

    /// The fractions.
    pub fn composition(&self) -> Composition {
        let acgt = self.gc + self.at;
        Composition {
            gc: if acgt == 0 { 0.0 } else { f64::from(self.gc) / f64::from(acgt) },
            n: if self.len == 0 { 0.0 } else { f64::from(self.n()) / f64::from(self.len) },
            cpg: if self.len < 2 { 0.0 } else { f64::from(self.cpg) / f64::from(self.len - 1) },
        }
    }
}

/// The composition of an upper-case sequence.
pub fn composition(seq: &[u8]) -> Composition {
    Counts::of(seq).composition()
}

/// Bin of a fraction in `[0, 1]` among `bins` equal bins (1.0 falls in the last bin).
pub fn bin_of(value: f64, bins: usize) -> usize {
    ((value * bins as f64) as usize).min(bins.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_composition() {
        let c = composition(b"ACGTNNCG");
        assert_eq!(c.gc, 4.0 / 6.0);
        assert_eq!(c.n, 2.0 / 8.0);
        assert_eq!(c.cpg, 2.0 / 7.0);
        assert_eq!(bin_of(1.0, 50), 49);
        assert_eq!(bin_of(0.019, 50), 0);
        assert_eq!(bin_of(0.02, 50), 1);
    }
}
