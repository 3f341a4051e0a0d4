//! Reference and alternative windows of the model's length `L` around a variant.
//!
//! # The rule (tangermeme's `insertion_effect` / `deletion_effect` with `left=False`)
//! Let `p` be REF's 0-based start, `r = |REF|`, `a = |ALT|` and `s = p - L/2` (integer division), so the
//! variant's first base sits at index `L/2` of the window — the centre for odd `L`, the right one of the two
//! central bases for even `L`.
//! - reference window: `genome[s .. s+L)`;
//! - alternative window: `genome[s .. p) + ALT + genome[p+r ..)`, cut to `L` bases — both windows start at
//!   the same genome position and **keep the left flank**; an insertion (`a > r`) pushes bases out on the
//!   right (tangermeme trims insertions on the right), a deletion (`a < r`) pulls `r - a` more genome bases
//!   in on the right (tangermeme gives a deletion `L + deleted` bases and keeps the first `L` after
//!   deleting). A substitution (SNV, MNV, `r = a`) changes exactly the bases `L/2 .. L/2 + r`.
//!
//! Consequences, tested: an SNV's windows differ exactly at index `L/2`; applying an insertion and then the
//! deletion of the inserted bases (on the haplotype that carries the insertion) gives back the reference
//! window. Where a window reaches past a chromosome end it is padded with `N` (counted in
//! [`SkipReport::edge_padded`]); `N` one-hot encodes as a zero column.
//!
//! REF is checked against the genome: a mismatch is [`VariantError::RefMismatch`] naming the record, or —
//! with [`WindowOptions::skip_ref_mismatch`] — skipped and counted. REF or ALT longer than `L` is
//! [`VariantError::AlleleTooLong`], or skipped with [`WindowOptions::skip_long_alleles`].

use crate::error::{Result, VariantError};
use crate::report::{SkipReason, SkipReport};
use crate::source::SequenceSource;
use crate::variant::Variant;
use std::path::Path;

/// How windows are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WindowOptions {
    /// The model's input length `L` (≥ 1).
    pub length: usize,
    /// Skip (and count) records whose REF differs from the genome instead of failing.
    pub skip_ref_mismatch: bool,
    /// Skip (and count) alleles longer than `L` instead of failing.
    pub skip_long_alleles: bool,
}

impl WindowOptions {
    /// Strict options for a model of input length `length`.
    pub fn new(length: usize) -> Self {
        WindowOptions { length, skip_ref_mismatch: false, skip_long_alleles: false }
    }
}

/// The two windows of one variant (upper-case bases, `L` each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowPair {
    /// Reference window.
    pub reference: Vec<u8>,
    /// Alternative window.
    pub alternative: Vec<u8>,
    /// 0-based genome position of the windows' first base (negative when padded on the left).
    pub start: i64,
    /// Whether a chromosome end was padded with `N`.
    pub padded: bool,
}

/// Index of the variant's first base in a window of length `length`.
pub fn centre(length: usize) -> usize {
    length / 2
}

/// The alternative window from a sequence `seq` that starts at the window start: `seq[..offset]` + `alt` +
/// `seq[offset + ref_len..]`, cut to `length`. `seq` must hold at least `length + ref_len - alt_len`
/// bases past `offset`'s left flank (i.e. enough to fill the window).
pub fn splice(seq: &[u8], offset: usize, ref_len: usize, alt: &[u8], length: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(length);
    out.extend_from_slice(&seq[..offset.min(length)]);
    if out.len() < length {
        let take = alt.len().min(length - out.len());
        out.extend_from_slice(&alt[..take]);
    }
    if out.len() < length {
        let rest = &seq[(offset + ref_len).min(seq.len())..];
        let take = rest.len().min(length - out.len());
        out.extend_from_slice(&rest[..take]);
    }
    debug_assert_eq!(out.len(), length, "splice: seq too short to fill the window");
    out
}

/// `chrom[start..end)` with `N` where the interval leaves `[0, chrom_len)`; also whether it padded.
pub fn fetch_padded(
    genome: &dyn SequenceSource,
    chrom: &str,
    chrom_len: u64,
    start: i64,
    end: i64,
) -> Result<(Vec<u8>, bool)> {
    let lo = start.clamp(0, chrom_len as i64) as u64;
    let hi = end.clamp(0, chrom_len as i64) as u64;
    let mut out = Vec::with_capacity((end - start).max(0) as usize);
    let left = (lo as i64 - start).max(0) as usize;
    out.resize(left, b'N');
    if hi > lo {
        let bases = genome.fetch(chrom, lo, hi).map_err(|source| VariantError::Genome {
            chrom: chrom.to_string(),
            start: lo,
            end: hi,
            source,
        })?;
        if bases.len() as u64 != hi - lo {
            return Err(VariantError::Genome {
                chrom: chrom.to_string(),
                start: lo,
                end: hi,
                source: format!("returned {} bases for an interval of {}", bases.len(), hi - lo).into(),
            });
        }
        out.extend_from_slice(&bases);
    }
    let padded = start < 0 || end > chrom_len as i64;
    out.resize((end - start).max(0) as usize, b'N');
    Ok((out, padded))
}

/// Builds the windows of one variant, or says why it is skipped (the skip is also counted in `report`).
/// `vcf` names the file in errors.
pub fn build_windows(
    genome: &dyn SequenceSource,
    variant: &Variant,
    opts: &WindowOptions,
    vcf: &Path,
    report: &mut SkipReport,
) -> Result<Option<WindowPair>> {
    let l = opts.length;
    if l == 0 {
        return Err(VariantError::InvalidArgument("window length must be at least 1".into()));
    }
    let (r, a) = (variant.ref_allele.len(), variant.alt.len());
    if r > l || a > l {
        if opts.skip_long_alleles {
            report.skip(SkipReason::AlleleLongerThanWindow, 1);
            return Ok(None);
        }
        return Err(VariantError::AlleleTooLong {
            path: vcf.into(),
            at: variant.at(),
            ref_len: r,
            alt_len: a,
            window: l,
        });
    }
    let chrom_len = genome.chrom_len(&variant.chrom).ok_or_else(|| VariantError::Genome {
        chrom: variant.chrom.clone(),
        start: 0,
        end: 0,
        source: "the genome has no such sequence".into(),
    })?;
    let p = variant.start0() as i64;
    let s = p - centre(l) as i64;
    let end = (s + l as i64 + r.saturating_sub(a) as i64).max(p + r as i64);
    let (seq, padded) = fetch_padded(genome, &variant.chrom, chrom_len, s, end)?;
    let offset = (p - s) as usize;
    let genome_ref = &seq[offset..offset + r];
    if genome_ref != variant.ref_allele.as_bytes() {
        if opts.skip_ref_mismatch {
            report.skip(SkipReason::RefMismatch, 1);
            return Ok(None);
        }
        return Err(VariantError::RefMismatch {
            path: vcf.into(),
            at: variant.at(),
            locus: format!("{}:{}", variant.chrom, variant.pos),
            vcf_ref: variant.ref_allele.clone(),
            genome_ref: String::from_utf8_lossy(genome_ref).into_owned(),
        });
    }
    let alternative = splice(&seq, offset, r, variant.alt.as_bytes(), l);
    let mut reference = seq;
    reference.truncate(l);
    if padded {
        report.edge_padded += 1;
    }
    Ok(Some(WindowPair { reference, alternative, start: s, padded }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_keeps_the_left_flank() {
        // window "ABCDEFGH" (L = 8), variant at offset 4 ("E")
        let seq = b"ABCDEFGHIJ";
        assert_eq!(splice(seq, 4, 1, b"x", 8), b"ABCDxFGH"); // SNV
        assert_eq!(splice(seq, 4, 1, b"Exy", 8), b"ABCDExyF"); // insertion: right side pushed out
        assert_eq!(splice(seq, 4, 3, b"E", 8), b"ABCDEHIJ"); // deletion of FG: right side pulled in
        assert_eq!(splice(seq, 4, 1, b"Evwxyz", 8), b"ABCDEvwx"); // long insertion cut at L
    }
}
