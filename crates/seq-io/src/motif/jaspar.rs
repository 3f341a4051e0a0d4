//! JASPAR count matrices: a header `>MA0139.1<TAB>CTCF`, then four rows `A  [ 87 167 … ]` (C, G, T
//! likewise) of counts, one column per motif position. Single-entry `.jaspar` files and multi-entry
//! files (entries separated by blank lines) read alike; rows without brackets, and rows without the
//! leading letter (the raw `.pfm` layout, A, C, G, T in that order) are accepted too.

use std::path::Path;

use crate::error::{IoError, Result};
use crate::onehot::BASES;
use crate::pfm::{base_index, Pfm};

use super::text::{clip, is_number, motif_error, parse_number, split_blocks, split_name, Block};

/// Parses every entry of a JASPAR text (`path` is used in error messages only).
pub fn parse_jaspar(text: &str, path: &Path) -> Result<Vec<Pfm>> {
    split_blocks(text, path)?.iter().map(|block| parse_entry(block, path)).collect()
}

/// Writes motifs in JASPAR format (counts = probabilities × `nsites`, or × 100 when unknown).
pub fn write_jaspar(path: &Path, motifs: &[Pfm]) -> Result<()> {
    crate::atomic::write_atomic(path, format_jaspar(motifs).as_bytes())
}

/// Formats motifs as JASPAR text: one entry per motif, separated by blank lines. Counts that are
/// integers (within 1e-6) are written as integers, others with up to nine decimals; reading such a
/// file back gives the same `nsites` and probabilities within 1e-8.
pub fn format_jaspar(motifs: &[Pfm]) -> String {
    motifs.iter().map(format_entry).collect::<Vec<_>>().join("\n")
}

fn format_entry(pfm: &Pfm) -> String {
    let mut out = String::new();
    out.push('>');
    out.push_str(&pfm.name);
    if !pfm.description.is_empty() {
        out.push('\t');
        out.push_str(&pfm.description);
    }
    out.push('\n');
    let counts = pfm.counts();
    let cells: Vec<[String; 4]> = counts.iter().map(|r| r.map(format_count)).collect();
    let width = cells.iter().flatten().map(String::len).max().unwrap_or(1);
    for (k, letter) in BASES.iter().enumerate() {
        out.push(*letter as char);
        out.push_str("  [");
        for row in &cells {
            out.push_str(&format!(" {:>width$}", row[k]));
        }
        out.push_str(" ]\n");
    }
    out
}

/// A count as text: an integer when it is one (within 1e-6), else at most nine decimals.
fn format_count(c: f64) -> String {
    if (c - c.round()).abs() < 1e-6 {
        format!("{}", c.round() as i64)
    } else {
        let s = format!("{c:.9}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn parse_entry(block: &Block<'_>, path: &Path) -> Result<Pfm> {
    let (name, description) = split_name(block.header_body());
    if name.is_empty() {
        return Err(IoError::Parse {
            path: path.to_path_buf(),
            line: block.header.number,
            message: "header has no motif name".into(),
        });
    }
    if block.rows.is_empty() {
        return Err(motif_error(path, block.header.number, name, "the motif has no matrix rows"));
    }
    if let Some(extra) = block.rows.get(4) {
        return Err(motif_error(
            path,
            extra.number,
            name,
            format!("a JASPAR matrix has 4 rows (A, C, G, T); found a 5th: {:?}", clip(extra.text)),
        ));
    }
    let mut by_base: [Option<(usize, Vec<f64>)>; 4] = Default::default();
    for (position, line) in block.rows.iter().enumerate() {
        let (base, values) = parse_row(line.text, position, path, line.number, name)?;
        if by_base[base].is_some() {
            return Err(motif_error(path, line.number, name, format!("row {} appears twice", BASES[base] as char)));
        }
        by_base[base] = Some((line.number, values));
    }
    let rows = complete_rows(by_base, path, block, name)?;
    let counts = columns_of(&rows, path, block, name)?;
    let pfm = Pfm::from_counts(name, counts)
        .map(|p| p.with_description(description))
        .map_err(|e| motif_error(path, block.header.number, name, e.to_string()))?;
    Ok(Pfm { nsites: pfm.nsites.map(snap_to_integer), ..pfm })
}

/// The number of sites is a whole number: a total within [`NSITES_SNAP`] of one (decimal counts written
/// with nine decimals, as [`format_jaspar`] does for columns with fewer sites) is taken as that integer.
fn snap_to_integer(n: f64) -> f64 {
    if (n - n.round()).abs() < NSITES_SNAP {
        n.round()
    } else {
        n
    }
}

/// How close a column total must be to an integer to be read as that integer.
const NSITES_SNAP: f64 = 1e-5;

/// Parses one count row: an optional base letter, optional brackets, then non-negative counts.
fn parse_row(text: &str, position: usize, path: &Path, line: usize, motif: &str) -> Result<(usize, Vec<f64>)> {
    let cleaned = text.replace(['[', ']'], " ");
    let mut tokens = cleaned.split_whitespace().peekable();
    let base = match tokens.peek() {
        Some(first) if !is_number(first) => {
            let letter = first.as_bytes();
            let base = (letter.len() == 1).then(|| base_index(letter[0])).flatten().ok_or_else(|| {
                motif_error(path, line, motif, format!("row label {:?} is not A, C, G or T", clip(first)))
            })?;
            tokens.next();
            base
        }
        _ => position,
    };
    let mut values = Vec::new();
    for token in tokens {
        let v = parse_number(token, path, line, motif)?;
        if v < 0.0 {
            return Err(motif_error(path, line, motif, format!("negative count {v} in row {}", BASES[base] as char)));
        }
        values.push(v);
    }
    if values.is_empty() {
        return Err(motif_error(path, line, motif, format!("row {} has no counts", BASES[base] as char)));
    }
    Ok((base, values))
}

/// Checks that all four rows are present and equally long.
fn complete_rows(
    by_base: [Option<(usize, Vec<f64>)>; 4],
    path: &Path,
    block: &Block<'_>,
    name: &str,
) -> Result<[Vec<f64>; 4]> {
    let mut rows: [Vec<f64>; 4] = Default::default();
    let mut width: Option<(char, usize)> = None;
    for (k, entry) in by_base.into_iter().enumerate() {
        let letter = BASES[k] as char;
        let last_line = block.rows.last().map_or(block.header.number, |l| l.number);
        let (line, values) = entry.ok_or_else(|| {
            motif_error(path, last_line, name, format!("row {letter} is missing (a JASPAR matrix has rows A, C, G, T)"))
        })?;
        match width {
            None => width = Some((letter, values.len())),
            Some((first, w)) if w != values.len() => {
                return Err(motif_error(
                    path,
                    line,
                    name,
                    format!("ragged matrix: row {letter} has {} values but row {first} has {w}", values.len()),
                ));
            }
            Some(_) => {}
        }
        rows[k] = values;
    }
    Ok(rows)
}

/// Transposes four count rows into per-position `[A, C, G, T]` columns; a column without counts is an error.
fn columns_of(rows: &[Vec<f64>; 4], path: &Path, block: &Block<'_>, name: &str) -> Result<Vec<[f64; 4]>> {
    (0..rows[0].len())
        .map(|j| {
            let column = [rows[0][j], rows[1][j], rows[2][j], rows[3][j]];
            if column.iter().sum::<f64>() <= 0.0 {
                Err(motif_error(
                    path,
                    block.header.number,
                    name,
                    format!("position {} has no counts (all four are 0)", j + 1),
                ))
            } else {
                Ok(column)
            }
        })
        .collect()
}
