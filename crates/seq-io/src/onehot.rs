//! One-hot encoding of DNA: channel order A, C, G, T; channels-first `(4, L)` per sequence.
//!
//! Encoding goes through a 256-entry lookup table (no branch per base). Letters other than A, C, G, T are
//! handled by an [`UnknownPolicy`]: N and the other IUPAC codes become all-zero columns (DragoNN,
//! tangermeme) or uniform 0.25 columns (Selene); anything else is refused under [`UnknownPolicy::Strict`]
//! and under the two lenient policies alike, so a stray `X` or digit never becomes silent zeros.

use crate::error::{IoError, Result};

/// The four bases in channel order.
pub const BASES: [u8; 4] = *b"ACGT";

/// What to do with letters that are not A, C, G or T.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum UnknownPolicy {
    /// N and other IUPAC codes become an all-zero column (DragoNN, tangermeme).
    #[default]
    Zeros,
    /// N and other IUPAC codes become 0.25 in each channel (Selene).
    Uniform,
    /// Only A, C, G, T (any case) are accepted.
    Strict,
}

/// Code of a byte: 0..=3 for A,C,G,T, [`IUPAC`] for N and the other IUPAC ambiguity codes, [`INVALID`] else.
pub const IUPAC: u8 = 4;
/// Code of a byte that is not a nucleotide letter.
pub const INVALID: u8 = 5;

/// Byte → base code (case-insensitive).
pub static CODE: [u8; 256] = build_code_table();

const fn build_code_table() -> [u8; 256] {
    let mut t = [INVALID; 256];
    let iupac = b"NRYSWKMBDHVnryswkmbdhv";
    let mut i = 0;
    while i < iupac.len() {
        t[iupac[i] as usize] = IUPAC;
        i += 1;
    }
    t[b'A' as usize] = 0;
    t[b'a' as usize] = 0;
    t[b'C' as usize] = 1;
    t[b'c' as usize] = 1;
    t[b'G' as usize] = 2;
    t[b'g' as usize] = 2;
    t[b'T' as usize] = 3;
    t[b't' as usize] = 3;
    t[b'U' as usize] = 3;
    t[b'u' as usize] = 3;
    t
}

/// Checks a sequence against a policy and returns the position and character of the first refused letter.
pub fn first_invalid(seq: &[u8], policy: UnknownPolicy) -> Option<(usize, char)> {
    let limit = match policy {
        UnknownPolicy::Strict => IUPAC,
        _ => INVALID,
    };
    seq.iter().position(|&b| CODE[b as usize] >= limit).map(|i| (i, seq[i] as char))
}

/// Bit pattern of `1.0f32`.
const ONE_BITS: u32 = 0x3f80_0000;
/// Bit pattern of `0.25f32`.
const QUARTER_BITS: u32 = 0x3e80_0000;
/// Bases encoded per block: the block's codes stay in L1 cache while the four rows are written.
const BLOCK: usize = 4096;

/// Encodes `seq` into `out` (length `4 * seq.len()`, channels-first) without validating letters;
/// refused letters become zero columns. Call [`first_invalid`] first when the input is untrusted.
///
/// Branch-free and vectorisable: each row is written in its own pass as `u32` bit patterns selected by
/// byte comparisons (for `Zeros`/`Strict`: `(b | 0x20) == letter`, which needs no table; for `Uniform`:
/// the base codes of a block, looked up once, compared to the channel and to the IUPAC code).
pub fn encode_into_unchecked(seq: &[u8], out: &mut [f32], policy: UnknownPolicy) {
    let len = seq.len();
    assert_eq!(out.len(), 4 * len, "output buffer must hold 4 × sequence length values");
    let (a, rest) = out.split_at_mut(len);
    let (c, rest) = rest.split_at_mut(len);
    let (g, t) = rest.split_at_mut(len);
    let mut rows = [a, c, g, t];
    match policy {
        UnknownPolicy::Uniform => encode_rows_uniform(seq, &mut rows),
        _ => encode_rows_zeros(seq, &mut rows),
    }
}

/// One row of the `Zeros` layout: 1.0 where the lower-cased letter is `lower` (or `alt`), else 0.0.
#[inline(always)]
fn write_letter_row(row: &mut [f32], seq: &[u8], lower: u8, alt: u8) {
    for (o, &b) in row.iter_mut().zip(seq) {
        let x = b | 0x20;
        let hit = u32::from(x == lower) | u32::from(x == alt);
        *o = f32::from_bits(hit * ONE_BITS);
    }
}

fn encode_rows_zeros(seq: &[u8], rows: &mut [&mut [f32]; 4]) {
    // U/u is T (RNA); the other rows repeat their letter as the alternative.
    const LETTERS: [(u8, u8); 4] = [(b'a', b'a'), (b'c', b'c'), (b'g', b'g'), (b't', b'u')];
    for (start, block) in (0..seq.len()).step_by(BLOCK).zip(seq.chunks(BLOCK)) {
        for (row, &(lower, alt)) in rows.iter_mut().zip(&LETTERS) {
            write_letter_row(&mut row[start..start + block.len()], block, lower, alt);
        }
    }
}

/// One row of the `Uniform` layout from base codes: 1.0 for channel `k`, 0.25 for IUPAC codes, else 0.
#[inline(always)]
fn write_code_row(row: &mut [f32], codes: &[u8], k: u8) {
    for (o, &code) in row.iter_mut().zip(codes) {
        let bits = (u32::from(code == k) * ONE_BITS) | (u32::from(code == IUPAC) * QUARTER_BITS);
        *o = f32::from_bits(bits);
    }
}

fn encode_rows_uniform(seq: &[u8], rows: &mut [&mut [f32]; 4]) {
    let mut codes = [0u8; BLOCK];
    for (start, block) in (0..seq.len()).step_by(BLOCK).zip(seq.chunks(BLOCK)) {
        let codes = &mut codes[..block.len()];
        for (code, &b) in codes.iter_mut().zip(block) {
            *code = CODE[b as usize];
        }
        for (k, row) in rows.iter_mut().enumerate() {
            write_code_row(&mut row[start..start + block.len()], codes, k as u8);
        }
    }
}

/// Encodes one sequence into a new `(4, L)` channels-first buffer, refusing letters the policy refuses.
/// `record` names the sequence in the error.
pub fn encode(seq: &[u8], policy: UnknownPolicy, record: &str) -> Result<Vec<f32>> {
    if let Some((position, ch)) = first_invalid(seq, policy) {
        return Err(IoError::InvalidBase { path: "<memory>".into(), record: record.to_string(), position, ch });
    }
    let mut out = vec![0.0; 4 * seq.len()];
    encode_into_unchecked(seq, &mut out, policy);
    Ok(out)
}

/// Decodes a `(4, L)` channels-first one-hot (or probability) array back to a string: the arg-max base
/// of each column, `N` where the column has no single maximum above zero (all-zero or uniform).
pub fn decode(x: &[f32], len: usize) -> String {
    assert_eq!(x.len(), 4 * len, "array must hold 4 × length values");
    (0..len)
        .map(|i| {
            let col = [x[i], x[len + i], x[2 * len + i], x[3 * len + i]];
            let (best, &max) =
                col.iter().enumerate().fold((0, &f32::MIN), |acc, (k, v)| if *v > *acc.1 { (k, v) } else { acc });
            let ties = col.iter().filter(|&&v| v == max).count();
            if max <= 0.0 || ties > 1 {
                'N'
            } else {
                BASES[best] as char
            }
        })
        .collect()
}

/// Complement of one IUPAC letter, keeping case; other bytes are returned unchanged.
pub fn complement(b: u8) -> u8 {
    match b {
        b'A' => b'T',
        b'T' => b'A',
        b'C' => b'G',
        b'G' => b'C',
        b'U' => b'A',
        b'a' => b't',
        b't' => b'a',
        b'c' => b'g',
        b'g' => b'c',
        b'u' => b'a',
        b'R' => b'Y',
        b'Y' => b'R',
        b'K' => b'M',
        b'M' => b'K',
        b'B' => b'V',
        b'V' => b'B',
        b'D' => b'H',
        b'H' => b'D',
        b'r' => b'y',
        b'y' => b'r',
        b'k' => b'm',
        b'm' => b'k',
        b'b' => b'v',
        b'v' => b'b',
        b'd' => b'h',
        b'h' => b'd',
        other => other, // N, S, W are their own complements
    }
}

/// Reverse complement of a sequence string (IUPAC-aware, case kept).
pub fn reverse_complement(seq: &[u8]) -> Vec<u8> {
    seq.iter().rev().map(|&b| complement(b)).collect()
}

/// Reverse complement of a `(4, L)` channels-first array: reverses positions and swaps A↔T, C↔G
/// (with channel order A, C, G, T, that is reversing the channel axis too).
pub fn reverse_complement_onehot(x: &[f32], len: usize) -> Vec<f32> {
    assert_eq!(x.len(), 4 * len, "array must hold 4 × length values");
    let mut out = vec![0.0; x.len()];
    for ch in 0..4 {
        let src = &x[(3 - ch) * len..(4 - ch) * len];
        let dst = &mut out[ch * len..(ch + 1) * len];
        for (d, s) in dst.iter_mut().zip(src.iter().rev()) {
            *d = *s;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_channels_first_in_acgt_order() {
        let x = encode(b"ACGTn", UnknownPolicy::Zeros, "r").unwrap();
        assert_eq!(&x[0..5], &[1.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(&x[5..10], &[0.0, 1.0, 0.0, 0.0, 0.0]);
        assert_eq!(&x[10..15], &[0.0, 0.0, 1.0, 0.0, 0.0]);
        assert_eq!(&x[15..20], &[0.0, 0.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn uniform_policy_gives_quarter_columns_and_strict_refuses_n() {
        let x = encode(b"aN", UnknownPolicy::Uniform, "r").unwrap();
        assert_eq!(x, vec![1.0, 0.25, 0.0, 0.25, 0.0, 0.25, 0.0, 0.25]);
        let err = encode(b"ACNT", UnknownPolicy::Strict, "rec7").unwrap_err();
        assert!(err.to_string().contains("rec7") && err.to_string().contains("position 2"), "{err}");
    }

    #[test]
    fn refuses_non_nucleotide_letters_under_every_policy() {
        for policy in [UnknownPolicy::Zeros, UnknownPolicy::Uniform, UnknownPolicy::Strict] {
            assert!(matches!(encode(b"ACX", policy, "r"), Err(IoError::InvalidBase { position: 2, ch: 'X', .. })));
            assert!(encode(b"A1G", policy, "r").is_err());
        }
    }

    /// The column of one byte, straight from the definition of each policy.
    fn reference_column(b: u8, policy: UnknownPolicy) -> [f32; 4] {
        match (CODE[b as usize], policy) {
            (k @ 0..=3, _) => {
                let mut col = [0.0; 4];
                col[k as usize] = 1.0;
                col
            }
            (IUPAC, UnknownPolicy::Uniform) => [0.25; 4],
            _ => [0.0; 4],
        }
    }

    #[test]
    fn vectorised_encoder_matches_the_definition_for_every_byte_across_blocks() {
        // Every byte value, repeated past a block boundary with a ragged tail.
        let seq: Vec<u8> = (0..2 * BLOCK + 77).map(|i| (i * 7 % 256) as u8).collect();
        let len = seq.len();
        for policy in [UnknownPolicy::Zeros, UnknownPolicy::Uniform, UnknownPolicy::Strict] {
            let mut out = vec![f32::NAN; 4 * len];
            encode_into_unchecked(&seq, &mut out, policy);
            for (i, &b) in seq.iter().enumerate() {
                let col = [out[i], out[len + i], out[2 * len + i], out[3 * len + i]];
                assert_eq!(col, reference_column(b, policy), "byte {b} at {i} under {policy:?}");
            }
        }
    }

    #[test]
    fn decode_inverts_encode_and_marks_unknown_as_n() {
        let s = b"GATTACANNC";
        assert_eq!(decode(&encode(s, UnknownPolicy::Zeros, "r").unwrap(), s.len()), "GATTACANNC");
        assert_eq!(decode(&encode(s, UnknownPolicy::Uniform, "r").unwrap(), s.len()), "GATTACANNC");
    }

    #[test]
    fn reverse_complement_of_string_and_array_agree() {
        let s = b"AACGTTTGCN";
        let rc = reverse_complement(s);
        assert_eq!(rc, b"NGCAAACGTT");
        let x = encode(s, UnknownPolicy::Zeros, "r").unwrap();
        let rcx = reverse_complement_onehot(&x, s.len());
        assert_eq!(rcx, encode(&rc, UnknownPolicy::Zeros, "r").unwrap());
        assert_eq!(reverse_complement(b"RYKMBVDHacgt"), b"acgtDHBVKMRY".to_vec());
    }
}
