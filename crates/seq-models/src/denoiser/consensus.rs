//! Star alignment of reads to a draft, the aligned column stack, and the majority-vote consensus.
//!
//! Every read is globally aligned to the draft. Each draft position becomes a column that counts the read
//! bases aligned to it (A, C, G, T) and the reads that skip it (gap). Bases a read inserts between two draft
//! positions become insertion columns: the k-th inserted base of every read at that place is counted in the
//! k-th insertion column there, and reads with fewer inserted bases vote "gap". The vote keeps the most
//! frequent symbol of each column (gap = drop the column). Starting from the median-length read, the vote
//! consensus becomes the next draft, for a few rounds or until it stops changing.

use super::align::{global_align, AlignOp, Scoring};
use super::{normalize_reads, DenoiseError};

/// Index of the gap count in [`Column::counts`].
pub const GAP: usize = 4;

/// Settings of the consensus denoisers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConsensusConfig {
    /// Number of align-and-vote rounds (at least 1); iteration stops early when the draft stops changing.
    pub rounds: usize,
    /// Scoring of the read-to-draft alignments.
    pub scoring: Scoring,
}

impl Default for ConsensusConfig {
    /// Three rounds, default [`Scoring`].
    fn default() -> Self {
        Self { rounds: 3, scoring: Scoring::default() }
    }
}

/// Where a stack column comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Draft position `pos`.
    Draft {
        /// 0-based position in the draft.
        pos: usize,
    },
    /// The `rank`-th (0-based) base inserted by reads just before draft position `slot`
    /// (`slot` = draft length for bases after the last draft base).
    Insertion {
        /// Draft position the insertion precedes.
        slot: usize,
        /// Rank of the inserted base within the insertion.
        rank: usize,
    },
}

/// One column of the aligned stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Origin of the column.
    pub kind: ColumnKind,
    /// Votes for A, C, G, T and gap (index [`GAP`]); they sum to the number of reads.
    pub counts: [u32; 5],
}

impl Column {
    /// The symbol the majority vote keeps: 0..4 for A, C, G, T or [`GAP`]. Ties go to the gap first,
    /// then to the lower base index, so an undecided column is dropped.
    pub fn vote(&self) -> usize {
        let mut best = GAP;
        for base in 0..4 {
            if self.counts[base] > self.counts[best] {
                best = base;
            }
        }
        best
    }
}

/// Reads aligned to one draft, as columns in draft order (insertion columns before the draft position
/// they precede).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnStack {
    /// The draft the reads were aligned to.
    pub draft: Vec<u8>,
    /// Number of reads in the stack.
    pub n_reads: usize,
    /// The columns, left to right.
    pub columns: Vec<Column>,
}

impl ColumnStack {
    /// The sequence the majority vote keeps (one base per column whose vote is not a gap).
    pub fn vote_sequence(&self) -> Vec<u8> {
        self.columns.iter().map(Column::vote).filter(|&s| s != GAP).map(|s| b"ACGT"[s]).collect()
    }
}

/// Per read, the bases it inserts before each draft slot (`0..=draft.len()`) and the base (or `None` for a
/// deletion) it aligns to each draft position.
struct ReadLayout {
    inserted: Vec<Vec<u8>>,
    aligned: Vec<Option<u8>>,
}

/// Lays out one read against the draft from their global alignment.
fn layout_read(draft: &[u8], read: &[u8], scoring: &Scoring) -> ReadLayout {
    let mut layout = ReadLayout { inserted: vec![Vec::new(); draft.len() + 1], aligned: vec![None; draft.len()] };
    let mut next_draft_pos = 0;
    for op in global_align(draft, read, scoring).ops {
        match op {
            AlignOp::Pair { r, q } => {
                layout.aligned[r] = Some(read[q]);
                next_draft_pos = r + 1;
            }
            AlignOp::Deletion { r } => next_draft_pos = r + 1,
            AlignOp::Insertion { q } => layout.inserted[next_draft_pos].push(read[q]),
        }
    }
    layout
}

/// Column index of a base byte (the reads are already normalised to upper-case A, C, G, T).
fn count_index(base: u8) -> usize {
    match base {
        b'A' => 0,
        b'C' => 1,
        b'G' => 2,
        _ => 3,
    }
}

/// Aligns every read to `draft` and returns the column stack.
///
/// Reads are checked first (A, C, G, T, optional `<`/`>` markers); an empty read set is an error.
pub fn build_stack<R: AsRef<[u8]>>(draft: &[u8], reads: &[R], scoring: &Scoring) -> Result<ColumnStack, DenoiseError> {
    let reads = normalize_reads(reads)?;
    let draft = super::normalize_read(draft, 0).map_err(|e| match e {
        DenoiseError::InvalidSymbol { position, symbol, .. } => {
            DenoiseError::Config(format!("draft position {position}: invalid symbol {symbol:?}"))
        }
        other => other,
    })?;
    Ok(stack_of_normalized(&draft, &reads, scoring))
}

/// [`build_stack`] for reads and draft already normalised.
pub(crate) fn stack_of_normalized(draft: &[u8], reads: &[Vec<u8>], scoring: &Scoring) -> ColumnStack {
    let layouts: Vec<ReadLayout> = reads.iter().map(|r| layout_read(draft, r, scoring)).collect();
    let n_reads = reads.len() as u32;
    let mut columns = Vec::new();
    for slot in 0..=draft.len() {
        let longest = layouts.iter().map(|l| l.inserted[slot].len()).max().unwrap_or(0);
        for rank in 0..longest {
            let mut counts = [0u32; 5];
            for layout in &layouts {
                match layout.inserted[slot].get(rank) {
                    Some(&b) => counts[count_index(b)] += 1,
                    None => counts[GAP] += 1,
                }
            }
            columns.push(Column { kind: ColumnKind::Insertion { slot, rank }, counts });
        }
        if slot < draft.len() {
            let mut counts = [0u32; 5];
            for layout in &layouts {
                match layout.aligned[slot] {
                    Some(b) => counts[count_index(b)] += 1,
                    None => counts[GAP] += 1,
                }
            }
            debug_assert_eq!(counts.iter().sum::<u32>(), n_reads);
            columns.push(Column { kind: ColumnKind::Draft { pos: slot }, counts });
        }
    }
    ColumnStack { draft: draft.to_vec(), n_reads: reads.len(), columns }
}

/// The read whose length is the median (the lower median for an even count; first such read on ties).
pub(crate) fn median_length_read(reads: &[Vec<u8>]) -> &[u8] {
    let mut order: Vec<usize> = (0..reads.len()).collect();
    order.sort_by_key(|&i| (reads[i].len(), i));
    &reads[order[(order.len() - 1) / 2]]
}

/// Runs `rounds` align-and-vote rounds from the median-length read and returns the last draft
/// (stopping early when a round leaves the draft unchanged).
pub(crate) fn vote_rounds(reads: &[Vec<u8>], rounds: usize, scoring: &Scoring) -> Vec<u8> {
    let mut draft = median_length_read(reads).to_vec();
    for round in 0..rounds {
        let next = stack_of_normalized(&draft, reads, scoring).vote_sequence();
        tracing::debug!(round, length = next.len(), "consensus round");
        if next == draft {
            break;
        }
        draft = next;
    }
    draft
}

/// Consensus of the reads of one template by iterated star alignment and majority vote.
pub fn vote_consensus<R: AsRef<[u8]>>(reads: &[R], config: &ConsensusConfig) -> Result<Vec<u8>, DenoiseError> {
    if config.rounds == 0 {
        return Err(DenoiseError::Config("consensus needs at least one round".into()));
    }
    let reads = normalize_reads(reads)?;
    Ok(vote_rounds(&reads, config.rounds, &config.scoring))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_counts_insertions_deletions_and_substitutions() {
        let reads: Vec<&[u8]> = vec![b"ACGT", b"AGT", b"ACCGT", b"ACGA"];
        let stack = build_stack(b"ACGT", &reads, &Scoring::default()).unwrap();
        let draft_cols: Vec<&Column> =
            stack.columns.iter().filter(|c| matches!(c.kind, ColumnKind::Draft { .. })).collect();
        assert_eq!(draft_cols.len(), 4);
        // C: three reads (ACCGT's second C; its first C is an insertion column), one gap (AGT).
        assert_eq!(draft_cols[1].counts, [0, 3, 0, 0, 1]);
        assert_eq!(draft_cols[3].counts, [1, 0, 0, 3, 0]); // T vs the substituted A
        let insertions = stack.columns.iter().filter(|c| matches!(c.kind, ColumnKind::Insertion { .. })).count();
        assert_eq!(insertions, 1);
        assert_eq!(stack.vote_sequence(), b"ACGT".to_vec());
    }

    #[test]
    fn vote_recovers_a_base_missing_from_the_draft() {
        let reads: Vec<&[u8]> = vec![b"ACGGT", b"ACGT", b"ACGGT", b"ACGGT", b"AGGT"];
        assert_eq!(vote_consensus(&reads, &ConsensusConfig::default()).unwrap(), b"ACGGT".to_vec());
    }

    #[test]
    fn zero_rounds_and_bad_reads_are_errors() {
        let cfg = ConsensusConfig { rounds: 0, ..ConsensusConfig::default() };
        assert!(matches!(vote_consensus(&[b"ACGT"], &cfg), Err(DenoiseError::Config(_))));
        let err = vote_consensus(&[b"ACGT".as_slice(), b"ACXT"], &ConsensusConfig::default()).unwrap_err();
        assert_eq!(err, DenoiseError::InvalidSymbol { read: 1, position: 2, symbol: 'X' });
    }
}
