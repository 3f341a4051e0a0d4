//! Variant-effect scoring: substitutions listed in a TSV (`record  position  ref  alt`, 0-based positions),
//! each checked against the sequence and scored as score(alt) − score(ref).

use std::path::Path;

use burn::tensor::backend::Backend;
use seq_io::pfm::base_index;

use crate::error::{InterpretError, Result};
use crate::ism::{substitution_effects, IsmOptions, Substitution};
use crate::model::{check_batch, LogitModel};

/// Column header of a variant TSV (optional in the file).
pub const VARIANT_HEADER: &str = "record\tposition\tref\talt";

/// One substitution read from a variant file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Record (sequence) name.
    pub record: String,
    /// Index of the record among the sequences.
    pub seq: usize,
    /// 0-based position.
    pub position: usize,
    /// Reference base (upper case A/C/G/T).
    pub reference: char,
    /// Alternative base (upper case A/C/G/T).
    pub alt: char,
    /// 1-based line in the file.
    pub line: usize,
}

/// A variant with its effect.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantEffect {
    /// The substitution.
    pub variant: Variant,
    /// score(alt) − score(reference) on the chosen [`crate::EffectScale`].
    pub effect: f32,
}

/// Reads the variant TSV at `path` for sequences named `names` with one-hot values `x` `(N, 4, L)`,
/// refusing unknown records, positions outside the sequence, and a `ref` that differs from the sequence
/// (each error names the file and line).
pub fn read_variants(path: &Path, names: &[String], x: &[f32], len: usize) -> Result<Vec<Variant>> {
    let text =
        std::fs::read_to_string(path).map_err(|source| seq_io::IoError::Io { path: path.to_path_buf(), source })?;
    parse_variants(&text, path, names, x, len)
}

/// Parses variant TSV text (see [`read_variants`]); `path` is only used in error messages.
pub fn parse_variants(text: &str, path: &Path, names: &[String], x: &[f32], len: usize) -> Result<Vec<Variant>> {
    check_batch(x, names.len(), len)?;
    let mut variants = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || (variants.is_empty() && trimmed.starts_with("record")) {
            continue;
        }
        let err = |message: String| InterpretError::Parse { path: path.to_path_buf(), line, message };
        let fields: Vec<&str> = trimmed.split('\t').map(str::trim).collect();
        if fields.len() != 4 {
            return Err(err(format!("expected 4 tab-separated fields ({VARIANT_HEADER}), found {}", fields.len())));
        }
        let seq =
            names.iter().position(|n| n == fields[0]).ok_or_else(|| err(format!("unknown record {:?}", fields[0])))?;
        let position: usize =
            fields[1].parse().map_err(|_| err(format!("position {:?} is not a non-negative integer", fields[1])))?;
        if position >= len {
            return Err(err(format!("position {position} is outside the sequence (length {len})")));
        }
        let reference =
            parse_base(fields[2]).ok_or_else(|| err(format!("ref {:?} is not one of A, C, G, T", fields[2])))?;
        let alt = parse_base(fields[3]).ok_or_else(|| err(format!("alt {:?} is not one of A, C, G, T", fields[3])))?;
        let present = present_base(x, seq, len, position);
        if present != base_index(reference as u8) {
            let found = present.map_or('N', |b| b"ACGT"[b] as char);
            return Err(err(format!(
                "ref {reference} does not match the sequence {:?}, which has {found} at position {position}",
                fields[0]
            )));
        }
        if reference == alt {
            return Err(err(format!("ref and alt are both {reference}")));
        }
        variants.push(Variant { record: fields[0].to_string(), seq, position, reference, alt, line });
    }
    Ok(variants)
}

/// Scores each variant as score(alt) − score(reference) (batched like [`crate::ism()`]; the window and
/// centring options are ignored).
pub fn score_variants<B: Backend, M: LogitModel<B>>(
    model: &M,
    x: &[f32],
    n: usize,
    len: usize,
    variants: &[Variant],
    opts: &IsmOptions,
    device: &B::Device,
) -> Result<Vec<VariantEffect>> {
    check_batch(x, n, len)?;
    let mut subs = Vec::with_capacity(variants.len());
    for v in variants {
        let base = base_index(v.alt as u8)
            .ok_or_else(|| InterpretError::InvalidInput(format!("alt {:?} is not A, C, G or T", v.alt)))?;
        if v.seq >= n || v.position >= len {
            return Err(InterpretError::InvalidInput(format!(
                "variant at line {} is outside the {n} sequences of length {len}",
                v.line
            )));
        }
        subs.push(Substitution { seq: v.seq, pos: v.position, base });
    }
    let effects = substitution_effects(model, x, n, len, &subs, opts, device)?;
    Ok(variants.iter().cloned().zip(effects).map(|(variant, effect)| VariantEffect { variant, effect }).collect())
}

/// A single base letter, upper-cased, when it is A, C, G or T.
fn parse_base(field: &str) -> Option<char> {
    let mut chars = field.chars();
    let c = chars.next()?.to_ascii_uppercase();
    (chars.next().is_none() && "ACGT".contains(c)).then_some(c)
}

/// The channel set at `pos` of sequence `seq`, if exactly one is.
fn present_base(x: &[f32], seq: usize, len: usize, pos: usize) -> Option<usize> {
    let set: Vec<usize> = (0..4).filter(|&b| x[(seq * 4 + b) * len + pos] == 1.0).collect();
    (set.len() == 1).then(|| set[0])
}
