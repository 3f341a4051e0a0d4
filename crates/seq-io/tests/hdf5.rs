//! HDF5 datasets in the tutorial layout (`seq_io::h5`): the real IRF1 ChIP-seq file, round trips with
//! names and annotations, layout detection, dtypes, named errors, and (feature `hdf5-c`) the two backends
//! reading each other's files.

use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::h5::pure::Pure;
use seq_io::h5::{self, ArrayData, ArrayWriter, Backend, H5ReadOptions, Layout};
use seq_io::{Annotation, Dataset, IoError, Splits, Strand};
use seq_testkit::data_path;

const IRF1: &str = "koo_chipseq_h5/IRF1_400_h3k27ac.h5";

fn auto() -> H5ReadOptions {
    H5ReadOptions::default()
}

/// Every position of every sequence holds 0/1 values summing to exactly 0 or 1.
fn assert_one_hot_columns(d: &Dataset) {
    for i in 0..d.n() {
        let s = d.seq(i);
        for p in 0..d.len {
            let col: Vec<f32> = (0..4).map(|c| s[c * d.len + p]).collect();
            assert!(col.iter().all(|&v| v == 0.0 || v == 1.0), "record {i} position {p}: {col:?}");
            let sum: f32 = col.iter().sum();
            assert!(sum == 0.0 || sum == 1.0, "record {i} position {p} sums to {sum}");
        }
    }
}

/// Asserts the IRF1 facts measured independently with h5py 3.16 (HDF5 2.0).
fn check_irf1(s: &Splits) {
    assert_eq!((s.train.n(), s.train.len, s.train.tasks), (2724, 400, 1));
    assert_eq!((s.valid.n(), s.valid.len, s.valid.tasks), (389, 400, 1));
    assert_eq!((s.test.n(), s.test.len, s.test.tasks), (779, 400, 1));
    // h5py: X_train[0, :, :5] (rows A, C, G, T) is the sequence G T C A G
    let first: Vec<f32> =
        (0..4).flat_map(|c| (0..5).map(move |p| (c, p))).map(|(c, p)| s.train.seq(0)[c * 400 + p]).collect();
    assert_eq!(first, [0., 0., 0., 1., 0., 0., 0., 1., 0., 0., 1., 0., 0., 0., 1., 0., 1., 0., 0., 0.]);
    // h5py: Y sums 1372, 200, 374; no all-zero column
    for (d, positives) in [(&s.train, 1372), (&s.valid, 200), (&s.test, 374)] {
        assert_one_hot_columns(d);
        assert_eq!(d.x.iter().sum::<f32>() as usize, d.n() * 400, "every column of IRF1 is called");
        assert!(d.y.iter().all(|&v| v == 0.0 || v == 1.0));
        assert_eq!(d.positives(0).len(), positives);
        // ≈ 50 %: within 4 binomial standard deviations (p = 0.5) of half
        let sd = (d.n() as f64 * 0.25).sqrt();
        assert!((positives as f64 - d.n() as f64 / 2.0).abs() < 4.0 * sd);
    }
    assert_eq!(s.valid.names[3], "valid_3");
    assert!(s.train.annotations.iter().all(Vec::is_empty));
}

#[test]
fn irf1_capitalised_channels_first_file_reads_with_its_known_content() {
    let s = h5::read_splits(&data_path(IRF1), &auto()).unwrap();
    check_irf1(&s);
    let test = h5::read_dataset(&data_path(IRF1), "test", &auto()).unwrap();
    assert_eq!(test, s.test);
}

/// A random dataset: one-hot with ~10 % all-zero (N) columns, arbitrary f32 labels, names and annotations.
fn random_dataset(rng: &mut ChaCha8Rng, n: usize, len: usize, tasks: usize, prefix: &str) -> Dataset {
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            if rng.random_bool(0.9) {
                x[i * 4 * len + rng.random_range(0..4) * len + p] = 1.0;
            }
        }
    }
    let y: Vec<f32> = (0..n * tasks).map(|_| rng.random_range(-3.0f32..3.0)).collect();
    let names = (0..n).map(|i| format!("{prefix}-seq{i} chr1:{}", i * 100)).collect();
    let motifs = ["TAL1_known1", "GATA_disc1", "CTCF"];
    let annotations = (0..n)
        .map(|_| {
            (0..rng.random_range(0..3))
                .map(|_| {
                    let start = rng.random_range(0..len - 8);
                    let strand = if rng.random_bool(0.5) { Strand::Forward } else { Strand::Reverse };
                    Annotation {
                        name: motifs[rng.random_range(0..3)].into(),
                        start,
                        end: start + rng.random_range(1..8),
                        strand,
                    }
                })
                .collect()
        })
        .collect();
    Dataset::new(x, y, len, tasks, names).unwrap().with_annotations(annotations).unwrap()
}

fn random_splits(seed: u64) -> Splits {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Splits {
        train: random_dataset(&mut rng, 300, 120, 3, "tr"),
        valid: random_dataset(&mut rng, 40, 120, 3, "va"),
        test: random_dataset(&mut rng, 60, 120, 3, "te"),
    }
}

#[test]
fn write_then_read_round_trips_values_names_and_annotations_exactly() {
    let splits = random_splits(11);
    assert!(splits.train.annotations.iter().map(Vec::len).sum::<usize>() > 100);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sim.h5");
    h5::write_splits(&path, &splits).unwrap();
    if let Some(keep) = std::env::var_os("SEQDL_H5_CHECK_OUT") {
        std::fs::copy(&path, keep).unwrap(); // for crates/seq-io/tests/scripts/h5_check.py
    }
    let back = h5::read_splits(&path, &auto()).unwrap();
    assert_eq!(back, splits);
    // x is gzip-compressed: the file is far below the 4·(N·4·L) bytes of raw f32 one-hot
    let raw_x_bytes = 4 * 400 * 4 * 120;
    assert!(std::fs::metadata(&path).unwrap().len() < raw_x_bytes as u64 / 4);
    // one split alone
    let one = dir.path().join("one.h5");
    h5::write_dataset(&one, "valid", &splits.valid).unwrap();
    assert_eq!(h5::read_dataset(&one, "valid", &auto()).unwrap(), splits.valid);
    assert!(matches!(h5::read_splits(&one, &auto()), Err(IoError::Hdf5 { .. })));
}

#[test]
fn empty_split_round_trips() {
    let mut splits = random_splits(3);
    splits.test = splits.test.subset(&[]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty_test.h5");
    h5::write_splits(&path, &splits).unwrap();
    let back = h5::read_splits(&path, &auto()).unwrap();
    assert_eq!(back.test.n(), 0);
    assert_eq!(back, splits);
}

/// Writes a file with the pure backend's raw-array writer: for every split the same x and y.
fn write_raw(path: &Path, x_shape: &[usize], x: ArrayData<'_>, y_shape: &[usize], y: ArrayData<'_>) {
    let mut w = Pure::create(path).unwrap();
    for s in h5::SPLITS {
        w.write_array(&format!("x_{s}"), x_shape, x, Some(x_shape)).unwrap();
        w.write_array(&format!("y_{s}"), y_shape, y, None).unwrap();
    }
    w.finish().unwrap();
}

/// `(N, 4, L)` from a list of base strings.
fn one_hot(seqs: &[&str]) -> Vec<f32> {
    seqs.iter()
        .flat_map(|s| {
            let b = s.as_bytes();
            (0..4).flat_map(move |c| {
                b.iter().map(move |&ch| if b"ACGT".iter().position(|&x| x == ch) == Some(c) { 1.0 } else { 0.0 })
            })
        })
        .collect()
}

/// Transposes `(N, 4, L)` to `(N, L, 4)`.
fn to_channels_last(x: &[f32], n: usize, len: usize) -> Vec<f32> {
    (0..n).flat_map(|i| (0..len).flat_map(move |p| (0..4).map(move |c| x[i * 4 * len + c * len + p]))).collect()
}

#[test]
fn channels_last_files_of_every_dtype_read_as_channels_first() {
    let seqs = ["ACGTTGCAAN", "GGGGCCCCAT", "TATANACGTA"];
    let expected = one_hot(&seqs);
    let last = to_channels_last(&expected, 3, 10);
    let dir = tempfile::tempdir().unwrap();
    let u8s: Vec<u8> = last.iter().map(|&v| v as u8).collect();
    let i8s: Vec<i8> = last.iter().map(|&v| v as i8).collect();
    let f64s: Vec<f64> = last.iter().map(|&v| v as f64).collect();
    let bools: Vec<bool> = last.iter().map(|&v| v == 1.0).collect();
    let (y64, y8, ybool) = ([1i64, 0, 1], [1i8, 0, 1], [true, false, true]);
    let cases: [(&str, ArrayData, &[usize], ArrayData); 5] = [
        ("f32", ArrayData::F32(&last), &[3], ArrayData::I64(&y64)),
        ("u8", ArrayData::U8(&u8s), &[3, 1], ArrayData::I8(&y8)),
        ("i8", ArrayData::I8(&i8s), &[3], ArrayData::Bool(&ybool)),
        ("f64", ArrayData::F64(&f64s), &[3, 1], ArrayData::F32(&[1.0, 0.0, 1.0])),
        ("bool", ArrayData::Bool(&bools), &[3], ArrayData::I32(&[1, 0, 1])),
    ];
    for (label, x, y_shape, y) in cases {
        let path = dir.path().join(format!("{label}.h5"));
        write_raw(&path, &[3, 10, 4], x, y_shape, y);
        let d = h5::read_dataset(&path, "valid", &auto()).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!((d.n(), d.len, d.tasks), (3, 10, 1), "{label}");
        assert_eq!(d.x, expected, "{label}");
        assert_eq!(d.y, vec![1.0, 0.0, 1.0], "{label}");
        assert_eq!(d.names, ["valid_0", "valid_1", "valid_2"]);
    }
}

#[test]
fn square_four_by_four_is_refused_unless_the_layout_is_given() {
    // distinct values (not one-hot) show where each one lands
    let x: Vec<f32> = (0..2 * 16).map(|v| v as f32).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("square.h5");
    write_raw(&path, &[2, 4, 4], ArrayData::F32(&x), &[2], ArrayData::F32(&[0.0, 1.0]));
    match h5::read_splits(&path, &auto()) {
        Err(e @ IoError::Shape { .. }) => assert!(e.to_string().contains("ambiguous"), "{e}"),
        other => panic!("expected an ambiguity error, got {other:?}"),
    }
    let first =
        h5::read_splits(&path, &H5ReadOptions { layout: Some(Layout::ChannelsFirst), allow_soft: true }).unwrap();
    assert_eq!(first.train.x, x);
    let last = h5::read_splits(&path, &H5ReadOptions { layout: Some(Layout::ChannelsLast), allow_soft: true }).unwrap();
    assert_eq!(to_channels_last(&last.train.x, 2, 4), x);
    assert_ne!(last.train.x, x);
    // without the opt-in, such values are refused, naming the first column
    let err = h5::read_splits(&path, &H5ReadOptions { layout: Some(Layout::ChannelsFirst), ..Default::default() });
    assert!(matches!(err, Err(IoError::SoftInput { sequence: 0, position: 0, .. })), "{err:?}");
}

#[test]
fn a_requested_layout_that_does_not_fit_is_a_shape_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cf.h5");
    write_raw(&path, &[1, 4, 6], ArrayData::F32(&[0.0; 24]), &[1], ArrayData::F32(&[1.0]));
    let err = h5::read_splits(&path, &H5ReadOptions { layout: Some(Layout::ChannelsLast), ..Default::default() })
        .unwrap_err();
    assert!(matches!(err, IoError::Shape { .. }), "{err}");
}

/// Expects an error whose message holds every one of `needles` (path included).
fn assert_error_names(result: seq_io::Result<Splits>, path: &Path, needles: &[&str]) -> IoError {
    let err = result.expect_err("expected an error");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "error does not name the file: {msg}");
    for n in needles {
        assert!(msg.contains(n), "error does not name {n:?}: {msg}");
    }
    err
}

#[test]
fn missing_split_names_the_split_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_test.h5");
    let mut w = Pure::create(&path).unwrap();
    for s in ["train", "valid"] {
        w.write_array(&format!("x_{s}"), &[1, 4, 3], ArrayData::F32(&[0.0; 12]), None).unwrap();
        w.write_array(&format!("y_{s}"), &[1], ArrayData::F32(&[1.0]), None).unwrap();
    }
    w.write_array("x_test", &[1, 4, 3], ArrayData::F32(&[0.0; 12]), None).unwrap();
    w.finish().unwrap();
    let err = assert_error_names(h5::read_splits(&path, &auto()), &path, &["\"test\"", "y_test", "Y_test"]);
    assert!(matches!(err, IoError::Hdf5 { .. }));
    assert!(h5::read_dataset(&path, "train", &auto()).is_ok());
}

#[test]
fn x_without_an_axis_of_size_four_is_a_shape_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("five.h5");
    write_raw(&path, &[2, 5, 7], ArrayData::F32(&[0.0; 70]), &[2], ArrayData::F32(&[0.0, 1.0]));
    let err = assert_error_names(h5::read_splits(&path, &auto()), &path, &["x_train", "no axis of size 4"]);
    assert!(matches!(err, IoError::Shape { .. }));
    let path2 = dir.path().join("rank2.h5");
    write_raw(&path2, &[2, 4], ArrayData::F32(&[0.0; 8]), &[2], ArrayData::F32(&[0.0, 1.0]));
    assert!(matches!(h5::read_splits(&path2, &auto()), Err(IoError::Shape { .. })));
}

#[test]
fn x_y_count_mismatch_is_a_shape_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mismatch.h5");
    write_raw(&path, &[3, 4, 2], ArrayData::F32(&[0.0; 24]), &[2, 1], ArrayData::F32(&[0.0, 1.0]));
    let err = assert_error_names(h5::read_splits(&path, &auto()), &path, &["y_train", "2 labels for 3 sequences"]);
    assert!(matches!(err, IoError::Shape { .. }));
}

#[test]
fn nan_label_names_the_dataset_and_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nan.h5");
    write_raw(&path, &[3, 4, 2], ArrayData::F32(&[0.0; 24]), &[3], ArrayData::F64(&[0.0, 1.0, f64::NAN]));
    let err = assert_error_names(h5::read_splits(&path, &auto()), &path, &["y_train", "record 2", "NaN"]);
    assert!(matches!(err, IoError::Shape { .. }));
}

#[test]
fn unreadable_inputs_are_named_errors_not_panics() {
    let missing = Path::new("/nonexistent/dir/file.h5");
    assert!(matches!(h5::read_splits(missing, &auto()), Err(IoError::Io { .. })));
    let (_dir, text) = seq_testkit::temp_file("not.h5", b"this is not an HDF5 file\n");
    let err = assert_error_names(h5::read_splits(&text, &auto()), &text, &[]);
    assert!(matches!(err, IoError::Hdf5 { .. } | IoError::Hdf5Unsupported { .. }), "{err}");
    assert!(matches!(
        h5::write_dataset(Path::new("/tmp/x.h5"), "bad/name", &random_splits(1).test),
        Err(IoError::InvalidArgument(_))
    ));
}

#[test]
fn a_newer_superblock_version_is_unsupported_and_names_the_hdf5_c_feature() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.h5");
    h5::pure::write_splits(&path, &random_splits(5)).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89HDF\r\n\x1a\n");
    bytes[8] = 9; // superblock version 9: a format revision hdf5-pure does not know
    std::fs::write(&path, &bytes).unwrap();
    let err = h5::pure::read_splits(&path, &auto()).unwrap_err();
    assert!(matches!(err, IoError::Hdf5Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("hdf5-c"), "{err}");
}

#[test]
fn backend_name_follows_the_feature() {
    let expected = if cfg!(feature = "hdf5-c") { "hdf5-metno" } else { "hdf5-pure" };
    assert_eq!(h5::backend_name(), expected);
    assert_eq!(<Pure as Backend>::NAME, "hdf5-pure");
}

#[cfg(feature = "hdf5-c")]
mod cross_backend {
    use super::*;
    use seq_io::h5::metno::Metno;

    #[test]
    fn irf1_reads_identically_through_both_backends() {
        let a = h5::pure::read_splits(&data_path(IRF1), &auto()).unwrap();
        let b = h5::metno::read_splits(&data_path(IRF1), &auto()).unwrap();
        check_irf1(&b);
        assert_eq!(a, b);
    }

    #[test]
    fn pure_written_files_read_through_libhdf5_and_back() {
        let splits = random_splits(21);
        let dir = tempfile::tempdir().unwrap();
        let by_pure = dir.path().join("pure.h5");
        h5::pure::write_splits(&by_pure, &splits).unwrap();
        assert_eq!(h5::metno::read_splits(&by_pure, &auto()).unwrap(), splits);
        let by_metno = dir.path().join("metno.h5");
        h5::metno::write_splits(&by_metno, &splits).unwrap();
        assert_eq!(h5::pure::read_splits(&by_metno, &auto()).unwrap(), splits);
        assert_eq!(h5::metno::read_splits(&by_metno, &auto()).unwrap(), splits);
    }

    #[test]
    fn channels_last_dtypes_written_by_libhdf5_read_through_pure() {
        let expected = one_hot(&["ACGTN", "TTGCA"]);
        let last = to_channels_last(&expected, 2, 5);
        let bools: Vec<bool> = last.iter().map(|&v| v == 1.0).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bool_last.h5");
        let mut w = Metno::create(&path).unwrap();
        for s in h5::SPLITS {
            w.write_array(&format!("X_{s}"), &[2, 5, 4], ArrayData::Bool(&bools), Some(&[1, 5, 4])).unwrap();
            w.write_array(&format!("Y_{s}"), &[2, 1], ArrayData::I8(&[0, 1]), None).unwrap();
        }
        w.finish().unwrap();
        for got in [h5::pure::read_splits(&path, &auto()).unwrap(), h5::metno::read_splits(&path, &auto()).unwrap()] {
            assert_eq!(got.test.x, expected);
            assert_eq!(got.test.y, vec![0.0, 1.0]);
        }
    }

    #[test]
    fn a_filter_pure_lacks_is_unsupported_there_and_read_by_libhdf5() {
        let x = one_hot(&["ACGTACGTAC", "GGGTTTAAAC"]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nbit.h5");
        let mut w = Metno::create(&path).unwrap();
        for s in h5::SPLITS {
            let ds = w
                .file()
                .new_dataset::<f32>()
                .chunk(vec![1, 4, 10])
                .nbit()
                .shape(vec![2, 4, 10])
                .create(format!("x_{s}").as_str())
                .unwrap();
            ds.write_raw(&x).unwrap();
            w.write_array(&format!("y_{s}"), &[2], ArrayData::F32(&[1.0, 0.0]), None).unwrap();
        }
        w.finish().unwrap();
        let err = h5::pure::read_splits(&path, &auto()).unwrap_err();
        assert!(matches!(err, IoError::Hdf5Unsupported { .. }), "{err}");
        assert!(err.to_string().contains("hdf5-c"), "{err}");
        assert_eq!(h5::metno::read_splits(&path, &auto()).unwrap().train.x, x);
    }
}
