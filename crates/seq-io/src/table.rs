//! Delimited tables (CSV/TSV with a header) whose rows hold a sequence column and numeric target columns,
//! e.g. the Doench 2016 sgRNA table (`30mer`, `score_drug_gene_rank`), read into a [`Dataset`].
//!
//! Fields may be quoted with `"` (a doubled `""` inside quotes is one quote); a quoted field cannot span
//! lines. Every error names the file and the 1-based line (and the column where there is one).

use crate::dataset::Dataset;
use crate::error::{IoError, Result};
use crate::fastx::{open_text, Record};
use crate::labels::parse_label;
use crate::load::{encode_records, LengthPolicy};
use crate::onehot::UnknownPolicy;
use std::io::BufRead;
use std::path::Path;

/// Which columns of a table make a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    /// Header name of the sequence column.
    pub sequence: String,
    /// Header names of the target columns (one task each, in this order); may be empty.
    pub targets: Vec<String>,
    /// Header name of the column that names each row; `None` names rows `row<line>`.
    pub name: Option<String>,
    /// Field separator (`b','` for CSV, `b'\t'` for TSV).
    pub delimiter: u8,
}

impl TableSpec {
    /// A comma-separated table with sequence column `sequence` and target columns `targets`.
    pub fn csv(sequence: &str, targets: &[&str]) -> Self {
        TableSpec {
            sequence: sequence.into(),
            targets: targets.iter().map(|t| t.to_string()).collect(),
            name: None,
            delimiter: b',',
        }
    }
}

/// Splits one line into fields, honouring `"` quoting. Errors on an unterminated quote.
pub fn split_fields(line: &str, delimiter: u8) -> std::result::Result<Vec<String>, String> {
    let delimiter = delimiter as char;
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == delimiter {
            fields.push(std::mem::take(&mut field));
            at_start = true;
        } else {
            field.push(c);
            at_start = false;
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    fields.push(field);
    Ok(fields)
}

/// Index of header column `name`, or an error listing the header.
fn column(path: &Path, header: &[String], name: &str) -> Result<usize> {
    header.iter().position(|h| h.trim() == name).ok_or_else(|| IoError::Parse {
        path: path.to_path_buf(),
        line: 1,
        message: format!(
            "no column {name:?} in the header (columns: {})",
            header.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// Reads a delimited table into a dataset: the sequence column one-hot encoded under `policy` and
/// `length`, the target columns as labels `(N, T)`. Empty lines are skipped. A missing column, a short
/// row, an unparsable target or a refused letter is an error naming the file and the line (or record
/// `row<line>` for sequence errors).
pub fn read_table_dataset(
    path: &Path,
    spec: &TableSpec,
    policy: UnknownPolicy,
    length: LengthPolicy,
) -> Result<Dataset> {
    let reader = open_text(path)?;
    let mut lines = reader.lines().enumerate();
    let header =
        loop {
            match lines.next() {
                Some((i, line)) => {
                    let line = line.map_err(|e| IoError::io(path, e))?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    break split_fields(line.trim_end_matches('\r'), spec.delimiter)
                        .map_err(|message| IoError::Parse { path: path.to_path_buf(), line: i + 1, message })?;
                }
                None => return Err(IoError::EmptyFile { path: path.to_path_buf() }),
            }
        };
    let seq_col = column(path, &header, &spec.sequence)?;
    let target_cols: Vec<usize> = spec.targets.iter().map(|t| column(path, &header, t)).collect::<Result<_>>()?;
    let name_col = spec.name.as_deref().map(|n| column(path, &header, n)).transpose()?;
    let mut records = Vec::new();
    let mut y = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        let line = line.map_err(|e| IoError::io(path, e))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields = split_fields(line, spec.delimiter).map_err(|message| IoError::Parse {
            path: path.to_path_buf(),
            line: line_no,
            message,
        })?;
        if fields.len() != header.len() {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: line_no,
                message: format!("{} field(s), the header has {}", fields.len(), header.len()),
            });
        }
        for (&c, name) in target_cols.iter().zip(&spec.targets) {
            let value = parse_label(path, line_no, fields[c].trim()).map_err(|_| IoError::Parse {
                path: path.to_path_buf(),
                line: line_no,
                message: format!("column {name:?}: {:?} is not a finite number", fields[c].trim()),
            })?;
            y.push(value);
        }
        let id = match name_col {
            Some(c) => fields[c].trim().to_string(),
            None => format!("row{line_no}"),
        };
        records.push(Record { id, seq: fields[seq_col].trim().as_bytes().to_vec() });
    }
    if records.is_empty() {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    let (x, len) = encode_records(path, &records, policy, length)?;
    let names = records.into_iter().map(|r| r.id).collect();
    let ds = Dataset::new(x, y, len, target_cols.len(), names)?;
    tracing::info!(path = %path.display(), n = ds.n(), len = ds.len, tasks = ds.tasks, "loaded table");
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn quoted_fields_keep_delimiters_and_doubled_quotes() {
        assert_eq!(split_fields(r#"a,"b,c","d""e",,"#, b',').unwrap(), vec!["a", "b,c", "d\"e", "", ""]);
        assert!(split_fields(r#"a,"b"#, b',').is_err());
    }

    #[test]
    fn reads_sequence_and_targets_by_header_name() {
        let f = write(",seq,gene,score\n0,ACGT,X,0.5\n\n1,TTGA,Y,1\n");
        let spec = TableSpec { name: Some(String::new()), ..TableSpec::csv("seq", &["score"]) };
        let ds = read_table_dataset(f.path(), &spec, UnknownPolicy::Strict, LengthPolicy::Exact).unwrap();
        assert_eq!((ds.n(), ds.len, ds.tasks), (2, 4, 1));
        assert_eq!(ds.y, vec![0.5, 1.0]);
        assert_eq!(ds.names, vec!["0", "1"]);
        assert_eq!(crate::onehot::decode(ds.seq(1), 4), "TTGA");
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let f = write("seq,score\nACGT,0.5\nACGT,abc\n");
        let err = read_table_dataset(
            f.path(),
            &TableSpec::csv("seq", &["score"]),
            UnknownPolicy::Strict,
            LengthPolicy::Exact,
        )
        .unwrap_err();
        assert!(err.to_string().contains(":3:") && err.to_string().contains("\"score\""), "{err}");
        let missing =
            read_table_dataset(f.path(), &TableSpec::csv("sequence", &[]), UnknownPolicy::Strict, LengthPolicy::Exact)
                .unwrap_err();
        assert!(missing.to_string().contains("\"sequence\""), "{missing}");
        let short = write("seq,score\nACGT\n");
        let err = read_table_dataset(
            short.path(),
            &TableSpec::csv("seq", &["score"]),
            UnknownPolicy::Strict,
            LengthPolicy::Exact,
        )
        .unwrap_err();
        assert!(err.to_string().contains(":2:"), "{err}");
        let bad = write("seq,score\nACXT,1\n");
        let err = read_table_dataset(
            bad.path(),
            &TableSpec::csv("seq", &["score"]),
            UnknownPolicy::Strict,
            LengthPolicy::Exact,
        )
        .unwrap_err();
        assert!(matches!(&err, IoError::InvalidBase { record, position: 2, .. } if record == "row2"), "{err:?}");
    }
}
