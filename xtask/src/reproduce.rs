//! `cargo xtask reproduce-all`: builds and runs `seqdl reproduce` in the dev profile (which optimises the
//! library crates and shares the test build), writing the report under `target/reproduce`.

use std::path::Path;
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
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "-p", "seqdl", "--bin", "seqdl", "--", "reproduce"])
        .args(&forwarded)
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("seqdl reproduce failed ({status}); see the report for the failing checks"))
    }
}
