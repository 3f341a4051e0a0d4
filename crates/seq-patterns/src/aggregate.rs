//! Building one pattern from a cluster of seqlets, as TF-MoDISco's `merge_in_seqlets_filledges` and
//! `polish_pattern`: seqlets in decreasing total |contribution|; the first is the seed; each next one is
//! aligned (offset + strand, continuous Jaccard) to the pattern as it stands, then expanded to span the
//! pattern, the pattern growing when the seqlet hangs over an edge. Every member spans the whole pattern,
//! so the pattern's tracks are plain means over members. Polishing expands by a flank, keeps the window of
//! highest information content, and expands by the flank again.

use crate::similarity::{best_alignment, similarity_data, SeqletData, CHANNELS};
use crate::tracks::{Tracks, WindowBuffers};
use crate::Seqlet;
use seq_io::Strand;
use std::collections::HashSet;

/// The window `delta .. delta + len` of `s`, in `s`'s orientation (`delta` may be negative); `None` when
/// it leaves the example.
pub fn shifted(tracks: &Tracks<'_>, s: &Seqlet, delta: isize, len: usize) -> Option<Seqlet> {
    let start = match s.strand {
        Strand::Forward => s.start as isize + delta,
        Strand::Reverse => s.end as isize - delta - len as isize,
    };
    tracks.contains(s.example, start, len).then(|| Seqlet { start: start as usize, end: start as usize + len, ..*s })
}

fn flipped(s: &Seqlet) -> Seqlet {
    let strand = match s.strand {
        Strand::Forward => Strand::Reverse,
        Strand::Reverse => Strand::Forward,
    };
    Seqlet { strand, ..*s }
}

/// A pattern under construction: members of equal length and the sums of their tracks.
#[derive(Debug, Clone)]
pub struct Builder {
    /// Pattern length.
    pub len: usize,
    /// Members, each spanning the pattern.
    pub members: Vec<Seqlet>,
    seen: HashSet<(usize, usize, bool)>,
    /// Sums over members (`len × 4`): one-hot, contribution, hypothetical.
    pub sums: [Vec<f64>; 3],
    buffers: [Vec<f32>; 3],
}

impl Builder {
    /// An empty pattern of length `len`.
    pub fn new(len: usize) -> Builder {
        Builder {
            len,
            members: Vec::new(),
            seen: HashSet::new(),
            sums: [vec![0.0; len * 4], vec![0.0; len * 4], vec![0.0; len * 4]],
            buffers: [vec![0.0; len * 4], vec![0.0; len * 4], vec![0.0; len * 4]],
        }
    }

    /// Builds from members of length `len` (duplicates dropped).
    pub fn from_members(tracks: &Tracks<'_>, len: usize, members: impl IntoIterator<Item = Seqlet>) -> Builder {
        let mut b = Builder::new(len);
        for m in members {
            b.add(tracks, m);
        }
        b
    }

    /// Adds a member (of length `self.len`) unless it is already in.
    pub fn add(&mut self, tracks: &Tracks<'_>, s: Seqlet) {
        debug_assert_eq!(s.len(), self.len);
        if !self.seen.insert((s.example, s.start, s.strand == Strand::Reverse)) {
            return;
        }
        let [o, c, h] = &mut self.buffers;
        tracks.fill_window(
            s.example,
            s.start,
            s.strand,
            &mut WindowBuffers { onehot: Some(o), contrib: c, hypothetical: h },
        );
        for (sum, buf) in self.sums.iter_mut().zip(&self.buffers) {
            for (a, &b) in sum.iter_mut().zip(buf) {
                *a += f64::from(b);
            }
        }
        let score = self.buffers[1].iter().sum();
        self.members.push(Seqlet { score, ..s });
    }

    /// The members' windows `delta .. delta + len` (pattern orientation); members that would leave their
    /// example are dropped. `None` when none is left.
    pub fn reframe(&self, tracks: &Tracks<'_>, delta: isize, len: usize) -> Option<Builder> {
        let b = Builder::from_members(tracks, len, self.members.iter().filter_map(|m| shifted(tracks, m, delta, len)));
        (!b.members.is_empty()).then_some(b)
    }

    /// Mean of one of the sums (0 one-hot, 1 contribution, 2 hypothetical).
    pub fn mean(&self, which: usize) -> Vec<f32> {
        let n = self.members.len().max(1) as f64;
        self.sums[which].iter().map(|&v| (v / n) as f32).collect()
    }

    /// Similarity data of the pattern (its mean tracks).
    pub fn data(&self) -> Vec<f32> {
        similarity_data(&self.mean(1), &self.mean(2))
    }

    /// Total contribution of the pattern's mean.
    pub fn total_contrib(&self) -> f64 {
        self.sums[1].iter().sum::<f64>() / self.members.len().max(1) as f64
    }

    /// Per-position information content (bits) of the members' base frequencies against `background`, with
    /// TF-MoDISco's pseudocount 0.001.
    pub fn information_content(&self, background: &[f64; 4]) -> Vec<f64> {
        let ppm = self.ppm();
        ppm.iter()
            .map(|row| {
                let ps = 0.001;
                (0..4)
                    .map(|c| ((row[c] + ps) / (1.0 + 4.0 * ps)).log2() * row[c] - background[c].log2() * background[c])
                    .sum()
            })
            .collect()
    }

    /// Base frequencies per position (rows sum to 1; a position of unknown bases only is uniform).
    pub fn ppm(&self) -> Vec<[f64; 4]> {
        self.sums[0]
            .chunks_exact(4)
            .map(|r| {
                let t: f64 = r.iter().sum();
                if t > 0.0 {
                    [r[0] / t, r[1] / t, r[2] / t, r[3] / t]
                } else {
                    [0.25; 4]
                }
            })
            .collect()
    }
}

/// Merges `seqlets` (in order; the first is the seed) into one pattern; `data` holds their similarity data
/// (rows `indices`). `pad` is the slide beyond the edges.
pub fn merge_seqlets(
    tracks: &Tracks<'_>,
    seqlets: &[Seqlet],
    data: &SeqletData,
    indices: &[usize],
    pad: usize,
) -> Option<Builder> {
    let first = *indices.first()?;
    let b = Builder::from_members(tracks, seqlets[first].len(), [seqlets[first]]);
    Some(merge_into(tracks, b, seqlets, data, &indices[1..], pad))
}

/// Aligns and adds `seqlets[indices]` one by one to the pattern `b` (see [`merge_seqlets`]).
pub fn merge_into(
    tracks: &Tracks<'_>,
    mut b: Builder,
    seqlets: &[Seqlet],
    data: &SeqletData,
    indices: &[usize],
    pad: usize,
) -> Builder {
    let mut y = b.data();
    for &i in indices {
        let s = &seqlets[i];
        let w = s.len() as isize;
        let a = best_alignment(data.fwd(i), data.rev(i), &y, pad);
        let s = if a.reverse { flipped(s) } else { *s };
        let lp = b.len as isize;
        let (left, right) = (a.offset.max(0), (lp - (a.offset + w)).max(0));
        let Some(grown) = shifted(tracks, &s, -left, (w + left + right) as usize) else {
            continue;
        };
        let (pl, pr) = ((-a.offset).max(0), (a.offset + w - lp).max(0));
        if pl > 0 || pr > 0 {
            match b.reframe(tracks, -pl, (lp + pl + pr) as usize) {
                Some(nb) => b = nb,
                None => continue,
            }
        }
        if grown.len() == b.len {
            b.add(tracks, grown);
        }
        y = b.data();
    }
    b
}

/// TF-MoDISco's polish: expand by `flank`, keep the `window` of highest summed information content, expand
/// by `flank` again.
pub fn polish(tracks: &Tracks<'_>, b: &Builder, flank: usize, window: usize, background: &[f64; 4]) -> Option<Builder> {
    let f = flank as isize;
    let expanded = b.reframe(tracks, -f, b.len + 2 * flank)?;
    let ic = expanded.information_content(background);
    let w = window.min(ic.len()).max(1);
    let mut best = (f64::NEG_INFINITY, 0usize);
    let mut acc: f64 = ic[..w].iter().sum();
    for start in 0..=ic.len() - w {
        if start > 0 {
            acc += ic[start + w - 1] - ic[start - 1];
        }
        if acc > best.0 + 1e-12 {
            best = (acc, start);
        }
    }
    let trimmed = expanded.reframe(tracks, best.1 as isize, w)?;
    trimmed.reframe(tracks, -f, w + 2 * flank)
}

/// Position-major `len × 8` data of a builder's members, each L1-normalised (for within/between
/// comparisons at one offset).
pub fn member_data(tracks: &Tracks<'_>, members: &[Seqlet], len: usize) -> Vec<Vec<f32>> {
    members
        .iter()
        .map(|m| {
            let w = tracks.window(m.example, m.start, len, m.strand);
            similarity_data(&w.contrib, &w.hypothetical)
        })
        .collect()
}

/// Length of `data` rows in positions.
pub fn positions(data: &[f32]) -> usize {
    data.len() / CHANNELS
}
