//! [`SkipReport`]: what a run read, what it emitted, and every ALT allele it did not score, counted by
//! reason. Counts add up: `alleles == variants + skipped()`, and the reports of the shards of a run sum
//! ([`SkipReport::add`]) to the report of the unsharded run.

use crate::error::{Result, VariantError};
use std::collections::BTreeMap;
use std::path::Path;

/// Why an ALT allele was not turned into a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A symbolic allele such as `<DEL>`, `<INS>`, `<CNV>`, `<*>`, `<NON_REF>`.
    SymbolicAllele,
    /// The `*` allele (overlapping deletion).
    StarAllele,
    /// A breakend (`G]17:198982]`, `.A`, `A.`).
    Breakend,
    /// `ALT` is `.` (no alternative allele).
    MissingAlt,
    /// The record describes a structural variant (`SVTYPE` in INFO).
    StructuralVariant,
    /// An ALT with letters other than A, C, G, T (e.g. N).
    AltNotAcgt,
    /// ALT equal to REF (no change).
    AltEqualsRef,
    /// REF differs from the genome (only when `skip_ref_mismatch` is set).
    RefMismatch,
    /// REF or ALT longer than the window (only when `skip_long_alleles` is set).
    AlleleLongerThanWindow,
}

impl SkipReason {
    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::SymbolicAllele => "symbolic_allele",
            SkipReason::StarAllele => "star_allele",
            SkipReason::Breakend => "breakend",
            SkipReason::MissingAlt => "missing_alt",
            SkipReason::StructuralVariant => "structural_variant",
            SkipReason::AltNotAcgt => "alt_not_acgt",
            SkipReason::AltEqualsRef => "alt_equals_ref",
            SkipReason::RefMismatch => "ref_mismatch",
            SkipReason::AlleleLongerThanWindow => "allele_longer_than_window",
        }
    }
}

/// Counts of a run (or a shard of it).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SkipReport {
    /// VCF data records read (those of this shard).
    pub records: u64,
    /// ALT alleles seen in those records (a multi-allelic record counts each ALT).
    pub alleles: u64,
    /// Variants emitted (one per scored ALT).
    pub variants: u64,
    /// ALT alleles skipped, by reason.
    pub skipped: BTreeMap<SkipReason, u64>,
    /// Records whose REF was written in lower case and was upper-cased.
    pub ref_uppercased: u64,
    /// Windows that reached past a chromosome end and were padded with N.
    pub edge_padded: u64,
}

impl SkipReport {
    /// Counts `n` alleles skipped for `reason`.
    pub fn skip(&mut self, reason: SkipReason, n: u64) {
        *self.skipped.entry(reason).or_insert(0) += n;
    }

    /// The number skipped for one reason.
    pub fn count(&self, reason: SkipReason) -> u64 {
        self.skipped.get(&reason).copied().unwrap_or(0)
    }

    /// All skipped alleles.
    pub fn skipped(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// Adds another report (e.g. a shard's) to this one.
    pub fn add(&mut self, other: &SkipReport) {
        self.records += other.records;
        self.alleles += other.alleles;
        self.variants += other.variants;
        self.ref_uppercased += other.ref_uppercased;
        self.edge_padded += other.edge_padded;
        for (&r, &n) in &other.skipped {
            self.skip(r, n);
        }
    }

    /// Pretty JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a SkipReport always serialises (string keys, integer values)")
    }

    /// Writes the report as JSON (atomically).
    pub fn write_json(&self, path: &Path) -> Result<()> {
        let mut text = self.to_json();
        text.push('\n');
        crate::atomic::write_atomic(path, text.as_bytes())
    }

    /// Reads a report written by [`SkipReport::write_json`].
    pub fn read_json(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| VariantError::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| VariantError::Output {
            path: path.into(),
            at: format!("line {}", e.line()),
            message: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_reasons_and_reports_add() {
        let mut a = SkipReport { records: 2, alleles: 3, variants: 1, ..Default::default() };
        a.skip(SkipReason::SymbolicAllele, 2);
        let json = a.to_json();
        assert!(json.contains("\"symbolic_allele\": 2"), "{json}");
        let back: SkipReport = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, a);
        let mut b = a.clone();
        b.add(&a);
        assert_eq!((b.records, b.alleles, b.count(SkipReason::SymbolicAllele)), (4, 6, 4));
        for r in [SkipReason::StarAllele, SkipReason::AlleleLongerThanWindow] {
            assert_eq!(serde_json::to_string(&r).expect("unit variant"), format!("\"{}\"", r.name()));
        }
    }
}
