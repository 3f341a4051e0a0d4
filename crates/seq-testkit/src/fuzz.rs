//! Property-based and mutational testing of the parsers (`crates/*/tests/fuzz_*.rs`): the case count, the
//! proptest configuration and the byte mutations of valid inputs they share.
//!
//! Every fuzz property runs [`cases`] cases: `SEQDL_FUZZ_CASES` when set (`cargo xtask fuzz --cases N` sets
//! it), else the default the test passes (a few seconds in `cargo test`). The random source is seeded:
//! [`DEFAULT_SEED`] unless `SEQDL_FUZZ_SEED` says otherwise (`cargo xtask fuzz` picks a fresh seed per run
//! and prints it), so `cargo test` tries the same cases on every machine and a failure in CI replays
//! locally with the same command.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Environment variable that sets the number of cases of every fuzz property.
pub const CASES_VAR: &str = "SEQDL_FUZZ_CASES";

/// Environment variable that seeds every fuzz property's random source.
pub const SEED_VAR: &str = "SEQDL_FUZZ_SEED";

/// The seed of `cargo test`'s fuzz properties.
pub const DEFAULT_SEED: u64 = 0x5E0D_2026;

/// The seed of the fuzz properties: `SEQDL_FUZZ_SEED` when set, else [`DEFAULT_SEED`].
pub fn seed() -> u64 {
    match std::env::var(SEED_VAR) {
        Ok(v) => match v.trim().parse::<u64>() {
            Ok(n) => n,
            Err(_) => panic!("{SEED_VAR}={v:?} is not a seed (an unsigned 64-bit number)"),
        },
        Err(_) => DEFAULT_SEED,
    }
}

/// The number of cases of a property: `SEQDL_FUZZ_CASES` when set to a positive number, else `default`.
pub fn cases(default: u32) -> u32 {
    match std::env::var(CASES_VAR) {
        Ok(v) => match v.trim().parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => panic!("{CASES_VAR}={v:?} is not a positive number of cases"),
        },
        Err(_) => default,
    }
}

/// The proptest configuration of a property with [`cases`]`(default)` cases, seeded by [`seed`]. Failures
/// are not persisted to files (a failing case is printed, shrunk).
pub fn config(default: u32) -> Config {
    Config {
        cases: cases(default),
        failure_persistence: None,
        max_shrink_iters: 2048,
        rng_seed: RngSeed::Fixed(seed()),
        ..Config::default()
    }
}

/// A position as a fraction `p / 2^32` of a length, so that an edit fits an input of any length.
pub type Pos = u32;

fn at(p: Pos, len: usize) -> usize {
    ((u64::from(p) * len as u64) >> 32) as usize
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Flip one bit of one byte.
    FlipBit(Pos, u8),
    /// Replace one byte.
    SetByte(Pos, u8),
    /// Remove up to this many bytes.
    Delete(Pos, usize),
    /// Insert bytes.
    Insert(Pos, Vec<u8>),
    /// Copy a slice of the input to another place (repeats a line or a header).
    Duplicate(Pos, usize, Pos),
    /// Cut the input here.
    Truncate(Pos),
}

/// Bytes that mean something to the text parsers (separators, headers, signs, digits, bad UTF-8).
const TOKENS: &[u8] = b"\n\r\t >@+-.,;:=#[]()0123456789eEnNaAcCgGtT\"\x00\xff";

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![3 => proptest::sample::select(TOKENS), 1 => any::<u8>()]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Pos>(), 0u8..8).prop_map(|(i, b)| Edit::FlipBit(i, b)),
        3 => (any::<Pos>(), byte()).prop_map(|(i, b)| Edit::SetByte(i, b)),
        2 => (any::<Pos>(), 1usize..16).prop_map(|(i, n)| Edit::Delete(i, n)),
        2 => (any::<Pos>(), proptest::collection::vec(byte(), 1..4)).prop_map(|(i, b)| Edit::Insert(i, b)),
        1 => (any::<Pos>(), 1usize..64, any::<Pos>()).prop_map(|(i, n, to)| Edit::Duplicate(i, n, to)),
        1 => any::<Pos>().prop_map(Edit::Truncate),
    ]
}

/// Applies `edits` in order to a copy of `input`.
pub fn apply(input: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = input.to_vec();
    for e in edits {
        match e {
            Edit::FlipBit(i, b) if !out.is_empty() => {
                let k = at(*i, out.len());
                out[k] ^= 1 << b;
            }
            Edit::SetByte(i, b) if !out.is_empty() => {
                let k = at(*i, out.len());
                out[k] = *b;
            }
            Edit::Delete(i, n) if !out.is_empty() => {
                let k = at(*i, out.len());
                let end = (k + n).min(out.len());
                out.drain(k..end);
            }
            Edit::Insert(i, bytes) => {
                let k = at(*i, out.len() + 1);
                out.splice(k..k, bytes.iter().copied());
            }
            Edit::Duplicate(i, n, to) if !out.is_empty() => {
                let k = at(*i, out.len());
                let piece = out[k..(k + n).min(out.len())].to_vec();
                let t = at(*to, out.len() + 1);
                out.splice(t..t, piece);
            }
            Edit::Truncate(i) => {
                let k = at(*i, out.len() + 1);
                out.truncate(k);
            }
            _ => {}
        }
    }
    out
}

/// 1 to `max_edits` edits of a byte string.
pub fn edits(max_edits: usize) -> impl Strategy<Value = Vec<Edit>> {
    proptest::collection::vec(edit(), 1..=max_edits.max(1))
}

/// Copies of `input` with 1 to `max_edits` edits (bit flips, byte changes, deletions, insertions,
/// duplications, truncation).
pub fn mutated(input: Vec<u8>, max_edits: usize) -> impl Strategy<Value = Vec<u8>> {
    edits(max_edits).prop_map(move |e| apply(&input, &e))
}

/// A copy of `input` cut at a random length below its own (at least one byte shorter).
pub fn truncated(input: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = input.len();
    (0..len.max(1)).prop_map(move |k| input[..k.min(len)].to_vec())
}

/// A copy of `input` with 1 to `max_flips` bits flipped (a corrupted file of the right length).
pub fn bit_flipped(input: Vec<u8>, max_flips: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec((any::<Pos>(), 0u8..8), 1..=max_flips.max(1)).prop_map(move |flips| {
        let mut out = input.clone();
        for (i, b) in flips {
            if !out.is_empty() {
                let k = at(i, out.len());
                out[k] ^= 1 << b;
            }
        }
        out
    })
}

/// Text made of parser-relevant tokens and arbitrary bytes (for inputs with no valid seed).
pub fn noise(max_len: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(byte(), 0..max_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_change_the_input_as_named() {
        let input = b"abcdef".to_vec();
        let half = 1 << 31;
        assert_eq!(apply(&input, &[Edit::FlipBit(0, 0)]), b"`bcdef");
        assert_eq!(apply(&input, &[Edit::SetByte(u32::MAX, b'z')]), b"abcdez");
        assert_eq!(apply(&input, &[Edit::Delete(half, 2)]), b"abcf");
        assert_eq!(apply(&input, &[Edit::Insert(0, b"xy".to_vec())]), b"xyabcdef");
        assert_eq!(apply(&input, &[Edit::Duplicate(0, 2, u32::MAX)]), b"abcdefab");
        assert_eq!(apply(&input, &[Edit::Truncate(half)]), b"abc");
    }
}
