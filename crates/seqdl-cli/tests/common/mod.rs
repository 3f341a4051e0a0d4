//! Helpers of the command-line tests: run the `seqdl` binary, check its files.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `seqdl` binary with `args`.
pub fn seqdl_output(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seqdl")).args(args).output().expect("the seqdl binary runs")
}

/// Runs `seqdl`, asserts success and returns its standard output.
pub fn ok(args: &[&str]) -> String {
    let o = seqdl_output(args);
    assert!(o.status.success(), "seqdl {args:?} failed:\n{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `seqdl`, asserts failure and returns its standard error.
pub fn fails(args: &[&str]) -> String {
    let o = seqdl_output(args);
    assert!(!o.status.success(), "seqdl {args:?} should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A seed000 CNN for sequences of `len` with random weights (`seed`), saved as the model folder `dir/model`.
pub fn random_seed000(dir: &Path, len: usize, seed: u64) -> std::path::PathBuf {
    type B = seq_app::backend::Cpu;
    let cnn = seq_models::cnn::presets::seed000(len).init::<B>(&Default::default(), seed).expect("valid preset");
    let md = seq_app::ModelDir::new(dir.join("model"));
    md.save::<B, seq_models::Cnn<B>>(&cnn).expect("saved");
    md.path().to_path_buf()
}

/// A path as `&str` (the test paths are UTF-8).
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// True for a non-trivial PNG file.
pub fn is_png(p: &Path) -> bool {
    std::fs::read(p).map(|b| b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() > 1000).unwrap_or(false)
}

/// Parses a JSON file, naming it on failure.
pub fn json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

/// Checks the attribution file with h5py when python3 has it (the format promise: `(N, 4, L)` float32).
pub fn check_with_h5py(h5: &Path, n: usize, len: usize) {
    let has_h5py =
        Command::new("python3").args(["-c", "import h5py"]).output().map(|o| o.status.success()).unwrap_or(false);
    if !has_h5py {
        eprintln!("python3 with h5py not found: h5py check skipped");
        return;
    }
    let script = format!(
        "import h5py\nf = h5py.File({:?}, 'r')\na = f['attributions']\nprint(a.shape, a.dtype, f['x_input'].shape, f['predictions'].shape, f['method'][0].decode())",
        s(h5)
    );
    let o = Command::new("python3").args(["-c", &script]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed = String::from_utf8_lossy(&o.stdout);
    assert_eq!(printed.trim(), format!("({n}, 4, {len}) float32 ({n}, 4, {len}) ({n},) grad-input"));
}
