//! MEME minimal motif format (version 4): `MOTIF <id> [<alt name>]`, then
//! `letter-probability matrix: alength= 4 w= N nsites= S E= 0` and N rows of the probabilities of
//! A, C, G, T. Other lines (background, URL, log-odds matrices) are skipped. The writer produces what
//! MEME-suite tools such as TOMTOM read.

use std::path::Path;

use crate::error::{IoError, Result};
use crate::pfm::Pfm;

use super::text::{
    clip, is_number, motif_error, numbered_lines, parse_four, pfm_from_probability_rows, split_name, Line,
};

/// Parses every motif of a MEME text (`path` is used in error messages only).
pub fn parse_meme(text: &str, path: &Path) -> Result<Vec<Pfm>> {
    let lines: Vec<Line<'_>> = numbered_lines(text).collect();
    let mut motifs = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.text.starts_with("ALPHABET=") {
            check_alphabet(line, path)?;
        }
        if is_motif_line(line.text) {
            let (pfm, next) = parse_motif(&lines, i, path)?;
            motifs.push(pfm);
            i = next;
        } else {
            i += 1;
        }
    }
    Ok(motifs)
}

/// Writes motifs in MEME minimal format (see [`format_meme`]).
pub fn write_meme(path: &Path, motifs: &[Pfm]) -> Result<()> {
    crate::atomic::write_atomic(path, format_meme(motifs).as_bytes())
}

/// Formats motifs as MEME minimal format version 4: DNA alphabet `ACGT`, both strands, uniform
/// background, one `letter-probability matrix` per motif with eight-decimal probabilities. The
/// description becomes the alternate name (whitespace replaced by `_`, as MEME names are single tokens);
/// `nsites=` is written when the number of sites is known.
pub fn format_meme(motifs: &[Pfm]) -> String {
    let mut out = String::from(
        "MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\n\
         Background letter frequencies (from uniform background):\nA 0.25000 C 0.25000 G 0.25000 T 0.25000\n\n",
    );
    for pfm in motifs {
        out.push_str(&format_motif(pfm));
    }
    out
}

fn format_motif(pfm: &Pfm) -> String {
    let alt = pfm.description.split_whitespace().collect::<Vec<_>>().join("_");
    let mut out = format!("MOTIF {}", pfm.name);
    if !alt.is_empty() {
        out.push(' ');
        out.push_str(&alt);
    }
    out.push_str(&format!("\n\nletter-probability matrix: alength= 4 w= {}", pfm.len()));
    if let Some(n) = pfm.nsites {
        out.push_str(&format!(" nsites= {}", format_nsites(n)));
    }
    out.push_str(" E= 0\n");
    for row in &pfm.probs {
        out.push_str(&format!("  {:.8}\t  {:.8}\t  {:.8}\t  {:.8}\t\n", row[0], row[1], row[2], row[3]));
    }
    out.push('\n');
    out
}

fn format_nsites(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round() as i64)
    } else {
        format!("{n}")
    }
}

fn is_motif_line(text: &str) -> bool {
    text == "MOTIF" || text.starts_with("MOTIF ") || text.starts_with("MOTIF\t")
}

/// Only the DNA alphabet `ACGT` is supported.
fn check_alphabet(line: Line<'_>, path: &Path) -> Result<()> {
    let alphabet = line.text["ALPHABET=".len()..].trim();
    if alphabet.eq_ignore_ascii_case("ACGT") {
        Ok(())
    } else {
        Err(IoError::Parse {
            path: path.to_path_buf(),
            line: line.number,
            message: format!("alphabet {:?} is not supported (only ACGT)", clip(alphabet)),
        })
    }
}

/// Parses the motif whose `MOTIF` line is `lines[start]`; returns it and the index of the next line to
/// look at.
fn parse_motif(lines: &[Line<'_>], start: usize, path: &Path) -> Result<(Pfm, usize)> {
    let header = lines[start];
    let (name, description) = split_name(header.text["MOTIF".len()..].trim());
    if name.is_empty() {
        return Err(IoError::Parse {
            path: path.to_path_buf(),
            line: header.number,
            message: "MOTIF line has no identifier".into(),
        });
    }
    let mut i = start + 1;
    while i < lines.len() && !is_motif_line(lines[i].text) {
        let line = lines[i];
        if line.text.starts_with("letter-probability matrix") {
            let (rows, nsites, next) = parse_matrix(lines, i, path, name)?;
            let pfm = pfm_from_probability_rows(name, description, &rows, header.number, path)?;
            return Ok((Pfm { nsites, ..pfm }, next));
        }
        i += 1;
    }
    Err(motif_error(path, header.number, name, "no letter-probability matrix follows the MOTIF line"))
}

/// Parses a `letter-probability matrix:` line and its rows: returns the rows with their line numbers,
/// `nsites` when given, and the index of the line after the matrix.
#[allow(clippy::type_complexity)]
fn parse_matrix(
    lines: &[Line<'_>],
    start: usize,
    path: &Path,
    name: &str,
) -> Result<(Vec<(usize, [f64; 4])>, Option<f64>, usize)> {
    let header = lines[start];
    let field = |key: &str| -> Result<Option<f64>> {
        match matrix_field(header.text, key) {
            None => Ok(None),
            Some(v) => v.parse::<f64>().map(Some).map_err(|_| {
                motif_error(path, header.number, name, format!("{key} value {:?} is not a number", clip(v)))
            }),
        }
    };
    if let Some(alength) = field("alength=")? {
        if alength != 4.0 {
            return Err(motif_error(
                path,
                header.number,
                name,
                format!("alength= {alength}: only the 4-letter DNA alphabet is supported"),
            ));
        }
    }
    let width = field("w=")?;
    let nsites = field("nsites=")?;
    let mut rows = Vec::new();
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i];
        let tokens: Vec<&str> = line.text.split_whitespace().collect();
        let full = width.is_some_and(|w| rows.len() as f64 >= w);
        if full || (line.text.is_empty() && !rows.is_empty()) || (!line.text.is_empty() && !is_number(tokens[0])) {
            break;
        }
        if !tokens.is_empty() {
            rows.push((line.number, parse_four(&tokens, path, line.number, name)?));
        }
        i += 1;
    }
    if let Some(w) = width {
        if rows.len() as f64 != w {
            let line = lines.get(i).map_or(header.number, |l| l.number);
            return Err(motif_error(path, line, name, format!("w= {w} but the matrix has {} rows", rows.len())));
        }
    }
    Ok((rows, nsites, i))
}

/// The value of `key` (e.g. `w=`) on a matrix line, written `w= 19` or `w=19`.
fn matrix_field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut tokens = text.split_whitespace();
    while let Some(token) = tokens.next() {
        if token == key {
            return tokens.next();
        }
        if let Some(value) = token.strip_prefix(key) {
            return Some(value);
        }
    }
    None
}
