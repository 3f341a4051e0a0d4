//! One base track for a batch's SNV windows: windows of nearby SNVs overlap, and laid on one track they let
//! the incremental engine compute the first convolution once per genome position
//! ([`seq_interpret::ism::FastIsm::snv_logits_tiled`]).
//!
//! Stitching is checked, not assumed: a window joins the previous one only when both are on the same
//! chromosome, it starts `d` bases later (`0 ≤ d < L`, from the variants' positions) and its first `L − d`
//! bases equal the track's last `L − d`. Otherwise (another chromosome, a gap, windows padded with `N` at a
//! chromosome's end, an unsorted VCF) it starts a new stretch of the track. Either way every window reads
//! back exactly its own bases, so the logits do not depend on the other windows of the batch.

use seq_io::onehot::{CODE, IUPAC};

/// Windows of length `len` laid on one track of base indices (0..4 = A, C, G, T, 4 = no base).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// Base indices.
    pub bases: Vec<u8>,
    /// Start of each window on the track.
    pub starts: Vec<usize>,
    /// Window length.
    pub len: usize,
}

/// Base index of a letter (case-insensitive; `N`, other IUPAC codes and anything else → 4, the zero column
/// of the one-hot encoding under [`seq_io::UnknownPolicy::Zeros`]).
fn index(b: u8) -> u8 {
    CODE[usize::from(b)].min(IUPAC)
}

impl Track {
    /// Lays `windows` (each `len` letters) on one track; `keys[i]` = (chromosome, a position) of window `i`
    /// (such as its variant's), used only through differences: to propose how far a window sits after the
    /// previous one.
    pub fn stitch(windows: &[&[u8]], keys: &[(usize, u64)], len: usize) -> Track {
        let mut track = Track { bases: Vec::with_capacity(windows.len() * len), starts: Vec::new(), len };
        for (i, w) in windows.iter().enumerate() {
            debug_assert_eq!(w.len(), len);
            let shift = (i > 0).then(|| track.join_shift(w, keys[i - 1], keys[i])).flatten();
            let (start, new) = match shift {
                Some(d) => (track.starts[i - 1] + d, &w[len - d..]),
                None => (track.bases.len(), &w[..]),
            };
            track.starts.push(start);
            track.bases.extend(new.iter().map(|&b| index(b)));
        }
        track
    }

    /// How far after the last window (which ends the track) the window `w` starts, when it joins it: same
    /// chromosome, a shift `d < len` from the keys, and the `len − d` overlapping bases equal.
    fn join_shift(&self, w: &[u8], (prev_chrom, prev_at): (usize, u64), (chrom, at): (usize, u64)) -> Option<usize> {
        let d = usize::try_from(at.checked_sub(prev_at)?).ok()?;
        let prev = *self.starts.last()?;
        let overlap = &self.bases[prev + d.min(self.len)..];
        let joins = chrom == prev_chrom
            && d < self.len
            && prev + self.len == self.bases.len()
            && w[..self.len - d].iter().zip(overlap).all(|(&b, &t)| index(b) == t);
        joins.then_some(d)
    }

    /// The reverse-complemented track: window `i` of it is the reverse complement of window `i` of `self`.
    pub fn reverse_complement(&self) -> Track {
        let t = self.bases.len();
        let bases = self.bases.iter().rev().map(|&b| if b < 4 { 3 - b } else { 4 }).collect();
        let starts = self.starts.iter().map(|&s| t - s - self.len).collect();
        Track { bases, starts, len: self.len }
    }

    /// Window `i`'s base indices.
    pub fn window(&self, i: usize) -> &[u8] {
        &self.bases[self.starts[i]..self.starts[i] + self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indices(s: &[u8]) -> Vec<u8> {
        s.iter().map(|&b| index(b)).collect()
    }

    #[test]
    fn overlapping_windows_share_the_track_and_read_back_their_bases() {
        let genome = b"ACGTTGCAnNacgtGGCCAATT";
        let len = 8;
        let at = [0u64, 3, 3, 10, 20 - 8];
        let mut windows: Vec<Vec<u8>> = at.iter().map(|&a| genome[a as usize..a as usize + len].to_vec()).collect();
        windows.push(b"NNNNACGT".to_vec()); // padded at a chromosome start: same key, other bases
        let keys: Vec<(usize, u64)> = at.iter().map(|&a| (0, a)).chain([(0, 12)]).collect();
        let refs: Vec<&[u8]> = windows.iter().map(|w| w.as_slice()).collect();
        let track = Track::stitch(&refs, &keys, len);
        // Windows 3 and 4 overlap their predecessors by 1 and 6 bases; the padded window has other bases.
        assert_eq!(track.starts, [0, 3, 3, 10, 12, 20]);
        assert_eq!(track.bases.len(), 28);
        for (i, w) in refs.iter().enumerate() {
            assert_eq!(track.window(i), indices(w), "window {i}");
        }
        let rc = track.reverse_complement();
        for (i, w) in refs.iter().enumerate() {
            assert_eq!(rc.window(i), indices(&seq_io::onehot::reverse_complement(w)), "rc window {i}");
        }
    }

    #[test]
    fn other_chromosomes_and_unsorted_windows_start_new_stretches() {
        let w: [&[u8]; 3] = [b"ACGTACGT", b"CGTACGTA", b"ACGTACGT"];
        let track = Track::stitch(&w, &[(0, 10), (1, 11), (1, 10)], 8);
        assert_eq!(track.starts, [0, 8, 16]);
        let track = Track::stitch(&w[..2], &[(0, 10), (0, 11)], 8);
        assert_eq!((track.starts.as_slice(), track.bases.len()), ([0, 1].as_slice(), 9));
    }
}
