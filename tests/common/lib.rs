//! Shared fixtures of seqdl's cross-crate tests: where the real data live and small helpers to reach them.
//!
//! Data are looked up first in the project's own `data/` (the copies it ships, see `data/README.md`) and
//! then in `../shared/data` beside the checkout, so the tests run from a clean clone either way.
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Path of a data file, e.g. `data_path("primer/sequences.txt")`: the project's `data/` copy when it has
/// one, else `../shared/data`. Panics (in a test, with the path named) when neither exists.
pub fn data_path(relative: &str) -> PathBuf {
    let root = project_root();
    let candidates = [root.join("data").join(relative), root.join("..").join("shared").join("data").join(relative)];
    candidates
        .iter()
        .find(|p| p.exists())
        .cloned()
        .unwrap_or_else(|| panic!("test data {relative:?} not found in data/ nor ../shared/data"))
}

/// Path of a data file only in `../shared/data` (for files the project does not ship, e.g. the GPL
/// janggu FASTA); `None` when that folder is absent, so such tests can skip themselves.
pub fn shared_only_data_path(relative: &str) -> Option<PathBuf> {
    let p = project_root().join("..").join("shared").join("data").join(relative);
    p.exists().then_some(p)
}

/// Writes `contents` to `name` inside a fresh temporary directory and returns both (keep the directory
/// alive while the file is used).
pub fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    (dir, path)
}

/// Tolerances of the statistical tests (fixed seeds; bounds chosen so a correct sampler fails with
/// probability ~1e-4 or less).
pub mod stats {
    /// Upper `1e-4` quantile of chi-square with `df` degrees of freedom (Wilson–Hilferty approximation).
    pub fn chi2_limit(df: usize) -> f64 {
        let d = df as f64;
        let h = 2.0 / (9.0 * d);
        d * (1.0 - h + 3.72 * h.sqrt()).powi(3)
    }

    /// Five standard errors of a proportion `p` estimated from `n` trials.
    pub fn five_se(p: f64, n: usize) -> f64 {
        5.0 * (p * (1.0 - p) / n as f64).sqrt()
    }
}
