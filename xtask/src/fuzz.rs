//! `cargo xtask fuzz [--cases N] [--seed S] [--only T]`: runs every parser fuzz target
//! (`crates/*/tests/fuzz_*.rs`, proptest on stable Rust) with `SEQDL_FUZZ_CASES=N` cases per property and
//! `SEQDL_FUZZ_SEED=S` (a fresh seed from the clock unless given, printed so a failure replays), one target after the other, and prints per
//! target the number of properties, the cases per property and the time taken. (Properties on the large
//! shipped files — the 1.6 MB HDF5 file, the chr20 genome's indexes — run a quarter of the cases.)

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Default number of cases per property of the long run.
const DEFAULT_CASES: u32 = 20_000;

/// Runs the fuzz targets (`--cases N`, `--only TARGET`).
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut cases = DEFAULT_CASES;
    let mut only: Option<String> = None;
    let mut seed: Option<u64> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--cases" => {
                let v = value("--cases")?;
                cases = v
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--cases {v:?} is not a positive number"))?;
            }
            "--only" => only = Some(value("--only")?),
            "--seed" => {
                let v = value("--seed")?;
                seed = Some(v.parse().map_err(|_| format!("--seed {v:?} is not an unsigned 64-bit number"))?);
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?} of `cargo xtask fuzz` (--cases N, --seed S, --only TARGET)"
                ))
            }
        }
    }
    let targets: Vec<(String, String)> =
        fuzz_targets(root)?.into_iter().filter(|(_, t)| only.as_deref().is_none_or(|o| o == t)).collect();
    if targets.is_empty() {
        return Err("no fuzz target (crates/*/tests/fuzz_*.rs) matches".into());
    }
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
    });
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!("seed: {seed} (replay with `cargo xtask fuzz --seed {seed}`)");
    eprintln!("xtask: building {} fuzz targets", targets.len());
    for (package, target) in &targets {
        let built = Command::new(&cargo)
            .current_dir(root)
            .args(["test", "-p", package, "--test", target, "--no-run"])
            .status()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        if !built.success() {
            return Err(format!("building {package} --test {target} failed ({built})"));
        }
    }
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    let all = Instant::now();
    for (package, target) in &targets {
        eprintln!("xtask: {package} {target}: {cases} cases per property …");
        let start = Instant::now();
        let out = Command::new(&cargo)
            .current_dir(root)
            .env("SEQDL_FUZZ_CASES", cases.to_string())
            .env("SEQDL_FUZZ_SEED", seed.to_string())
            .args(["test", "-q", "-p", package, "--test", target])
            .output()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        let secs = start.elapsed().as_secs_f64();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let tests = count_after(&stdout, " passed") + count_after(&stdout, " failed");
        let status = if out.status.success() { "ok" } else { "FAILED" };
        if !out.status.success() {
            eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
            failed.push(target.clone());
        }
        println!("{package:<14} {target:<16} {tests:>2} tests, {cases:>6} cases per property  {secs:>7.1} s  {status}");
        rows.push(secs);
    }
    println!("total: {} targets, {:.1} s", rows.len(), all.elapsed().as_secs_f64());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets failed: {}", failed.join(", ")))
    }
}

/// The number before `word` in libtest's summary (`test result: ok. 7 passed; 0 failed; …`).
fn count_after(stdout: &str, word: &str) -> usize {
    stdout
        .lines()
        .filter(|l| l.starts_with("test result:"))
        .filter_map(|l| l.split(';').find(|p| p.ends_with(word)))
        .filter_map(|p| p.trim_end_matches(word).rsplit(' ').next().and_then(|n| n.parse::<usize>().ok()))
        .sum()
}

/// `(package, target)` of every `crates/<crate>/tests/fuzz_*.rs`, sorted (the package is the folder name).
fn fuzz_targets(root: &Path) -> Result<Vec<(String, String)>, String> {
    let crates = root.join("crates");
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    for entry in entries.flatten() {
        let Ok(tests) = std::fs::read_dir(entry.path().join("tests")) else { continue };
        for t in tests.flatten() {
            let name = t.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".rs").filter(|s| s.starts_with("fuzz_")) {
                out.push((entry.file_name().to_string_lossy().into_owned(), stem.to_string()));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_are_read() {
        let s = "running 3 tests\n...\ntest result: ok. 3 passed; 0 failed; 0 ignored; finished in 1s\n";
        assert_eq!(count_after(s, " passed"), 3);
        assert_eq!(count_after(s, " failed"), 0);
        let f = "test result: FAILED. 2 passed; 1 failed; 0 ignored\n";
        assert_eq!(count_after(f, " passed") + count_after(f, " failed"), 3);
    }
}
