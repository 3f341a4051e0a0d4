//! `seqdl scan`: sequences scanned for motifs with FIMO's p-values and q-values (BED or TSV).

use super::common::DataArgs;
use crate::error::Result;
use clap::Args;
use seq_app::pipelines::motifs::{scan, ScanRequest};
use seq_motifs::FimoOptions;
use std::path::PathBuf;

/// Arguments of `seqdl scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Motif file (default: JASPAR CORE 2016 vertebrates, embedded; or $SEQDL_MOTIFS).
    #[arg(long)]
    motifs: Option<PathBuf>,
    /// Scan only this motif (repeatable; default: every motif of the file).
    #[arg(long = "motif")]
    names: Vec<String>,
    #[command(flatten)]
    data: DataArgs,
    /// Report hits with p below this.
    #[arg(long, default_value_t = 1e-4)]
    threshold: f64,
    /// Background A,C,G,T probabilities (must sum to 1; default uniform).
    #[arg(long, value_delimiter = ',', num_args = 4)]
    background: Option<Vec<f64>>,
    /// Scan only the given strand of the sequences.
    #[arg(long)]
    forward_only: bool,
    /// Output: BED when it ends in .bed, else TSV.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl scan`.
pub fn run(args: ScanArgs) -> Result<()> {
    let mut options = FimoOptions { threshold: args.threshold, both_strands: !args.forward_only, ..Default::default() };
    if let Some(b) = &args.background {
        options.background = [b[0], b[1], b[2], b[3]];
    }
    let req = ScanRequest { motifs: args.motifs, names: args.names, data: args.data.source(), options, out: args.out };
    let hits = scan(&req)?;
    eprintln!("{}: {} hits with p < {}", req.out.display(), hits.len(), args.threshold);
    Ok(())
}
