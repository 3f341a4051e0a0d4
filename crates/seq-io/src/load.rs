//! Loading a [`Dataset`] from sequence files and a label source: validation of every letter, one length
//! for all sequences (or centre pad/crop to a requested length), and one-hot encoding in parallel.

use crate::dataset::Dataset;
use crate::error::{IoError, Result};
use crate::fastx::{read_records, read_sequences, Record};
use crate::labels::{read_label_lines, read_label_table, LabelTable};
use crate::onehot::{encode_into_unchecked, first_invalid, UnknownPolicy};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How sequences of different lengths are brought to one length L.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum LengthPolicy {
    /// Every sequence must have the length of the first one ([`IoError::RaggedLength`] otherwise).
    #[default]
    Exact,
    /// Longer sequences keep their central L letters, shorter ones are padded on both sides with `N`
    /// columns (the left pad is the smaller one when the difference is odd).
    CenterPadCrop(usize),
}

/// Where the labels of a dataset come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSource {
    /// No labels: a dataset with zero tasks.
    None,
    /// A parallel file with one label row per line (primer `labels.txt`).
    LineFile(PathBuf),
    /// A TAB-separated target file, one row per record (keras_genomics `.target`), or a keyed TSV (header
    /// `record…`) whose rows are matched to records by name.
    TargetTsv(PathBuf),
    /// Positive and negative FASTA files (DragoNN): label 1 for every `pos` record, then 0 for every `neg`
    /// record. The sequence path given to [`load_dataset`] is ignored; names become `pos:<id>`/`neg:<id>`.
    PosNegFasta {
        /// FASTA of the positive class.
        pos: PathBuf,
        /// FASTA of the negative class.
        neg: PathBuf,
    },
}

/// The first record (in file order) holding a letter that `policy` refuses.
fn check_letters(path: &Path, records: &[Record], policy: UnknownPolicy) -> Result<()> {
    let bad =
        records.par_iter().find_map_first(|r| first_invalid(&r.seq, policy).map(|(position, ch)| (r, position, ch)));
    match bad {
        Some((r, position, ch)) if policy == UnknownPolicy::Strict && is_iupac(ch) => {
            Err(IoError::StrictBase { path: path.to_path_buf(), record: r.id.clone(), position, ch })
        }
        Some((r, position, ch)) => {
            Err(IoError::InvalidBase { path: path.to_path_buf(), record: r.id.clone(), position, ch })
        }
        None => Ok(()),
    }
}

/// True for a letter the non-strict policies accept (an IUPAC code such as N).
fn is_iupac(ch: char) -> bool {
    u8::try_from(ch).is_ok_and(|b| first_invalid(&[b], UnknownPolicy::Zeros).is_none())
}

/// The common length L under `length`, refusing ragged input under [`LengthPolicy::Exact`].
fn target_length(path: &Path, records: &[Record], length: LengthPolicy) -> Result<usize> {
    match length {
        LengthPolicy::CenterPadCrop(0) => Err(IoError::InvalidArgument("the pad/crop length must be positive".into())),
        LengthPolicy::CenterPadCrop(l) => Ok(l),
        LengthPolicy::Exact => {
            let expected = records.first().map_or(0, |r| r.seq.len());
            match records.iter().find(|r| r.seq.len() != expected) {
                Some(r) => Err(IoError::RaggedLength {
                    path: path.to_path_buf(),
                    record: r.id.clone(),
                    expected,
                    found: r.seq.len(),
                }),
                None => Ok(expected),
            }
        }
    }
}

/// The value of an `N` column under `policy` (used for padding).
fn pad_value(policy: UnknownPolicy) -> f32 {
    match policy {
        UnknownPolicy::Uniform => 0.25,
        _ => 0.0,
    }
}

/// Encodes one sequence into its `(4, L)` slot, centre-cropping or centre-padding it to `L`.
fn encode_centered(seq: &[u8], out: &mut [f32], len: usize, policy: UnknownPolicy) {
    if seq.len() == len {
        encode_into_unchecked(seq, out, policy);
        return;
    }
    if seq.len() > len {
        let start = (seq.len() - len) / 2;
        encode_into_unchecked(&seq[start..start + len], out, policy);
        return;
    }
    let left = (len - seq.len()) / 2;
    let mut inner = vec![0.0; 4 * seq.len()];
    encode_into_unchecked(seq, &mut inner, policy);
    out.fill(pad_value(policy));
    for ch in 0..4 {
        out[ch * len + left..ch * len + left + seq.len()].copy_from_slice(&inner[ch * seq.len()..(ch + 1) * seq.len()]);
    }
}

/// Validates and one-hot encodes records into one `(N, 4, L)` buffer; returns it with L. Letters refused
/// by `policy` give [`IoError::InvalidBase`] naming `path_for_errors` and the first offending record;
/// unequal lengths under [`LengthPolicy::Exact`] give [`IoError::RaggedLength`]. Encoding runs in
/// parallel over records; the output does not depend on the number of threads.
pub fn encode_records(
    path_for_errors: &Path,
    records: &[Record],
    policy: UnknownPolicy,
    length: LengthPolicy,
) -> Result<(Vec<f32>, usize)> {
    if let Some(r) = records.iter().find(|r| r.seq.is_empty()) {
        return Err(IoError::Record {
            path: path_for_errors.to_path_buf(),
            record: r.id.clone(),
            message: "has no sequence".into(),
        });
    }
    check_letters(path_for_errors, records, policy)?;
    let len = target_length(path_for_errors, records, length)?;
    let mut x = vec![0.0f32; records.len() * 4 * len];
    if len > 0 {
        x.par_chunks_mut(4 * len)
            .zip(records.par_iter())
            .for_each(|(out, r)| encode_centered(&r.seq, out, len, policy));
    }
    Ok((x, len))
}

/// Labels in record order from a TSV table: by order when unkeyed, by name when keyed.
fn rows_for_records(path: &Path, table: LabelTable, records: &[Record]) -> Result<Vec<Vec<f32>>> {
    let Some(names) = table.names else {
        return Ok(table.rows);
    };
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for (k, n) in names.iter().enumerate() {
        if by_name.insert(n.as_str(), k).is_some() {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: table.lines[k],
                message: format!("record {n:?} is labelled twice"),
            });
        }
    }
    let rows = records
        .iter()
        .map(|r| match by_name.get(r.id.as_str()) {
            Some(&k) => Ok(table.rows[k].clone()),
            None => Err(IoError::Record {
                path: path.to_path_buf(),
                record: r.id.clone(),
                message: "has no row in the label file".into(),
            }),
        })
        .collect::<Result<Vec<_>>>()?;
    if names.len() != records.len() {
        let known: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        if let Some((k, extra)) = names.iter().enumerate().find(|(_, n)| !known.contains(n.as_str())) {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: table.lines[k],
                message: format!("record {extra:?} is not among the sequences"),
            });
        }
    }
    Ok(rows)
}

/// Flattens label rows into `(N, T)` after checking their count against the number of sequences.
fn flatten_labels(path: &Path, rows: Vec<Vec<f32>>, sequences: usize) -> Result<(Vec<f32>, usize)> {
    if rows.len() != sequences {
        return Err(IoError::LabelCount { path: path.to_path_buf(), labels: rows.len(), sequences });
    }
    let tasks = rows.first().map_or(0, Vec::len);
    Ok((rows.into_iter().flatten().collect(), tasks))
}

/// Reads the two FASTA files of a positive/negative pair into records named `pos:<id>` / `neg:<id>`,
/// with the labels 1 and 0, checking that both files agree on the length under `Exact`.
fn load_pos_neg(pos: &Path, neg: &Path, policy: UnknownPolicy, length: LengthPolicy) -> Result<Dataset> {
    let pos_records = read_records(pos)?;
    let neg_records = read_records(neg)?;
    let (mut x, len) = encode_records(pos, &pos_records, policy, length)?;
    let (x_neg, len_neg) = encode_records(neg, &neg_records, policy, length)?;
    if len_neg != len {
        return Err(IoError::RaggedLength {
            path: neg.to_path_buf(),
            record: neg_records[0].id.clone(),
            expected: len,
            found: len_neg,
        });
    }
    x.extend_from_slice(&x_neg);
    let mut y = vec![1.0f32; pos_records.len()];
    y.resize(pos_records.len() + neg_records.len(), 0.0);
    let names = pos_records
        .iter()
        .map(|r| format!("pos:{}", r.id))
        .chain(neg_records.iter().map(|r| format!("neg:{}", r.id)))
        .collect();
    Dataset::new(x, y, len, 1, names)
}

/// Loads a dataset: reads `seqs` (FASTA/FASTQ, compressed or not, or one sequence per line), validates and
/// encodes it under `policy` and `length`, and attaches labels from `labels`.
///
/// A label file whose row count differs from the number of sequences is [`IoError::LabelCount`].
pub fn load_dataset(seqs: &Path, labels: &LabelSource, policy: UnknownPolicy, length: LengthPolicy) -> Result<Dataset> {
    let ds = match labels {
        LabelSource::PosNegFasta { pos, neg } => load_pos_neg(pos, neg, policy, length)?,
        single => load_single_file(seqs, single, policy, length)?,
    };
    tracing::info!(path = %seqs.display(), n = ds.n(), len = ds.len, tasks = ds.tasks, "loaded dataset");
    Ok(ds)
}

/// Loads one sequence file with labels from a separate label file (or none).
fn load_single_file(seqs: &Path, labels: &LabelSource, policy: UnknownPolicy, length: LengthPolicy) -> Result<Dataset> {
    let records = read_sequences(seqs)?;
    let (y, tasks) = match labels {
        LabelSource::None => (Vec::new(), 0),
        LabelSource::LineFile(p) => flatten_labels(p, read_label_lines(p)?, records.len())?,
        LabelSource::TargetTsv(p) => {
            flatten_labels(p, rows_for_records(p, read_label_table(p)?, &records)?, records.len())?
        }
        LabelSource::PosNegFasta { .. } => {
            return Err(IoError::InvalidArgument(
                "a positive/negative FASTA pair is not a label file for one sequence file".into(),
            ))
        }
    };
    let (x, len) = encode_records(seqs, &records, policy, length)?;
    let names = records.into_iter().map(|r| r.id).collect();
    Dataset::new(x, y, len, tasks, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, seq: &[u8]) -> Record {
        Record { id: id.into(), seq: seq.to_vec() }
    }

    #[test]
    fn center_crop_keeps_the_middle_and_pad_adds_n_columns_on_both_sides() {
        let p = Path::new("mem.fa");
        let recs = [rec("long", b"AACGTTT"), rec("short", b"GC")];
        let (x, len) = encode_records(p, &recs, UnknownPolicy::Zeros, LengthPolicy::CenterPadCrop(5)).unwrap();
        assert_eq!(len, 5);
        assert_eq!(crate::onehot::decode(&x[..20], 5), "ACGTT");
        assert_eq!(crate::onehot::decode(&x[20..], 5), "NGCNN");
        assert_eq!(x[20..].iter().sum::<f32>(), 2.0);
        let (u, _) = encode_records(p, &recs[1..], UnknownPolicy::Uniform, LengthPolicy::CenterPadCrop(4)).unwrap();
        assert_eq!(u, vec![0.25, 0.0, 0.0, 0.25, 0.25, 0.0, 1.0, 0.25, 0.25, 1.0, 0.0, 0.25, 0.25, 0.0, 0.0, 0.25]);
    }

    #[test]
    fn ragged_input_names_the_first_offending_record() {
        let recs = [rec("a", b"ACGT"), rec("b", b"ACGT"), rec("c", b"ACG"), rec("d", b"A")];
        let err = encode_records(Path::new("in.fa"), &recs, UnknownPolicy::Zeros, LengthPolicy::Exact).unwrap_err();
        assert!(
            matches!(&err, IoError::RaggedLength { record, expected: 4, found: 3, .. } if record == "c"),
            "{err:?}"
        );
    }

    #[test]
    fn first_invalid_record_is_reported_deterministically() {
        let mut recs: Vec<Record> = (0..500).map(|i| rec(&i.to_string(), b"ACGTACGT")).collect();
        recs[321].seq[5] = b'X';
        recs[400].seq[1] = b'9';
        let err = encode_records(Path::new("in.fa"), &recs, UnknownPolicy::Uniform, LengthPolicy::Exact).unwrap_err();
        assert!(
            matches!(&err, IoError::InvalidBase { record, position: 5, ch: 'X', .. } if record == "321"),
            "{err:?}"
        );
    }
}
