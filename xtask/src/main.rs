//! seqdl's project automation, run as `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! Follows rust-analyzer's xtask pattern: a plain binary with small dependencies and one `project_root()`.
//! Commands:
//! - `check-data`: recompute the SHA-256 of every file listed in `data/README.md` and compare.
//! - `reproduce-all [--quick] [--only NAME] [--seed N]`: the tutorials end to end (`seqdl reproduce`: the five tutorials, the genome and variant sections),
//!   report in `target/reproduce/report.{md,html,json}`; exits non-zero when a check fails.
//! - `bench`: seqdl's throughput against the PyTorch reference (see `bench.rs`).
//! - `fuzz [--cases N] [--only TARGET]`: the parsers' property-based and mutational tests (`crates/*/tests/fuzz_*.rs`)
//!   with N cases per property (default 20,000), timed per target (see `fuzz.rs`).

mod bench;
mod fuzz;
mod reproduce;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check-data") => check_data(&project_root()),
        Some("reproduce-all") => reproduce::run(&project_root(), &args[1..]),
        Some("bench") => bench::run(&project_root(), &args[1..]),
        Some("fuzz") => fuzz::run(&project_root(), &args[1..]),
        Some("help") | Some("--help") | Some("-h") | None => {
            print_help();
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?} (try `cargo xtask help`)")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    println!(
        "cargo xtask <command>\n\ncommands:\n  check-data      verify the checksums of the shipped data (data/README.md)\n  \
         reproduce-all   run the tutorials, write target/reproduce/report.{{md,html,json}}\n                  \
         [--quick] [--only chipseq|primer|pwm|sgrna|dragonn] [--seed N] [--out DIR]\n  \
         bench           seqdl vs the PyTorch reference (train, infer, saliency, ISM), ratios and JSON\n  \
         fuzz            the parsers' fuzz tests with more cases, timed per target\n                  \
         [--cases N (default 20000 per property)] [--only fuzz_TARGET]"
    );
}

/// The workspace root: the parent of this crate's folder.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace root").to_path_buf()
}

/// Checks every `` | `file` | … | `abcd…` | `` row of `data/README.md` against the file's SHA-256 prefix.
fn check_data(root: &Path) -> Result<(), String> {
    use sha2::{Digest, Sha256};
    let readme = root.join("data/README.md");
    let text = std::fs::read_to_string(&readme).map_err(|e| format!("{}: {e}", readme.display()))?;
    let mut checked = 0;
    for (line_no, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        let (Some(file), Some(sum)) = (cells.first(), cells.last()) else { continue };
        let (Some(file), Some(sum)) = (
            file.strip_prefix('`').and_then(|f| f.strip_suffix('`')),
            sum.strip_prefix('`').and_then(|s| s.strip_suffix("…`")),
        ) else {
            continue;
        };
        let path = root.join("data").join(file);
        let bytes = std::fs::read(&path)
            .map_err(|e| format!("{}: {e} (listed at data/README.md:{})", path.display(), line_no + 1))?;
        let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        if !digest.starts_with(sum) {
            return Err(format!(
                "{}: sha256 {} does not start with {sum} (data/README.md:{})",
                path.display(),
                &digest[..16],
                line_no + 1
            ));
        }
        checked += 1;
    }
    if checked == 0 {
        return Err(format!("{}: no checksum rows found", readme.display()));
    }
    println!("{checked} data files match their checksums");
    Ok(())
}
