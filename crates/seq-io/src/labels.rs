//! Label files: one row of numbers per sequence.
//!
//! Three layouts are read:
//! - a *line file* (primer `labels.txt`): one row per line, columns separated by spaces or TABs;
//! - a *target TSV* (keras_genomics `.target`): one row per record, TAB-separated columns, matched to the
//!   records by order;
//! - a *keyed TSV* as written by [`write_labels_tsv`]: header `record<TAB>task_0…`, then the record name
//!   and its labels on each row. [`read_target_tsv`] also accepts this layout (it drops the names).
//!
//! Every label must be a finite number: text, `nan` and `inf` are [`IoError::InvalidLabel`] with the line.
//! Trailing blank lines are ignored; a blank line before a later row is an error (it would shift rows).

use crate::error::{IoError, Result};
use crate::fastx::open_text;
use std::io::{BufRead, Write};
use std::path::Path;

/// First field of the header line of a keyed label TSV.
pub const KEY_HEADER: &str = "record";

/// How the columns of a row are separated.
#[derive(Clone, Copy)]
enum Separator {
    Whitespace,
    Tab,
}

/// One non-blank line of a text file with its 1-based line number.
struct Line {
    number: usize,
    text: String,
}

/// The non-blank lines of a (possibly gzipped) text file; refuses blank lines before a later line and
/// files without any content.
fn content_lines(path: &Path) -> Result<Vec<Line>> {
    let reader = open_text(path)?;
    let mut lines = Vec::new();
    let mut first_blank: Option<usize> = None;
    for (i, raw) in reader.lines().enumerate() {
        let text = raw.map_err(|e| IoError::io(path, e))?;
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            first_blank.get_or_insert(i + 1);
            continue;
        }
        if let Some(blank) = first_blank {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: blank,
                message: "empty line (one row per line is expected)".into(),
            });
        }
        lines.push(Line { number: i + 1, text: text.to_string() });
    }
    if lines.is_empty() {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    Ok(lines)
}

fn split_fields(text: &str, sep: Separator) -> Vec<&str> {
    match sep {
        Separator::Whitespace => text.split_whitespace().collect(),
        Separator::Tab => text.split('\t').map(str::trim).collect(),
    }
}

/// Parses one label, refusing anything that is not a finite number.
pub fn parse_label(path: &Path, line: usize, text: &str) -> Result<f32> {
    match text.parse::<f32>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(IoError::InvalidLabel { path: path.to_path_buf(), line, value: text.to_string() }),
    }
}

fn parse_row(path: &Path, line: usize, fields: &[&str]) -> Result<Vec<f32>> {
    fields.iter().map(|f| parse_label(path, line, f)).collect()
}

/// Checks that every row has the width of the first one.
fn check_width(path: &Path, line: usize, width: usize, expected: usize) -> Result<()> {
    if width == expected {
        Ok(())
    } else {
        Err(IoError::Parse {
            path: path.to_path_buf(),
            line,
            message: format!("{width} columns, but the first row has {expected}"),
        })
    }
}

fn read_rows(path: &Path, sep: Separator) -> Result<Vec<Vec<f32>>> {
    let lines = content_lines(path)?;
    let mut rows: Vec<Vec<f32>> = Vec::with_capacity(lines.len());
    for line in &lines {
        let row = parse_row(path, line.number, &split_fields(&line.text, sep))?;
        if let Some(first) = rows.first() {
            check_width(path, line.number, row.len(), first.len())?;
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Reads a label file of one row per line, columns separated by spaces or TABs (primer `labels.txt`).
pub fn read_label_lines(path: &Path) -> Result<Vec<Vec<f32>>> {
    read_rows(path, Separator::Whitespace)
}

/// A label table read from a TSV file: the rows, and the record names when the file is keyed.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelTable {
    /// Record names (one per row) when the file has a `record` header and name column, else `None`.
    pub names: Option<Vec<String>>,
    /// One row of labels per record.
    pub rows: Vec<Vec<f32>>,
    /// The 1-based line of each row in the file (for error messages).
    pub lines: Vec<usize>,
}

/// Reads a TAB-separated label table: either unkeyed (keras_genomics `.target`, rows matched by order) or
/// keyed (header starting with `record`, first column the record name).
pub fn read_label_table(path: &Path) -> Result<LabelTable> {
    let lines = content_lines(path)?;
    let keyed = split_fields(&lines[0].text, Separator::Tab)[0] == KEY_HEADER;
    let body = if keyed { &lines[1..] } else { &lines[..] };
    if body.is_empty() {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    let mut names = Vec::new();
    let mut rows: Vec<Vec<f32>> = Vec::with_capacity(body.len());
    for line in body {
        let fields = split_fields(&line.text, Separator::Tab);
        let values = if keyed {
            names.push(fields[0].to_string());
            &fields[1..]
        } else {
            &fields[..]
        };
        if !keyed && values.first().is_some_and(|f| f.parse::<f32>().is_err()) {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: line.number,
                message: format!(
                    "the first column holds {:?}, not a number: a table keyed by record name needs the header \
                     line `{KEY_HEADER}<TAB>…` first",
                    values[0]
                ),
            });
        }
        let row = parse_row(path, line.number, values)?;
        if let Some(first) = rows.first() {
            check_width(path, line.number, row.len(), first.len())?;
        }
        rows.push(row);
    }
    let lines = body.iter().map(|l| l.number).collect();
    Ok(LabelTable { names: keyed.then_some(names), rows, lines })
}

/// Reads a keras_genomics-style `.target` file: one row per record, TAB-separated columns (a keyed file
/// written by [`write_labels_tsv`] is accepted too; its names are dropped).
pub fn read_target_tsv(path: &Path) -> Result<Vec<Vec<f32>>> {
    read_label_table(path).map(|t| t.rows)
}

/// Reads a keyed label TSV written by [`write_labels_tsv`]: the record names and their label rows.
pub fn read_labels_tsv(path: &Path) -> Result<(Vec<String>, Vec<Vec<f32>>)> {
    let table = read_label_table(path)?;
    match table.names {
        Some(names) => Ok((names, table.rows)),
        None => Err(IoError::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: format!("expected a header line starting with {KEY_HEADER:?}"),
        }),
    }
}

/// Writes labels `y` (`(N, tasks)` row-major) as a keyed TSV: header `record<TAB>task_0<TAB>…`, then one
/// row per record with its name and labels.
pub fn write_labels_tsv(path: &Path, names: &[String], y: &[f32], tasks: usize) -> Result<()> {
    if y.len() != names.len() * tasks {
        return Err(IoError::InvalidArgument(format!(
            "{} labels for {} records × {tasks} tasks",
            y.len(),
            names.len()
        )));
    }
    // the reader trims fields and skips blank lines: a name it would change is refused here
    if let Some(bad) =
        names.iter().find(|n| n.trim().is_empty() || n.trim() != n.as_str() || n.contains(['\t', '\n', '\r']))
    {
        return Err(IoError::InvalidArgument(format!(
            "record name {bad:?} is blank, has leading or trailing white space, or contains a TAB or line break"
        )));
    }
    let mut out = crate::atomic::AtomicFile::create(path)?;
    let write = |out: &mut crate::atomic::AtomicFile| -> std::io::Result<()> {
        write!(out, "{KEY_HEADER}")?;
        for t in 0..tasks {
            write!(out, "\ttask_{t}")?;
        }
        writeln!(out)?;
        for (i, name) in names.iter().enumerate() {
            write!(out, "{name}")?;
            for v in &y[i * tasks..(i + 1) * tasks] {
                write!(out, "\t{v}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    };
    write(&mut out).map_err(|e| IoError::io(path, e))?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_round_trip_keeps_names_and_exact_values() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("y.tsv");
        let names: Vec<String> = vec!["a".into(), "b c".into()];
        let y = [0.1f32, 1.0, -3.5e-7, 2.0];
        write_labels_tsv(&p, &names, &y, 2).unwrap();
        let (n, rows) = read_labels_tsv(&p).unwrap();
        assert_eq!(n, names);
        assert_eq!(rows, vec![vec![0.1, 1.0], vec![-3.5e-7, 2.0]]);
        assert_eq!(read_target_tsv(&p).unwrap(), rows);
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.txt");
        std::fs::write(&p, "1 0\n0 1\n1\n").unwrap();
        let err = read_label_lines(&p).unwrap_err();
        assert!(matches!(err, IoError::Parse { line: 3, .. }), "{err:?}");
    }

    #[test]
    fn infinity_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.txt");
        std::fs::write(&p, "1\n-inf\n").unwrap();
        assert!(matches!(read_label_lines(&p), Err(IoError::InvalidLabel { line: 2, .. })));
    }
}
