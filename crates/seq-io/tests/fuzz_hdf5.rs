//! Fuzzing of the HDF5 reader (`seq_io::h5`, default backend): datasets of arbitrary small shapes written
//! with `write_splits` read back equal, and truncated or bit-flipped copies of the shipped IRF1 file (and
//! of a small file written from its first records) either read into consistent splits or fail with an
//! error naming the file — never a panic. Cases per property: `SEQDL_FUZZ_CASES` (see
//! `seq_testkit::fuzz`); the properties on the 1.6 MB shipped file run a quarter of them.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use seq_io::h5::{self, H5ReadOptions, Layout};
use seq_io::{Annotation, Dataset, Splits, Strand};
use seq_testkit::data_path;
use seq_testkit::fuzz::{bit_flipped, cases, config, truncated};

const IRF1: &str = "koo_chipseq_h5/IRF1_400_h3k27ac.h5";

/// The bytes of the shipped IRF1 file.
fn irf1() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(data_path(IRF1)).expect("shipped HDF5 file"))
}

/// A small file in the layout this crate writes: the first records of each IRF1 split, cut to 40 bp, with
/// names and an annotation, so that mutations reach every kind of dataset (chunked x, y, strings, ann_*).
fn small() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let s = h5::read_splits(&data_path(IRF1), &H5ReadOptions::default()).expect("read IRF1");
        let cut = |d: &Dataset, n: usize| {
            let mut x = Vec::new();
            for i in 0..n {
                for c in 0..4 {
                    x.extend_from_slice(&d.seq(i)[c * d.len..c * d.len + 40]);
                }
            }
            let names = (0..n).map(|i| format!("{}_{i}", d.names[i])).collect();
            let ann = (0..n).map(|i| vec![ann(&format!("m{}", i % 2), i, i + 5, i % 2 == 0)]).collect();
            Dataset::new(x, d.y[..n].to_vec(), 40, 1, names).and_then(|d| d.with_annotations(ann)).expect("subset")
        };
        let splits = Splits { train: cut(&s.train, 6), valid: cut(&s.valid, 3), test: cut(&s.test, 2) };
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("small.h5");
        h5::write_splits(&path, &splits).expect("write the small file");
        std::fs::read(&path).expect("read the small file back")
    })
}

fn ann(name: &str, start: usize, end: usize, forward: bool) -> Annotation {
    Annotation { name: name.into(), start, end, strand: if forward { Strand::Forward } else { Strand::Reverse } }
}

/// Reads a (damaged) file every way the crate offers; a success must be a consistent dataset, an error
/// must name the file.
fn check_reads(path: &Path) -> Result<(), TestCaseError> {
    let named = |e: seq_io::IoError| -> Result<(), TestCaseError> {
        let msg = e.to_string();
        prop_assert!(msg.contains("in.h5"), "error does not name the file: {msg}");
        Ok(())
    };
    let layouts = [None, Some(Layout::ChannelsFirst), Some(Layout::ChannelsLast)];
    for layout in layouts {
        match h5::read_splits(path, &H5ReadOptions { layout, ..Default::default() }) {
            Ok(s) => {
                for d in [&s.train, &s.valid, &s.test] {
                    check_dataset(d)?;
                }
            }
            Err(e) => named(e)?,
        }
    }
    match h5::read_dataset(path, "test", &H5ReadOptions::default()) {
        Ok(d) => check_dataset(&d)?,
        Err(e) => named(e)?,
    }
    if let Err(e) = h5::has_split(path, "valid") {
        named(e)?;
    }
    Ok(())
}

fn check_dataset(d: &Dataset) -> Result<(), TestCaseError> {
    prop_assert_eq!(d.x.len(), d.n() * 4 * d.len);
    prop_assert_eq!(d.y.len(), d.n() * d.tasks);
    prop_assert_eq!(d.annotations.len(), d.n());
    prop_assert!(d.x.iter().chain(&d.y).all(|v| v.is_finite()));
    prop_assert!(d.annotations.iter().flatten().all(|a| a.start < a.end && a.end <= d.len));
    Ok(())
}

/// A split of `n` records of length `len` with `tasks` label columns: arbitrary finite values (the
/// writer stores x as it is, not only one-hot), names and annotations.
fn dataset(max_n: usize) -> impl Strategy<Value = Dataset> {
    (0..=max_n, 1usize..24, 0usize..4).prop_flat_map(|(n, len, tasks)| {
        let value = prop_oneof![3 => Just(0.0f32), 3 => Just(1.0f32), 1 => -1e6f32..1e6];
        // drawn non-empty (start, then an end after it): a filter would reject about half the draws, and
        // long runs would hit proptest's limit of local rejects
        let span = (0..len)
            .prop_flat_map(move |s| (Just(s), s + 1..=len, any::<bool>(), "[a-z]{1,4}"))
            .prop_map(|(s, e, f, m)| ann(&m, s, e, f));
        (
            proptest::collection::vec(value.clone(), n * 4 * len),
            proptest::collection::vec(value, n * tasks),
            proptest::collection::vec("[A-Za-z0-9_:./ -]{1,16}", n),
            proptest::collection::vec(proptest::collection::vec(span, 0..3), n),
        )
            .prop_map(move |(x, y, names, anns)| {
                Dataset::new(x, y, len, tasks, names).and_then(|d| d.with_annotations(anns)).expect("valid dataset")
            })
    })
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn splits_written_then_read_are_equal(train in dataset(5), valid in dataset(3), test in dataset(3)) {
        let (train_n, tasks) = (train.n(), train.tasks);
        // the three splits of a file share L and T
        let fit = |d: Dataset| -> Dataset {
            if d.len == train.len && d.tasks == tasks { d } else {
                let n = d.n();
                Dataset::new(vec![1.0; n * 4 * train.len], vec![0.5; n * tasks], train.len, tasks, d.names).expect("refit")
            }
        };
        let splits = Splits { valid: fit(valid), test: fit(test), train };
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("round.h5");
        h5::write_splits(&path, &splits).expect("write splits");
        let back = h5::read_splits(&path, &H5ReadOptions { layout: Some(Layout::ChannelsFirst), allow_soft: true }).expect("read splits");
        prop_assert_eq!(back.train.n(), train_n);
        prop_assert_eq!(back, splits);
    }

    #[test]
    fn damaged_copies_of_a_small_written_file_read_or_fail_naming_it(
        bytes in prop_oneof![truncated(small().to_vec()), bit_flipped(small().to_vec(), 4)]
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.h5");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check_reads(&path)?;
    }
}

proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: (cases(400) / 4).max(1), ..config(100) })]

    #[test]
    fn truncated_copies_of_the_shipped_file_fail_naming_it_or_read_the_same(bytes in truncated(irf1().to_vec())) {
        static WHOLE: OnceLock<Splits> = OnceLock::new();
        let whole = WHOLE.get_or_init(|| h5::read_splits(&data_path(IRF1), &H5ReadOptions::default()).expect("IRF1"));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.h5");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check_reads(&path)?;
        if let Ok(s) = h5::read_splits(&path, &H5ReadOptions::default()) {
            prop_assert!(&s == whole, "a file cut at {} of {} bytes reads other data", bytes.len(), irf1().len());
        }
    }

    #[test]
    fn bit_flipped_copies_of_the_shipped_file_read_or_fail_naming_it(bytes in bit_flipped(irf1().to_vec(), 8)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.h5");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check_reads(&path)?;
    }
}
