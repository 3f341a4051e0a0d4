//! [`Scanner`]: FIMO scanning of sequences that arrive in batches (FASTA records, genome windows read
//! region by region, a chromosome in chunks), with memory bounded by the batch, the hits and the score
//! tables. Window scores are counted per table entry as they are computed, so the q-values of
//! [`Scanner::finish`] are those of one [`scan`](super::scan) over every sequence added.

use rayon::prelude::*;
use seq_io::{Pfm, Strand};

use super::{motif, FimoHit, FimoMotif, FimoOptions};
use crate::error::Result;
use crate::qvalue::benjamini_hochberg_grouped;

/// A stretch of letters to scan: part or all of a named sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The sequence's name (the hits' `sequence`).
    pub sequence: &'a str,
    /// Position of `letters[0]` on the sequence (added to the hits' coordinates).
    pub offset: usize,
    /// The letters (any case; letters other than A, C, G, T score 0).
    pub letters: &'a [u8],
    /// Only windows starting at `letters[..starts]` are scanned (and counted), so that pieces of a
    /// long sequence may overlap by a motif width without testing a window twice; `usize::MAX`: all.
    pub starts: usize,
}

impl<'a> Piece<'a> {
    /// A whole sequence: offset 0, every window.
    pub fn whole(sequence: &'a str, letters: &'a [u8]) -> Self {
        Piece { sequence, offset: 0, letters, starts: usize::MAX }
    }
}

/// A hit before its q-value: piece, start in the piece, score, table index.
type RawHit = (usize, usize, f64, usize);

/// One orientation of one motif, with its window counts and hits so far.
struct StrandState {
    strand: Strand,
    motif: FimoMotif,
    counts: Vec<u64>,
    hits: Vec<RawHit>,
}

struct MotifState {
    name: String,
    strands: Vec<StrandState>,
}

/// Scans batches of [`Piece`]s with every motif (pieces of one sequence may overlap by the motif width).
pub struct Scanner {
    motifs: Vec<MotifState>,
    /// Per piece added: (index in `names`, offset).
    pieces: Vec<(usize, usize)>,
    names: Vec<String>,
    windows: u64,
    bases: u64,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("motifs", &self.motifs.len())
            .field("pieces", &self.pieces.len())
            .field("bases", &self.bases)
            .finish()
    }
}

impl Scanner {
    /// Prepares every motif (both orientations unless `options.both_strands` is off). Bad options or
    /// a bad motif column are an error (naming the motif).
    pub fn new(motifs: &[Pfm], options: &FimoOptions) -> Result<Self> {
        options.check()?;
        let mut states = Vec::with_capacity(motifs.len());
        for pfm in motifs {
            let fwd = FimoMotif::new(pfm, options)?;
            let mut strands = Vec::with_capacity(2);
            if options.both_strands {
                let rc = fwd.reverse_complement(options);
                strands.push(StrandState::new(Strand::Forward, fwd));
                strands.push(StrandState::new(Strand::Reverse, rc));
            } else {
                strands.push(StrandState::new(Strand::Forward, fwd));
            }
            states.push(MotifState { name: pfm.name.clone(), strands });
        }
        Ok(Scanner { motifs: states, pieces: Vec::new(), names: Vec::new(), windows: 0, bases: 0 })
    }

    /// The widest motif (pieces of a long sequence overlap by this minus one).
    pub fn max_width(&self) -> usize {
        self.motifs.iter().flat_map(|m| m.strands.first()).map(|s| s.motif.width()).max().unwrap_or(0)
    }

    /// Pieces added so far.
    pub fn pieces(&self) -> usize {
        self.pieces.len()
    }

    /// Bases added so far (each piece's letters up to `starts`: overlaps are not counted twice).
    pub fn bases(&self) -> u64 {
        self.bases
    }

    /// Windows tested so far (every motif and strand).
    pub fn windows(&self) -> u64 {
        self.windows
    }

    /// Scans a batch of pieces (in parallel over the pieces and the motif orientations).
    pub fn add(&mut self, batch: &[Piece<'_>]) {
        let first = self.pieces.len();
        for p in batch {
            let id = match self.names.last() {
                Some(last) if last == p.sequence => self.names.len() - 1,
                _ => {
                    self.names.push(p.sequence.to_string());
                    self.names.len() - 1
                }
            };
            self.pieces.push((id, p.offset));
            self.bases += p.letters.len().min(p.starts) as u64;
        }
        let codes: Vec<Vec<u8>> =
            batch.par_iter().map(|p| p.letters.iter().map(|&b| motif::letter_code(b)).collect()).collect();
        let mut states: Vec<&mut StrandState> = self.motifs.iter_mut().flat_map(|m| m.strands.iter_mut()).collect();
        let tested: u64 = states
            .par_iter_mut()
            .map(|st| {
                let scanned = scan_batch(&st.motif, batch, &codes, first);
                st.hits.extend(scanned.hits);
                for (x, y) in st.counts.iter_mut().zip(&scanned.counts) {
                    *x += y;
                }
                scanned.counts.iter().sum::<u64>()
            })
            .sum();
        self.windows += tested;
    }

    /// The hits, ordered by motif, strand (`+` first), piece and start, with Benjamini–Hochberg
    /// q-values over every window tested for the motif (both strands).
    pub fn finish(self) -> Vec<FimoHit> {
        let mut out = Vec::new();
        for m in self.motifs {
            // q-values: every (strand, table entry) is a group of windows sharing one p-value.
            let mut p = Vec::new();
            let mut counts = Vec::new();
            let mut base = Vec::new();
            for st in &m.strands {
                base.push(p.len());
                p.extend((0..st.motif.table_len()).map(|i| st.motif.p_of_index(i)));
                counts.extend_from_slice(&st.counts);
            }
            let q = benjamini_hochberg_grouped(&p, &counts);
            for (k, st) in m.strands.into_iter().enumerate() {
                let mut hits = st.hits;
                hits.sort_by_key(|h| (h.0, h.1));
                for (piece, start, score, idx) in hits {
                    let (name, offset) = self.pieces[piece];
                    out.push(FimoHit {
                        motif: m.name.clone(),
                        sequence: self.names[name].clone(),
                        start: offset + start,
                        end: offset + start + st.motif.width(),
                        strand: st.strand,
                        score,
                        p_value: st.motif.p_of_index(idx),
                        q_value: q[base[k] + idx],
                    });
                }
            }
        }
        out
    }
}

impl StrandState {
    fn new(strand: Strand, motif: FimoMotif) -> Self {
        let counts = vec![0; motif.table_len()];
        StrandState { strand, motif, counts, hits: Vec::new() }
    }
}

/// Hits (piece numbered from `first`) and window counts per table index of one orientation.
struct BatchScan {
    hits: Vec<RawHit>,
    counts: Vec<u64>,
}

fn scan_batch(m: &FimoMotif, batch: &[Piece<'_>], codes: &[Vec<u8>], first: usize) -> BatchScan {
    let w = m.width();
    let thr = m.score_threshold();
    let empty = || BatchScan { hits: Vec::new(), counts: vec![0u64; m.table_len()] };
    // one accumulator per rayon task (not per piece: a table of counts per record would be allocated for
    // every FASTA record and every motif orientation)
    let per_piece = |mut acc: BatchScan, (i, (piece, codes)): (usize, (&Piece<'_>, &Vec<u8>))| {
        if codes.len() >= w && piece.starts > 0 {
            let last = (codes.len() - w).min(piece.starts - 1);
            for start in 0..=last {
                let score = m.score_codes(codes, start);
                let idx = m.table_index(score);
                acc.counts[idx] += 1;
                if score > thr {
                    acc.hits.push((first + i, start, score, idx));
                }
            }
        }
        acc
    };
    batch.par_iter().zip(codes.par_iter()).enumerate().fold(empty, per_piece).reduce(empty, |mut a, b| {
        a.hits.extend(b.hits);
        for (x, y) in a.counts.iter_mut().zip(b.counts) {
            *x += y;
        }
        a
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn motifs() -> Vec<Pfm> {
        vec![
            Pfm::from_probs("a", vec![[0.9, 0.03, 0.04, 0.03], [0.03, 0.9, 0.04, 0.03], [0.03, 0.03, 0.9, 0.04]])
                .unwrap(),
            Pfm::from_probs("b", vec![[0.1, 0.1, 0.1, 0.7], [0.7, 0.1, 0.1, 0.1]]).unwrap(),
        ]
    }

    #[test]
    fn overlapping_pieces_give_the_hits_and_q_values_of_the_whole_sequence() {
        let seq: Vec<u8> = b"ACGTTACGGGTACGTAAACGNNTACGATTTACG".repeat(7);
        let options = FimoOptions { threshold: 0.05, ..Default::default() };
        let whole = super::super::scan(&motifs(), &[("s", seq.clone())], &options).unwrap();
        assert!(!whole.is_empty());
        for chunk in [1usize, 5, 17, 64] {
            let mut scanner = Scanner::new(&motifs(), &options).unwrap();
            let overlap = scanner.max_width() - 1;
            let mut pieces = Vec::new();
            let mut at = 0;
            while at < seq.len() {
                let end = (at + chunk + overlap).min(seq.len());
                pieces.push(Piece { sequence: "s", offset: at, letters: &seq[at..end], starts: chunk });
                at += chunk;
            }
            for batch in pieces.chunks(3) {
                scanner.add(batch);
            }
            assert_eq!(scanner.bases(), seq.len() as u64, "chunk {chunk}");
            assert_eq!(scanner.finish(), whole, "chunk {chunk}");
        }
    }
}
