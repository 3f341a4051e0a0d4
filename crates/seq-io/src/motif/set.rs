//! [`MotifSet`]: the motifs of one file, looked up by name, with a "did you mean" hint for names the
//! file does not hold.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{IoError, Result};
use crate::pfm::Pfm;

use super::{read_motifs, read_motifs_as, MotifFormat};

/// How many suggestions an unknown-name error lists at most.
const MAX_SUGGESTIONS: usize = 3;

/// The motifs of one file, in file order, looked up by name.
#[derive(Debug, Clone)]
pub struct MotifSet {
    source: PathBuf,
    motifs: Vec<Pfm>,
    index: HashMap<String, usize>,
}

impl MotifSet {
    /// Reads a motif file of any supported format (detected from its content; `.gz` is gunzipped).
    pub fn from_file(path: &Path) -> Result<MotifSet> {
        Ok(MotifSet::new(path, read_motifs(path)?))
    }

    /// Reads a motif file of the given format.
    pub fn from_file_as(path: &Path, format: MotifFormat) -> Result<MotifSet> {
        Ok(MotifSet::new(path, read_motifs_as(path, format)?))
    }

    /// Wraps motifs read elsewhere; `source` names them in error messages. When two motifs share a
    /// name, [`get`](Self::get) returns the first.
    pub fn new(source: impl Into<PathBuf>, motifs: Vec<Pfm>) -> MotifSet {
        let mut index = HashMap::with_capacity(motifs.len());
        for (i, m) in motifs.iter().enumerate() {
            index.entry(m.name.clone()).or_insert(i);
        }
        MotifSet { source: source.into(), motifs, index }
    }

    /// The motif called `name` (exact match on the identifier). When no identifier matches but exactly
    /// one motif has `name` as its description (e.g. `CTCF` for JASPAR's `MA0139.1`), that motif is
    /// returned. Otherwise [`IoError::UnknownMotif`] names the file and suggests the closest names.
    pub fn get(&self, name: &str) -> Result<&Pfm> {
        if let Some(&i) = self.index.get(name) {
            return Ok(&self.motifs[i]);
        }
        let by_description: Vec<&Pfm> = self.motifs.iter().filter(|m| m.description == name).collect();
        if let [only] = by_description.as_slice() {
            return Ok(only);
        }
        let mut suggestions: Vec<&str> = by_description.iter().map(|m| m.name.as_str()).collect();
        if suggestions.is_empty() {
            suggestions = closest_names(name, self.names());
        }
        suggestions.truncate(MAX_SUGGESTIONS);
        Err(IoError::UnknownMotif { path: self.source.clone(), name: name.to_string(), hint: hint_text(&suggestions) })
    }

    /// True when a motif is called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The motif names in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.motifs.iter().map(|m| m.name.as_str())
    }

    /// Number of motifs.
    pub fn len(&self) -> usize {
        self.motifs.len()
    }

    /// True when the set holds no motif.
    pub fn is_empty(&self) -> bool {
        self.motifs.is_empty()
    }

    /// The motifs in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Pfm> {
        self.motifs.iter()
    }

    /// The file the motifs were read from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// The motifs, consuming the set.
    pub fn into_motifs(self) -> Vec<Pfm> {
        self.motifs
    }
}

impl<'a> IntoIterator for &'a MotifSet {
    type Item = &'a Pfm;
    type IntoIter = std::slice::Iter<'a, Pfm>;

    fn into_iter(self) -> Self::IntoIter {
        self.motifs.iter()
    }
}

/// The names closest to `wanted`: case-insensitive equality first, then names that `wanted` is a
/// case-insensitive prefix of (or that are a prefix of it), then the smallest edit distances up to a
/// third of the name's length (at least 2).
pub fn closest_names<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let lower = wanted.to_lowercase();
    let budget = (wanted.chars().count() / 3).max(2);
    let mut ranked: Vec<(usize, usize, &str)> = names
        .filter_map(|name| {
            let candidate = name.to_lowercase();
            let distance = edit_distance(&lower, &candidate);
            let rank = if candidate == lower {
                0
            } else if candidate.starts_with(&lower) || lower.starts_with(&candidate) {
                1
            } else if distance <= budget {
                2
            } else {
                return None;
            };
            Some((rank, distance, name))
        })
        .collect();
    ranked.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    ranked.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, name)| name).collect()
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// ` (did you mean "A"?)`, ` (did you mean "A" or "B"?)`, ` (did you mean "A", "B" or "C"?)`, or empty.
fn hint_text(suggestions: &[&str]) -> String {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("{s:?}")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        [init @ .., last] => format!(" (did you mean {} or {last}?)", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("tal1_known4", "tal1_known5"), 1);
    }

    #[test]
    fn closest_names_rank_case_then_prefix_then_distance() {
        let names = ["TAL1_known4", "TAL1_known5", "CTCF_known1", "GATA_known14"];
        assert_eq!(closest_names("tal1_known4", names.iter().copied()), vec!["TAL1_known4", "TAL1_known5"]);
        assert_eq!(closest_names("CTCF", names.iter().copied()), vec!["CTCF_known1"]);
        assert_eq!(closest_names("GATA_knwon14", names.iter().copied()), vec!["GATA_known14"]);
        assert!(closest_names("ZZZZZZZZ", names.iter().copied()).is_empty());
    }

    #[test]
    fn hint_lists_suggestions_in_english() {
        assert_eq!(hint_text(&[]), "");
        assert_eq!(hint_text(&["A"]), " (did you mean \"A\"?)");
        assert_eq!(hint_text(&["A", "B", "C"]), " (did you mean \"A\", \"B\" or \"C\"?)");
    }
}
