//! Chromosome aliases between a VCF and the genome, chosen explicitly (never guessed): VCFs from different
//! sources spell the same chromosome `20` or `chr20`.
//!
//! [`ChromAlias::parse`] reads the option text: `none`, `add-chr` (`20` → `chr20`), `strip-chr`
//! (`chr20` → `20`), or `map:PATH` — a file of `vcf_name genome_name` pairs (tab or spaces, `#` comments);
//! names absent from the mapping are used unchanged.

use crate::error::{Result, VariantError};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// How a VCF chromosome name becomes a genome sequence name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ChromAlias {
    /// The VCF's names are the genome's names.
    #[default]
    None,
    /// Prefix `chr` (`20` → `chr20`; names already starting with `chr` are kept).
    AddChr,
    /// Remove a leading `chr` (`chr20` → `20`).
    StripChr,
    /// An explicit mapping VCF name → genome name; other names are kept.
    Map(HashMap<String, String>),
}

impl ChromAlias {
    /// Parses `none`, `add-chr`, `strip-chr` or `map:PATH`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "none" => Ok(ChromAlias::None),
            "add-chr" => Ok(ChromAlias::AddChr),
            "strip-chr" => Ok(ChromAlias::StripChr),
            _ => match text.strip_prefix("map:") {
                Some(path) => ChromAlias::from_mapping_file(Path::new(path)),
                None => Err(VariantError::Alias {
                    source_name: text.to_string(),
                    message: "expected none, add-chr, strip-chr or map:PATH".into(),
                }),
            },
        }
    }

    /// Reads a mapping file: one `vcf_name genome_name` pair per line.
    pub fn from_mapping_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| VariantError::io(path, e))?;
        let mut map = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let at = || format!("{}:{}", path.display(), i + 1);
            if fields.len() != 2 {
                return Err(VariantError::Alias {
                    source_name: at(),
                    message: format!("expected two names (VCF name, genome name), found {}", fields.len()),
                });
            }
            if map.insert(fields[0].to_string(), fields[1].to_string()).is_some() {
                return Err(VariantError::Alias {
                    source_name: at(),
                    message: format!("{:?} is mapped twice", fields[0]),
                });
            }
        }
        Ok(ChromAlias::Map(map))
    }

    /// The genome name of a VCF chromosome name.
    pub fn to_genome<'a>(&self, vcf_name: &'a str) -> Cow<'a, str> {
        match self {
            ChromAlias::None => Cow::Borrowed(vcf_name),
            ChromAlias::AddChr if vcf_name.starts_with("chr") => Cow::Borrowed(vcf_name),
            ChromAlias::AddChr => Cow::Owned(format!("chr{vcf_name}")),
            ChromAlias::StripChr => Cow::Borrowed(vcf_name.strip_prefix("chr").unwrap_or(vcf_name)),
            ChromAlias::Map(m) => m.get(vcf_name).map_or(Cow::Borrowed(vcf_name), |g| Cow::Owned(g.clone())),
        }
    }

    /// The VCF names that map to a genome name (used to translate a region into the VCF's naming).
    pub fn to_vcf(&self, genome_name: &str) -> Vec<String> {
        match self {
            ChromAlias::None => vec![genome_name.to_string()],
            ChromAlias::AddChr => {
                let mut v = vec![genome_name.to_string()];
                if let Some(s) = genome_name.strip_prefix("chr") {
                    v.insert(0, s.to_string());
                }
                v
            }
            ChromAlias::StripChr => vec![format!("chr{genome_name}"), genome_name.to_string()],
            ChromAlias::Map(m) => {
                let mut v: Vec<String> =
                    m.iter().filter(|(_, g)| g.as_str() == genome_name).map(|(k, _)| k.clone()).collect();
                v.sort();
                if !m.contains_key(genome_name) {
                    v.push(genome_name.to_string());
                }
                v
            }
        }
    }
}

/// A suggestion for an unknown chromosome: the alias that would find it in the genome, or empty.
pub(crate) fn alias_hint(vcf_name: &str, genome_names: &[String]) -> String {
    let has = |n: &str| genome_names.iter().any(|g| g == n);
    if has(&format!("chr{vcf_name}")) {
        format!(" (the genome has \"chr{vcf_name}\": use the chromosome alias add-chr)")
    } else if let Some(s) = vcf_name.strip_prefix("chr").filter(|s| has(s)) {
        format!(" (the genome has {s:?}: use the chromosome alias strip-chr)")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_translate_both_ways() {
        assert_eq!(ChromAlias::AddChr.to_genome("20"), "chr20");
        assert_eq!(ChromAlias::AddChr.to_genome("chr20"), "chr20");
        assert_eq!(ChromAlias::StripChr.to_genome("chr20"), "20");
        assert_eq!(ChromAlias::None.to_genome("20"), "20");
        assert_eq!(ChromAlias::AddChr.to_vcf("chr20"), vec!["20".to_string(), "chr20".to_string()]);
        let m = ChromAlias::Map(HashMap::from([("NC_000020".to_string(), "chr20".to_string())]));
        assert_eq!(m.to_genome("NC_000020"), "chr20");
        assert_eq!(m.to_genome("X"), "X");
        assert_eq!(m.to_vcf("chr20"), vec!["NC_000020".to_string(), "chr20".to_string()]);
        assert!(ChromAlias::parse("chr").is_err());
        assert_eq!(
            alias_hint("20", &["chr20".to_string()]),
            " (the genome has \"chr20\": use the chromosome alias add-chr)"
        );
    }
}
