//! Pairwise global alignment (Needleman–Wunsch, linear gap cost) and the identity measure used to score a
//! denoiser.
//!
//! The dynamic programme maximises the alignment score and, among equally scoring alignments, the number
//! of matching columns, so that [`identity`] is a well-defined number. Traceback prefers a diagonal step,
//! then a gap in the query, then a gap in the reference; gaps therefore sit at the leftmost equivalent
//! position of a homopolymer in every read, which keeps a stack of reads aligned to one draft consistent.

/// Linear-gap scoring of a global alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scoring {
    /// Score of two identical bases.
    pub match_score: i32,
    /// Score of two different bases (usually negative).
    pub mismatch: i32,
    /// Score of each gap position (usually negative).
    pub gap: i32,
}

impl Default for Scoring {
    /// Match +1, mismatch −1, gap −1 (unit edit costs with a reward for matches).
    fn default() -> Self {
        Self { match_score: 1, mismatch: -1, gap: -1 }
    }
}

/// One column of a pairwise alignment of a query against a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignOp {
    /// Reference position `r` aligned with query position `q` (equal or substituted bases).
    Pair {
        /// Index into the reference.
        r: usize,
        /// Index into the query.
        q: usize,
    },
    /// Query base `q` has no reference counterpart (an insertion in the query).
    Insertion {
        /// Index into the query.
        q: usize,
    },
    /// Reference base `r` has no query counterpart (a deletion in the query).
    Deletion {
        /// Index into the reference.
        r: usize,
    },
}

/// An optimal global alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// Alignment score under the [`Scoring`] used.
    pub score: i64,
    /// Number of [`AlignOp::Pair`] columns whose bases are equal.
    pub matches: usize,
    /// The columns, left to right.
    pub ops: Vec<AlignOp>,
}

/// Traceback direction of a DP cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Start,
    Diagonal,
    /// Consume a reference base only (deletion in the query).
    Up,
    /// Consume a query base only (insertion in the query).
    Left,
}

/// Score and match count of a DP cell, compared lexicographically.
type Cell = (i64, usize);

/// Optimal global alignment of `query` against `reference` (both compared byte for byte).
///
/// Memory and time are O(|reference| · |query|).
pub fn global_align(reference: &[u8], query: &[u8], scoring: &Scoring) -> Alignment {
    let (n, m) = (reference.len(), query.len());
    let width = m + 1;
    let mut cells: Vec<Cell> = vec![(0, 0); (n + 1) * width];
    let mut steps = vec![Step::Start; (n + 1) * width];
    let gap = i64::from(scoring.gap);
    for i in 1..=n {
        cells[i * width] = (gap * i as i64, 0);
        steps[i * width] = Step::Up;
    }
    for j in 1..=m {
        cells[j] = (gap * j as i64, 0);
        steps[j] = Step::Left;
    }
    for i in 1..=n {
        for j in 1..=m {
            let same = reference[i - 1] == query[j - 1];
            let (ds, dm) = cells[(i - 1) * width + j - 1];
            let diagonal = if same {
                (ds + i64::from(scoring.match_score), dm + 1)
            } else {
                (ds + i64::from(scoring.mismatch), dm)
            };
            let (us, um) = cells[(i - 1) * width + j];
            let up = (us + gap, um);
            let (ls, lm) = cells[i * width + j - 1];
            let left = (ls + gap, lm);
            let (best, step) = best_of(diagonal, up, left);
            cells[i * width + j] = best;
            steps[i * width + j] = step;
        }
    }
    let (score, matches) = cells[n * width + m];
    Alignment { score, matches, ops: traceback(&steps, width, n, m) }
}

/// The best of the three candidate cells; ties go to the diagonal, then up, then left.
fn best_of(diagonal: Cell, up: Cell, left: Cell) -> (Cell, Step) {
    let mut best = (diagonal, Step::Diagonal);
    if up > best.0 {
        best = (up, Step::Up);
    }
    if left > best.0 {
        best = (left, Step::Left);
    }
    best
}

/// Walks the traceback matrix from the bottom-right corner and returns the columns left to right.
fn traceback(steps: &[Step], width: usize, n: usize, m: usize) -> Vec<AlignOp> {
    let (mut i, mut j) = (n, m);
    let mut ops = Vec::with_capacity(n.max(m));
    while i > 0 || j > 0 {
        match steps[i * width + j] {
            Step::Diagonal => {
                ops.push(AlignOp::Pair { r: i - 1, q: j - 1 });
                i -= 1;
                j -= 1;
            }
            Step::Up => {
                ops.push(AlignOp::Deletion { r: i - 1 });
                i -= 1;
            }
            Step::Left | Step::Start => {
                ops.push(AlignOp::Insertion { q: j - 1 });
                j -= 1;
            }
        }
    }
    ops.reverse();
    ops
}

/// Identity of a recovered sequence to its template: the number of matching columns in an optimal global
/// alignment (default [`Scoring`]: match +1, mismatch −1, gap −1; ties broken towards more matches)
/// divided by the template length.
///
/// It is 1 for identical sequences, (L−1)/L when one base of an L-long template is missing, and lies in
/// [0, 1]. An empty template gives 1 when `recovered` is empty too and 0 otherwise.
pub fn identity(template: &[u8], recovered: &[u8]) -> f64 {
    if template.is_empty() {
        return if recovered.is_empty() { 1.0 } else { 0.0 };
    }
    let alignment = global_align(template, recovered, &Scoring::default());
    alignment.matches as f64 / template.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_sequences_align_without_gaps() {
        let a = global_align(b"ACGTACGT", b"ACGTACGT", &Scoring::default());
        assert_eq!(a.matches, 8);
        assert_eq!(a.score, 8);
        assert!(a.ops.iter().all(|op| matches!(op, AlignOp::Pair { r, q } if r == q)));
    }

    #[test]
    fn deletion_in_homopolymer_is_placed_leftmost() {
        // Query lacks one A of the AAA run: the gap goes to the first A.
        let a = global_align(b"CAAAG", b"CAAG", &Scoring::default());
        assert_eq!(a.matches, 4);
        assert_eq!(a.ops[1], AlignOp::Deletion { r: 1 });
    }

    #[test]
    fn insertion_is_reported_against_the_query() {
        let a = global_align(b"ACGT", b"ACCGT", &Scoring::default());
        assert_eq!(a.matches, 4);
        assert_eq!(a.ops.iter().filter(|op| matches!(op, AlignOp::Insertion { .. })).count(), 1);
    }

    #[test]
    fn identity_properties() {
        assert_eq!(identity(b"ACGTTGCA", b"ACGTTGCA"), 1.0);
        assert!((identity(b"ACGTTGCA", b"ACGTGCA") - 7.0 / 8.0).abs() < 1e-12);
        assert_eq!(identity(b"", b""), 1.0);
        assert_eq!(identity(b"ACGT", b""), 0.0);
    }
}
