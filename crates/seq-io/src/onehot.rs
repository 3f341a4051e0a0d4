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

/// Column values for each code under the `Zeros` and `Uniform` policies (index: code, then channel).
const COLUMNS_ZEROS: [[f32; 4]; 6] = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
    [0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0, 0.0],
];
const COLUMNS_UNIFORM: [[f32; 4]; 6] = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
    [0.25, 0.25, 0.25, 0.25],
    [0.0, 0.0, 0.0, 0.0],
];

/// Checks a sequence against a policy and returns the position and character of the first refused letter.
pub fn first_invalid(seq: &[u8], policy: UnknownPolicy) -> Option<(usize, char)> {
    let limit = match policy {
        UnknownPolicy::Strict => IUPAC,
        _ => INVALID,
    };
    seq.iter().position(|&b| CODE[b as usize] >= limit).map(|i| (i, seq[i] as char))
}

/// Encodes `seq` into `out` (length `4 * seq.len()`, channels-first) without validating letters;
/// refused letters become zero columns. Call [`first_invalid`] first when the input is untrusted.
pub fn encode_into_unchecked(seq: &[u8], out: &mut [f32], policy: UnknownPolicy) {
    let len = seq.len();
    assert_eq!(out.len(), 4 * len, "output buffer must hold 4 × sequence length values");
    let table = match policy {
        UnknownPolicy::Uniform => &COLUMNS_UNIFORM,
        _ => &COLUMNS_ZEROS,
    };
    let (a, rest) = out.split_at_mut(len);
    let (c, rest) = rest.split_at_mut(len);
    let (g, t) = rest.split_at_mut(len);
    for (i, &b) in seq.iter().enumerate() {
        let col = &table[CODE[b as usize] as usize];
        a[i] = col[0];
        c[i] = col[1];
        g[i] = col[2];
        t[i] = col[3];
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
            let (best, &max) = col.iter().enumerate().fold((0, &f32::MIN), |acc, (k, v)| if *v > *acc.1 { (k, v) } else { acc });
            let ties = col.iter().filter(|&&v| v == max).count();
            if max <= 0.0 || ties > 1 { 'N' } else { BASES[best] as char }
        })
        .collect()
}

/// Complement of one IUPAC letter, keeping case; other bytes are returned unchanged.
pub fn complement(b: u8) -> u8 {
    match b {
        b'A' => b'T', b'T' => b'A', b'C' => b'G', b'G' => b'C', b'U' => b'A',
        b'a' => b't', b't' => b'a', b'c' => b'g', b'g' => b'c', b'u' => b'a',
        b'R' => b'Y', b'Y' => b'R', b'K' => b'M', b'M' => b'K', b'B' => b'V', b'V' => b'B',
        b'D' => b'H', b'H' => b'D',
        b'r' => b'y', b'y' => b'r', b'k' => b'm', b'm' => b'k', b'b' => b'v', b'v' => b'b',
        b'd' => b'h', b'h' => b'd',
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
