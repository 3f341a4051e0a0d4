//! [`Variant`]: one ALT allele of one VCF record, with the coordinates in both namings (VCF and genome)
//! and the record's place in the file, which sharding, output and merge rely on.

use crate::report::SkipReason;
use std::sync::Arc;

/// What an allele pair does to the sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariantKind {
    /// One base replaced by another.
    Snv,
    /// Bases added (ALT longer than REF).
    Insertion,
    /// Bases removed (REF longer than ALT).
    Deletion,
    /// REF and ALT of the same length > 1 (MNV / block substitution).
    Substitution,
}

impl VariantKind {
    /// The kind of a REF/ALT pair.
    pub fn of(ref_allele: &str, alt: &str) -> Self {
        use std::cmp::Ordering::*;
        match alt.len().cmp(&ref_allele.len()) {
            Greater => VariantKind::Insertion,
            Less => VariantKind::Deletion,
            Equal if ref_allele.len() == 1 => VariantKind::Snv,
            Equal => VariantKind::Substitution,
        }
    }
}

/// One scorable variant: a record's REF and one of its ALT alleles (upper case, A/C/G/T only).
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Chromosome as the genome names it (after the alias).
    pub chrom: String,
    /// Chromosome as the VCF names it.
    pub vcf_chrom: String,
    /// Index of `chrom` in the genome's [`crate::SequenceSource::chrom_names`] (the output order).
    pub chrom_rank: usize,
    /// VCF POS (1-based position of REF's first base).
    pub pos: u64,
    /// The ID column (`.` when missing).
    pub id: String,
    /// REF, upper case.
    pub ref_allele: String,
    /// This ALT, upper case.
    pub alt: String,
    /// What the allele does.
    pub kind: VariantKind,
    /// 0-based index of the record among the data lines read (of the whole file, or of the region query).
    pub record_index: u64,
    /// 0-based index of this ALT in the record's ALT list.
    pub alt_index: usize,
    /// Number of ALT alleles of the record.
    pub n_alts: usize,
    /// 1-based line of the record in the VCF, when known (not for region queries).
    pub line: Option<u64>,
    /// The record's line as read (without the line break), shared by its ALTs: the annotated-VCF writer
    /// copies it.
    pub raw: Arc<str>,
}

impl Variant {
    /// `line N` or `record chrom:pos`, for messages.
    pub fn at(&self) -> String {
        location(self.line, &self.vcf_chrom, self.pos)
    }

    /// 0-based start of REF on the chromosome.
    pub fn start0(&self) -> u64 {
        self.pos - 1
    }
}

/// Classifies one ALT allele: the upper-cased allele when it is scorable, else why not.
pub fn classify_alt(alt: &str, ref_allele: &str) -> std::result::Result<String, SkipReason> {
    if alt == "*" {
        return Err(SkipReason::StarAllele);
    }
    if alt.is_empty() || alt == "." {
        return Err(SkipReason::MissingAlt);
    }
    if alt.starts_with('<') {
        return Err(SkipReason::SymbolicAllele);
    }
    if alt.contains(['[', ']']) || alt.starts_with('.') || alt.ends_with('.') {
        return Err(SkipReason::Breakend);
    }
    let up = alt.to_ascii_uppercase();
    if !up.bytes().all(|b| matches!(b, b'A' | b'C' | b'G' | b'T')) {
        return Err(SkipReason::AltNotAcgt);
    }
    if up == ref_allele {
        return Err(SkipReason::AltEqualsRef);
    }
    Ok(up)
}

/// `line N` when the line is known, else `record chrom:pos`.
pub fn location(line: Option<u64>, chrom: &str, pos: u64) -> String {
    match line {
        Some(l) => format!("line {l}"),
        None => format!("record {chrom}:{pos}"),
    }
}
