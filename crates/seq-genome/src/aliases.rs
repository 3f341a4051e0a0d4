//! Chromosome name aliases: how a name from a peak file (`20`) finds the genome's sequence (`chr20`).
//! Only by an explicit option: the default looks names up exactly.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{GenomeError, Result};

/// How names that are not in the genome are translated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Aliases {
    /// Exact names only.
    #[default]
    None,
    /// Add or strip a `chr` prefix: `20` finds `chr20` and `chr20` finds `20` (`chrM` ↔ `MT` too).
    ChrPrefix,
    /// An explicit table: alias → genome name (see [`Aliases::from_file`]).
    Map(HashMap<String, String>),
}

impl Aliases {
    /// Reads a two-column mapping file (alias, genome name; tabs or spaces; `#` comments and blank lines
    /// skipped). Either column may hold the genome's name: both directions are tried.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| GenomeError::io(path, e))?;
        let mut map = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() != 2 {
                return Err(GenomeError::parse(
                    path,
                    i + 1,
                    format!("expected two columns (alias, genome name), found {}", cols.len()),
                ));
            }
            if let Some(old) = map.insert(cols[0].to_string(), cols[1].to_string()) {
                if old != cols[1] {
                    return Err(GenomeError::parse(
                        path,
                        i + 1,
                        format!("alias {:?} maps to both {old:?} and {:?}", cols[0], cols[1]),
                    ));
                }
            }
            map.entry(cols[1].to_string()).or_insert_with(|| cols[0].to_string());
        }
        if map.is_empty() {
            return Err(GenomeError::EmptyFile { path: path.into() });
        }
        Ok(Aliases::Map(map))
    }

    /// Candidate genome names for `name`, in the order they are tried (after the exact name).
    pub fn candidates(&self, name: &str) -> Vec<String> {
        match self {
            Aliases::None => Vec::new(),
            Aliases::ChrPrefix => match name.strip_prefix("chr") {
                Some("M") => vec!["MT".into(), "M".into()],
                Some(rest) => vec![rest.to_string()],
                None if name == "MT" => vec!["chrM".into()],
                None => vec![format!("chr{name}")],
            },
            Aliases::Map(m) => m.get(name).cloned().into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chr_prefix_goes_both_ways() {
        assert_eq!(Aliases::ChrPrefix.candidates("20"), vec!["chr20".to_string()]);
        assert_eq!(Aliases::ChrPrefix.candidates("chr20"), vec!["20".to_string()]);
        assert_eq!(Aliases::ChrPrefix.candidates("MT"), vec!["chrM".to_string()]);
        assert!(Aliases::None.candidates("20").is_empty());
    }
}
