//! Ground-truth annotations as a BED-like TSV: header `record<TAB>motif<TAB>start<TAB>end<TAB>strand`, then
//! one motif instance per line, positions 0-based half-open, strand `+` or `-`.

use crate::dataset::{Annotation, Strand};
use crate::error::{IoError, Result};
use crate::fastx::open_text;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// The header line of an annotation TSV.
pub const HEADER: &str = "record\tmotif\tstart\tend\tstrand";

/// Writes the annotations of each record (`annotations[i]` belongs to `names[i]`) as a TSV with [`HEADER`].
pub fn write_annotations_tsv(path: &Path, names: &[String], annotations: &[Vec<Annotation>]) -> Result<()> {
    if names.len() != annotations.len() {
        return Err(IoError::InvalidArgument(format!(
            "{} names for {} annotation lists",
            names.len(),
            annotations.len()
        )));
    }
    let bad_field = |s: &str| s.is_empty() || s.contains(['\t', '\n', '\r']);
    if let Some(bad) = names.iter().find(|n| bad_field(n)) {
        return Err(IoError::InvalidArgument(format!("record name {bad:?} is empty or contains a TAB or line break")));
    }
    if let Some(bad) = annotations.iter().flatten().find(|a| bad_field(&a.name)) {
        return Err(IoError::InvalidArgument(format!(
            "motif name {:?} is empty or contains a TAB or line break",
            bad.name
        )));
    }
    let mut out = crate::atomic::AtomicFile::create(path)?;
    let mut write = || -> std::io::Result<()> {
        writeln!(out, "{HEADER}")?;
        for (name, list) in names.iter().zip(annotations) {
            for a in list {
                writeln!(out, "{name}\t{}\t{}\t{}\t{}", a.name, a.start, a.end, a.strand.symbol())?;
            }
        }
        Ok(())
    };
    write().map_err(|e| IoError::io(path, e))?;
    out.commit()
}

fn parse_error(path: &Path, line: usize, message: String) -> IoError {
    IoError::Parse { path: path.to_path_buf(), line, message }
}

fn parse_position(path: &Path, line: usize, column: &str, text: &str) -> Result<usize> {
    text.parse::<usize>()
        .map_err(|_| parse_error(path, line, format!("{column} {text:?} is not a non-negative integer")))
}

/// Parses one data line into (record name, annotation).
fn parse_line<'a>(path: &Path, line: usize, text: &'a str) -> Result<(&'a str, Annotation)> {
    let fields: Vec<&str> = text.split('\t').map(str::trim).collect();
    let [record, motif, start, end, strand] = fields[..] else {
        return Err(parse_error(path, line, format!("{} columns, expected 5 ({HEADER:?})", fields.len())));
    };
    let start = parse_position(path, line, "start", start)?;
    let end = parse_position(path, line, "end", end)?;
    if end <= start {
        return Err(parse_error(path, line, format!("end {end} must be greater than start {start}")));
    }
    let strand = Strand::from_symbol(strand)
        .ok_or_else(|| parse_error(path, line, format!("strand {strand:?} is not '+' or '-'")))?;
    if motif.is_empty() {
        return Err(parse_error(path, line, "empty motif name".into()));
    }
    Ok((record, Annotation { name: motif.to_string(), start, end, strand }))
}

/// Index of each record name; refuses duplicate names (an annotation could not tell them apart).
fn name_index(names: &[String]) -> Result<HashMap<&str, usize>> {
    let mut index = HashMap::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        if index.insert(n.as_str(), i).is_some() {
            return Err(IoError::InvalidArgument(format!(
                "record name {n:?} occurs more than once; annotations need unique names"
            )));
        }
    }
    Ok(index)
}

/// Reads an annotation TSV and returns one list per entry of `names` (in that order; records without
/// annotations get an empty list). The header line is optional.
///
/// Errors name the line: an unknown record, a start/end that is not a number, `end <= start`, a strand
/// other than `+`/`-`, or a wrong number of columns.
pub fn read_annotations_tsv(path: &Path, names: &[String]) -> Result<Vec<Vec<Annotation>>> {
    let index = name_index(names)?;
    let reader = open_text(path)?;
    let mut out = vec![Vec::new(); names.len()];
    let mut saw_content = false;
    for (i, raw) in reader.lines().enumerate() {
        let line = i + 1;
        let text = raw.map_err(|e| IoError::io(path, e))?;
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        saw_content = true;
        if line == 1 && text.starts_with("record\t") {
            continue;
        }
        let (record, annotation) = parse_line(path, line, text)?;
        let Some(&k) = index.get(record) else {
            return Err(parse_error(
                path,
                line,
                format!("unknown record {record:?} (not among the {} sequences)", names.len()),
            ));
        };
        out[k].push(annotation);
    }
    if !saw_content {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_in_name_order_with_empty_lists() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.tsv");
        let names: Vec<String> = vec!["s0".into(), "s1".into(), "s2".into()];
        let ann = vec![
            vec![Annotation { name: "CTCF_known1".into(), start: 3, end: 22, strand: Strand::Reverse }],
            vec![],
            vec![
                Annotation { name: "TAL1_known4".into(), start: 0, end: 10, strand: Strand::Forward },
                Annotation { name: "GATA_known14".into(), start: 40, end: 51, strand: Strand::Reverse },
            ],
        ];
        write_annotations_tsv(&p, &names, &ann).unwrap();
        assert!(std::fs::read_to_string(&p).unwrap().starts_with(HEADER));
        assert_eq!(read_annotations_tsv(&p, &names).unwrap(), ann);
        let reordered: Vec<String> = vec!["s2".into(), "s1".into(), "s0".into()];
        let back = read_annotations_tsv(&p, &reordered).unwrap();
        assert_eq!(back[0], ann[2]);
        assert_eq!(back[2], ann[0]);
    }

    #[test]
    fn end_not_after_start_and_bad_strand_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.tsv");
        let names: Vec<String> = vec!["s0".into()];
        std::fs::write(&p, format!("{HEADER}\ns0\tM\t5\t9\t+\ns0\tM\t5\t5\t+\n")).unwrap();
        assert!(matches!(read_annotations_tsv(&p, &names), Err(IoError::Parse { line: 3, .. })));
        std::fs::write(&p, "s0\tM\t5\t9\t*\n").unwrap();
        assert!(matches!(read_annotations_tsv(&p, &names), Err(IoError::Parse { line: 1, .. })));
    }
}
