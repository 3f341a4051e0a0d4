//! `cargo xtask bench` (being written): seqdl vs the PyTorch reference.

use std::path::Path;

/// Runs the comparison.
pub fn run(_root: &Path, _args: &[String]) -> Result<(), String> {
    Err("bench is not written yet".into())
}
