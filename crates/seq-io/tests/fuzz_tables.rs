//! Fuzzing of the label and target tables (label lines, `.target` TSV, keyed TSV), the CSV/TSV table
//! datasets and the annotation TSV: written tables read back exactly, and mutated copies of real-looking
//! tables either parse into rectangular, finite rows or fail with an error naming the file — never a
//! panic. Cases per property: `SEQDL_FUZZ_CASES` (see `seq_testkit::fuzz`).

use std::path::Path;

use proptest::prelude::*;
use seq_io::annotations::{read_annotations_tsv, write_annotations_tsv};
use seq_io::labels::{read_label_lines, read_label_table, read_labels_tsv, read_target_tsv, write_labels_tsv};
use seq_io::load::LengthPolicy;
use seq_io::table::{read_table_dataset, TableSpec};
use seq_io::{Annotation, Strand, UnknownPolicy};
use seq_testkit::fuzz::{config, mutated, noise};

const LINES: &[u8] = b"1 0\n0\t1\n0.5 -2e-3\n";
const TARGET: &[u8] = b"1\t0\n1\t0\n0\t1\n";
const KEYED: &[u8] = b"record\ttask_0\ttask_1\nr1\t0.25\t1\nr 2\t-3.5e-7\t0\n";
const CSV: &[u8] = b",30mer,Target gene,score_drug_gene_rank\n0,CAGAAAAAAAAACACTGCAACAAGAGGGTA,CD5,0.0836\n\
1,\"CAGAAAAAAAAAGGTGCTCACACGGAGAAA\",\"CD5, x\",0.5\n";
const ANNOTATIONS: &[u8] = b"record\tmotif\tstart\tend\tstrand\nr1\tCTCF\t0\t5\t+\nr2\tGATA\t3\t9\t-\n";

fn named(path: &Path, e: &seq_io::IoError) -> Result<(), TestCaseError> {
    let msg = e.to_string();
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
    prop_assert!(msg.contains(file), "error does not name the file: {msg}");
    Ok(())
}

/// Rows read from a label file must be non-empty, of one width and finite.
fn check_rows(path: &Path, result: seq_io::Result<Vec<Vec<f32>>>) -> Result<(), TestCaseError> {
    match result {
        Ok(rows) => {
            prop_assert!(!rows.is_empty());
            let width = rows[0].len();
            prop_assert!(rows.iter().all(|r| r.len() == width), "ragged rows {rows:?}");
            prop_assert!(rows.iter().flatten().all(|v| v.is_finite()));
        }
        Err(e) => named(path, &e)?,
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write the fuzz input");
}

/// A finite label value that prints and parses back exactly.
fn label() -> impl Strategy<Value = f32> {
    prop_oneof![Just(0.0f32), Just(1.0), -1e30f32..1e30, any::<i16>().prop_map(f32::from)]
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn keyed_labels_written_then_read_are_equal(
        (names, y, tasks) in (1usize..6, 0usize..4).prop_flat_map(|(n, t)| (
            proptest::collection::vec("[A-Za-z0-9_ .:-]{1,10}", n),
            proptest::collection::vec(label(), n * t),
            Just(t),
        ))
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("y.tsv");
        let written = write_labels_tsv(&path, &names, &y, tasks);
        if names.iter().any(|n| n.trim() != n.as_str()) {
            // a name the reader would trim (or skip as a blank line) is refused, not silently changed
            prop_assert!(matches!(written, Err(seq_io::IoError::InvalidArgument(_))), "{written:?}");
            return Ok(());
        }
        written.expect("write labels");
        let (back_names, rows) = read_labels_tsv(&path).expect("read labels");
        prop_assert_eq!(back_names, names);
        prop_assert_eq!(rows.concat(), y);
        prop_assert!(rows.iter().all(|r| r.len() == tasks));
    }

    #[test]
    fn mutated_label_files_parse_or_fail_naming_the_file(
        lines in mutated(LINES.to_vec(), 5), target in mutated(TARGET.to_vec(), 5), keyed in mutated(KEYED.to_vec(), 5)
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in [("labels.txt", &lines), ("test.target", &target), ("y.tsv", &keyed)] {
            let path = dir.path().join(name);
            write(&path, bytes);
            check_rows(&path, read_label_lines(&path))?;
            check_rows(&path, read_target_tsv(&path))?;
            match read_label_table(&path) {
                Ok(t) => {
                    prop_assert_eq!(t.lines.len(), t.rows.len());
                    if let Some(n) = &t.names {
                        prop_assert_eq!(n.len(), t.rows.len());
                    }
                }
                Err(e) => named(&path, &e)?,
            }
            if let Err(e) = read_labels_tsv(&path) {
                named(&path, &e)?;
            }
        }
    }

    #[test]
    fn mutated_tables_load_or_fail_naming_the_file(bytes in mutated(CSV.to_vec(), 6), crop in 0usize..40) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("table.csv");
        write(&path, &bytes);
        let spec = TableSpec { name: Some(String::new()), ..TableSpec::csv("30mer", &["score_drug_gene_rank"]) };
        let length = if crop == 0 { LengthPolicy::Exact } else { LengthPolicy::CenterPadCrop(crop) };
        match read_table_dataset(&path, &spec, UnknownPolicy::Zeros, length) {
            Ok(ds) => {
                prop_assert_eq!(ds.x.len(), ds.n() * 4 * ds.len);
                prop_assert_eq!(ds.y.len(), ds.n());
                prop_assert!(ds.y.iter().all(|v| v.is_finite()));
            }
            Err(e) => named(&path, &e)?,
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_table_readers(bytes in noise(200)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.tsv");
        write(&path, &bytes);
        check_rows(&path, read_label_lines(&path))?;
        check_rows(&path, read_target_tsv(&path))?;
        let spec = TableSpec { delimiter: b'\t', ..TableSpec::csv("seq", &["a", "b"]) };
        if let Err(e) = read_table_dataset(&path, &spec, UnknownPolicy::Strict, LengthPolicy::Exact) {
            named(&path, &e)?;
        }
        if let Err(e) = read_annotations_tsv(&path, &["r1".to_string()]) {
            named(&path, &e)?;
        }
    }

    #[test]
    fn annotations_written_then_read_are_equal(
        lists in proptest::collection::vec(proptest::collection::vec(
            ("[A-Za-z0-9_.-]{1,8}", 0usize..500, 1usize..50, any::<bool>()), 0..4), 1..5)
    ) {
        let names: Vec<String> = (0..lists.len()).map(|i| format!("rec{i}")).collect();
        let anns: Vec<Vec<Annotation>> = lists.iter().map(|l| l.iter().map(|(m, s, w, f)| Annotation {
            name: m.clone(), start: *s, end: s + w, strand: if *f { Strand::Forward } else { Strand::Reverse },
        }).collect()).collect();
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ann.tsv");
        write_annotations_tsv(&path, &names, &anns).expect("write annotations");
        prop_assert_eq!(read_annotations_tsv(&path, &names).expect("read annotations"), anns);
    }

    #[test]
    fn mutated_annotation_files_parse_or_fail_naming_the_file(bytes in mutated(ANNOTATIONS.to_vec(), 5)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ann.tsv");
        write(&path, &bytes);
        match read_annotations_tsv(&path, &["r1".to_string(), "r2".to_string()]) {
            Ok(anns) => {
                prop_assert_eq!(anns.len(), 2);
                prop_assert!(anns.iter().flatten().all(|a| a.start < a.end), "{anns:?}");
            }
            Err(e) => named(&path, &e)?,
        }
    }
}
