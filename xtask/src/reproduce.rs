//! `cargo xtask reproduce-all`: builds the workspace's programs in the dev profile (which optimises the library
//! crates) and runs `seqdl reproduce`, writing the report under `target/reproduce`.
//!
//! The build is `cargo test --workspace --no-run`, not `cargo run -p seqdl`: features (dev-dependencies
//! included) are then unified exactly as in the README's test command, so the reproduction and the tests share
//! one build instead of two; it leaves `target/debug/seqdl` (the tests drive it too).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `seqdl reproduce` with the given arguments; `--out` defaults to `<root>/target/reproduce`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut forwarded: Vec<String> = args.to_vec();
    if !args.iter().any(|a| a == "--out" || a.starts_with("--out=")) {
        forwarded.push("--out".into());
        forwarded.push(root.join("target/reproduce").display().to_string());
    }
    if !args.iter().any(|a| a == "--data" || a.starts_with("--data=")) {
        forwarded.push("--data".into());
        forwarded.push(root.join("data").display().to_string());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!(
        "xtask: building seqdl and its tests (`cargo test --workspace --no-run`: the reproduction shares the test \
         build; a first build takes about 15 minutes on 2 cores, later ones seconds)"
    );
    let built = Command::new(cargo)
        .current_dir(root)
        .args(["test", "--workspace", "--no-run"])
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if !built.success() {
        return Err(format!("cargo build failed ({built})"));
    }
    let seqdl = target_dir(root).join("debug").join(format!("seqdl{}", std::env::consts::EXE_SUFFIX));
    let status = Command::new(&seqdl)
        .current_dir(root)
        .arg("reproduce")
        .args(&forwarded)
        .status()
        .map_err(|e| format!("cannot start {}: {e}", seqdl.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("seqdl reproduce failed ({status}); see the report for the failing checks"))
    }
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set (relative to the root), `<root>/target` otherwise.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
