//! Ground-truth annotations as parallel `ann_{split}_*` arrays (see the [module docs](super)).

use std::collections::HashMap;

use super::{ArrayData, ArrayReader, ArrayWriter};
use crate::dataset::{Annotation, Dataset, Strand};
use crate::error::{IoError, Result};

/// The integer columns, in the order they are written.
const COLUMNS: [&str; 5] = ["index", "start", "end", "strand", "motif"];

fn column_name(split: &str, column: &str) -> String {
    format!("ann_{split}_{column}")
}

/// Annotations flattened into parallel columns plus a motif-name table.
#[derive(Debug, Default, PartialEq)]
struct Columns {
    index: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    strand: Vec<i64>,
    motif: Vec<i64>,
    motif_names: Vec<String>,
}

fn strand_code(strand: Strand) -> i64 {
    match strand {
        Strand::Forward => 1,
        Strand::Reverse => -1,
    }
}

fn flatten(annotations: &[Vec<Annotation>]) -> Columns {
    let mut cols = Columns::default();
    let mut motif_ids: HashMap<&str, i64> = HashMap::new();
    for (i, list) in annotations.iter().enumerate() {
        for a in list {
            let next_id = motif_ids.len() as i64;
            let id = *motif_ids.entry(a.name.as_str()).or_insert_with(|| {
                cols.motif_names.push(a.name.clone());
                next_id
            });
            cols.index.push(i as i64);
            cols.start.push(a.start as i64);
            cols.end.push(a.end as i64);
            cols.strand.push(strand_code(a.strand));
            cols.motif.push(id);
        }
    }
    cols
}

/// Writes the `ann_{split}_*` datasets when `dataset` holds at least one annotation.
pub(super) fn write_annotations<W: ArrayWriter>(writer: &mut W, split: &str, dataset: &Dataset) -> Result<()> {
    let cols = flatten(&dataset.annotations);
    if cols.index.is_empty() {
        return Ok(());
    }
    let k = cols.index.len();
    for (column, values) in COLUMNS.iter().zip([&cols.index, &cols.start, &cols.end, &cols.strand, &cols.motif]) {
        writer.write_array(&column_name(split, column), &[k], ArrayData::I64(values), None)?;
    }
    writer.write_strings(&column_name(split, "motif_names"), &cols.motif_names)
}

fn bad(reader: &impl ArrayReader, dataset: &str, message: String) -> IoError {
    IoError::Shape { path: reader.path().to_path_buf(), dataset: dataset.to_string(), message }
}

/// Reads one integer column, checking it is one-dimensional with `k` entries (`k = None`: any length).
fn read_column<R: ArrayReader>(reader: &R, name: &str, k: Option<usize>) -> Result<Vec<i64>> {
    let info = reader
        .info(name)?
        .ok_or_else(|| bad(reader, name, "missing: every ann_{split}_* column must be present when one is".into()))?;
    if !matches!(info.kind, super::ElemKind::Int { .. }) || info.shape.len() != 1 {
        return Err(bad(
            reader,
            name,
            format!("must be a one-dimensional integer array, found {:?} of shape {:?}", info.kind, info.shape),
        ));
    }
    if let Some(k) = k.filter(|&k| k != info.shape[0]) {
        return Err(bad(reader, name, format!("has {} entries, ann index has {k}", info.shape[0])));
    }
    reader.read_i64(name)
}

/// Reads the annotations of `split`: one (possibly empty) list per sequence; all empty when the file has
/// no `ann_{split}_index`.
pub(super) fn read_annotations<R: ArrayReader>(
    reader: &R,
    split: &str,
    n: usize,
    len: usize,
) -> Result<Vec<Vec<Annotation>>> {
    let mut out = vec![Vec::new(); n];
    let index_name = column_name(split, "index");
    if reader.info(&index_name)?.is_none() {
        return Ok(out);
    }
    let index = read_column(reader, &index_name, None)?;
    let k = Some(index.len());
    let start = read_column(reader, &column_name(split, "start"), k)?;
    let end = read_column(reader, &column_name(split, "end"), k)?;
    let strand = read_column(reader, &column_name(split, "strand"), k)?;
    let motif = read_column(reader, &column_name(split, "motif"), k)?;
    let names_name = column_name(split, "motif_names");
    let motif_names = reader.read_strings(&names_name)?;
    for j in 0..index.len() {
        let entry = |msg: String| bad(reader, &index_name, format!("annotation {j}: {msg}"));
        let seq = usize::try_from(index[j])
            .ok()
            .filter(|&i| i < n)
            .ok_or_else(|| entry(format!("sequence index {} is outside 0..{n}", index[j])))?;
        let (s, e) = (start[j], end[j]);
        if s < 0 || s >= e || e > len as i64 {
            return Err(entry(format!("span {s}..{e} is empty or outside 0..{len}")));
        }
        let strand = match strand[j] {
            1 => Strand::Forward,
            -1 => Strand::Reverse,
            other => return Err(entry(format!("strand code {other} is neither +1 nor -1"))),
        };
        let name = usize::try_from(motif[j]).ok().and_then(|m| motif_names.get(m)).ok_or_else(|| {
            entry(format!("motif id {} is outside the {} names of {names_name}", motif[j], motif_names.len()))
        })?;
        out[seq].push(Annotation { name: name.clone(), start: s as usize, end: e as usize, strand });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_numbers_motifs_in_order_of_first_use() {
        let a = |name: &str, start, strand| Annotation { name: name.into(), start, end: start + 3, strand };
        let cols = flatten(&[
            vec![a("TAL1", 2, Strand::Forward)],
            vec![],
            vec![a("GATA", 0, Strand::Reverse), a("TAL1", 5, Strand::Forward)],
        ]);
        assert_eq!(cols.index, vec![0, 2, 2]);
        assert_eq!(cols.start, vec![2, 0, 5]);
        assert_eq!(cols.end, vec![5, 3, 8]);
        assert_eq!(cols.strand, vec![1, -1, 1]);
        assert_eq!(cols.motif, vec![0, 1, 0]);
        assert_eq!(cols.motif_names, vec!["TAL1".to_string(), "GATA".to_string()]);
    }
}
