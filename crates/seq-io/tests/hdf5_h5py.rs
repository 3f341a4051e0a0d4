//! HDF5 interoperability with h5py (`seq_io::h5`), through `crates/seq-io/tests/scripts/h5_check.py`. Skips itself
//! when python3, numpy or h5py is missing, so CI without Python still passes.
//!
//! This lives in its own test binary on purpose: libhdf5 (feature `hdf5-c`) opens files without
//! `O_CLOEXEC`, so a Python child forked while another test thread holds an HDF5 file open would inherit
//! that descriptor and its lock, and the other test's next open would fail with "unable to lock file".

use std::ffi::OsStr;

use seq_io::h5::{self, H5ReadOptions};
use seq_io::{Dataset, IoError, Splits};

/// Runs `crates/seq-io/tests/scripts/h5_check.py`; `None` when python3, numpy or h5py is missing (the caller skips).
fn h5py(args: &[&OsStr]) -> Option<String> {
    let script = seq_testkit::project_root().join("crates/seq-io/tests/scripts/h5_check.py");
    let out = std::process::Command::new("python3").arg(&script).args(args).output().ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && stderr.contains("No module named") {
        return None;
    }
    assert!(out.status.success(), "h5_check.py {args:?} failed: {stderr}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `(N, 4, L)` one-hot of equal-length sequences (anything but A, C, G, T is an all-zero column).
fn one_hot(seqs: &[&str]) -> Vec<f32> {
    let len = seqs[0].len();
    let mut x = vec![0.0; seqs.len() * 4 * len];
    for (i, s) in seqs.iter().enumerate() {
        for (p, ch) in s.bytes().enumerate() {
            if let Some(c) = b"ACGT".iter().position(|&b| b == ch) {
                x[i * 4 * len + c * len + p] = 1.0;
            }
        }
    }
    x
}

fn small_splits() -> Splits {
    let seqs = ["ACGTNACGTA", "TTTTGGGGCC", "GATTACAGAT"];
    let names = |p: &str| (0..3).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    let part = |p: &str| Dataset::new(one_hot(&seqs), vec![0.5, 1.0, -2.0], 10, 1, names(p)).unwrap();
    let ann = vec![
        vec![seq_io::Annotation { name: "GATA".into(), start: 0, end: 4, strand: seq_io::Strand::Reverse }],
        vec![],
        vec![],
    ];
    Splits { train: part("tr").with_annotations(ann).unwrap(), valid: part("va"), test: part("te") }
}

#[test]
fn h5py_reads_our_files_and_we_read_h5py_files_when_python_is_available() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.h5");
    h5::write_splits(&ours, &small_splits()).unwrap();
    if h5py(&["check".as_ref(), ours.as_os_str()]).is_none() {
        eprintln!("skipped: python3 with numpy and h5py is not available");
        return;
    }
    let version = h5py(&["make".as_ref(), dir.path().as_os_str()]).unwrap();
    let major: u32 = version.trim().split('.').next().and_then(|v| v.parse().ok()).expect("HDF5 version");
    let expected = one_hot(&["ACGTN", "TTGCA"]);
    let opts = H5ReadOptions::default();
    let default = h5::read_splits(&dir.path().join("h5py_default.h5"), &opts).unwrap();
    assert_eq!((default.test.x.clone(), default.test.y.clone()), (expected.clone(), vec![1.0, 0.0]));
    // HDF5 2.x with libver='latest' writes data-layout message version 5, which hdf5-pure 0.47 refuses
    match h5::pure::read_splits(&dir.path().join("h5py_latest.h5"), &opts) {
        Ok(latest) => {
            assert!(major < 2, "hdf5-pure now reads HDF5 {major} 'latest' files: update this test");
            assert_eq!(latest.valid.x, expected);
        }
        Err(e @ IoError::Hdf5Unsupported { .. }) => assert!(major >= 2 && e.to_string().contains("hdf5-c"), "{e}"),
        Err(e) => panic!("expected Hdf5Unsupported, got {e}"),
    }
}
