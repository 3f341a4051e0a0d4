//! `seqdl reproduce`: the tutorials end to end (five tutorials, the genome and variant sections) (what `cargo xtask reproduce-all` runs).

use crate::error::{CliError, Result};
use clap::Args;
use seqdl_tutorials::{run_all, ReproduceOptions};
use std::path::PathBuf;

/// Arguments of `seqdl reproduce`.
#[derive(Debug, Args)]
pub struct ReproduceArgs {
    /// Output folder for figures, JSON and the report.
    #[arg(long, default_value = "target/reproduce")]
    out: PathBuf,
    /// Reduced sizes and epochs, same code paths (what CI runs).
    #[arg(long)]
    quick: bool,
    /// Seed for every random step.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Run only this tutorial (repeatable): chipseq, primer, pwm, sgrna, dragonn, genome, variants.
    #[arg(long)]
    only: Vec<String>,
    /// The project's data folder (default: $SEQDL_DATA, else `data/` of the current folder).
    #[arg(long, env = "SEQDL_DATA", default_value = "data")]
    data: PathBuf,
}

/// Runs the tutorials; fails when any check fails.
pub fn run(args: ReproduceArgs) -> Result<()> {
    let opts = ReproduceOptions { out: args.out, quick: args.quick, seed: args.seed, only: args.only, data: args.data };
    let reports = run_all(&opts)?;
    let failed: Vec<&str> = reports.iter().filter(|r| !r.passed()).map(|r| r.name.as_str()).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::Usage(format!("checks failed in: {} (see {}/report.md)", failed.join(", "), opts.out.display())))
    }
}
