//! # seq-testkit
//!
//! The one dev-only fixture crate of the workspace (never a normal dependency): where the real data live,
//! temporary files, seeded random one-hot input, and the bounds of the statistical tests. Every crate's
//! `tests/` and the cross-crate tests use it.
//!
//! Data are looked up first in the project's own `data/` (the copies it ships, see `data/README.md`) and
//! then in `../shared/data` beside the checkout, so the tests run from a clean clone either way.
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

pub mod fuzz;

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("crates/seq-testkit lies two folders below the root")
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

/// `n` random one-hot sequences of length `len`, channels-first `(n, 4, len)`, from `seed` (ChaCha8).
pub fn random_onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            let b: usize = rng.random_range(0..4);
            x[(i * 4 + b) * len + p] = 1.0;
        }
    }
    x
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

/// Asserts `|a - b| ≤ 1e-5 · max|b|` element-wise (relative to the reference's scale, so near-zero
/// entries of a large tensor are not held to a relative bound): how fast kernels are compared with burn's
/// generic composition.
pub fn assert_close_to_scale(a: &[f32], b: &[f32], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    let scale = b.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-12);
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= 1e-5 * scale, "{what}[{i}]: {x} vs {y} (scale {scale})");
    }
}
