//! The read denoiser of seed 002 and seqdl's consensus denoisers.
//!
//! * [`NextSymbolModel`] is the seed's network (LSTM(32) → Dense 12 → Dense 12 → softmax over
//!   `{<, >, A, C, G, T}`, 5,622 parameters) that predicts the next symbol of a read from the previous 50,
//!   and [`greedy_decode`] is the seed's generation loop from `<` to `>`. Its training lives in
//!   `seq_train::denoise` (seq-models never depends on seq-train).
//! * [`vote_consensus`] uses all reads of a template: a star alignment of every read to a draft, a majority
//!   vote per column (gap votes and insertion columns included), iterated.
//! * [`StackColumnModel`] is a small learned model over the same aligned stack that predicts each column's
//!   true base or "delete" from the column's vote fractions and its neighbours'.
//! * [`identity`] scores a recovered sequence against its template.
//!
//! Reads are byte strings over `A, C, G, T` (lower case accepted); a leading `<` and trailing `>` (the
//! seed's markers) are accepted and stripped by [`normalize_read`].

pub mod align;
pub mod consensus;
pub mod greedy;
pub mod model;
pub mod stack;

pub use align::{global_align, identity, AlignOp, Alignment, Scoring};
pub use consensus::{build_stack, vote_consensus, Column, ColumnKind, ColumnStack, ConsensusConfig};
pub use greedy::{encode_window, greedy_decode, training_windows};
pub use model::{NextSymbolConfig, NextSymbolModel};
pub use stack::{column_features, column_labels, learned_consensus, StackColumnModel, StackModelConfig};

/// The seed's symbol alphabet in its index order (Python `sorted(set(...))`): `<`=0, `>`=1, A=2, C=3, G=4,
/// T=5. Keras' `pad_sequences` pads with 0, so padding is the `<` symbol.
pub const SYMBOLS: [u8; 6] = *b"<>ACGT";

/// Number of symbols of [`SYMBOLS`].
pub const N_SYMBOLS: usize = SYMBOLS.len();

/// Index of the start marker `<`.
pub const START: usize = 0;

/// Index of the end marker `>`.
pub const END: usize = 1;

pub use crate::error::DenoiseError;

/// Index (0..4, A, C, G, T) of an upper- or lower-case base, `None` for anything else.
pub fn base_index(base: u8) -> Option<usize> {
    match base.to_ascii_uppercase() {
        b'A' => Some(0),
        b'C' => Some(1),
        b'G' => Some(2),
        b'T' => Some(3),
        _ => None,
    }
}

/// Index of a symbol in [`SYMBOLS`], `None` for anything else (lower-case bases accepted).
pub fn symbol_index(symbol: u8) -> Option<usize> {
    let upper = symbol.to_ascii_uppercase();
    SYMBOLS.iter().position(|&s| s == upper)
}

/// Checks read `index` and returns its bases in upper case, without the optional `<` / `>` markers.
pub fn normalize_read(read: &[u8], index: usize) -> Result<Vec<u8>, DenoiseError> {
    let start = usize::from(read.first() == Some(&b'<'));
    let end = if read.len() > start && read.last() == Some(&b'>') { read.len() - 1 } else { read.len() };
    read[start..end]
        .iter()
        .enumerate()
        .map(|(offset, &b)| match base_index(b) {
            Some(_) => Ok(b.to_ascii_uppercase()),
            None => Err(DenoiseError::InvalidSymbol { read: index, position: start + offset, symbol: b as char }),
        })
        .collect()
}

/// [`normalize_read`] over a set of reads; an empty set is an error.
pub fn normalize_reads<R: AsRef<[u8]>>(reads: &[R]) -> Result<Vec<Vec<u8>>, DenoiseError> {
    if reads.is_empty() {
        return Err(DenoiseError::NoReads);
    }
    reads.iter().enumerate().map(|(i, r)| normalize_read(r.as_ref(), i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_follow_python_sorted_order() {
        let mut sorted = SYMBOLS;
        sorted.sort();
        assert_eq!(sorted, SYMBOLS);
        assert_eq!(symbol_index(b'<'), Some(START));
        assert_eq!(symbol_index(b'>'), Some(END));
        assert_eq!(symbol_index(b't'), Some(5));
    }

    #[test]
    fn normalize_strips_markers_and_rejects_other_symbols() {
        assert_eq!(normalize_read(b"<acGT>", 0).unwrap(), b"ACGT".to_vec());
        assert_eq!(
            normalize_read(b"<ACNT>", 3),
            Err(DenoiseError::InvalidSymbol { read: 3, position: 3, symbol: 'N' })
        );
        assert_eq!(normalize_reads::<Vec<u8>>(&[]), Err(DenoiseError::NoReads));
    }
}
